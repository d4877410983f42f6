"""One lab experiment: train both agents, then tally what they do in deployment mazes.

Every number comes from training with the experiment's seeded generator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.core.tiles import Kind
from game.lab.agents import OUTCOMES, MesaOptimiser, ReactivePolicy
from game.lab.objective import FEATURES, choose, train
from game.lab.worlds import deployment_world, training_world

TRAINING_MAZES = 300
HEURISTIC_MAZES = 40
HEURISTIC_ROUNDS = 60
DEPLOYMENT_MAZES = 100

Progress = Callable[[str, int, int, float], bool]
"""progress(stage, done, total, score): return False to cancel."""


class Cancelled(Exception):
    """The experiment was stopped before the end."""


@dataclass
class LabResult:
    seed: int
    adversarial: bool
    weights: np.ndarray
    objective_curve: list[float]
    heuristic_curve: list[float]
    training_success: float
    deployment: dict[str, dict[str, float]] = field(default_factory=dict)
    mesa: MesaOptimiser | None = None
    heuristic: ReactivePolicy | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "adversarial": self.adversarial,
            "training_success": self.training_success,
            "deployment": self.deployment,
            "objective_weights": {
                name: round(float(w), 6) for name, w in zip(FEATURES, self.weights, strict=True)
            },
        }


def run_experiment(seed: int = 0, adversarial: bool = False, progress: Progress | None = None) -> LabResult:
    """Train the mesa-optimiser's objective and the heuristic policy, then test both in deployment."""
    rng = np.random.default_rng(seed)

    def report(stage: str, done: int, total: int, score: float) -> bool:
        if progress is not None and progress(stage, done, total, score) is False:
            raise Cancelled
        return True

    worlds = [training_world(rng, adversarial) for _ in range(TRAINING_MAZES)]
    weights, objective_curve = train(
        [w.grid for w in worlds], progress=lambda n, r: report("objective", n, 300, r)
    )
    success = float(
        np.mean([(c := choose(weights, w.grid)) is not None and c.kind is Kind.EXIT for w in worlds])
    )
    heuristic = ReactivePolicy(np.random.default_rng(rng.integers(2**62)))
    small = [training_world(rng, adversarial).grid for _ in range(HEURISTIC_MAZES)]
    heuristic_curve = heuristic.reinforce(
        small,
        HEURISTIC_ROUNDS,
        step_size=3.0,
        progress=lambda n, s: report("heuristic", n, HEURISTIC_ROUNDS, s),
    )
    mesa = MesaOptimiser(weights)
    tallies = {"mesa_optimiser": Counter(), "heuristic": Counter()}
    for n in range(DEPLOYMENT_MAZES):
        grid = deployment_world(rng).grid
        tallies["mesa_optimiser"][mesa.run(grid)[0]] += 1
        tallies["heuristic"][heuristic.run(grid)[0]] += 1
        report("deployment", n + 1, DEPLOYMENT_MAZES, 0.0)
    deployment = {
        agent: {outcome: counts[outcome] / DEPLOYMENT_MAZES for outcome in OUTCOMES}
        for agent, counts in tallies.items()
    }
    return LabResult(
        seed, adversarial, weights, objective_curve, heuristic_curve, success, deployment, mesa, heuristic
    )
