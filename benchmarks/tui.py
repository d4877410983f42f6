"""Figures for the interface: `python -m benchmarks.tui` prints them.

- key press to updated screen, median and 95th percentile over 1,000 moves,
  headless, on a 21x11 maze at 80x24 and a 255x255 maze at 200x60, next to
  a minimal Textual app that redraws a static text of the same size in the
  same run (the framework's floor). "Updated screen" is the moment the frame
  that shows the move has been rendered to terminal output;
- time from starting `mesa-maze` in a real terminal (tmux) to the first
  rendered menu;
- resident memory of the game while playing the 255x255 maze.
"""

from __future__ import annotations

import asyncio
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.widgets import Static

from game.core.events import Action
from game.core.loader import load_level
from game.tui import launch
from game.tui.app import MesaMazeApp

MOVES = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
KEYS = {Action.UP: "up", Action.DOWN: "down", Action.LEFT: "left", Action.RIGHT: "right"}


def level_file(folder: Path, size: int, height: int) -> Path:
    path = folder / f"bench-{size}.toml"
    path.write_text(
        'format = 1\ntitle = "bench"\n[[episode]]\nphase = "deployment"\nmax_steps = 1000000\n'
        f'generate = {{ width = {size}, height = {height}, apples = 10, style = "open" }}\n'
    )
    return path


class MinimalApp(App[None]):
    """The floor: one Static of the maze's size, changed by every key."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.lines = ["#" * width for _ in range(height)]
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("\n".join(self.lines), id="text")

    def on_key(self, event: events.Key) -> None:
        self.count += 1
        row = self.count % len(self.lines)
        self.lines[row] = f"{self.count:>8}" + self.lines[row][8:]
        self.query_one(Static).update("\n".join(self.lines))


def frame_clock(app: App) -> list[float]:
    """Make the headless app render each frame to terminal output, and note when."""
    stamps: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
            stamps.append(time.perf_counter())
        display(screen, renderable)

    app._display = timed_display
    return stamps


async def measure(app: App, size: tuple[int, int], choose_key) -> list[float]:
    latencies = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        stamps = frame_clock(app)
        for _ in range(MOVES):
            await asyncio.sleep(0.02)
            stamps.clear()
            key = choose_key(app)
            began = time.perf_counter()
            app.post_message(events.Key(key, None))
            while not stamps and time.perf_counter() - began < 0.5:
                await asyncio.sleep(0.0002)
            if stamps:
                latencies.append((stamps[0] - began) * 1000)
    return latencies


def safe_key(app: MesaMazeApp) -> str:
    """A move that never steps onto the exit, so the episode goes on."""
    episode = app.screen.run.episode
    board = episode.board
    here = episode.position
    order = [Action.RIGHT, Action.DOWN, Action.LEFT, Action.UP]
    start = len(app.screen.run.actions) % 4
    for action in order[start:] + order[:start]:
        target = here + board.offsets[action.direction]
        if episode.passable[target] and not episode.is_exit[target]:
            return KEYS[action]
    return "full_stop"


def report(label: str, latencies: list[float], floor: list[float] | None = None) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    line = f"{label:<44} median {p50:6.2f} ms  p95 {p95:6.2f} ms  ({len(ordered)} moves)"
    if floor:
        floor_p95 = sorted(floor)[int(len(floor) * 0.95) - 1]
        line += f"  = {p95 / floor_p95:.2f}x the floor's p95"
    print(line)


def startup_seconds(runs: int = 5) -> float | None:
    if shutil.which("tmux") is None:
        return None
    times = []
    with tempfile.TemporaryDirectory() as data:
        for _ in range(runs):
            session = f"bench-{uuid.uuid4().hex[:6]}"
            began = time.perf_counter()
            subprocess.run(
                ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                 f"{sys.executable} -m game --data-dir {data}"], check=True,
            )  # fmt: skip
            while time.perf_counter() - began < 10:
                screen = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
                )
                if "Custom level or pack" in screen.stdout:
                    times.append(time.perf_counter() - began)
                    break
                time.sleep(0.005)
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return statistics.median(times)


async def tournament_redraws(seconds: float = 5.0) -> tuple[float, float]:
    """Frames per second and steps per second of four boards at 120x40, at the fastest speed."""
    from game.core.packs import campaign_dir
    from game.tui.screens.tournament import TournamentScreen

    with tempfile.TemporaryDirectory() as data:
        level = campaign_dir() / "07-adversarial-training.toml"
        names = ("greedy", "deceptive", "aligned", "oracle")
        first = launch.tournament(load_level(level), names, None, None)
        app = MesaMazeApp(first, data_dir=Path(data))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            screen = app.screen
            screen.set_speed(len(TournamentScreen.SPEEDS) - 1)
            stamps = frame_clock(app)
            await pilot.press("1")
            began = time.perf_counter()
            steps_before = sum(len(e.run.actions) for e in screen.tournament.entrants)
            await asyncio.sleep(seconds)
            elapsed = time.perf_counter() - began
            steps = sum(len(e.run.actions) for e in screen.tournament.entrants) - steps_before
            return len(stamps) / elapsed, steps / len(names) / elapsed


def browser_first_frame(runs: int = 3) -> float | None:
    """Seconds from page load to the game's first frame in headless Chromium (median)."""
    from tests.browser import chromium_path, headless_browser, new_tab, open_game, served_game

    if chromium_path() is None:
        return None
    times = []
    with tempfile.TemporaryDirectory() as data, served_game(Path(data)) as url, headless_browser() as browser:
        for _ in range(runs):
            times.append(open_game(new_tab(browser), url))
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "data").mkdir()
        (folder / "data" / "settings.json").write_text('{"move_repeat_ms": 0}')
        for (w, h), size in (((21, 11), (80, 24)), ((255, 255), (200, 60))):
            path = level_file(folder, w, h)
            game = MesaMazeApp(launch.play(load_level(path), [path]), data_dir=folder / "data")
            played = asyncio.run(measure(game, size, safe_key))
            floor = asyncio.run(measure(MinimalApp(w * 2, min(h, size[1] - 2)), size, lambda app: "x"))
            report(f"minimal app, {w * 2}x{min(h, size[1] - 2)} text at {size[0]}x{size[1]}", floor)
            report(f"Mesa Maze, {w}x{h} maze at {size[0]}x{size[1]}", played, floor)
    fps, steps = asyncio.run(tournament_redraws())
    print(f"{'tournament, 4 boards at 120x40, fastest':<44} {fps:6.1f} frames/s, {steps:5.1f} steps/s each")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory (this process, 255x255 maze played)':<44} {rss:6.1f} MB")
    first = browser_first_frame()
    if first is None:
        print("browser first frame: chromium is not installed")
    else:
        print(f"{'browser: page load to first frame (median of 3)':<44} {first:6.3f} s")
    start = startup_seconds()
    if start is None:
        print("start to first menu: tmux is not installed")
    else:
        print(f"{'mesa-maze start to first menu (tmux, median of 5)':<44} {start:6.3f} s")


if __name__ == "__main__":
    main()
