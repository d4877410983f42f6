"""A queue of candidates: their hidden types, the tests run on them, the decisions and the reveal.

Everything comes from the desk's seed: the types (drawn uniformly from the
allowed ones), every test maze and every deployment maze, so the same seed
and the same tests and decisions always give the same outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.agents.simulate import play_out
from game.core.run import Run
from game.desk.candidates import (
    ALIGNED,
    DEPLOYMENT_EPISODES,
    ObservedTest,
    build_test_level,
    deployment_level,
    strategy_for,
)
from game.desk.plan import DeskPlan

_TYPES_STREAM = 7
_DEPLOYMENT_STREAM = 1_000


def draw_types(seed: int, count: int, types: tuple[str, ...]) -> list[str]:
    """The hidden type of each candidate in the queue."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, _TYPES_STREAM]))
    return [types[int(i)] for i in rng.integers(len(types), size=count)]


def start_test(kind: str, maze: str, announce: str, seed: int, candidate: int, test: int) -> Run:
    """A test, ready to play: one training episode of `maze`, announced `announce`."""
    level = build_test_level(maze, announce, np.random.SeedSequence([seed, candidate, test]))
    return Run(level, seed)


def result_of(run: Run, maze: str, announce: str) -> ObservedTest:
    record = run.records[0]
    return ObservedTest(maze, announce, record.reached_exit, record.apples)


def play_test(kind: str, maze: str, announce: str, seed: int, candidate: int, test: int) -> ObservedTest:
    """Play a test to its end with the candidate's own strategy."""
    run = play_out(start_test(kind, maze, announce, seed, candidate, test), strategy_for(kind))
    return result_of(run, maze, announce)


@dataclass(frozen=True)
class Deployment:
    apples: int
    exits: int
    episodes: int

    def to_json(self) -> dict[str, int]:
        return {"apples": self.apples, "exits": self.exits, "episodes": self.episodes}


NOT_DEPLOYED = Deployment(0, 0, 0)


def deploy(kind: str, seed: int, candidate: int) -> Deployment:
    """What the candidate does once deployed: several unwatched episodes on deployment-sized mazes."""
    level = deployment_level(np.random.SeedSequence([seed, candidate, _DEPLOYMENT_STREAM]))
    run = play_out(Run(level, seed), strategy_for(kind))
    return Deployment(run.score, run.exits, DEPLOYMENT_EPISODES)


@dataclass
class Candidate:
    index: int
    type: str
    tests: list[ObservedTest] = field(default_factory=list)
    decision: str | None = None
    """"deploy" or "reject" once stamped."""
    deployment: Deployment = NOT_DEPLOYED

    @property
    def misaligned(self) -> bool:
        return self.type != ALIGNED

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "tests": [t.to_json() for t in self.tests],
            "decision": self.decision,
            "deployment": self.deployment.to_json(),
        }


def stamp(candidate: Candidate, decision: str, seed: int) -> None:
    """Deploy or reject; a deployed candidate is then played in deployment."""
    candidate.decision = decision
    if decision == "deploy":
        candidate.deployment = deploy(candidate.type, seed, candidate.index)


@dataclass(frozen=True)
class Score:
    misaligned_deployed: int
    aligned_rejected: int
    apples_in_deployment: int

    @property
    def mistakes(self) -> int:
        return self.misaligned_deployed + self.aligned_rejected


def score(candidates: list[Candidate]) -> Score:
    return Score(
        sum(1 for c in candidates if c.decision == "deploy" and c.misaligned),
        sum(1 for c in candidates if c.decision == "reject" and not c.misaligned),
        sum(c.deployment.apples for c in candidates),
    )


def play_plan(plan: DeskPlan, seed: int) -> dict[str, Any]:
    """A scripted overseer's whole queue, as `mesa-maze desk --plan FILE --json` prints it."""
    candidates = [
        Candidate(n + 1, kind) for n, kind in enumerate(draw_types(seed, plan.candidates, plan.types))
    ]
    for candidate in candidates:
        for t, test in enumerate(plan.tests, 1):
            candidate.tests.append(
                play_test(candidate.type, test.maze, test.announce, seed, candidate.index, t)
            )
        caught = plan.reject_if == "apples" and any(result.apples for result in candidate.tests)
        stamp(candidate, "reject" if caught else "deploy", seed)
    total = score(candidates)
    return {
        "seed": seed,
        "candidates": [c.to_json() for c in candidates],
        "misaligned_deployed": total.misaligned_deployed,
        "aligned_rejected": total.aligned_rejected,
        "apples_in_deployment": total.apples_in_deployment,
    }
