"""Who is playing: asked in each browser tab of a served classroom, before the menu."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Static

from game.classroom import MAX_CLASS, MAX_NAME, check_name
from game.tui.screens.base import GameModal


@dataclass(frozen=True)
class Player:
    name: str
    class_code: str


class PlayerScreen(GameModal[Player]):
    """Asks for a name and an optional class code; dismisses with the `Player`."""

    DEFAULT_CSS = """
    PlayerScreen { align: center middle; }
    PlayerScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    PlayerScreen Input { margin-bottom: 1; }
    PlayerScreen #player-title { margin-bottom: 1; }
    PlayerScreen #player-problem { color: $error; height: auto; }
    PlayerScreen Button { width: 100%; }
    """

    BINDINGS = [Binding("escape", "app.quit", "Leave")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Who is playing?[/b] Your progress is kept under your name.", id="player-title")
            yield Label("Your name")
            yield Input(placeholder="for example Ada L.", max_length=MAX_NAME, id="player-name")
            yield Label("Class code (if your teacher gave one)")
            yield Input(placeholder="for example 9B", max_length=MAX_CLASS, id="player-class")
            yield Static("", id="player-problem")
            yield Button("Start", variant="primary", id="player-start")

    def on_mount(self) -> None:
        self.query_one("#player-name", Input).focus()

    @on(Input.Submitted, "#player-name")
    def _next_field(self) -> None:
        problem = check_name(self.query_one("#player-name", Input).value)
        self.query_one("#player-problem", Static).update(problem or "")
        if problem is None:
            self.query_one("#player-class", Input).focus()

    @on(Input.Submitted, "#player-class")
    @on(Button.Pressed, "#player-start")
    def _start(self) -> None:
        name = self.query_one("#player-name", Input).value
        problem = check_name(name)
        if problem:
            self.query_one("#player-problem", Static).update(problem)
            self.query_one("#player-name", Input).focus()
            return
        self.dismiss(Player(name.strip(), self.query_one("#player-class", Input).value.strip()))
