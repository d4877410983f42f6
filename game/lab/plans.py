"""The mesa-optimiser's plans in a maze, and what each is worth to it.

A plan is a route through floor to one object (an exit or an apple: either
ends the episode when entered), or wandering on floor until the steps run
out. The mesa-optimiser values a plan by its learned objective summed over
every cell the plan enters: each floor cell on the way, then the object.
A route of `length` steps to an object of kind-and-colour `t` is worth

    score[t] + score[floor] * (length - 1)

and wandering for the whole step limit H is worth `score[floor] * H`. The
floor's score is learned like any other, so how much a long walk costs (or
earns) is what training made it, and which object wins depends on each
maze's distances and on how many objects of each kind it holds.

A maze's plans are stored as a few rows (the kind of cell a plan ends on
and how many cells it enters); wandering is stored as a plan ending on
floor after H cells, which the same formula values at `score[floor] * H`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.grid import Grid
from game.core.paths import INF, Board, distance_field, step_towards
from game.core.run import default_max_steps
from game.core.tiles import Colour, Kind
from game.lab.channels import type_code

FLOOR = type_code(int(Kind.FLOOR), int(Colour.GREY))
"""The type code every floor cell has (floor carries no colour channel)."""
OBJECTS = (Kind.APPLE, Kind.EXIT)
"""Kinds of cell that end an episode when entered."""


def route_lengths(grid: Grid) -> np.ndarray:
    """(height, width) steps from the start to each cell by a route through floor alone (INF: none).

    An object (apple or exit) can be the last cell of a route but never on the way.
    """
    board = Board(grid.height, grid.width)
    floor = grid.kind == Kind.FLOOR
    field = board.unpad(distance_field(board.pad(floor), [board.index(*grid.start)], board.offsets))
    through = np.pad(np.where(floor, field, INF), 1, constant_values=INF)
    beside = np.minimum.reduce(
        [through[:-2, 1:-1], through[2:, 1:-1], through[1:-1, :-2], through[1:-1, 2:]]
    )  # fmt: skip
    lengths = np.where(floor, field, INF)
    objects = np.isin(grid.kind, OBJECTS)
    lengths[objects] = np.minimum(beside[objects] + 1, INF)
    return lengths


def step_limit(grid: Grid) -> int:
    """The steps a lab episode allows: the game's default, from the nearest object's route.

    Counted from any object (not only exits) so that a maze and its mirror image (apples and exits
    swapped) allow the same steps.
    """
    lengths = route_lengths(grid)[np.isin(grid.kind, OBJECTS)]
    reachable = lengths[lengths < INF]
    return default_max_steps(int(reachable.min()) if len(reachable) else 0)


@dataclass(frozen=True)
class Plans:
    """One maze's plans: the type each ends on, the cells it enters, and where it ends (-1: wander)."""

    ends_on: np.ndarray
    """(plans,) type code of the plan's last cell (FLOOR for wandering)."""
    cells: np.ndarray
    """(plans,) how many cells the plan enters (its route's length; the step limit for wandering)."""
    end: list[tuple[int, int] | None]
    """The object each plan heads for, None for wandering."""


def plans(grid: Grid) -> Plans:
    """Every object the mesa-optimiser can reach through floor within the step limit, then wandering."""
    limit = step_limit(grid)
    lengths = route_lengths(grid)
    rows, cols = np.nonzero(np.isin(grid.kind, OBJECTS) & (lengths <= limit))
    ends_on = type_code(grid.kind[rows, cols].astype(np.int64), grid.colour[rows, cols].astype(np.int64))
    return Plans(
        np.append(ends_on, FLOOR),
        np.append(lengths[rows, cols], limit).astype(float),
        [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)] + [None],
    )


@dataclass(frozen=True)
class Packed:
    """Plans of many mazes for many agents, padded to one width: arrays (agents, mazes, plans)."""

    ends_on: np.ndarray
    cells: np.ndarray
    real: np.ndarray
    """False for padding."""

    @property
    def mazes(self) -> int:
        return self.ends_on.shape[1]

    def repeated(self, times: int) -> Packed:
        """The same agents' mazes `times` over, one after another (for agents trained side by side)."""
        return Packed(*(np.concatenate([a] * times) for a in (self.ends_on, self.cells, self.real)))


def pack(per_agent: list[list[Plans]]) -> Packed:
    """Stack each agent's mazes' plans into padded arrays."""
    agents, mazes = len(per_agent), len(per_agent[0])
    width = max(len(p.ends_on) for row in per_agent for p in row)
    ends_on = np.full((agents, mazes, width), FLOOR)
    cells = np.zeros((agents, mazes, width))
    real = np.zeros((agents, mazes, width), dtype=bool)
    for a, row in enumerate(per_agent):
        for m, p in enumerate(row):
            n = len(p.ends_on)
            ends_on[a, m, :n], cells[a, m, :n], real[a, m, :n] = p.ends_on, p.cells, True
    return Packed(ends_on, cells, real)


def values(score: np.ndarray, packed: Packed) -> np.ndarray:
    """(agents, mazes, plans) what each plan is worth to each agent with these (agents, TYPES) scores."""
    agents = np.arange(score.shape[0])[:, None, None]
    worth = score[agents, packed.ends_on] + score[:, FLOOR][:, None, None] * (packed.cells - 1)
    return np.where(packed.real, worth, -np.inf)


def best(score: np.ndarray, packed: Packed) -> np.ndarray:
    """(agents, mazes) the index of the plan each agent values most in each maze (ties: the first)."""
    return values(score, packed).argmax(axis=2)


def route(grid: Grid, end: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The cells of a plan, start first: a shortest route through floor to `end` (wandering: the start)."""
    path = [grid.start]
    if end is None:
        return path
    board = Board(grid.height, grid.width)
    passable = board.pad(grid.kind == Kind.FLOOR)
    field = distance_field(passable, [board.index(*end)], board.offsets)
    cell, goal = board.index(*grid.start), board.index(*end)
    while cell != goal:
        step = step_towards(field, cell, board.offsets)
        if step is None:  # no route through floor: the plan never leaves the start
            break
        cell += step
        path.append(board.coords(cell))
    return path
