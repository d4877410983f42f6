"""Small helpers on the lab's mazes."""

from __future__ import annotations

from game.core.grid import Grid
from game.core.paths import Board, distance_field
from game.core.run import default_max_steps
from game.core.tiles import Kind


def max_steps(grid: Grid) -> int:
    """The game's default step limit for a maze (as for an episode that sets no `max_steps`)."""
    board = Board(grid.height, grid.width)
    field = distance_field(board.pad(grid.kind != Kind.WALL), [board.index(*grid.start)], board.offsets)
    shortest = min(field[board.index(*cell)] for cell in grid.exits())
    return default_max_steps(shortest)
