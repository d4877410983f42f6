"""The mesa-optimiser's learned objective: a small neural network over raw cell channels.

The objective network (an MLP: 12 raw channels, one hidden tanh layer, one
score) scores each kind of cell. The mesa-optimiser is a planner over that
score: in a maze it weighs every plan it has (a route through floor to each
object it can reach, or wandering until the steps run out) by the learned
score summed over the cells the plan enters (see `plans.py`), and carries
out the plan worth most. Training is gradient ascent on the base reward:
the chance that the planner heads for an exit when it picks its plan by a
softmax over the plans' worth, averaged over an agent's training mazes.

Cells of the same kind and colour give the network the same input, so the
network is evaluated once for each of the 32 kinds of cell; a maze is
stored as its plans (the kind each ends on, the cells each enters).

Parameters carry a leading population axis: one row per agent (per seed),
each with its own random start, all trained in the same NumPy operations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.core.grid import Grid
from game.core.paths import INF, Board, distance_field
from game.core.tiles import Kind
from game.lab.adam import Adam
from game.lab.channels import CELL_CHANNELS, TYPES, type_code, type_inputs
from game.lab.init import glorot
from game.lab.plans import FLOOR, Packed, values
from game.lab.sgd import SGD


@dataclass(frozen=True)
class ObjectiveSettings:
    """How the objective network is built and trained; textbook defaults, none tuned to an outcome."""

    hidden: int = 16
    """Units in the hidden layer."""
    epochs: int = 300
    """Full-batch steps of gradient ascent."""
    optimiser: str = "adam"
    """`adam` (Kingma & Ba) or `sgd` (plain gradient ascent): an inductive bias of its own."""
    learning_rate: float = 0.01
    """Adam's step size (its usual default is 0.001; 0.01 trains in fewer steps, same optimum)."""
    sgd_learning_rate: float = 1.0
    """Plain gradient ascent's step size."""

    def make_optimiser(self, params: dict[str, np.ndarray]) -> Adam | SGD:
        """A fresh optimiser of this kind over `params`."""
        if self.optimiser == "sgd":
            return SGD(params, self.sgd_learning_rate)
        if self.optimiser == "adam":
            return Adam(params, self.learning_rate)
        raise ValueError(f"unknown optimiser {self.optimiser!r} (adam or sgd)")


OPTIMISERS = ("adam", "sgd")


EXIT_TYPES = np.array([code // 8 == Kind.EXIT for code in range(TYPES)], dtype=float)
"""1 for the kinds of cell that are exits: the base reward of heading there."""


def reachable_counts(grid: Grid) -> np.ndarray:
    """(TYPES,) how many cells of each kind-and-colour can be reached from the start."""
    board = Board(grid.height, grid.width)
    field = distance_field(board.pad(grid.kind != Kind.WALL), [board.index(*grid.start)], board.offsets)
    reach = board.unpad(field) < INF
    codes = type_code(grid.kind[reach].astype(np.int64), grid.colour[reach].astype(np.int64))
    return np.bincount(codes, minlength=TYPES).astype(float)


def init_params(rngs: list[np.random.Generator], hidden: int) -> dict[str, np.ndarray]:
    """Glorot-normal weights and zero biases, one set per generator (per agent)."""

    w1 = np.stack([glorot(r, CELL_CHANNELS, hidden) for r in rngs])
    w2 = np.stack([glorot(r, hidden, 1)[:, 0] for r in rngs])
    return {"w1": w1, "b1": np.zeros((len(rngs), hidden)), "w2": w2}


def scores(params: dict[str, np.ndarray], inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(agents, TYPES) score of every kind of cell, and the hidden activations for the backward pass.

    `inputs` is (TYPES, CELL_CHANNELS), the same for every agent, or one such table per agent.
    """
    inputs = _per_agent(inputs, params["w1"].shape[0])
    hidden = np.tanh(np.matmul(inputs, params["w1"]) + params["b1"][:, None, :])
    return np.matmul(hidden, params["w2"][:, :, None])[:, :, 0], hidden


def _per_agent(inputs: np.ndarray, agents: int) -> np.ndarray:
    return inputs if inputs.ndim == 3 else np.broadcast_to(inputs, (agents, *inputs.shape))


def expected_reward(params: dict[str, np.ndarray], inputs: np.ndarray, packed: Packed) -> np.ndarray:
    """(agents,) mean over each agent's mazes of the softmax chance of heading for an exit."""
    return _reward_and_softmax(scores(params, inputs)[0], packed)[0]


def _reward_and_softmax(score: np.ndarray, packed: Packed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    logits = values(score, packed)
    logits -= logits.max(axis=2, keepdims=True)
    weights = np.exp(logits)
    p = weights / weights.sum(axis=2, keepdims=True)
    per_maze = (p * EXIT_TYPES[packed.ends_on]).sum(axis=2)
    return per_maze.mean(axis=1), p, per_maze


def gradients(
    params: dict[str, np.ndarray], inputs: np.ndarray, packed: Packed
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each agent's expected reward and its exact gradient with respect to that agent's parameters."""
    score, hidden = scores(params, inputs)
    agents = score.shape[0]
    reward, p, per_maze = _reward_and_softmax(score, packed)
    # d reward / d worth of each plan; a plan's worth is score[ends_on] + score[floor] * (cells - 1)
    d_worth = p * (EXIT_TYPES[packed.ends_on] - per_maze[:, :, None]) / packed.mazes
    which = (np.arange(agents)[:, None, None] * TYPES + packed.ends_on).ravel()
    d_score = np.bincount(which, d_worth.ravel(), minlength=agents * TYPES).reshape(agents, TYPES)
    d_score[:, FLOOR] += (d_worth * (packed.cells - 1)).sum(axis=(1, 2))
    d_w2 = np.matmul(d_score[:, None, :], hidden)[:, 0, :]
    d_pre = d_score[:, :, None] * params["w2"][:, None, :] * (1.0 - hidden**2)
    d_w1 = np.matmul(_per_agent(inputs, d_pre.shape[0]).transpose(0, 2, 1), d_pre)
    return reward, {"w1": d_w1, "b1": d_pre.sum(axis=1), "w2": d_w2}


def train(
    params: dict[str, np.ndarray],
    packed: Packed,
    colour_salience: float | np.ndarray,
    settings: ObjectiveSettings,
    progress: Callable[[int, float], bool] | None = None,
    inputs: np.ndarray | None = None,
) -> list[float]:
    """Gradient ascent on the base reward for every agent at once; returns the mean reward per epoch.

    `colour_salience` is one number, or one per agent (a sweep trains them side by side);
    `inputs`, if given, is the table of cell channels to use instead (for ablations).
    `progress(epoch, mean_reward)` returning False stops training early.
    """
    inputs = salience_inputs(colour_salience) if inputs is None else inputs
    optimiser = settings.make_optimiser(params)
    curve = []
    for epoch in range(settings.epochs):
        reward, grads = gradients(params, inputs, packed)
        optimiser.ascend(params, grads)
        curve.append(float(reward.mean()))
        if progress is not None and progress(epoch + 1, curve[-1]) is False:
            break
    return curve


def salience_inputs(colour_salience: float | np.ndarray) -> np.ndarray:
    """The inputs table for one salience, or a stack of tables for one salience per agent."""
    if np.ndim(colour_salience) == 0:
        return type_inputs(float(colour_salience))
    return np.stack([type_inputs(float(s)) for s in np.asarray(colour_salience)])
