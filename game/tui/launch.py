"""Start the Textual app from the command line (the CLI imports Textual only through here)."""

from __future__ import annotations

from typing import Any


def launch(**start: Any) -> int:
    """Run the game until it quits; `start` says where it opens (`MesaMazeApp`'s keyword arguments)."""
    from game.tui.app import MesaMazeApp

    app = MesaMazeApp(**start)
    app.run()
    return app.return_code or 0
