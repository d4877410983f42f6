"""The Mesa Maze app: the settings, the save, the themes and the global keys; the screens do the rest."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input, TextArea

from game.access import Access
from game.core.words import sentence
from game.storage import PALETTE_NAMES, Store
from game.tui import repeats
from game.tui.commands import GAME_COMMANDS
from game.tui.screens.base import unsaved_work_of
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import MIN_HEIGHT, MIN_WIDTH, HelpScreen, TooSmallScreen
from game.tui.screens.menu import MenuScreen
from game.tui.themes import THEMES, VARIABLE_DEFAULTS

FirstScreen = Callable[[], Screen]
"""What builds the screen a command opens (a screen class with its arguments bound, say)."""


class MesaMazeApp(App[int]):
    """The whole game: the settings, the save, the themes and the keys of every screen.

    The menu is the first screen (`get_default_screen`); `first`, when given, opens over it
    (`mesa-maze play` and the other commands build it). Every screen opens its successors itself.
    """

    TITLE = "Mesa Maze"
    CSS_PATH = "mesa_maze.tcss"
    COMMANDS = App.COMMANDS | set(GAME_COMMANDS)
    """Textual's own commands (theme, keys, quit...) and the game's; each screen adds its own."""

    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Keys of this screen", id="app.help"),
        # In a text field "?" is typed, so F1 opens the help there (and the footer says so).
        Binding(
            "f1", "help_in_text", "Help", key_display="F1", tooltip="Keys of this screen", id="app.help_f1"
        ),
        Binding("f1", "help", "Help", show=False, id="app.help_f1_anywhere"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
    ]

    repeats_marked = False
    """In a served tab the page marks a held key's repeats (game/tui/repeats.py): other keys are presses."""

    async def on_event(self, event: events.Event) -> None:
        """A key the served page marked as a held key's repeat goes on as its plain key."""
        if isinstance(event, events.Key) and (plain := repeats.unmark(event)) is not None:
            event = plain
        await super().on_event(event)

    def __init__(
        self,
        first: FirstScreen | None = None,
        *,
        data_dir: Path | None = None,
        ask_player: bool = False,
        access: Access | None = None,
    ) -> None:
        super().__init__()
        self.first = first
        self.too_small: TooSmallScreen | None = None
        """The notice shown while the terminal is too small (the screen on top while it is shown)."""
        """The screen the command line opens over the menu (built from arguments it has checked)."""
        self.access = access or Access.full()
        """What this game may read and write on disk (a served tab: its player's folder only)."""
        self.ask_player = ask_player
        """Served to a classroom: ask each tab who is playing and keep a record per player."""
        self.base_folder = data_dir
        """The data folder given at start; players of a served classroom have folders below it."""
        self.store = Store(data_dir)
        self.settings = self.store.load_settings()
        self.progress = self.store.load_progress()
        self.chosen_palette = self.settings.palette
        """The palette the player chose: what is saved, even while NO_COLOR shows monochrome."""
        if os.environ.get("NO_COLOR"):
            self.settings.palette = "monochrome"
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.palette].name  # before the first styling: no second pass

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """As Textual's, but always plain text: the game's messages hold names, titles and paths as
        typed or as files hold them, which are never read as markup (`markup` is accepted and ignored)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def apply_keymap(self, keymap: dict[str, str]) -> None:
        """The player's own keys; entries that name no binding or no key are left out, and said so."""
        from game.tui.keymap import binding_ids, check_keymap

        usable, problems = check_keymap(keymap, binding_ids(self.BINDINGS))
        self.set_keymap(usable)
        if problems:
            self.notify(
                "; ".join(problems) + ". Left out; the other keys are as you set them.",
                title="settings.json: keymap",
                severity="warning",
                timeout=15,
            )

    def get_default_screen(self) -> Screen:
        """The main menu: at the bottom of the screens, where every screen goes back to."""
        return MenuScreen()

    async def on_mount(self) -> None:
        if self.settings.keymap:
            self.apply_keymap(self.settings.keymap)
        if self.first is not None:
            # awaited: the first screen is laid out whole before anything else is pushed or drawn
            await self.push_screen(self.first())
        if self.ask_player:
            from game.tui.screens.player import PlayerScreen  # a served tab's sign-in only

            self.push_screen(PlayerScreen(), self.use_player)
        self.show_notices()
        self.call_after_refresh(self.check_size)

    # -- the save ------------------------------------------------------------------

    def use_player(self, player) -> None:
        """Keep this tab's settings, progress and replays in the player's own folder."""
        from game.classroom import enrol  # only a served tab signs in: not loaded for the menu

        base = self.store.folder
        try:
            enrolment = enrol(base, player.name, player.class_code)
        except OSError as error:
            self.notify(
                f"Could not make a folder for {player.name} in {base}: {error.strerror or error}. "
                "Your progress will not be kept.",
                severity="error",
                timeout=12,
            )
            return
        if self.access.limited:
            self.access = Access.served(enrolment.folder)
        self.store = Store(enrolment.folder)
        self.settings = self.store.load_settings()
        self.progress = self.store.load_progress()
        self.sub_title = player.name
        self.set_palette(self.settings.palette)
        self.notify(f"Welcome back, {player.name}." if enrolment.returning else f"Welcome, {player.name}.")
        self.show_notices()

    def show_notices(self) -> None:
        for notice in self.store.notices:
            self.notify(notice, title="Save file", severity="warning", timeout=12)
        self.store.notices.clear()

    def save_settings(self) -> None:
        saved = dataclasses.replace(self.settings, palette=self.chosen_palette)
        self.store.save_settings(saved)
        self.show_notices()

    # -- palette -------------------------------------------------------------------

    def set_palette(self, name: str) -> None:
        if name not in PALETTE_NAMES:
            return
        self.settings.palette = name
        self.chosen_palette = name
        self.theme = THEMES[name].name
        self.save_settings()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The map's colours (`$maze-green`...) under a theme that is not one of the game's."""
        return {**super().get_theme_variable_defaults(), **VARIABLE_DEFAULTS}

    def action_toggle_palette(self) -> None:
        names = list(PALETTE_NAMES)
        self.set_palette(names[(names.index(self.settings.palette) + 1) % len(names)])
        self.notify(f"Palette: {self.settings.palette}", timeout=2)

    # -- quitting ------------------------------------------------------------------

    def unsaved_work(self) -> list[str]:
        """What quitting now would lose, top screen first: unsaved edits, runs in progress."""
        return [what for screen in reversed(self.screen_stack) if (what := unsaved_work_of(screen))]

    async def action_quit(self) -> None:
        """ctrl+q: quit, but ask first while an edited level or a run in progress would be lost."""
        lost = self.unsaved_work()
        if not lost:
            self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        lost_words = " and ".join(lost)
        question = f"{sentence(lost_words)} would be lost. Quit anyway?"
        self.push_screen(ConfirmScreen(question), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "?" is typed into a text field: the footer must not promise it opens the help there
        in_text = isinstance(self.focused, Input | TextArea)
        if action == "help":
            return not in_text
        if action == "help_in_text":
            return in_text
        return True

    def action_help_in_text(self) -> None:
        self.action_help()

    def action_help(self) -> None:
        help_key = "?" if self.check_action("help", ()) else "F1"
        self.push_screen(HelpScreen.of(self.screen, help_key))

    # -- terminal size ---------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self.check_size)

    def check_size(self) -> None:
        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = self.too_small is not None and self.screen is self.too_small
        if small and not showing:
            self.clear_notifications()
            self.too_small = TooSmallScreen()
            self.push_screen(self.too_small)
        elif not small and showing:
            self.pop_screen()
