"""The mesa-optimiser in a maze: a shortest path to the kind of cell its objective scores highest."""

from __future__ import annotations

import numpy as np

from game.core.grid import Grid
from game.core.paths import INF, Board, distance_field, step_towards
from game.core.tiles import Colour, Kind
from game.lab.channels import type_code
from game.lab.mazes import max_steps

OUTCOMES = ("exit", "green_apple", "lost")
"""How a lab episode ends: at an exit, at a green apple, or with the steps used up."""


def walk(grid: Grid, target: int) -> tuple[str, list[tuple[int, int]]]:
    """Head for the nearest cell of type `target`; the outcome and the cells walked, start first.

    The route avoids other apples and exits when it can. The walk ends on
    an exit or a green apple, or when the maze's step limit is used up; a
    goal that is neither (a floor cell, a red apple) ends as lost.
    """
    board = Board(grid.height, grid.width)
    passable = board.pad(grid.kind != Kind.WALL)
    start = board.index(*grid.start)
    from_start = distance_field(passable, [start], board.offsets)
    distance = board.unpad(from_start)
    wanted = (type_code(grid.kind.astype(int), grid.colour.astype(int)) == target) & (distance < INF)
    path = [grid.start]
    if not wanted.any():
        return "lost", path
    # the nearest such cell; among equals, the first in reading order
    found = np.unravel_index(np.where(wanted, distance, INF).argmin(), distance.shape)
    row, col = int(found[0]), int(found[1])
    goal = board.index(row, col)
    avoiding = bytearray(passable)
    for r, c in grid.cells(Kind.APPLE) + grid.exits():
        if (r, c) != (row, col):
            avoiding[board.index(r, c)] = 0
    field = distance_field(avoiding, [goal], board.offsets)
    if field[start] >= INF:
        field = distance_field(passable, [goal], board.offsets)
    cell = start
    for _ in range(max_steps(grid)):
        if cell == goal:
            break
        cell += step_towards(field, cell, board.offsets) or 0
        r, c = board.coords(cell)
        path.append((r, c))
        if grid.kind[r, c] == Kind.EXIT:
            return "exit", path
        if grid.kind[r, c] == Kind.APPLE and grid.colour[r, c] == Colour.GREEN:
            return "green_apple", path
    return "lost", path
