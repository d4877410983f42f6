"""Start-up: `python -m benchmarks.startup [--rounds N]` prints the figures.

From process launch to the first paint of the main menu (`mesa-maze` with no
command), against a minimal Textual app (Header, Static, Footer). Both run in a
pseudo-terminal of 80x24, alternately in one run (which goes first alternates
too), so a busy machine slows both alike. The first paint is the moment the
terminal receives a text only that screen shows: a menu entry, or the minimal
app's line. Each process is then stopped. Bytecode is cached as an install
caches it (the unmeasured warm-up rounds write it), whatever PYTHONDONTWRITEBYTECODE
says.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MINIMAL_APP = '''
from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("A minimal Textual app")
        yield Footer()


Minimal().run()
'''
DEADLINE = 60.0
"""Seconds a side may take to paint before the round counts as failed."""


def first_paint(command: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launching `command` in an 80x24 pseudo-terminal until `marker` is written, and
    the CPU seconds the process had used by then (it is stopped at once)."""
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=child, stdout=child, stderr=child, env=env, start_new_session=True, close_fds=True
    )
    os.close(child)
    seen = b""
    try:
        while marker not in seen:
            left = DEADLINE - (time.perf_counter() - started)
            if left <= 0:
                raise TimeoutError(f"{' '.join(command)} painted nothing in {DEADLINE:g} s")
            ready, _, _ = select.select([main], [], [], left)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise RuntimeError(f"{' '.join(command)} ended before painting: {seen[-300:]!r}")
                seen = seen[-len(marker) :] + chunk if len(seen) > 4096 else seen + chunk
        painted = time.perf_counter() - started
        os.killpg(process.pid, signal.SIGKILL)
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = -signal.SIGKILL
        return painted, usage.ru_utime + usage.ru_stime
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(main)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="launches of each side (default 15)")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, then read from the cache
        env.pop("TEXTUAL", None)
        sides = {
            "menu": ([sys.executable, "-m", "game", "--data-dir", str(Path(folder) / "data")], b"Campaign"),
            "minimal": ([sys.executable, str(minimal)], b"A minimal Textual app"),
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        cpu: dict[str, list[float]] = {name: [] for name in sides}
        for _ in (1, 2):  # warm the file cache once, not measured
            for command, marker in sides.values():
                first_paint(command, marker, env)
        for n in range(rounds):
            order = list(sides) if n % 2 == 0 else list(reversed(sides))
            for name in order:
                wall, used = first_paint(*sides[name], env)
                times[name].append(wall)
                cpu[name].append(used)
    p50 = {name: statistics.median(values) for name, values in times.items()}
    cpu50 = {name: statistics.median(values) for name, values in cpu.items()}
    load = os.getloadavg()[0]
    print(f"start-up to first paint, 80x24 pseudo-terminal, {rounds} alternate rounds, load {load:.1f}")
    for name, values in times.items():
        print(
            f"  {name:<8} p50 {p50[name]:.3f} s   min {min(values):.3f} s   max {max(values):.3f} s"
            f"   CPU p50 {cpu50[name]:.3f} s"
        )
    print(f"  ratio menu / minimal (p50): {p50['menu'] / p50['minimal']:.2f}")
    print(f"  ratio of CPU time to the first paint (p50): {cpu50['menu'] / cpu50['minimal']:.2f}")


if __name__ == "__main__":
    main()
