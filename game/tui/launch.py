"""Start the Textual app from the command line (the CLI imports Textual only through here)."""

from __future__ import annotations

from typing import Any


def launch(*, before_tab: bool = False, **start: Any) -> int:
    """Run the game until it quits; `start` says where it opens (`MesaMazeApp`'s keyword arguments).

    `before_tab`: a served game started before its tab, which waits for the tab's terminal size
    (game/spare.py).
    """
    from game.tui.app import MesaMazeApp

    if before_tab:
        from game.spare import wait_for_tab

        wait_for_tab()
    app = MesaMazeApp(**start)
    app.repeats_marked = before_tab  # a served tab's page marks repeats (game/serve_page.py)
    app.run()
    return app.return_code or 0
