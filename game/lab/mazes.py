"""Small helpers on the lab's mazes."""

from __future__ import annotations

from game.core.grid import Grid
from game.core.paths import Board, distance_field
from game.core.tiles import Kind


def max_steps(grid: Grid) -> int:
    """The game's default step limit for a maze: 4 * shortest + 10."""
    board = Board(grid.height, grid.width)
    field = distance_field(board.pad(grid.kind != Kind.WALL), [board.index(*grid.start)], board.offsets)
    shortest = min(field[board.index(*cell)] for cell in grid.exits())
    return 4 * shortest + 10
