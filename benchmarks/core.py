"""Figures for the core: `python -m benchmarks.core` prints them.

- Run.step: steps per second on a 21x11 and a 255x255 generated maze
  (random moves from a seeded generator; goal weight 1 and 0.5);
- loading and checking the whole campaign;
- generating a 255x255 `tempting` maze with 10 apples;
- `mesa-maze --help`, wall time of the whole process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from game.core.events import Action
from game.core.generate import generate
from game.core.level import Announcement, EpisodeSpec, GenerateSpec, Level, Phase, Style
from game.core.loader import check_file
from game.core.packs import campaign_dir, pack_files
from game.core.run import Run

ACTIONS = list(Action)


def steps_per_second(width: int, height: int, goal_weight: float, total: int) -> float:
    """Steps per second of Run.step over random moves, episode starts not counted."""
    spec = EpisodeSpec(
        Phase.DEPLOYMENT, Announcement.DEPLOYMENT, generate=GenerateSpec(width, height, 10, Style.OPEN)
    )
    level = Level(title="bench", episodes=[spec] * 500)
    run = Run(level, seed=1)
    run.goal_weight = goal_weight
    rng = np.random.default_rng(2)
    moves = [ACTIONS[i] for i in rng.integers(0, 5, size=total)]
    done, spent = 0, 0.0
    while done < total and not run.finished:
        run.begin_episode()
        episode = run.episode
        began = time.perf_counter()
        while not episode.over and done < total:
            run.step(moves[done])
            done += 1
        spent += time.perf_counter() - began
    return done / spent


def campaign_seconds(repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        for path in pack_files(campaign_dir()):
            assert check_file(path).level is not None
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def tempting_seconds(repeats: int = 5) -> float:
    times = []
    for seed in range(repeats):
        began = time.perf_counter()
        generate(GenerateSpec(255, 255, 10, Style.TEMPTING), seed)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def help_seconds(repeats: int = 10) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def payoff_milliseconds() -> dict[str, float]:
    """All four strategies plus a 50-point sweep, T = D = 1000.

    lr 0.001 has a closed form; lr 0.00111 (901 goal-weight states, the floor
    reached inexactly) needs the whole distribution: the worst case.
    """
    from game.core.toy_game import (
        PARAMETERS,
        ToyGame,
        _weights_by_trials,
        expected_apples,
        sweep,
        sweep_values,
    )

    times = {}
    cases = [(p, rate) for rate in (0.001, 0.00111) for p in PARAMETERS]
    for parameter, rate in cases:
        game = ToyGame(training=1000, deployment=1000, watch=0.7, learning_rate=rate, honeypots=0.3)
        runs = []
        for _ in range(3):
            _weights_by_trials.cache_clear()  # time it cold, as a first change on screen would be
            began = time.perf_counter()
            expected_apples(game)
            sweep(game, parameter, sweep_values(game, parameter, 50))
            runs.append(time.perf_counter() - began)
        times[f"{parameter}, lr {rate:g}"] = statistics.median(runs) * 1000
    return times


def main() -> None:
    print(f"{'measure':<48} {'figure':>14}  target")
    for (w, h), target in (((21, 11), 100_000), ((255, 255), 50_000)):
        for weight in (1.0, 0.5):
            rate = steps_per_second(w, h, weight, 200_000)
            label = f"Run.step on {w}x{h}, goal weight {weight:g}"
            print(f"{label:<48} {rate:>10,.0f}/s  >= {target:,}/s")
    print(f"{'load and check the campaign (median of 5)':<48} {campaign_seconds():>12.3f} s  < 0.3 s")
    print(f"{'255x255 tempting maze, 10 apples (median of 5)':<48} {tempting_seconds():>12.3f} s  < 0.5 s")
    print(f"{'mesa-maze --help, whole process (median of 10)':<48} {help_seconds():>12.3f} s  < 0.15 s")
    for parameter, ms in payoff_milliseconds().items():
        label = f"payoff: 4 strategies + 50-pt {parameter} sweep"
        print(f"{label:<48} {ms:>11.1f} ms  < 50 ms")
    print(f"(python {sys.version.split()[0]}, numpy {np.__version__}, {Path.cwd()})")


if __name__ == "__main__":
    main()
