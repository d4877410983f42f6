"""Beginning an episode ahead of time, so that a screen never waits for it.

On a large map, beginning an episode means generating its maze and searching
its distance fields (the exit path's, and the strategies' fields from every
green apple): a tenth of a second or more at 255x255. `prepare_episode` does
that work, from any thread, into the caches that `Run.begin_episode` and the
planner read, so a screen can prepare the next episode in a worker while the
current one is played.
"""

from __future__ import annotations

import numpy as np

from game.core.generate import episode_grid
from game.core.grid import Grid
from game.core.level import Level
from game.core.paths import LARGE_BOARD, Board, DistanceMap
from game.core.tiles import Colour, Kind


def needs_preparing(level: Level) -> bool:
    """Whether beginning some episode of `level` is slow enough to prepare ahead."""
    return any(_cells(spec.grid, spec.generate) >= LARGE_BOARD for spec in level.episodes)


def _cells(grid: Grid | None, generate) -> int:
    if grid is not None:
        return (grid.height + 2) * (grid.width + 2)
    return (generate.height + 2) * (generate.width + 2)


def prepare_episode(level: Level, seed: int, index: int) -> None:
    """Do the slow part of beginning episode `index` (from 1) of a run of `level` with `seed`."""
    if not 1 <= index <= len(level.episodes):
        return
    spec = level.episodes[index - 1]
    if spec.grid is not None:
        grid = spec.grid
    else:
        assert spec.generate is not None
        grid = episode_grid(spec.generate, seed, index)
    board = Board(grid.height, grid.width)
    if board.size < LARGE_BOARD:
        return  # quick anyway, and small boards keep no fields
    passable = board.pad(grid.kind != Kind.WALL)
    exits = [board.index(*cell) for cell in grid.exits()]
    DistanceMap.of(passable, board.offsets).array(exits)
    is_exit = np.frombuffer(board.pad(grid.kind == Kind.EXIT), dtype=np.bool_)
    walkable = np.frombuffer(passable, dtype=np.bool_) & ~is_exit
    green = (grid.kind == Kind.APPLE) & (grid.colour == Colour.GREEN)
    apples = np.flatnonzero(np.frombuffer(board.pad(green), dtype=np.bool_)).tolist()
    if len(apples) <= DistanceMap.KEPT_FIELDS:
        DistanceMap.of(walkable, board.offsets).arrays(apples)
