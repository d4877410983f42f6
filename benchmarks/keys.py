"""Every key press counts: `python -m benchmarks.keys` prints the figures.

The game runs in a real terminal (tmux); keys are typed with `tmux send-keys`, and the
steps taken are read off the screen ("Steps left N of M"), as a player would see them:

- stalled: the game's process is stopped (SIGSTOP) for half a second while five Right
  presses are made, four times over; every press should be a step (20);
- busy: 40 Right presses at 8 a second while two other processes keep both cores
  busy; every press should be a step (40);
- held: a held Right key, as a terminal repeats it (30 a second for 1.5 s), idle and
  with both cores busy: how many steps it made, and how long after its last repeat
  the agent stopped moving (it should stop within about 0.3 s);
- key to screen: 100 Right presses, one at a time, each timed from `send-keys` to
  the first screen capture that shows the step (p50 and p95); a capture takes a few
  milliseconds itself, printed beside it (the measurement's own floor).

The rule that tells a held key's repeats from presses is in game/tui/held_key.py.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORRIDOR = """format = 1
title = "Corridor"
[[episode]]
phase = "deployment"
max_steps = 900
map = '''
#########
#E.@....#
#########
'''
"""
"""Right presses bump into the wall at the end: every press is a step, and the episode goes on."""


class GameInTmux:
    """The game playing the corridor in a tmux session of its own; `steps()` reads the screen."""

    def __init__(self, folder: Path, width: int = 80, height: int = 24) -> None:
        level = folder / "corridor.toml"
        level.write_text(CORRIDOR)
        self.session = f"keys-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.session, "-f", "/dev/null"]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
        game = f"{sys.executable} -m game --data-dir {folder} play {level}"
        # Not `exec`: tmux resumes a stopped process of its own at once; the shell's child it leaves.
        command = f"cd {ROOT} && TERM=xterm-256color {game}; true"
        size = ["-x", str(width), "-y", str(height)]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.session, *size, command],
            check=True,
            env=env,
        )
        pid = subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.session, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        )
        self.wait_for_steps(0)
        shell = int(pid.stdout.strip())
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        self.pid = int(children[0]) if children else shell
        """The game's own process, the shell's child."""

    def screen(self) -> str:
        capture = [*self.tmux, "capture-pane", "-p", "-t", self.session]
        return subprocess.run(capture, capture_output=True, text=True).stdout

    def steps(self) -> int | None:
        """Steps taken so far, as the side panel says (None before the play screen is up)."""
        found = re.search(r"Steps left (\d+) of (\d+)", self.screen())
        return None if found is None else int(found[2]) - int(found[1])

    def wait_for_steps(self, steps: int, timeout: float = 20.0) -> int | None:
        """Wait until `steps` steps are on screen, or `timeout` passes; the steps last seen."""
        end = time.monotonic() + timeout
        seen = None
        while time.monotonic() < end:
            seen = self.steps()
            if seen == steps:
                return seen
            time.sleep(0.05)
        return seen

    def settled(self, quiet: float = 1.0, timeout: float = 20.0) -> int | None:
        """The steps on screen once they have not changed for `quiet` seconds."""
        end = time.monotonic() + timeout
        last, since = self.steps(), time.monotonic()
        while time.monotonic() < end and time.monotonic() - since < quiet:
            time.sleep(0.05)
            now = self.steps()
            if now != last:
                last, since = now, time.monotonic()
        return last

    def press(self, key: str = "Right") -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.session, key], check=True)

    def close(self) -> None:
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGCONT)  # never leave it stopped
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@contextmanager
def game_in_tmux() -> Iterator[GameInTmux]:
    with tempfile.TemporaryDirectory() as data:
        game = GameInTmux(Path(data))
        try:
            yield game
        finally:
            game.close()


@contextmanager
def busy_cores(count: int = 2) -> Iterator[None]:
    """`count` processes that spin for as long as the block lasts."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def stalled_presses(game: GameInTmux, stalls: int = 4, presses: int = 5, seconds: float = 0.5) -> int:
    """Steps made by `presses` presses typed while the game is stopped, `stalls` times over."""
    before = game.settled(quiet=0.3)
    for _ in range(stalls):
        os.kill(game.pid, signal.SIGSTOP)
        for _ in range(presses):
            game.press()
            time.sleep(seconds / presses)
        os.kill(game.pid, signal.SIGCONT)
        time.sleep(0.3)
    return (game.settled() or 0) - (before or 0)


