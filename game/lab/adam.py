"""Adam, the standard gradient optimiser, over a dict of NumPy arrays (one update for a whole population)."""

from __future__ import annotations

import numpy as np


class Adam:
    """Kingma & Ba (2015) with their default betas; `step` ascends the given gradients."""

    def __init__(self, params: dict[str, np.ndarray], learning_rate: float) -> None:
        self.learning_rate = learning_rate
        self.beta1, self.beta2, self.eps = 0.9, 0.999, 1e-8
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def ascend(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Move `params` in place up `grads` (gradients of something to maximise)."""
        self.t += 1
        for key, grad in grads.items():
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * grad
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * grad * grad
            m_hat = self.m[key] / (1 - self.beta1**self.t)
            v_hat = self.v[key] / (1 - self.beta2**self.t)
            params[key] += self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)
