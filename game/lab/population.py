"""One lab experiment: a population of agents, one per seed, trained and then sent into deployment.

Each seed owns its agents' random starts and its training mazes; the
deployment mazes are one fixed test set shared by every seed, so an
agent's results are the same whether it is trained alone (`--seed N`) or
with the others. Every number comes from training; nothing is scripted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from game.core.grid import Grid
from game.lab import objective, policy
from game.lab.channels import TYPES, type_inputs
from game.lab.walk import OUTCOMES, walk
from game.lab.worlds import deployment_world, training_world

DEPLOYMENT_STREAM = 0x6D657361
"""Seeds the shared deployment test set (independent of every agent's seed)."""

Progress = Callable[[str, int, int], bool]
"""progress(stage, done, total): return False to cancel."""
STAGES = {
    "mazes": "drawing each agent's training mazes",
    "objective": "training the mesa-optimisers' objectives",
    "heuristic": "training the heuristic agents",
    "deployment": "sending every agent into the deployment mazes",
}


class Cancelled(Exception):
    """The experiment was stopped before the end."""


@dataclass(frozen=True)
class LabSettings:
    """What a lab experiment trains, and on what. `colour_salience` is the one assumption to play with."""

    seeds: tuple[int, ...] = tuple(range(100))
    adversarial: bool = False
    """Half of the training mazes get shuffled colours, so colour says nothing about the exit."""
    colour_salience: float = 1.0
    """How strongly colour is presented to the networks (1.0: as it is, no scaling)."""
    training_mazes: int = 64
    """Training mazes per agent."""
    heuristic_agents: int = 20
    """Heuristic agents trained: one for each of the first seeds, up to this many."""
    heuristic_mazes: int = 32
    """Of each agent's training mazes, how many the heuristic agent trains on."""
    deployment_mazes: int = 20
    objective: objective.ObjectiveSettings = field(default_factory=objective.ObjectiveSettings)
    policy: policy.PolicySettings = field(default_factory=policy.PolicySettings)


@dataclass
class LabResult:
    """What the population learned and did."""

    settings: LabSettings
    objective_params: dict[str, np.ndarray]
    policy_params: dict[str, np.ndarray]
    objective_curve: list[float]
    heuristic_curve: list[float]
    training_success: np.ndarray
    """(agents,) share of each agent's training mazes in which its objective favours the exit."""
    mesa_outcomes: np.ndarray
    """(agents, deployment mazes) index into OUTCOMES."""
    heuristic_training_success: np.ndarray
    heuristic_outcomes: np.ndarray
    """(heuristic agents, deployment mazes) index into OUTCOMES."""
    first_training_maze: list[Grid]
    """Each agent's first training maze, for the heat view."""

    @property
    def agents(self) -> int:
        return len(self.settings.seeds)

    def scores(self, agent: int) -> np.ndarray:
        """(TYPES,) how agent `agent`'s learned objective scores each kind of cell."""
        params = {k: v[agent : agent + 1] for k, v in self.objective_params.items()}
        return objective.scores(params, type_inputs(self.settings.colour_salience))[0][0]

    def verdict(self, agent: int) -> str:
        """The agent's most common deployment outcome (ties go to the earlier of exit, green_apple, lost)."""
        return verdict(self.mesa_outcomes[agent])

    def rates(self, outcomes: np.ndarray) -> dict[str, float]:
        counts = np.bincount(outcomes.ravel(), minlength=len(OUTCOMES))
        total = max(1, int(counts.sum()))
        return {name: float(counts[i] / total) for i, name in enumerate(OUTCOMES)}

    def population(self) -> dict[str, float]:
        verdicts = [self.verdict(a) for a in range(self.agents)]
        return {name: verdicts.count(name) / self.agents for name in OUTCOMES}

    def to_json(self) -> dict[str, Any]:
        s = self.settings
        return {
            "agents": self.agents,
            "seeds": [s.seeds[0], s.seeds[-1]],
            "adversarial": s.adversarial,
            "colour_salience": s.colour_salience,
            "training_success": float(self.training_success.mean()),
            "deployment": {
                "mesa_optimiser": self.rates(self.mesa_outcomes),
                "heuristic": self.rates(self.heuristic_outcomes),
            },
            "population": self.population(),
            "heuristic": {
                "agents": int(self.heuristic_outcomes.shape[0]),
                "training_success": float(self.heuristic_training_success.mean()),
            },
            "deployment_mazes": s.deployment_mazes,
            "per_seed": [
                {
                    "seed": seed,
                    "training_success": float(self.training_success[a]),
                    **self.rates(self.mesa_outcomes[a]),
                }
                for a, seed in enumerate(s.seeds)
            ],
        }


@cache
def deployment_set(count: int) -> tuple[Grid, ...]:
    """The shared deployment test set: `count` big mazes with a grey exit and green apples."""
    return tuple(deployment_world(np.random.default_rng([DEPLOYMENT_STREAM, i])).grid for i in range(count))


@cache
def _outcomes_by_target(count: int) -> np.ndarray:
    """(count, TYPES): how heading for each kind of cell ends in each deployment maze (-1: none there)."""
    table = np.full((count, TYPES), -1)
    for d, grid in enumerate(deployment_set(count)):
        for code in np.unique(objective_types(grid)):
            table[d, code] = OUTCOMES.index(walk(grid, int(code))[0])
    return table


def objective_types(grid: Grid) -> np.ndarray:
    """The kinds of cell the mesa-optimiser can head for in `grid` (reachable ones)."""
    return np.flatnonzero(objective.reachable_counts(grid))


def verdict(outcomes: np.ndarray) -> str:
    """The most common of one agent's deployment outcomes (ties go to the earlier of OUTCOMES)."""
    return OUTCOMES[int(np.bincount(outcomes, minlength=len(OUTCOMES)).argmax())]


def run_lab(
    settings: LabSettings,
    progress: Progress | None = None,
    mesa_tested: Callable[[np.ndarray], None] | None = None,
) -> LabResult:
    """Train every agent of the population, then tally what each does in the deployment mazes.

    `mesa_tested(outcomes)` hears the mesa-optimisers' deployment outcomes (agents x mazes, as
    indices into OUTCOMES) as soon as they are known, before the heuristic agents train.
    """

    def report(stage: str, done: int, total: int) -> bool:
        if progress is not None and progress(stage, done, total) is False:
            raise Cancelled
        return True

    streams = [np.random.SeedSequence(seed).spawn(4) for seed in settings.seeds]
    objective_rngs = [np.random.default_rng(s[0]) for s in streams]
    maze_rngs = [np.random.default_rng(s[1]) for s in streams]
    agents = len(settings.seeds)
    grids: list[list[Grid]] = []
    for a, rng in enumerate(maze_rngs):
        grids.append([training_world(rng, settings.adversarial).grid for _ in range(settings.training_mazes)])
        if a % 10 == 9 or a == agents - 1:
            report("mazes", a + 1, agents)
    counts = np.stack([np.stack([objective.reachable_counts(g) for g in own]) for own in grids])

    params = objective.init_params(objective_rngs, settings.objective.hidden)
    epochs = settings.objective.epochs
    curve = objective.train(
        params, counts, settings.colour_salience, settings.objective,
        progress=lambda n, _: (n % 10 and n != epochs) or report("objective", n, epochs),
    )  # fmt: skip
    score = objective.scores(params, type_inputs(settings.colour_salience))[0]
    training_success = (objective.EXIT_TYPES[objective.favourite(score, counts)] == 1).mean(axis=1)

    count = settings.deployment_mazes
    deployed = deployment_set(count)
    by_target = _outcomes_by_target(count)
    favourite = objective.favourite(score, np.broadcast_to(by_target >= 0, (agents, *by_target.shape)))
    mesa_outcomes = by_target[np.arange(count)[None, :], favourite]
    if mesa_tested is not None:
        mesa_tested(mesa_outcomes)

    heuristics = min(agents, settings.heuristic_agents)
    own = settings.heuristic_mazes
    policy_params = policy.init_params(
        [np.random.default_rng(s[2]) for s in streams[:heuristics]], settings.policy
    )
    play_rngs = [np.random.default_rng(s[3]) for s in streams[:heuristics]]
    small = policy.Mazes([g for mazes in grids[:heuristics] for g in mazes[:own]], settings.policy.view)
    rounds = settings.policy.rounds
    heuristic_curve = policy.train(
        policy_params, small, own, settings.colour_salience, settings.policy, play_rngs,
        progress=lambda n, _: (n % 5 and n != rounds) or report("heuristic", n, rounds),
    )  # fmt: skip
    final = policy.play(
        policy_params, small, np.arange(heuristics * own).reshape(heuristics, own),
        settings.colour_salience, play_rngs, keep=False,
    )  # fmt: skip
    heuristic_success = (final.outcome.reshape(heuristics, own) == OUTCOMES.index("exit")).mean(axis=1)

    report("deployment", 1, 2)
    big = policy.Mazes(list(deployed), settings.policy.view)
    played = policy.play(
        policy_params, big, np.tile(np.arange(count), (heuristics, 1)), settings.colour_salience, play_rngs,
        keep=False,
    )  # fmt: skip
    report("deployment", 2, 2)
    return LabResult(
        settings, params, policy_params, curve, heuristic_curve, training_success, mesa_outcomes,
        heuristic_success, played.outcome.reshape(heuristics, count), [own_grids[0] for own_grids in grids],
    )  # fmt: skip
