"""`mesa-maze serve` under a raw websocket client: no frame wedges a tab, no game outlives its tab."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from game.serving import _size
from tests.browser import free_port, game_processes, served_game

if sys.platform == "win32":
    pytest.skip("serving uses POSIX process groups", allow_module_level=True)

BAD_FRAMES: list[str | bytes] = [
    json.dumps(["stdin", ""]),  # an empty data packet ended the game's input for good
    "junk",
    "",
    "[",
    "{}",
    "[]",
    "null",
    json.dumps([1, 2]),
    json.dumps(["stdin"]),
    json.dumps(["stdin", 5]),
    json.dumps(["stdin", None]),
    json.dumps(["resize", "wide"]),
    json.dumps(["resize", {"width": 10**12, "height": -3}]),
    json.dumps(["resize", {"width": "x"}]),
    json.dumps(["ping", {"deep": [[[]]]}]),
    json.dumps(["no such frame", {}]),
    "[" * 50_000,
    b"\x00\xff binary",
    json.dumps(["stdin", "a" * 1_000_000]),  # 1 MB
    "x" * 1_000_000,
]


def ws_url(url: str, width: int = 80, height: int = 24) -> str:
    return url.replace("http://", "ws://") + f"/ws?width={width}&height={height}"


async def drawn(websocket, seconds: float, until: bytes | None = None) -> bytes:
    """What the game sends until `until` appears in it (or `seconds` of nothing new when None)."""
    received = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = await websocket.receive(timeout=min(1.0, max(0.05, deadline - time.monotonic())))
        except TimeoutError:
            if until is None and received:
                return received
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
            if until is not None and until in received:
                return received
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            break
    return received


async def send_bad_frames(websocket) -> None:
    for frame in BAD_FRAMES:
        if isinstance(frame, bytes):
            await websocket.send_bytes(frame)
        else:
            await websocket.send_str(frame)


def test_terminal_sizes_from_a_tab_are_kept_in_bounds():
    assert _size("120", 80, 1000) == 120
    assert _size("junk", 80, 1000) == 80
    assert _size(10**12, 80, 1000) == 1000
    assert _size(-3, 24, 500) == 1
    assert _size(None, 24, 500) == 24


@pytest.mark.slow
def test_a_tab_sent_empty_junk_and_huge_frames_still_answers(tmp_path):
    async def run(url: str) -> None:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(ws_url(url), max_msg_size=0) as websocket,
        ):
            first = await drawn(websocket, 30, until=b"Who is playing")
            assert b"Who is playing" in first, first[-300:]
            await send_bad_frames(websocket)
            await websocket.send_str(json.dumps(["ping", "still there?"]))
            await drawn(websocket, 3)  # whatever the resizes redrew
            assert not websocket.closed
            await websocket.send_str(json.dumps(["stdin", "Zq"]))
            answer = await drawn(websocket, 20, until=b"Zq")
            assert b"Zq" in answer  # the name field shows the keys: the game still takes input

    with served_game(tmp_path / "data") as url:
        asyncio.run(run(url))


@pytest.mark.slow
def test_fifty_tabs_that_send_nonsense_and_go_leave_no_game_behind(tmp_path):
    data = tmp_path / "data"

    async def one_tab(session, url: str, wait_for_game: bool) -> None:
        async with session.ws_connect(ws_url(url), max_msg_size=0) as websocket:
            if wait_for_game:
                await drawn(websocket, 30, until=b"Who is playing")
            await send_bad_frames(websocket)

    async def run(url: str) -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(10):  # 50 tabs, five at a time; some leave before their game has started
                await asyncio.gather(*(one_tab(session, url, wait_for_game=n < 2) for n in range(5)))

    with served_game(data) as url:
        before = len(game_processes(data))
        asyncio.run(run(url))
        deadline = time.monotonic() + 60
        while len(game_processes(data)) > before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(game_processes(data)) == before


@pytest.mark.slow
def test_one_ctrl_c_stops_the_server_and_every_game(tmp_path):
    data = tmp_path / "data"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    server = subprocess.Popen(
        [sys.executable, "-m", "game", "--data-dir", str(data), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    async def tabs() -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(url):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.2)
            sockets = [await session.ws_connect(ws_url(url)) for _ in range(3)]
            for websocket in sockets:
                await drawn(websocket, 30, until=b"Who is playing")
            await sockets[0].send_str(json.dumps(["stdin", ""]))  # the wedge of before
            await asyncio.sleep(0.5)
            assert len(game_processes(data)) == 3
            server.send_signal(signal.SIGINT)
            assert await asyncio.to_thread(server.wait, 20) == 0

    try:
        asyncio.run(tabs())
    finally:
        if server.poll() is None:
            server.kill()
    deadline = time.monotonic() + 10
    while game_processes(data) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert game_processes(data) == []
    assert b"Traceback" not in server.stderr.read()


def test_the_served_command_runs_without_a_shell(tmp_path):
    from game.cli import serve_command

    command = serve_command(Path(tmp_path), shared=False)
    assert command.split()[1:5] == ["-P", "-m", "game", "--served"]
