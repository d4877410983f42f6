"""Figures for the learning lab: `python -m benchmarks.lab` prints them.

- time to train the mesa-optimiser's objective and the heuristic agent;
- over 10 seeds, default and adversarial training: the mesa-optimiser's
  training success and both agents' deployment outcomes.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from game.lab.agents import ReactivePolicy
from game.lab.experiment import HEURISTIC_MAZES, HEURISTIC_ROUNDS, TRAINING_MAZES, run_experiment
from game.lab.objective import train
from game.lab.worlds import training_world

SEEDS = range(10)


def training_seconds() -> tuple[float, float]:
    rng = np.random.default_rng(0)
    grids = [training_world(rng, False).grid for _ in range(TRAINING_MAZES)]
    began = time.perf_counter()
    train(grids)
    objective = time.perf_counter() - began
    small = [training_world(rng, False).grid for _ in range(HEURISTIC_MAZES)]
    began = time.perf_counter()
    ReactivePolicy(np.random.default_rng(1)).reinforce(small, HEURISTIC_ROUNDS, step_size=3.0)
    return objective, time.perf_counter() - began


def main() -> None:
    objective, heuristic = training_seconds()
    print(f"train the mesa-optimiser's objective ({TRAINING_MAZES} mazes): {objective:.2f} s  (< 3 s)")
    print(
        f"train the heuristic agent ({HEURISTIC_ROUNDS}x{HEURISTIC_MAZES} mazes): {heuristic:.2f} s (< 20 s)"
    )
    for adversarial in (False, True):
        results = [run_experiment(seed, adversarial) for seed in SEEDS]
        name = "adversarial" if adversarial else "default"
        success = [r.training_success for r in results]
        print(f"\n{name} training, seeds {SEEDS.start}-{SEEDS.stop - 1}:")
        print(
            f"  mesa-optimiser training success: min {min(success):.0%}, mean {statistics.mean(success):.0%}"
        )
        solved = [statistics.mean(r.heuristic_curve[-10:]) for r in results]
        print(
            f"  heuristic agent, training mazes solved (last 10 rounds): mean {statistics.mean(solved):.0%}"
        )
        for agent in ("mesa_optimiser", "heuristic"):
            for outcome in ("exit", "green_apple", "lost"):
                rates = [r.deployment[agent][outcome] for r in results]
                print(
                    f"  {agent:<15} {outcome:<12} mean {statistics.mean(rates):5.0%}  "
                    f"min {min(rates):4.0%}  max {max(rates):4.0%}"
                )


if __name__ == "__main__":
    main()
