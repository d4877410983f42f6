"""A class arriving at a served game: `python -m benchmarks.serve [TABS]` prints the figures.

`mesa-maze serve` is started on a free loopback port with a fresh data folder.
Tabs are websocket clients speaking textual-serve's protocol (what the page's
JavaScript does: `/ws?width=..&height=..`, then `["stdin", ...]` frames; the
game's screen comes back as binary frames of terminal output). First one tab
alone, then TABS tabs (default 30) opened at the same moment, as a class does:

- first frame: from opening the websocket to the first screen output, and to
  the sign-in question ("Who is playing") being drawn; p50, p95 and the worst
  over the tabs;
- key to screen: each tab types its name one key at a time (all tabs at once),
  each key sent after the one before is drawn; p50 and p95 of that time over
  every key of every tab, and whether every key arrived;
- sign-in: each tab then gives a class code; every tab must reach its own
  record (players/*/player.json, one per name);
- campaign level 1 by keys: each tab opens the campaign and its first level
  and plays it through with the greedy strategy's moves, one arrow key at a
  time at a quick finger's pace (each key at least `KEY_GAP` after the one
  before, and after the screen answered it), with enter between episodes;
  then the replay saved in that player's folder must hold exactly the moves
  sent: a key lost or doubled shows as a different replay. Step to screen:
  p50 and p95 of the time from a move key to the next screen output;
- the class view: how many players it lists (`class_records`, what
  `mesa-maze class` shows) while the tabs are open;
- memory per tab: resident memory (RSS) and proportional share (PSS, shared
  pages split between the processes sharing them) of each tab's game process
  and its children, and the server's own, with all tabs open (a game the
  server started ahead for the next tab is counted apart);
- stop: the time for one SIGINT to stop the server and every game, and how
  many game processes are left after it (there should be none).

Measured on the 2-core machine this was written on, with other work running (load average 4 to 22
over four runs), 30 tabs at once: first output p50 6.7-10.4 s / p95 7.5-11.5 s, sign-in drawn p50
11.4-15.7 s / p95 12.1-17.2 s (30 Python processes importing Textual at the same moment on 2
cores; one tab alone: 1.2-2.8 s and 1.9-5.1 s); key to screen p50 95-124 ms / p95 335-416 ms;
replays exact: 30, 29, 27 and 30 of 30 (the misses at the highest loads; each miss was one press
of a run of the same key, taken for a held key's repeat when the relay bunched the presses); RSS
72 MiB and PSS 52 MiB per tab, server 44 MiB; one SIGINT with all 30 tabs open stops the server
and every game in 8.1 s, none left.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

TABS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
SIGN_IN = b"Who is playing"
DEADLINE = 180.0
"""Seconds any one wait may take before the tab counts as failed."""
KEY_GAP = 0.15
"""Seconds between two keys of one tab at least: a quick finger (a held key's repeats come faster)."""
ENDED = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
"""The websocket messages that say the tab's connection is over."""
ARROWS = {"u": "\x1b[A", "d": "\x1b[B", "r": "\x1b[C", "l": "\x1b[D", "w": "."}
"""A move's code in a replay -> the key a terminal sends for it."""


def level_one_keys() -> tuple[str, list[str]]:
    """The greedy strategy's moves through campaign level 1 (as a replay writes them) and the keys
    that play them: an arrow per move, enter where the next episode is to begin."""
    from game.agents.simulate import simulate
    from game.core.loader import load_level
    from game.core.packs import campaign_dir, pack_files
    from game.core.run import Run
    from game.replay import Replay, apply

    level = load_level(pack_files(campaign_dir())[0])
    moves = Replay.of(simulate(level, "greedy", level.seed)).actions
    run, keys = Run(level, level.seed), []
    for code in moves:
        if run.awaiting_episode and run.records:
            keys.append("\r")
        apply(run, code)
        keys.append(ARROWS[code])
    return moves, keys


@dataclass
class Tab:
    """One browser tab's websocket and what it measured."""

    number: int
    first_output: float | None = None
    first_sign_in: float | None = None
    key_times: list[float] = field(default_factory=list)
    keys_lost: int = 0
    step_times: list[float] = field(default_factory=list)
    played: bool = False
    problem: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """Every process whose parent is `pid` (the server's games)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def started(pid: int) -> int:
    """When a process started (clock ticks since boot; a gone one counts as last)."""
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 1 << 62


def group(pid: int) -> list[int]:
    """The processes in the process group led by `pid` (a game and anything it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, from /proc (0, 0 when it is gone)."""
    try:
        rollup = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in rollup.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("Rss:", "Pss:"):
            values[parts[0]] = int(parts[1])
    return values.get("Rss:", 0), values.get("Pss:", 0)


async def wait_for(websocket, wanted: bytes, seen: bytearray, deadline: float, since: int = 0) -> bool:
    """Read the tab's output into `seen` until `wanted` is in it (after byte `since`); False when the
    deadline passes."""
    while wanted not in seen[since:]:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            message = await websocket.receive(timeout=left)
        except TimeoutError:
            return False
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type in ENDED:
            return False
    return True


async def one_tab(session, url: str, tab: Tab, keys: list[str], finish: asyncio.Event) -> None:
    """Open the tab, wait for the sign-in, type a name key by key, give a class code, play campaign
    level 1 by `keys`, stay open until `finish`."""
    began = time.monotonic()
    seen = bytearray()
    try:
        async with session.ws_connect(f"{url}/ws?width=100&height=30", max_msg_size=0) as websocket:
            message = await websocket.receive(timeout=DEADLINE)
            if message.type == aiohttp.WSMsgType.BINARY:
                tab.first_output = time.monotonic() - began
                seen += message.data
            if not await wait_for(websocket, SIGN_IN, seen, began + DEADLINE):
                tab.problem = "the sign-in never came"
                return
            tab.first_sign_in = time.monotonic() - began
            name = f"Student{tab.number:02d}x"  # every prefix is new on the screen
            for end in range(1, len(name) + 1):
                sent, since = time.monotonic(), len(seen)
                await websocket.send_str(json.dumps(["stdin", name[end - 1]]))
                if await wait_for(websocket, name[:end].encode(), seen, sent + 30, since):
                    tab.key_times.append(time.monotonic() - sent)
                else:
                    tab.keys_lost += 1
            await websocket.send_str(json.dumps(["stdin", "\r"]))
            await asyncio.sleep(0.5)  # the class code field takes the focus
            for typed, then in (("BENCH\r", b"Campaign"), ("\r", b"First steps"), ("\r", b"Episode 1 of")):
                since = len(seen)
                await websocket.send_str(json.dumps(["stdin", typed]))
                if not await wait_for(websocket, then, seen, time.monotonic() + DEADLINE, since):
                    tab.problem = f"{then.decode()} never came"
                    return
            await asyncio.sleep(0.5)
            last = 0.0
            for key in keys:
                await asyncio.sleep(max(0.0, last + KEY_GAP - time.monotonic()))
                last, since = time.monotonic(), len(seen)
                await websocket.send_str(json.dumps(["stdin", key]))
                await wait_for(websocket, b"\x00", seen, last + 0.05, since)  # the screen's first answer
                while len(seen) == since and time.monotonic() < last + 30:
                    await wait_for(websocket, b"\x00", seen, time.monotonic() + 0.05, since)
                if key != "\r" and len(seen) > since:
                    tab.step_times.append(time.monotonic() - last)
            tab.played = True
            while not finish.is_set():  # keep reading: the server's heartbeat wants its pongs
                try:
                    message = await websocket.receive(timeout=0.5)
                except TimeoutError:
                    continue
                if message.type in ENDED:
                    break
    except Exception as error:  # a tab that fails is counted, not the end of the benchmark
        tab.problem = f"{type(error).__name__}: {error}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: no figures"
    middle, high, worst = statistics.median(values), percentile(values, 0.95), max(values)
    shown = f"p50 {middle * 1000:.0f} ms, p95 {high * 1000:.0f} ms, worst {worst * 1000:.0f} ms"
    return f"{name}: {shown} (n={len(values)})"


async def a_class(
    title: str, url: str, count: int, server: subprocess.Popen, data: Path, moves: str, keys: list[str]
) -> None:
    """Open `count` tabs at once, let each sign in and play, measure, report, stop the server."""
    print(f"-- {title}")
    tabs = [Tab(n) for n in range(1, count + 1)]
    finish = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.create_task(one_tab(session, url, tab, keys, finish)) for tab in tabs]
        deadline = time.monotonic() + 2 * DEADLINE
        while time.monotonic() < deadline and not all(tab.played or tab.problem for tab in tabs):
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)  # let the last screens settle before measuring memory
        if count > 1:
            games = sorted(children(server.pid), key=started)
            spare = len(games) - count  # the server keeps a game started ahead of the next tab
            per_tab = [
                [sum(values) for values in zip(*(memory_kib(p) for p in group(g)), strict=True)]
                for g in games[:count]
            ]
            rss = [m[0] for m in per_tab if m]
            pss = [m[1] for m in per_tab if m]
            server_rss, server_pss = memory_kib(server.pid)
            print(f"game processes with {count} tabs open: {len(games)} ({max(spare, 0)} started ahead)")
            if rss:
                print(
                    f"memory per tab: RSS mean {statistics.mean(rss) / 1024:.1f} MiB "
                    f"(max {max(rss) / 1024:.1f}), PSS mean {statistics.mean(pss) / 1024:.1f} MiB; "
                    f"all tabs' PSS {sum(pss) / 1024:.0f} MiB; server RSS {server_rss / 1024:.1f} MiB, "
                    f"PSS {server_pss / 1024:.1f} MiB"
                )
        await asyncio.to_thread(report, title, tabs, data, moves)
        await asyncio.to_thread(stop, server)  # with every tab still open
        finish.set()
        await asyncio.gather(*tasks)


def replays_by_player(data: Path) -> dict[str, list[str]]:
    """Each player's name -> the actions of every replay in their folder."""
    found: dict[str, list[str]] = {}
    for record in (data / "players").glob("*/player.json"):
        name = json.loads(record.read_text()).get("name", "?")
        found[name] = [
            json.loads(p.read_text())["actions"] for p in (record.parent / "replays").glob("*.json")
        ]
    return found


def report(title: str, tabs: list[Tab], data: Path, moves: str) -> None:
    print(figures("first output", [t.first_output for t in tabs if t.first_output is not None]))
    print(figures("sign-in drawn", [t.first_sign_in for t in tabs if t.first_sign_in is not None]))
    keys = [k for t in tabs for k in t.key_times]
    lost = sum(t.keys_lost for t in tabs)
    print(figures("key to screen", keys) + f"; keys lost: {lost}")
    records = list((data / "players").glob("*/player.json")) if (data / "players").is_dir() else []
    from game.classroom import class_records

    listed = len(class_records(data))
    print(f"signed in (records written): {len(records)} of {len(tabs)}; the class view lists {listed}")
    print(figures("step to screen", [k for t in tabs for k in t.step_times]))
    deadline = time.monotonic() + 30  # the last replays are written as the debriefs open
    while time.monotonic() < deadline:
        replays = replays_by_player(data)
        if sum(actions == [moves] for actions in replays.values()) >= len(tabs):
            break
        time.sleep(0.5)
    exact = sum(actions == [moves] for actions in replays.values())
    print(
        f"campaign level 1 played by keys ({len(moves)} moves each): {exact} of {len(tabs)} replays hold "
        "exactly the moves sent"
    )
    for name, actions in sorted(replays.items()):
        if actions != [moves]:
            print(f"  {name}: {len(actions)} replays; " + "; ".join(_difference(moves, a) for a in actions))
    for tab in tabs:
        if tab.problem:
            print(f"tab {tab.number}: {tab.problem}")


def _difference(sent: str, kept: str) -> str:
    """Where a replay's moves first differ from the moves sent, in a few words."""
    pairs = enumerate(zip(sent, kept, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), min(len(sent), len(kept)))
    return f"{len(kept)} moves, from move {at + 1} sent {sent[at : at + 6]!r}, kept {kept[at : at + 6]!r}"


def serve(data: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    command = [sys.executable, "-m", "game", "--data-dir", str(data), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            if server.poll() is not None:
                said = server.stderr.read().decode() if server.stderr else ""
                raise RuntimeError(f"the server stopped: {said[-500:]}") from None
            time.sleep(0.1)
    raise RuntimeError("the server did not start listening")


def stop(server: subprocess.Popen) -> None:
    games = children(server.pid)
    began = time.monotonic()
    server.send_signal(signal.SIGINT)
    try:
        code = server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        code = None
    took = time.monotonic() - began
    time.sleep(0.5)
    left = [pid for pid in games if Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)]
    print(f"one SIGINT: server {'exited ' + str(code) if code is not None else 'still running'} "
          f"after {took:.1f} s; game processes left: {len(left)} of {len(games)}")  # fmt: skip
    if code is None:
        server.kill()


def _state(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]).lower()
    except (OSError, IndexError):
        return "zombie"


def main() -> None:
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
    moves, keys = level_one_keys()
    with tempfile.TemporaryDirectory() as folder:
        for title, count in (("one tab alone", 1), (f"{TABS} tabs opened at once", TABS)):
            data = Path(folder) / f"data-{count}"
            port = free_port()
            server = serve(data, port)
            try:
                asyncio.run(a_class(title, f"http://127.0.0.1:{port}", count, server, data, moves, keys))
            finally:
                if server.poll() is None:
                    server.kill()


if __name__ == "__main__":
    main()
