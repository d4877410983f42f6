"""`?` anywhere: the keys of the screen below, and where to learn more. Plus the too-small notice."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from game.tui.cells import legend_lines
from game.tui.commands import command_words
from game.tui.screens.base import ScreenHelp

TEXTUAL_SCREEN_ACTIONS = frozenset(
    binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)
) | {"app.focus_next", "app.focus_previous", "focus_next", "focus_previous", "screen.copy_text", "copy_text"}
"""Textual's own keys of every screen (focus, copy): not what the game's keys do, so not in the help."""


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it was opened on."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("f1", "stay", show=False),  # F1 elsewhere opens the help: here it is open already
    ]

    @classmethod
    def of(cls, screen: Screen, help_key: str) -> HelpScreen:
        """The help of `screen`: its own bindings (each action once, with all its keys), the rows it
        declares (`ScreenHelp`), the help key itself and what ctrl+p offers there."""
        shown: dict[str, tuple[list[str], str]] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            # The screen's own keys only: a focused widget's scroll keys are not what keys do here.
            if active.node is not screen or not binding.description:
                continue
            if binding.action in TEXTUAL_SCREEN_ACTIONS:  # focus and copy: Textual's, not the game's
                continue
            key = binding.key_display or screen.app.get_key_display(binding)
            shown.setdefault(binding.action, ([], binding.description))[0].append(key)
        keys = [(" / ".join(dict.fromkeys(names)), words) for names, words in shown.values()]
        legend = False
        if isinstance(screen, ScreenHelp):
            keys += screen.help_rows()
            legend = screen.HELP_LEGEND
        if all(key != help_key for key, _ in keys):  # the editor lists its own F1
            keys.append((help_key, "this help"))
        keys.append(("ctrl+p", f"commands: {command_words(screen)}"))
        return cls(keys, screen.sub_title or "Mesa Maze", playing=legend)

    def action_stay(self) -> None:
        """Nothing: this is the help."""

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

    BINDINGS = [Binding("question_mark,f1", "wait", show=False)]  # no help over this notice

    def action_wait(self) -> None:
        """Nothing: the game waits for room to be drawn in."""

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
