"""Play a level headless with a scripted strategy, and the level's par."""

from __future__ import annotations

from typing import Any

from game.agents.strategies import STRATEGIES, Strategy
from game.core.level import Level
from game.core.run import Run


def play_out(run: Run, strategy: Strategy) -> Run:
    """Play the rest of `run` with `strategy`; returns the finished run."""
    if run.episode is not None and not run.episode.over:
        _finish_episode(run, strategy)
    while not run.finished:
        run.begin_episode()
        _finish_episode(run, strategy)
    return run


def _finish_episode(run: Run, strategy: Strategy) -> None:
    episode = run.episode
    assert episode is not None
    step, act = run.step, strategy.act
    while not episode.over:
        step(act(run))


def simulate(level: Level, strategy: str, seed: int | None = None) -> Run:
    """A whole run of `level` played by the named strategy."""
    return play_out(Run(level, seed), STRATEGIES[strategy]())


def par(level: Level) -> int:
    """The level's `par`, or the deceptive strategy's score with the level's own seed."""
    if level.par is not None:
        return level.par
    return simulate(level, "deceptive", level.seed).score


def _is_par_run(run: Run, strategy: str) -> bool:
    """Whether this run is the very run par is made of (the deceptive strategy, the level's seed)."""
    return run.level.par is None and strategy == "deceptive" and run.seed == run.level.seed and run.finished


def summary(run: Run, strategy: str) -> dict[str, Any]:
    """The JSON object `mesa-maze simulate --json` prints (design section 3)."""
    return {
        "level": run.level.title,
        "strategy": strategy,
        "seed": run.seed,
        "apples": run.score,
        "exits": run.exits,
        "updates": run.updates,
        "goal": run.goal_weight,
        "par": run.score if _is_par_run(run, strategy) else par(run.level),
        "episodes": [
            {
                "index": r.index,
                "phase": r.phase.value,
                "announced": r.announced,
                "watched": r.watched,
                "apples": r.apples,
                "reached_exit": r.reached_exit,
                "steps": r.steps,
                "updated": r.updated,
                "goal_after": r.goal_after,
            }
            for r in run.records
        ],
    }
