"""The heuristic agent: a small policy network over the raw channels of its local view.

It does not plan and has no memory. Each step it sees the (2 * view + 1)
square of cells around itself, each as the 12 raw channels of
`channels.py`, and the move it made last, and a network (one hidden tanh
layer) gives the odds of each of the four moves. It is trained by
REINFORCE: reward 1 for reaching an exit, nothing otherwise, with the mean
reward of the agent's own batch as the baseline.

Everything is batched: a population of agents (one per seed) each plays a
batch of mazes, all at once, as arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.core.grid import Grid
from game.core.tiles import Colour, Kind
from game.lab.adam import Adam
from game.lab.channels import CELL_CHANNELS, type_code, type_inputs
from game.lab.init import glorot
from game.lab.mazes import max_steps
from game.lab.walk import OUTCOMES

MOVES = 4
"""Up, down, left, right (the game's order)."""
WALL = type_code(int(Kind.WALL), int(Colour.GREY))


@dataclass(frozen=True)
class PolicySettings:
    """How the policy network is built and trained; textbook defaults, none tuned to an outcome."""

    view: int = 2
    """How far the agent sees: a (2 * view + 1) square around it."""
    hidden: int = 32
    """Units in the hidden layer."""
    rounds: int = 300
    """Rounds of REINFORCE; each plays every maze of the agent's batch once."""
    batch: int = 8
    """Mazes each agent plays per round (drawn from its own training mazes)."""
    learning_rate: float = 0.003
    """Adam's step size (the fastest-learning of 0.001, 0.003 and 0.01 here)."""
    discount: float = 0.9
    """How much a reward one step later is worth (0.9 learned faster than 0.99 here)."""

    @property
    def window(self) -> int:
        return (2 * self.view + 1) ** 2


def init_params(rngs: list[np.random.Generator], settings: PolicySettings) -> dict[str, np.ndarray]:
    """Glorot-normal weights and zero biases, one set per agent."""
    inputs = settings.window * CELL_CHANNELS + MOVES + 1
    h = settings.hidden

    weights = [(glorot(r, inputs, h), glorot(r, h, MOVES)) for r in rngs]
    return {
        "w1": np.stack([w for w, _ in weights]),
        "b1": np.zeros((len(rngs), h)),
        "w2": np.stack([w for _, w in weights]),
        "b2": np.zeros((len(rngs), MOVES)),
    }


class Mazes:
    """A batch of mazes of one size as flat arrays of cell types, padded with wall by the view."""

    def __init__(self, grids: list[Grid], view: int) -> None:
        height, width = grids[0].height, grids[0].width
        self.stride = width + 2 * view
        padded = np.full((len(grids), height + 2 * view, self.stride), WALL, dtype=np.int64)
        for i, grid in enumerate(grids):
            padded[i, view : view + height, view : view + width] = type_code(
                grid.kind.astype(np.int64), grid.colour.astype(np.int64)
            )
        self.cells = padded.reshape(len(grids), -1)
        self.start = np.array([(g.start[0] + view) * self.stride + g.start[1] + view for g in grids])
        self.limit = np.array([max_steps(g) for g in grids])
        side = np.arange(-view, view + 1)
        self.window = (side[:, None] * self.stride + side[None, :]).ravel()
        self.moves = np.array([-self.stride, self.stride, -1, 1])


@dataclass
class Episodes:
    """What a batch of agents did in a batch of mazes: kept for the policy gradient."""

    views: list[np.ndarray]
    lasts: list[np.ndarray]
    actions: list[np.ndarray]
    alive: list[np.ndarray]
    forward: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
    """Per step: the network's inputs, hidden activations and move probabilities."""
    outcome: np.ndarray
    """(envs,) index into OUTCOMES."""
    paths: np.ndarray
    """(steps + 1, envs) flat cell of each env at each step (in the padded maze)."""


def _inputs(views: np.ndarray, lasts: np.ndarray, cell_inputs: np.ndarray) -> np.ndarray:
    """(agents, envs per agent, inputs): the raw channels of every cell in view, then the last move."""
    channels = cell_inputs[views].reshape(*views.shape[:2], -1)
    last = np.eye(MOVES + 1)[lasts]
    return np.concatenate([channels, last], axis=2)


def _forward(params: dict[str, np.ndarray], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations and move probabilities, both (agents, envs per agent, ...)."""
    hidden = np.tanh(np.matmul(x, params["w1"]) + params["b1"][:, None, :])
    logits = np.matmul(hidden, params["w2"]) + params["b2"][:, None, :]
    logits -= logits.max(axis=2, keepdims=True)
    p = np.exp(logits)
    return hidden, p / p.sum(axis=2, keepdims=True)


def play(
    params: dict[str, np.ndarray],
    mazes: Mazes,
    maze_of: np.ndarray,
    colour_salience: float,
    rngs: list[np.random.Generator],
    keep: bool = True,
) -> Episodes:
    """Agent a plays maze `maze_of[a, j]` for every j, until an exit, a green apple or the step limit.

    `maze_of` is (agents, envs per agent); the record's arrays are over those envs, flattened.
    Each agent draws its moves from its own generator in `rngs`.
    """
    cell_inputs = type_inputs(colour_salience)
    agents, per_agent = maze_of.shape
    flat_mazes = maze_of.ravel()
    envs = flat_mazes.size
    cells = mazes.cells[flat_mazes]
    pos = mazes.start[flat_mazes].copy()
    limit = mazes.limit[flat_mazes]
    last = np.zeros(envs, dtype=np.int64)
    outcome = np.full(envs, OUTCOMES.index("lost"))
    alive = np.ones(envs, dtype=bool)
    rows = np.arange(envs)
    record = Episodes([], [], [], [], [], outcome, np.empty(0))
    paths = [pos.copy()]
    for step in range(int(limit.max())):
        alive &= step < limit
        if not alive.any():
            break
        views = cells[rows[:, None], pos[:, None] + mazes.window[None, :]]
        x = _inputs(views.reshape(agents, per_agent, -1), last.reshape(agents, per_agent), cell_inputs)
        hidden, p_grouped = _forward(params, x)
        p = p_grouped.reshape(envs, MOVES)
        uniform = np.concatenate([rng.random(per_agent) for rng in rngs])
        action = (p.cumsum(axis=1) < uniform[:, None]).sum(axis=1).clip(0, MOVES - 1)
        if keep:
            record.forward.append((x, hidden, p_grouped))
            record.views.append(views)
            record.lasts.append(last.copy())
            record.actions.append(action)
            record.alive.append(alive.copy())
        target = pos + mazes.moves[action]
        kind = cells[rows, target] // len(Colour)
        pos = np.where(alive & (kind != Kind.WALL), target, pos)
        last = np.where(alive, action + 1, last)
        here = cells[rows, pos]
        at_exit = alive & (here // len(Colour) == Kind.EXIT)
        at_green = alive & (here == type_code(int(Kind.APPLE), int(Colour.GREEN)))
        outcome[at_exit] = OUTCOMES.index("exit")
        outcome[at_green] = OUTCOMES.index("green_apple")
        alive &= ~(at_exit | at_green)
        paths.append(pos.copy())
    record.paths = np.stack(paths)
    return record


def log_likelihood(
    params: dict[str, np.ndarray], record: Episodes, weight: np.ndarray, colour_salience: float
) -> np.ndarray:
    """(agents,) sum over each agent's steps of weight * log pi(action): what REINFORCE climbs.

    `weight` is (steps, envs): how much each step's action should be reinforced.
    """
    cell_inputs = type_inputs(colour_salience)
    agents = params["w1"].shape[0]
    total = np.zeros(agents)
    steps = zip(record.views, record.lasts, record.actions, record.alive, weight, strict=True)
    for views, lasts, actions, alive, w in steps:
        x = _inputs(views.reshape(agents, -1, views.shape[1]), lasts.reshape(agents, -1), cell_inputs)
        p = _forward(params, x)[1].reshape(-1, MOVES)
        chosen = np.log(p[np.arange(len(actions)), actions]) * w * alive
        total += chosen.reshape(agents, -1).sum(axis=1)
    return total


def policy_gradient(
    params: dict[str, np.ndarray], record: Episodes, weight: np.ndarray
) -> dict[str, np.ndarray]:
    """The exact gradient of `log_likelihood` at the parameters that played `record`.

    With weight = advantage / envs per agent, this is the REINFORCE step.
    """
    agents = params["w1"].shape[0]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    steps = zip(record.forward, record.actions, record.alive, weight, strict=True)
    for (x, hidden, p), actions, alive, w in steps:
        d_logits = -p.reshape(-1, MOVES)
        d_logits[np.arange(len(actions)), actions] += 1.0
        d_logits = (d_logits * (w * alive)[:, None]).reshape(agents, -1, MOVES)
        grads["w2"] += np.matmul(hidden.transpose(0, 2, 1), d_logits)
        grads["b2"] += d_logits.sum(axis=1)
        d_pre = np.matmul(d_logits, params["w2"].transpose(0, 2, 1)) * (1.0 - hidden**2)
        grads["w1"] += np.matmul(x.transpose(0, 2, 1), d_pre)
        grads["b1"] += d_pre.sum(axis=1)
    return grads


def advantages(record: Episodes, agents: int, settings: PolicySettings) -> np.ndarray:
    """(steps, envs) REINFORCE weights: discounted reward-to-go less the agent's batch mean at that step.

    The reward is 1 on reaching an exit; a step k steps before it is credited `discount ** k`.
    """
    steps = len(record.actions)
    exited = record.outcome == OUTCOMES.index("exit")
    alive = np.stack(record.alive)
    end = alive.sum(axis=0)
    to_go = end[None, :] - np.arange(steps)[:, None] - 1
    returns = np.where(exited[None, :] & alive, settings.discount ** np.maximum(to_go, 0), 0.0)
    grouped = returns.reshape(steps, agents, -1)
    baseline = grouped.mean(axis=2, keepdims=True)
    return ((grouped - baseline) / grouped.shape[2]).reshape(steps, -1)


def train(
    params: dict[str, np.ndarray],
    mazes: Mazes,
    mazes_per_agent: int,
    colour_salience: float,
    settings: PolicySettings,
    rngs: list[np.random.Generator],
    progress: Callable[[int, float], bool] | None = None,
) -> list[float]:
    """REINFORCE for every agent at once; returns the share of training mazes solved per round.

    Agent a owns mazes a * mazes_per_agent ... (a + 1) * mazes_per_agent - 1 of `mazes`.
    """
    agents = params["w1"].shape[0]
    adam = Adam(params, settings.learning_rate)
    curve = []
    for round_ in range(settings.rounds):
        picks = np.stack([rng.choice(mazes_per_agent, settings.batch, replace=False) for rng in rngs])
        maze_of = np.arange(agents)[:, None] * mazes_per_agent + picks
        record = play(params, mazes, maze_of, colour_salience, rngs)
        reward = (record.outcome == OUTCOMES.index("exit")).astype(float).reshape(agents, -1)
        grads = policy_gradient(params, record, advantages(record, agents, settings))
        adam.ascend(params, grads)
        curve.append(float(reward.mean()))
        if progress is not None and progress(round_ + 1, curve[-1]) is False:
            break
    return curve
