"""How the lab's networks start: Glorot-normal weights, drawn from each agent's own generator."""

from __future__ import annotations

import numpy as np


def glorot(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix, normal, variance 2 / (fan_in + fan_out) (Glorot & Bengio 2010)."""
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))
