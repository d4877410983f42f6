"""Widgets drawn in the game's palette follow the app's `palette` reactive."""

from __future__ import annotations

from typing import Protocol

from textual.widget import Widget

from game.tui.palette import Palette


class Repaintable(Protocol):
    def set_palette(self, palette: Palette) -> None: ...


def watches_palette(widget: Widget, repaint: Repaintable) -> None:
    """Call `repaint.set_palette` with the app's palette now and each time it changes."""
    widget.watch(widget.app, "palette", repaint.set_palette, init=True)
