"""Start the Textual app from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.lab.population import LabSettings


def launch(
    play_path: Path | None,
    seed: int | None,
    data_dir: Path | None,
    replay_path: Path | None = None,
    ask_player: bool = False,
) -> int:
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(
        play_path=play_path, seed=seed, data_dir=data_dir, replay_path=replay_path, ask_player=ask_player
    )
    app.run()
    return app.return_code or 0


def launch_tournament(
    path: Path, names: tuple[str, ...], seed: int | None, csv_path: Path | None, data_dir: Path | None
) -> int:
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(data_dir=data_dir, tournament=(path, names, seed, csv_path))
    app.run()
    return app.return_code or 0


def launch_lab(settings: LabSettings, data_dir: Path | None) -> int:
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(data_dir=data_dir, lab=settings)
    app.run()
    return app.return_code or 0


def launch_class_view(data_dir: Path | None) -> int:
    from game.storage import default_data_dir
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(data_dir=data_dir, class_view=data_dir or default_data_dir())
    app.run()
    return app.return_code or 0


def launch_quiz(set_name: str | None, csv_path: Path | None, data_dir: Path | None) -> int:
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(data_dir=data_dir, quiz=(set_name, csv_path))
    app.run()
    return app.return_code or 0


def launch_desk(seed: int, data_dir: Path | None) -> int:
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(data_dir=data_dir, desk=seed)
    app.run()
    return app.return_code or 0


def launch_editor(path: Path, data_dir: Path | None) -> int:
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(data_dir=data_dir, edit_path=path)
    app.run()
    return app.return_code or 0
