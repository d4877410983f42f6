"""`mesa-maze serve` keeps a game started ahead of the next tab; the tab that opens takes it."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time

import aiohttp
import pytest

from game.spare import read_size, size_line
from tests.browser import DEADLINE, game_processes, served_game
from tests.test_serve import drawn, ws_url

if sys.platform != "linux":
    pytest.skip("spares are told apart by their Linux process names", allow_module_level=True)


def wait_until(condition, seconds: float = DEADLINE) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return bool(condition())


def test_a_size_line_is_read_back_and_anything_else_is_80_by_24():
    assert read_size(size_line(132, 41)) == (132, 41)
    for line in (b"", b"\n", b"80\n", b"x y\n", b"-3 20\n", b"0 0\n", b"99999 3\n", b"1 2 3\n", b"\xff\xfe\n"):
        assert read_size(line) == (80, 24)


@pytest.mark.slow
def test_a_tab_takes_the_spare_game_at_its_own_size_and_another_spare_starts(tmp_path):
    data = tmp_path / "data"

    async def open_tab(url: str) -> bytes:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(ws_url(url, width=101, height=33), max_msg_size=0) as websocket,
        ):
            first = await drawn(websocket, DEADLINE, until=b"Who is playing")
            first += await drawn(websocket, DEADLINE, until=b"\x1b[33;")  # its last row, at the tab's size
            taken.extend(game_processes(data))
            await websocket.send_str(json.dumps(["stdin", "Zq"]))
            return first + await drawn(websocket, DEADLINE, until=b"Zq")

    with served_game(data) as url:
        assert wait_until(lambda: len(game_processes(data, spares=True)) == 1)
        spare = game_processes(data, spares=True)
        assert game_processes(data) == []  # a spare is no tab's game
        taken: list[int] = []
        sent = asyncio.run(open_tab(url))
        assert taken == spare  # the tab's game is the one started ahead of it
        assert b"Zq" in sent  # and it takes the tab's keys
        rows = [int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", sent)]
        columns = [int(column) for column in re.findall(rb"\x1b\[\d+;(\d+)H", sent)]
        assert max(rows) == 33 and max(columns) <= 101  # drawn at the tab's size, not 80x24
        assert wait_until(lambda: len(game_processes(data, spares=True)) == 1)
        assert game_processes(data, spares=True) != spare  # the next one
        assert wait_until(lambda: game_processes(data) == [])  # the tab closed: its game ended
    assert wait_until(lambda: game_processes(data, spares=True) == [])  # the server stopped: no spare left
