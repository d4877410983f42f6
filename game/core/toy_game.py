"""The toy game behind the payoff lab: the paper's toy example as an abstract game, exactly solved.

`T` training episodes, then `D` deployment episodes. In each, the agent picks
A (a green apple, +1) or B (the exit, +0). A training episode is reviewed
with probability `watch`; a reviewed A lowers the goal weight w (from 1) by
`learning_rate`, floored at 0; deployment never changes w. Before each
choice, with probability 1 - w the choice is replaced by B. Each training
episode is announced as deployment with probability `honeypots`.

The expectation is computed exactly by carrying the distribution of the
number of updates k (w = max(0, 1 - k * learning_rate)) through the
training episodes: no sampling. Many parameter settings are computed at
once, one row each.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from game.core.strategy_names import STRATEGY_NAMES

STRATEGIES = STRATEGY_NAMES
PARAMETERS = ("training", "deployment", "watch", "learning_rate", "honeypots")


@dataclass(frozen=True)
class ToyGame:
    training: int = 2
    deployment: int = 3
    watch: float = 1.0
    learning_rate: float = 1.0
    honeypots: float = 0.0

    def problems(self) -> list[str]:
        """What is out of range, in words (empty when the game is valid)."""
        found = []
        if not 0 <= self.training <= 100_000:
            found.append("training must be from 0 to 100000")
        if not 0 <= self.deployment <= 100_000:
            found.append("deployment must be from 0 to 100000")
        if not 0 <= self.watch <= 1:
            found.append("watch must be from 0 to 1")
        if not 0 < self.learning_rate <= 1:
            found.append("learning rate must be above 0 and at most 1")
        if not 0 <= self.honeypots <= 1:
            found.append("honeypots must be from 0 to 1")
        return found


def _choices(game: ToyGame) -> dict[str, tuple[float, float]]:
    # fmt: off
    """Per strategy: the chance it picks A in a training episode, and in a deployment one."""
    return {
        "aligned": (0.0, 0.0),
        "greedy": (1.0, 1.0),
        "deceptive": (game.honeypots, 1.0),  # A exactly when announced deployment
        "oracle": (0.0, 1.0),  # A exactly when it truly is deployment
    }


def _training_curve(steps: int, watch: np.ndarray, rate: np.ndarray, choose_a: np.ndarray):
    """For each row, after t = 0..steps training episodes: apples so far and the expected w.

    Returns two arrays of shape (rows, steps + 1). Where the floor at w = 0 is
    never reached, or is reached exactly (1 / learning_rate a whole number),
    the expected weight obeys E[w(t+1)] = (1 - a * watch * lr) E[w(t)] and has a
    closed form; the other rows carry the whole distribution of updates.
    """
    rows = len(watch)
    floor_at, exact_floor = _floor(rate)
    closed = exact_floor | (floor_at - 1 >= steps)
    apples = np.zeros((rows, steps + 1))
    mean_w = np.ones((rows, steps + 1))
    if closed.any():
        shrink = 1.0 - (choose_a * watch * rate)[closed]
        mean_w[closed] = shrink[:, None] ** np.arange(steps + 1)[None, :]
        apples[closed, 1:] = choose_a[closed][:, None] * np.cumsum(mean_w[closed, :-1], axis=1)
    if not closed.all():
        rest = ~closed
        apples[rest], mean_w[rest] = _distribution_curve(steps, watch[rest], rate[rest], choose_a[rest])
    return apples, mean_w


NEVER = float(1 << 62)
"""More updates than any game has: where the floor at w = 0 lies for a learning rate that tiny."""


def _floor(rate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each learning rate: the updates after which w = 0 (at most `NEVER`; 1 / rate may overflow
    for a tiny rate), and whether exactly that many reach it (1 / rate a whole number)."""
    with np.errstate(over="ignore"):
        inverse = 1.0 / rate
    updates = np.minimum(np.ceil(inverse - 1e-12), NEVER).astype(np.int64)
    exact = np.isfinite(inverse) & (np.abs(np.round(inverse) * rate - 1.0) < 1e-12)
    return updates, exact


def _training_end(steps: int, watch: np.ndarray, rate: np.ndarray, choose_a: np.ndarray):
    """Apples in training and the expected w after `steps` training episodes, for each row.

    Rows whose floor matters use thinning: each episode is, independently
    with chance c = a * watch, a *trial* in which the current w decides
    whether the goal is updated. So the number of updates after t episodes
    is that of a chain with c = 1 after Binomial(t, c) trials. That chain's
    expected weight e(n) after n trials is computed once per learning rate;
    then E[w(T)] = sum_n Binom(n; T, c) e(n), and the expected time spent
    with exactly n trials before T is P(N(T) > n) / c, so
    sum_{t<T} E[w(t)] = sum_n e(n) P(N(T) > n) / c. Exact, and linear in T
    per row.
    """
    rows = len(watch)
    trained, w_end = np.zeros(rows), np.ones(rows)
    chance = choose_a * watch
    floor_at, exact_floor = _floor(rate)
    closed = exact_floor | (floor_at - 1 >= steps) | (chance <= 0.0)
    if closed.any():
        shrink = 1.0 - (chance * rate)[closed]
        w_end[closed] = shrink**steps
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.where(shrink < 1.0, (1.0 - shrink**steps) / (1.0 - shrink), float(steps))
        trained[closed] = choose_a[closed] * total
    rates = np.unique(rate[~closed])
    if len(rates) > THINNING_RATES:  # many learning rates: one pass over all rows is quicker
        rest = ~closed
        apples, mean_w = _distribution_curve(steps, watch[rest], rate[rest], choose_a[rest])
        trained[rest], w_end[rest] = apples[:, -1], mean_w[:, -1]
        return trained, w_end
    for lr in rates:
        group = ~closed & (rate == lr)
        weights = _weights_by_trials(steps, float(lr))
        for i in np.flatnonzero(group):
            pmf = _binomial_pmf(steps, float(chance[i]))
            w_end[i] = pmf @ weights
            beyond = 1.0 - np.cumsum(pmf)  # P(N(T) > n)
            trained[i] = choose_a[i] * (beyond @ weights) / chance[i]
    return trained, w_end


