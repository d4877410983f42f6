"""Shared helpers: write level files into a temporary folder and load them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import textual._wait

from game.core.level import Level
from game.core.loader import CheckResult, check_file, load_level

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "levels"
CAMPAIGN = LEVELS / "campaign"
CONTRACT = ROOT / "tests" / "data" / "contract"
"""Copies of the levels the command-line contract check uses, so the tests stand alone."""


@pytest.fixture
def write_level(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a level file (dedented) and return its path."""

    def write(text: str, name: str = "level.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def level_from(write_level) -> Callable[..., Level]:
    """A playable level from its text."""

    def make(text: str) -> Level:
        return load_level(write_level(text))

    return make


@pytest.fixture
def check_text(write_level) -> Callable[[str], CheckResult]:
    def check(text: str) -> CheckResult:
        return check_file(write_level(text))

    return check


def one_map_level(
    rows: str, *, phase: str = "training", extra: str = "", overseer: str = "", repeat: int = 1
) -> str:
    """The text of a level with one episode on a drawn map."""
    return (
        f'format = 1\ntitle = "test"\n[overseer]\n{overseer}\n'
        f'[[episode]]\nphase = "{phase}"\nrepeat = {repeat}\n{extra}\nmap = """\n'
        f'{textwrap.dedent(rows).strip()}\n"""\n'
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--idle-step-ms",
        type=float,
        default=None,
        help="Pilot's idle wait in steps of this many ms (Textual's own: 20); the fast loop uses 4",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Pilot's presses and pauses wait for an idle app by sleeping in steps of
    `textual._wait.SLEEP_GRANULARITY` (20 ms) until the process uses almost no CPU in one: at least
    40 ms a key press, most of a Pilot test's time. `--idle-step-ms 4` measures the same idleness
    at a fifth of the wait, for the fast loop; the full suite keeps Textual's own step. That
    messages are handled is still checked by Pilot itself (every widget of the screen answers a
    callback first). This reaches into Textual's private modules, for this reason only."""
    step = config.getoption("--idle-step-ms")
    if step is not None:
        textual._wait.SLEEP_GRANULARITY = step / 1000
        textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


MODULE_MARKS = {
    "test_browser": ("browser", "slow"),
    "test_terminal": ("terminal", "slow"),
    "test_packaging": ("packaging", "slow"),
}
"""Modules whose every test drives something outside the interpreter, by the start of their
name (`test_browser_safety.py` is a browser module too): marked here, once."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        for prefix, marks in MODULE_MARKS.items():
            if module.startswith(prefix):
                for mark in marks:
                    item.add_marker(mark)
