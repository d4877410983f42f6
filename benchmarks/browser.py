"""The served game in a browser: `python -m benchmarks.browser [TABS] [MOVES]` prints the figures.

`mesa-maze serve`'s server is started on a free loopback port with a fresh
data folder, and headless Chromium (Debian's, driven by Playwright) opens
it at 1280x720, as a projector would.

- first frame: TABS tabs (default 10) on each of two servers running side
  by side, one that starts a game ahead of each tab (as `serve` does) and
  one that does not (every tab starts its game, as textual-serve does),
  opened in turn so that both see the same load, each when the one before
  has closed and the servers have had `SETTLE` seconds. Times
  are from the page's navigation start (the browser's own clock): the page
  loaded (`load`), the game's connection open, and the first frame (the
  first binary message of 1000 bytes or more, the sign-in screen, and two
  animation frames after it, by when the terminal has painted it);
- key to screen: on campaign level 1 (shared mode: no sign-in), MOVES moves
  (default 200) alternating right and left between two floor cells (the
  level started again every 60, before its 74 steps run out); from
  the key's `keydown` in the page to the first screen output after it, and
  to two animation frames after that output (painted). p50 and p95.

Figures depend on the machine's load; `uptime`'s load average is printed
with them. Measured on the 2-core machine this was written on, with other
work running (load average 3 to 9), 10 tabs each: first frame painted p50
1.72 s / p95 2.07 s with the spare game (connection open 0.68 s, frame
received 1.58 s), 2.37 s / 3.52 s without; an earlier run at load 9-22:
3.26 s / 4.76 s with, 5.08 s / 6.73 s without. Key to screen over 200
moves: first output p50 17 ms / p95 54 ms, painted p50 46 ms / p95 104 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.browser import DEADLINE, free_port, headless_browser, new_tab

TABS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10
MOVES = int(sys.argv[2]) if len(sys.argv) > 2 else 200
RUN = 60
"""Moves in one go at level 1 (its first episode allows 74 steps), before the level starts again."""
SETTLE = 4.0
"""Seconds between one tab closing and the next opening: time for the next spare game to load."""

PAGE_CLOCK = """
window.marks = {frames: [], keys: [], painted: []};
const later = (then) => requestAnimationFrame(() => requestAnimationFrame(then));
const paint = (list) => later(() => list.push(performance.now()));
const Native = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Native(...args);
  socket.addEventListener("open", () => { marks.open = performance.now(); });
  socket.addEventListener("message", (event) => {
    if (typeof event.data === "string") return;
    const now = performance.now();
    marks.frames.push([now, event.data.byteLength]);
    if (marks.first === undefined && event.data.byteLength >= 1000) {
      marks.first = now;
      later(() => { marks.firstPainted = performance.now(); });
    }
    if (marks.keys.length > marks.painted.length && marks.waiting) {
      marks.waiting = false;
      marks.answered.push(now);
      paint(marks.painted);
    }
  });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
marks.answered = [];
document.addEventListener("keydown", () => {
  marks.keys.push(performance.now());
  marks.waiting = true;
}, true);
"""


def serve(port: int, data: Path, shared: bool, spare: bool) -> subprocess.Popen:
    """The game's server as `mesa-maze serve` runs it, with or without a spare game."""
    code = (
        "import sys; from pathlib import Path; from game.cli import serve_command;"
        "from game.serve_page import offline_templates; from game.serving import ClassServer;"
        f"server = ClassServer(serve_command(Path({str(data)!r}), {shared}), host='127.0.0.1', port={port},"
        f" title='Mesa Maze', public_url='http://127.0.0.1:{port}', templates_path=offline_templates());"
        f"server.keep_spare = {spare}; server.serve()"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    server = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    import socket

    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def line(label: str, values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    shown = [v * scale for v in values]
    return (
        f"  {label:<34} p50 {statistics.median(shown):7.2f} {unit}  p95 {pct(shown, 0.95):7.2f} {unit}"
        f"  worst {max(shown):7.2f} {unit}  ({len(shown)})"
    )


def first_frames(browser) -> None:
    """Tabs opened in turn on two servers running side by side, one with a spare game and one without,
    so that both see the same load."""
    ports = {spare: free_port() for spare in (True, False)}
    servers = [
        serve(port, Path(tempfile.mkdtemp(prefix="bench-browser-")), shared=False, spare=spare)
        for spare, port in ports.items()
    ]
    figures: dict[bool, dict[str, list[float]]] = {spare: {} for spare in ports}
    try:
        time.sleep(SETTLE)  # the first spare loads
        for _ in range(TABS):
            for spare, port in ports.items():
                page = new_tab(browser, 1280, 720)
                page.add_init_script(PAGE_CLOCK)
                page.goto(f"http://127.0.0.1:{port}", wait_until="load")
                page.wait_for_function("window.marks.firstPainted !== undefined", timeout=DEADLINE * 1000)
                marks = page.evaluate("window.marks")
                loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                for name, value in (
                    ("page loaded", loaded),
                    ("connection open", marks["open"]),
                    ("first frame received", marks["first"]),
                    ("first frame painted", marks["firstPainted"]),
                ):
                    figures[spare].setdefault(name, []).append(value / 1000)
                page.context.close()
                time.sleep(SETTLE)
    finally:
        for server in servers:
            stop(server)
    for spare in ports:
        kind = "with a game started ahead of each tab (as served)" if spare else "no spare game"
        print(f"first frame, {kind}:")
        for name, values in figures[spare].items():
            print(line(name, values))


def key_to_screen(browser) -> None:
    data = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    port = free_port()
    server = serve(port, data, shared=True, spare=True)
    try:
        page = new_tab(browser, 1280, 720)
        page.add_init_script(PAGE_CLOCK)
        page.goto(f"http://127.0.0.1:{port}", wait_until="load")
        page.wait_for_function("window.marks.firstPainted !== undefined", timeout=DEADLINE * 1000)

        def press(key: str) -> None:
            """A key, once the screen has answered every key before it and then been still a moment."""
            count = page.evaluate("window.marks.painted.length")
            page.keyboard.press(key)
            page.wait_for_function(f"window.marks.painted.length > {count}", timeout=DEADLINE * 1000)
            quiet(page)

        quiet(page)
        press("Enter")  # the campaign
        press("Enter")  # its first level
        answered: list[float] = []
        painted: list[float] = []
        for move in range(MOVES):
            if move and move % RUN == 0:  # the episode's steps run out at 74: the level starts again
                press("r")
                press("y")
            began = page.evaluate("window.marks.keys.length")
            press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
            marks = page.evaluate("['keys', 'answered', 'painted'].map((name) => window.marks[name].at(-1))")
            assert page.evaluate("window.marks.keys.length") == began + 1
            answered.append(marks[1] - marks[0])
            painted.append(marks[2] - marks[0])
        page.context.close()
    finally:
        stop(server)
    print(f"key to screen, campaign level 1 at 1280x720, {MOVES} moves:")
    print(line("first output after the key", answered, "ms"))
    print(line("painted (two animation frames)", painted, "ms"))


def quiet(page, still: float = 0.3) -> None:
    """Wait until the game has sent nothing for `still` seconds (the level's banner, a redraw)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        last = page.evaluate("window.marks.frames.length ? window.marks.frames.at(-1)[0] : 0")
        if page.evaluate("performance.now()") - last > still * 1000:
            return
        page.wait_for_timeout(50)


def main() -> None:
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]} on {os.cpu_count()} cores")
    with headless_browser() as browser:
        first_frames(browser)
        key_to_screen(browser)


if __name__ == "__main__":
    main()
