"""The mesa-optimiser's learned objective: a linear score over each object's features.

The agent plans with real search (breadth-first) to whichever object its
objective scores highest. The objective is trained by gradient descent on
the base reward: the expected chance of heading for the exit under a
softmax over the objects of a training maze.

Features of an object: its colour (one-hot), its shape (apple or exit,
one-hot) and how near it is. Colour is the more salient feature: it is
seen at full strength, shape at `SHAPE_SALIENCE` of it. That is the lab's
one built-in assumption, the inductive bias that makes "go to the green
thing" the easier rule to learn when colour and shape always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.core.grid import Grid
from game.core.paths import INF, Board, distance_field
from game.core.tiles import Colour, Kind

COLOURS = (Colour.GREEN, Colour.RED, Colour.GREY)
SHAPE_SALIENCE = 0.35
NEAR_SALIENCE = 0.5
FEATURES = ("green", "red", "grey", "apple-shape", "exit-shape", "nearness")


@dataclass(frozen=True)
class Thing:
    """An object the agent could head for."""

    cell: tuple[int, int]
    kind: Kind
    colour: Colour
    steps: int


def things(grid: Grid) -> list[Thing]:
    """Every apple and exit reachable from the start, with its path length."""
    board = Board(grid.height, grid.width)
    field = distance_field(board.pad(grid.kind != Kind.WALL), [board.index(*grid.start)], board.offsets)
    found = []
    for kind in (Kind.EXIT, Kind.APPLE):
        for r, c in grid.cells(kind):
            steps = field[board.index(r, c)]
            if steps < INF:
                found.append(Thing((r, c), kind, Colour(int(grid.colour[r, c])), steps))
    return found


def features(found: list[Thing]) -> np.ndarray:
    """(objects, FEATURES) array."""
    far = max((t.steps for t in found), default=1) or 1
    rows = []
    for t in found:
        colour = [float(t.colour is c) for c in COLOURS]
        shape = [SHAPE_SALIENCE * (t.kind is Kind.APPLE), SHAPE_SALIENCE * (t.kind is Kind.EXIT)]
        rows.append([*colour, *shape, NEAR_SALIENCE * (1 - t.steps / far)])
    return np.array(rows, dtype=float)


def expected_reward(weights: np.ndarray, feats: np.ndarray, reward: np.ndarray, mask: np.ndarray) -> float:
    """Mean over mazes of the softmax chance of choosing a rewarded object."""
    p = _softmax(feats @ weights, mask)
    return float((p * reward).sum(axis=1).mean())


def gradient(weights: np.ndarray, feats: np.ndarray, reward: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Exact gradient of `expected_reward` with respect to the weights."""
    p = _softmax(feats @ weights, mask)
    mean_feat = (p[..., None] * feats).sum(axis=1)
    gain = p * reward
    return ((gain[..., None] * (feats - mean_feat[:, None, :])).sum(axis=1)).mean(axis=0)


def _softmax(logits: np.ndarray, mask: np.ndarray) -> np.ndarray:
    logits = np.where(mask, logits, -np.inf)
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.where(mask, np.exp(logits), 0.0)
    return e / e.sum(axis=1, keepdims=True)


def stack(grids: list[Grid]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, base reward (1 for exits) and a mask, padded to the largest object count."""
    per_maze = [things(g) for g in grids]
    most = max(len(f) for f in per_maze)
    feats = np.zeros((len(grids), most, len(FEATURES)))
    reward = np.zeros((len(grids), most))
    mask = np.zeros((len(grids), most), dtype=bool)
    for i, found in enumerate(per_maze):
        feats[i, : len(found)] = features(found)
        reward[i, : len(found)] = [float(t.kind is Kind.EXIT) for t in found]
        mask[i, : len(found)] = True
    return feats, reward, mask


def train(
    grids: list[Grid],
    epochs: int = 300,
    step_size: float = 2.0,
    progress: Callable[[int, float], bool] | None = None,
) -> tuple[np.ndarray, list[float]]:
    """Gradient ascent on the base reward from zero weights; returns weights and the reward curve.

    `progress(epoch, reward)` is called every epoch; returning False stops training.
    """
    feats, reward, mask = stack(grids)
    weights = np.zeros(len(FEATURES))
    curve = []
    for epoch in range(epochs):
        weights = weights + step_size * gradient(weights, feats, reward, mask)
        curve.append(expected_reward(weights, feats, reward, mask))
        if progress is not None and progress(epoch + 1, curve[-1]) is False:
            break
    return weights, curve


def choose(weights: np.ndarray, grid: Grid) -> Thing | None:
    """The object the learned objective scores highest in `grid` (what the agent heads for)."""
    found = things(grid)
    if not found:
        return None
    scores = features(found) @ weights
    return found[int(np.argmax(scores))]


def describe(weights: np.ndarray) -> str:
    """'cares about: green +2.3, exit-shape +0.1, ...' for a class to read."""
    order = np.argsort(-np.abs(weights))
    return "cares about: " + ", ".join(f"{FEATURES[i]} {weights[i]:+.1f}" for i in order)