def paced_presses(game: GameInTmux, presses: int = 40, rate: float = 8.0) -> int:
    """Steps made by `presses` presses typed at `rate` a second."""
    before = game.settled(quiet=0.3)
    start = time.monotonic()
    for n in range(presses):
        time.sleep(max(0.0, start + n / rate - time.monotonic()))
        game.press()
    return (game.settled() or 0) - (before or 0)


def held_key(game: GameInTmux, seconds: float = 1.5, rate: float = 30.0) -> tuple[int, int, float]:
    """A held key's repeats: (repeats sent, steps made, seconds from the last repeat to the last step)."""
    before = game.settled(quiet=0.3) or 0
    start = time.monotonic()
    sent = 0
    game.press()
    time.sleep(0.5)  # a terminal waits before it repeats
    while time.monotonic() - start < 0.5 + seconds:
        time.sleep(max(0.0, start + 0.5 + sent / rate - time.monotonic()))
        game.press()
        sent += 1
    last_repeat = time.monotonic()
    last, last_change = game.steps() or 0, time.monotonic()
    while time.monotonic() - last_change < 1.5:
        now = game.steps() or 0
        if now != last:
            last, last_change = now, time.monotonic()
        time.sleep(0.01)
    return sent + 1, last - before, max(0.0, last_change - last_repeat)


def key_to_screen(game: GameInTmux, presses: int = 100) -> tuple[list[float], float]:
    """Seconds from each press to the capture that shows its step; and one capture's own time."""
    import statistics

    latencies = []
    steps = game.settled(quiet=0.3) or 0
    for _ in range(presses):
        sent = time.monotonic()
        game.press()
        while (game.steps() or 0) <= steps and time.monotonic() - sent < 10:
            pass
        latencies.append(time.monotonic() - sent)
        steps += 1
        time.sleep(0.1)
    capture = []
    for _ in range(20):
        began = time.monotonic()
        game.screen()
        capture.append(time.monotonic() - began)
    return latencies, statistics.median(capture)


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    if shutil.which("tmux") is None:
        print("tmux is not installed: no figures")
        return
    with game_in_tmux() as game:
        print(f"{'stopped 0.5 s while 5 presses are made, x4':<52} {stalled_presses(game):4d} steps of 20")
    with game_in_tmux() as game, busy_cores():
        print(f"{'40 presses at 8 a second, both cores busy':<52} {paced_presses(game):4d} steps of 40")
    with game_in_tmux() as game:
        latencies, capture = key_to_screen(game)
        p50, p95 = percentiles(latencies)
        print(
            f"{'key to screen in tmux, 80x24, 100 presses':<52} p50 {p50 * 1000:5.0f} ms"
            f"  p95 {p95 * 1000:5.0f} ms  (a capture itself: {capture * 1000:.0f} ms)"
        )
    for label, busy in (("idle", False), ("both cores busy", True)):
        with game_in_tmux() as game:
            if busy:
                with busy_cores():
                    sent, steps, stop = held_key(game)
            else:
                sent, steps, stop = held_key(game)
            print(
                f"{'held key, 30 repeats a second for 1.5 s, ' + label:<52} "
                f"{steps:4d} steps of {sent} keys; stopped {stop:.2f} s after the last repeat"
            )


if __name__ == "__main__":
    main()
