"""Widgets drawn in the game's palette follow the app's `palette` reactive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.tui.palette import PALETTES, Palette

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object


class FollowsPalette(_Base):
    """Mix into a widget: `set_palette` runs on mount and again whenever the app's palette changes."""

    palette: Palette = PALETTES["standard"]

    def on_mount(self) -> None:
        self.watch(self.app, "palette", self.set_palette, init=True)

    def set_palette(self, palette: Palette) -> None:
        """Draw in `palette` from now on."""
        self.palette = palette
        self.refresh()
