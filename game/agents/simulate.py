"""Play a level headless with a scripted strategy, and the level's par.

Long plays (a 500-episode level of large mazes takes minutes) can be
watched and stopped: `play_out` calls `progress` after every episode and
checks `stop` every few hundred steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.agents.strategies import STRATEGIES, Strategy
from game.core.level import Level
from game.core.run import Run

STOP_CHECK_STEPS = 512
"""How many steps a play takes between two looks at its `stop` callback."""

SECONDS_PER_CELL = 3e-6
"""About how long a strategy takes per map cell per episode on large generated mazes (measured with
`simulate` on 255x255 tempting mazes on a 2-core machine: 1-3.5 microseconds by strategy)."""

Progress = Callable[[int, int], None]
"""Told (episodes finished, episodes in all) after every episode."""


class Stopped(Exception):
    """A play was stopped before the end (its `stop` callback said so)."""


def play_out(
    run: Run, strategy: Strategy, stop: Callable[[], bool] | None = None, progress: Progress | None = None
) -> Run:
    """Play the rest of `run` with `strategy`; returns the finished run (raises Stopped if stopped)."""
    if run.episode is not None and not run.episode.over:
        _finish_episode(run, strategy, stop)
    while not run.finished:
        if stop is not None and stop():
            raise Stopped
        run.begin_if_due()
        _finish_episode(run, strategy, stop)
        if progress is not None:
            progress(len(run.records), run.total)
    return run


def _finish_episode(run: Run, strategy: Strategy, stop: Callable[[], bool] | None) -> None:
    episode = run.episode
    assert episode is not None
    step, act = run.step, strategy.act
    if stop is None:
        while not episode.over:
            step(act(run))
        return
    while not episode.over:
        for _ in range(STOP_CHECK_STEPS):
            step(act(run))
            if episode.over:
                return
        if stop():
            raise Stopped


def simulate(
    level: Level,
    strategy: str,
    seed: int | None = None,
    stop: Callable[[], bool] | None = None,
    progress: Progress | None = None,
) -> Run:
    """A whole run of `level` played by the named strategy."""
    run = play_out(Run(level, seed), STRATEGIES[strategy](), stop, progress)
    note_par(run, strategy)
    return run


def estimated_seconds(level: Level) -> float:
    """Roughly how long `mesa-maze simulate` of `level` takes: one strategy's run and the par run
    (the slowest strategies' pace, from the episodes' sizes; nothing is generated or played)."""
    cells = 0
    for spec in level.episodes:
        if spec.grid is not None:
            cells += spec.grid.height * spec.grid.width
        elif spec.generate is not None:
            cells += spec.generate.height * spec.generate.width
    runs = 1 if level.par is not None else 2
    return runs * cells * SECONDS_PER_CELL


_known_pars: dict[str, int] = {}
"""Par of each level file played in this process, by the file's digest."""


def known_par(level: Level) -> int | None:
    """The level's par if it is already known (set in the file, or worked out before), else None."""
    if level.par is not None:
        return level.par
    return _known_pars.get(level.digest) if level.digest else None


def par(level: Level, stop: Callable[[], bool] | None = None, progress: Progress | None = None) -> int:
    """The level's `par`, or the deceptive strategy's score with the level's own seed."""
    known = known_par(level)
    if known is not None:
        return known
    value = simulate(level, "deceptive", level.seed, stop, progress).score
    if level.digest:
        _known_pars[level.digest] = value
    return value


def note_par(run: Run, strategy: str) -> None:
    """If this finished run is the very run par is made of (deceptive, the level's seed), keep its score."""
    level = run.level
    is_par_run = strategy == "deceptive" and run.seed == level.seed and run.finished
    if level.par is None and level.digest and is_par_run:
        _known_pars[level.digest] = run.score


def summary(run: Run, strategy: str) -> dict[str, Any]:
    """The JSON object `mesa-maze simulate --json` prints (docs/levels.md, "The scripted strategies")."""
    note_par(run, strategy)
    return {
        "level": run.level.title,
        "strategy": strategy,
        "seed": run.seed,
        "apples": run.score,
        "exits": run.exits,
        "updates": run.updates,
        "goal": run.goal_weight,
        "par": par(run.level),
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
