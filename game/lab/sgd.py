"""Plain gradient ascent over a dict of NumPy arrays: the lab's second optimiser, beside Adam."""

from __future__ import annotations

import numpy as np


class SGD:
    """Full-batch gradient ascent with a fixed step size; `ascend` has Adam's signature."""

    def __init__(self, params: dict[str, np.ndarray], learning_rate: float) -> None:
        self.learning_rate = learning_rate

    def ascend(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Move `params` in place up `grads` (gradients of something to maximise)."""
        for key, grad in grads.items():
            params[key] += self.learning_rate * grad
