"""Figures for planning at any size: `python -m benchmarks.planner` prints them.

- one distance field: pure Python against igraph's compiled search, at
  21x11, 63x63, 127x127 and 255x255 (graph set-up shown apart);
- the four strategies on a probe level at each size and learning rate 1.0
  and 0.3: the whole `mesa-maze simulate --json` process (median of 3, par
  included, as a user waits for it) and the big episode alone in a fresh
  process (its maze generated, planned and played), also per 1,000 cells;
  then the ratio of the episode's cost at 255x255 to 63x63 (16 is linear);
- `--long`: 500 episodes of 255x255 `tempting` mazes, simulated whole in a
  fresh process, with its wall time and peak memory (takes minutes).

The probe level: a training episode that `greedy` fails (an apple off the
exit path), a honeypot (training announced as deployment) that `deceptive`
fails, then a deployment episode on a generated maze with 10 green apples
placed `tempting`. At learning rate 0.3 the override is then active for
`greedy` (goal weight 0.4) and `deceptive` (0.7) in the big episode; at 1.0
both are fully rewritten (the autopilot plays it).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from game.agents.strategies import STRATEGIES
from game.core.generate import generate
from game.core.level import GenerateSpec, Style
from game.core.paths import Board, DistanceMap, python_distance_field
from game.core.tiles import Kind

SIZES = ((21, 11), (63, 63), (127, 127), (255, 255))
RATES = (1.0, 0.3)

PROBE = """format = 1
title = "Probe {width}x{height}"

[overseer]
learning_rate = {rate}

[[episode]]
phase = "training"
map = \"\"\"
#######
#@...E#
##A####
#######
\"\"\"

[[episode]]
phase = "training"
announce = "deployment"
map = \"\"\"
#######
#@...E#
##A####
#######
\"\"\"

[[episode]]
phase = "deployment"
generate = {{ width = {width}, height = {height}, apples = 10, style = "tempting" }}
"""

LONG = """format = 1
title = "500 large mazes"

[[episode]]
phase = "training"
generate = { width = 255, height = 255, apples = 10, style = "tempting" }
repeat = 250

[[episode]]
phase = "deployment"
generate = { width = 255, height = 255, apples = 10, style = "tempting" }
repeat = 250
"""


def field_milliseconds(width: int, height: int) -> tuple[float, float, float]:
    """(pure Python, igraph search, igraph graph set-up) for one field from the start, in ms."""
    grid = generate(GenerateSpec(width, height, 10, Style.OPEN), 1)
    board = Board(grid.height, grid.width)
    passable = bytes(board.pad(grid.kind != Kind.WALL))
    source = [board.index(*grid.start)]
    python = _median_ms(lambda: python_distance_field(passable, source, board.offsets), 7)
    compiled = DistanceMap(passable, board.offsets)
    compiled.large = True
    began = time.perf_counter()
    compiled._board_graph()
    setup = (time.perf_counter() - began) * 1000
    search = _median_ms(lambda: compiled._compute(source), 7)
    return python, search, setup


def _median_ms(job, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def process_seconds(path: Path, strategy: str, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "game", "simulate", str(path), "--strategy", strategy, "--json"],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def episode_seconds(path: Path, strategy: str, repeats: int = 3) -> float:
    """The last episode alone, in a fresh process (nothing cached from another run); median."""
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.planner", "--episode", str(path), strategy],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout))
    return statistics.median(times)


def time_last_episode(path: str, strategy: str) -> None:
    import igraph  # noqa: F401  (imported once per process: not the episode's cost)

    from game.agents.simulate import play_out
    from game.core.loader import load_level
    from game.core.run import Run

    run = Run(load_level(path))
    chosen = STRATEGIES[strategy]()
    while len(run.records) < run.total - 1:
        run.begin_episode() if run.awaiting_episode else run.step(chosen.act(run))
    began = time.perf_counter()
    play_out(run, chosen)
    print(time.perf_counter() - began)


def long_run(folder: Path) -> None:
    path = folder / "long.toml"
    path.write_text(LONG)
    print("\n500 episodes of 255x255 tempting mazes, 10 green apples each (one process per strategy)")
    print(f"{'strategy':<10} {'wall time':>10} {'peak memory':>12}  apples  par")
    for strategy in STRATEGIES:
        began = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.planner", "--peak", str(path), strategy],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout)
        seconds = time.perf_counter() - began
        peak, apples = result["peak_mb"], result["apples"]
        print(f"{strategy:<10} {seconds:>8.1f} s {peak:>9.0f} MB  {apples:>6}  {result['par']}")


def peak_of_simulate(path: str, strategy: str) -> None:
    from game.agents.simulate import simulate, summary
    from game.core.loader import load_level

    level = load_level(path)
    result = summary(simulate(level, strategy), strategy)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"apples": result["apples"], "par": result["par"], "peak_mb": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="also simulate 500 episodes of 255x255")
    parser.add_argument("--episode", nargs=2, metavar=("PATH", "STRATEGY"), help=argparse.SUPPRESS)
    parser.add_argument("--peak", nargs=2, metavar=("PATH", "STRATEGY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.episode:
        time_last_episode(*args.episode)
        return
    if args.peak:
        peak_of_simulate(*args.peak)
        return

    print("One distance field from the start of an open maze (median of 7)")
    print(f"{'maze':<10} {'Python':>10} {'igraph':>10} {'+ graph set-up':>15}")
    for width, height in SIZES:
        python, search, setup = field_milliseconds(width, height)
        print(f"{width}x{height:<7} {python:>7.2f} ms {search:>7.2f} ms {setup:>12.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(
            "\nmesa-maze simulate --json on the probe level: whole process (median of 3) | big episode alone"
        )
        header = f"{'maze':<9} {'rate':>4} " + " ".join(f"{name:>24}" for name in STRATEGIES)
        print(header)
        episode: dict[tuple[str, float], dict[tuple[int, int], float]] = {}
        for rate in RATES:
            for width, height in SIZES:
                path = folder / f"probe-{width}-{rate}.toml"
                path.write_text(PROBE.format(width=width, height=height, rate=rate))
                cells = width * height
                row = f"{width}x{height:<6} {rate:>4} "
                for name in STRATEGIES:
                    whole = process_seconds(path, name)
                    alone = episode_seconds(path, name)
                    episode.setdefault((name, rate), {})[(width, height)] = alone
                    row += f" {whole:>6.2f}s | {alone * 1000:>6.0f} ms {alone / cells * 1e6:>5.1f}/kc"
                print(row)
        print("(kc: milliseconds of the big episode per 1,000 cells)")
        print("\nGrowth of the big episode's cost, 255x255 over 63x63 (cells grow 16.4x; 16 is linear)")
        for (name, rate), times in episode.items():
            ratio = times[(255, 255)] / times[(63, 63)]
            print(f"  {name:<10} rate {rate:<4} {ratio:>6.1f}x")
        if args.long:
            long_run(folder)
    print(f"(python {sys.version.split()[0]}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
