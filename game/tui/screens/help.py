"""`?` anywhere: the keys of the screen below, and where to learn more. Plus the too-small notice."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from game.tui.cells import legend_lines


@runtime_checkable
class ExplainsMoreKeys(Protocol):
    """A screen whose keys are not all bindings of its own (a text editor's, a paint mode's)."""

    def more_keys(self) -> list[tuple[str, str]]: ...


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it was opened on."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # so arrows and page keys scroll a long list

    def __init__(self, keys: list[tuple[str, str]], title: str, playing: bool) -> None:
        super().__init__()
        self.keys = keys
        self.title_text = title
        self.playing = playing

    @property
    def rows(self) -> list[tuple[str, str]]:
        """Every line of the help: the screen's keys (its moves among them), then the map's legend."""
        return self.keys + legend_lines() if self.playing else self.keys

    def compose(self) -> ComposeResult:
        rows = self.rows
        table = Table.grid(padding=(0, 2), pad_edge=True, expand=True)  # long lines wrap in their column
        table.add_column(style="bold", min_width=20, no_wrap=True)
        table.add_column(ratio=1)
        for key, words in rows:
            table.add_row(key, words)
        with VerticalScroll(id="help-box"):
            yield Static(f"Help: {self.title_text}", id="help-title", markup=False)
            yield Static(table, id="help-keys")
            yield Static(
                "More: How to play and Glossary in the main menu. Escape closes this.", id="help-more"
            )


MIN_WIDTH, MIN_HEIGHT = 80, 24
"""The smallest terminal the game is drawn in; below it, `TooSmallScreen` says so."""


class TooSmallScreen(Screen[None]):
    """Shown while the terminal is smaller than the game needs; it goes when the terminal grows."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.update_message()

    def on_resize(self) -> None:
        self.update_message()

    def update_message(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small", Static).update(
            f"Make the terminal at least {MIN_WIDTH}x{MIN_HEIGHT}.\nIt is {width}x{height} now.\n"
            "The game carries on where it was when there is room."
        )