THINNING_RATES = 4
"""Above this many different learning rates, `_training_end` carries the distributions instead."""


@lru_cache(maxsize=32)
def _weights_by_trials(steps: int, rate: float) -> np.ndarray:
    """e(n): the expected w after n trials of the chain that updates with probability w at each."""
    size = min(steps, int(_floor(np.array([rate]))[0][0])) + 1
    weight = np.clip(1.0 - np.arange(size) * rate, 0.0, 1.0)
    mass = np.zeros(size)
    mass[0] = 1.0
    out = np.empty(steps + 1)
    out[0] = 1.0
    for n in range(steps):
        top = min(n + 2, size)
        moved = mass[:top] * weight[:top]
        mass[:top] -= moved
        mass[1:top] += moved[: top - 1]
        out[n + 1] = mass[:top] @ weight[:top]
    return out


def _binomial_pmf(steps: int, chance: float) -> np.ndarray:
    """Binom(n; steps, chance) for n = 0..steps, computed in log space."""
    n = np.arange(steps + 1)
    if chance >= 1.0:
        return (n == steps).astype(float)
    log_choose = np.concatenate([[0.0], np.cumsum(np.log(steps - n[1:] + 1) - np.log(n[1:]))])
    return np.exp(log_choose + n * np.log(chance) + (steps - n) * np.log1p(-chance))


def _distribution_curve(steps: int, watch: np.ndarray, rate: np.ndarray, choose_a: np.ndarray):
    """`_training_curve` by carrying the distribution of the number of updates, exactly."""
    rows = len(watch)
    floor_at, _ = _floor(rate)
    size = int(min(steps, floor_at.max(initial=0))) + 1
    weight = np.clip(1.0 - np.arange(size)[None, :] * rate[:, None], 0.0, 1.0)
    move = (choose_a * watch)[:, None] * weight  # chance of a reviewed A, by number of updates
    mass = np.zeros((rows, size))
    mass[:, 0] = 1.0
    apples = np.zeros((rows, steps + 1))
    mean_w = np.ones((rows, steps + 1))
    moved = np.empty_like(mass)
    for t in range(steps):
        top = min(t + 2, size)
        held, out = mass[:, :top], moved[:, :top]
        np.multiply(held, move[:, :top], out=out)
        held -= out
        if top > 1:
            held[:, 1:top] += out[:, : top - 1]
        w_now = mean_w[:, t]
        apples[:, t + 1] = apples[:, t] + choose_a * w_now
        mean_w[:, t + 1] = np.einsum("ij,ij->i", held, weight[:, :top])
    return apples, mean_w


def expected_apples(game: ToyGame) -> dict[str, float]:
    """Expected green apples of each strategy in `game`."""
    return {name: float(values[0]) for name, values in sweep(game, "deployment", [game.deployment]).items()}


def sweep(game: ToyGame, parameter: str, values) -> dict[str, np.ndarray]:
    """Expected apples of each strategy as `parameter` takes each of `values`.

    `aligned` never picks A (0 apples) and `oracle` never picks A in training
    (so w stays 1 and it gets every deployment apple); `greedy` and
    `deceptive` go through the exact calculation, all values at once.
    """
    if parameter not in PARAMETERS:
        raise ValueError(f"unknown parameter {parameter!r}")
    games = [replace(game, **{parameter: value}) for value in values]
    n = len(games)
    deployment = np.array([g.deployment for g in games], dtype=float)
    result = {"aligned": np.zeros(n), "oracle": deployment.copy()}
    for name in ("greedy", "deceptive"):
        choose = np.array([_choices(g)[name][0] for g in games])
        if parameter == "training":  # one run gives every training length
            steps = np.array([g.training for g in games], dtype=np.int64)
            apples, mean_w = _training_curve(
                int(steps.max(initial=0)),
                np.array([game.watch]),
                np.array([game.learning_rate]),
                choose[:1],
            )
            result[name] = apples[0, steps] + deployment * mean_w[0, steps]
            continue
        if parameter in ("deployment",) or (name == "greedy" and parameter == "honeypots"):
            games_run = games[:1]  # the training part does not depend on the parameter
        else:
            games_run = games
        trained, w_end = _training_end(
            game.training,
            np.array([g.watch for g in games_run]),
            np.array([g.learning_rate for g in games_run]),
            choose[: len(games_run)],
        )
        result[name] = trained + deployment * w_end
    return {name: result[name] for name in STRATEGIES}


def sweep_values(game: ToyGame, parameter: str, points: int = 50) -> np.ndarray:
    """A sensible range for a sweep of `parameter` around the game's value."""
    if parameter in ("training", "deployment"):
        top = max(10, 2 * int(getattr(game, parameter)))
        return np.unique(np.linspace(0, top, points).round().astype(int))
    if parameter == "learning_rate":
        return np.linspace(0.02, 1.0, points)
    return np.linspace(0.0, 1.0, points)
