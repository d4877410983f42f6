"""Settings: palette, held-key repeat, autopilot speed, describe every event, presenter mode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label, Select

from game.storage import AUTOPILOT_SPEEDS, MOVE_REPEATS, PALETTE_NAMES
from game.tui.screens.base import GameScreen

PALETTE_HELP = {
    "standard": "standard colours",
    "colour-blind": "colour-blind safe (Okabe-Ito)",
    "monochrome": "monochrome: no colour at all",
    "high-contrast": "high contrast: full colours on black",
}

DESCRIBE_EVENTS = ("off", "on: every step in words (screen readers)")
PRESENTER = ("off", "on: a large score, a slower autopilot")


class SettingsScreen(GameScreen):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        yield Header(show_clock=False)
        with VerticalScroll(id="settings"):
            yield Label("Palette")
            yield Select(
                [(PALETTE_HELP[p], p) for p in PALETTE_NAMES],
                value=settings.palette,
                allow_blank=False,
                id="palette",
            )
            yield Label("Held key: least time between two moves")
            yield Select(
                [("no limit" if ms == 0 else f"{ms} ms", ms) for ms in MOVE_REPEATS],
                value=settings.move_repeat_ms if settings.move_repeat_ms in MOVE_REPEATS else 70,
                allow_blank=False,
                id="move-repeat",
            )
            yield Label("Autopilot speed")
            yield Select(
                [(name, name) for name in AUTOPILOT_SPEEDS],
                value=settings.autopilot_speed,
                allow_blank=False,
                id="autopilot-speed",
            )
            yield Label("Describe every event in the log, as plain text")
            yield on_off(DESCRIBE_EVENTS, settings.describe_events, "describe-events")
            yield Label("Presenter mode, for a projector")
            yield on_off(PRESENTER, settings.presenter, "presenter")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.query_one("#palette", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        settings = self.app.settings
        if event.select.id == "palette":
            self.app.set_palette(str(event.value))
            return
        if event.select.id == "move-repeat":
            settings.move_repeat_ms = int(str(event.value))
        elif event.select.id == "autopilot-speed":
            settings.autopilot_speed = str(event.value)
        elif event.select.id == "describe-events":
            settings.describe_events = bool(event.value)
        elif event.select.id == "presenter":
            settings.presenter = bool(event.value)
        self.app.save_settings()


def on_off(words: tuple[str, str], value: bool, id: str) -> Select[bool]:
    """A yes-or-no setting that says its state in words (`words` for off and on), not by colour alone."""
    off, on = words
    return Select([(off, False), (on, True)], value=value, allow_blank=False, id=id)
