"""A served game started before its tab opens, so that a tab's first screen does not wait for Python.

`mesa-maze serve` keeps one game started ahead of the next tab. That game
loads its code (Python, NumPy, Textual, the first screens), then waits for
one line on its input: the tab's terminal size, `COLUMNS ROWS`. Only then
does the app start, at that size; after the line come the tab's keys.

A spare is started with MESA_MAZE_SPARE=1 in its environment. While it
waits it is named `mesa-maze-spare` (on Linux, as `ps` and /proc/PID/comm
show it); once it has its tab, like any served game, `mesa-maze`.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib
import os
import sys

SPARE_VARIABLE = "MESA_MAZE_SPARE"
SPARE_NAME = "mesa-maze-spare"
GAME_NAME = "mesa-maze"
WARM = ("game.tui.app", "game.tui.screens.player", "game.tui.screens.menu", "textual.drivers.web_driver")
"""What a spare loads before it waits: everything its tab's first screen needs."""
LONGEST_LINE = 32
DEFAULT_SIZE = (80, 24)


def size_line(width: int, height: int) -> bytes:
    """The line a spare waits for."""
    return f"{width} {height}\n".encode("ascii")


def read_size(line: bytes) -> tuple[int, int]:
    """The terminal size in a size line; 80x24 when the line is not two whole numbers from 1 to 9999."""
    parts = line.split()
    if len(parts) == 2 and all(part.isdigit() and 0 < int(part) < 10_000 for part in parts):
        return int(parts[0]), int(parts[1])
    return DEFAULT_SIZE


def name_process(name: str) -> None:
    """Name this process as `ps` and /proc/PID/comm show it (Linux only; elsewhere nothing happens)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(15, name.encode()[:15], 0, 0, 0)  # 15: PR_SET_NAME


def wait_for_tab() -> None:
    """Load the game's code, then wait for the tab's size line and take that size.

    The line is read a byte at a time, so nothing after it (the tab's keys)
    is taken from the input. When the input ends first, the server has
    stopped: the process exits.
    """
    for module in WARM:
        importlib.import_module(module)
    name_process(SPARE_NAME)
    line = b""
    while not line.endswith(b"\n") and len(line) < LONGEST_LINE:
        byte = os.read(0, 1)
        if not byte:
            raise SystemExit(0)
        line += byte
    width, height = read_size(line)
    os.environ["COLUMNS"], os.environ["ROWS"] = str(width), str(height)
    name_process(GAME_NAME)
