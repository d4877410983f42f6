"""Generated mazes: `maze` (perfect), `open` (extra openings) and `tempting` (adversarial apples).

Everything comes from one NumPy generator seeded by the caller, so a seed
always gives the same maze.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from game.core.grid import Grid
from game.core.level import GenerateSpec, Style
from game.core.paths import INF, Board, distance_field, follow
from game.core.tiles import Kind, Tile

OPENING_SHARE = 0.12
"""Share of the inner walls an `open` maze knocks through."""


def episode_seed(run_seed: int, episode_index: int) -> np.random.SeedSequence:
    """The seed of a generated episode with no `seed` of its own: the run's seed and its index."""
    return np.random.SeedSequence([run_seed, episode_index])


@functools.lru_cache(maxsize=32)
def _kept(spec: GenerateSpec, key: int | tuple[int, int]) -> Grid:
    seed = key if isinstance(key, int) else episode_seed(*key)
    return generate(spec, seed)


def episode_grid(spec: GenerateSpec, run_seed: int, index: int) -> Grid:
    """The maze of a generated episode: its own `seed`, else the run's seed and the episode's index.

    The last few mazes are kept (par, the debrief and the tournament play the
    same level again and again); each call returns a fresh copy to play on.
    """
    key = spec.seed if spec.seed is not None else (run_seed, index)
    return _kept(spec, key).copy()


def generate(spec: GenerateSpec, seed: int | np.random.SeedSequence) -> Grid:
    """A maze built to `spec`, the same for the same seed."""
    rng = np.random.default_rng(seed)
    floor = _perfect_maze(spec.height, spec.width, rng)
    if spec.style is Style.OPEN:
        _knock_through(floor, rng)
    board = Board(spec.height, spec.width)
    passable = board.pad(floor)
    cells = np.flatnonzero(floor.ravel())
    start_rc = divmod(int(rng.choice(cells)), spec.width)
    start = board.index(*start_rc)
    from_start = distance_field(passable, [start], board.offsets)
    exit_cell = _farthest(from_start, board)

    grid = Grid.empty(spec.height, spec.width, start=start_rc)
    grid.kind[floor] = Kind.FLOOR
    _put(grid, board.coords(exit_cell), spec.exit)
    taken = {start, exit_cell}
    if spec.style is Style.TEMPTING:
        apples = _tempting_cells(passable, board, start, exit_cell, spec.apples, taken, rng)
    else:
        apples = _random_cells(cells, board, spec.width, spec.apples, taken, rng)
    for cell in apples:
        _put(grid, board.coords(cell), spec.apple)
    return grid


def capacity(width: int, height: int) -> int:
    """How many apples a generated maze of this size can hold (every cell but start and exit)."""
    return ((width - 1) // 2) * ((height - 1) // 2) - 2


def _put(grid: Grid, cell: tuple[int, int], tile: Tile) -> None:
    grid.kind[cell] = tile.kind
    grid.colour[cell] = tile.colour


def _perfect_maze(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """A perfect maze (one path between any two cells) by randomised depth-first search.

    Cells sit at odd (row, col); the walls between them are knocked through.
    Each cell tries its neighbours in its own random order (up, down, left,
    right shuffled).
    """
    rows, cols = (height - 1) // 2, (width - 1) // 2
    count = rows * cols
    orders = np.argsort(rng.random((count, 4)), axis=1)
    cell = np.arange(count)
    row, col = np.divmod(cell, cols)
    neighbours = np.stack(
        [
            np.where(row > 0, cell - cols, -1),
            np.where(row < rows - 1, cell + cols, -1),
            np.where(col > 0, cell - 1, -1),
            np.where(col < cols - 1, cell + 1, -1),
        ],
        axis=1,
    )
    choices = np.take_along_axis(neighbours, orders, axis=1).tolist()
    visited = bytearray(count)
    tried = [0] * count
    first = int(rng.integers(count))
    visited[first] = 1
    stack = [first]
    links: list[int] = []  # pairs (from, to) of cells joined, flattened
    while stack:
        here = stack[-1]
        options = choices[here]
        at = tried[here]
        while at < 4:
            nxt = options[at]
            at += 1
            if nxt >= 0 and not visited[nxt]:
                visited[nxt] = 1
                links += (here, nxt)
                stack.append(nxt)
                break
        else:
            stack.pop()
        tried[here] = at
    floor = np.zeros((height, width), dtype=bool)
    floor[1:-1:2, 1:-1:2][np.divmod(np.frombuffer(visited, dtype=np.uint8).nonzero()[0], cols)] = True
    if links:
        pairs = np.asarray(links).reshape(-1, 2)
        a_row, a_col = np.divmod(pairs[:, 0], cols)
        b_row, b_col = np.divmod(pairs[:, 1], cols)
        floor[a_row + b_row + 1, a_col + b_col + 1] = True
    return floor


def _knock_through(floor: np.ndarray, rng: np.random.Generator) -> None:
    """Open a share of the walls between two neighbouring cells, making loops."""
    inner = np.zeros_like(floor)
    inner[1:-1:2, 2:-1:2] = True  # walls between horizontal neighbours
    inner[2:-1:2, 1:-1:2] = True  # walls between vertical neighbours
    walls = np.flatnonzero((inner & ~floor).ravel())
    if len(walls):
        count = round(len(walls) * OPENING_SHARE)
        floor.ravel()[rng.choice(walls, size=count, replace=False)] = True


def _farthest(field: Sequence[int], board: Board) -> int:
    array = np.array(field, dtype=np.int64)
    array[array >= INF] = -1
    return int(np.argmax(array))


def _random_cells(
    cells: np.ndarray, board: Board, width: int, count: int, taken: set[int], rng: np.random.Generator
) -> list[int]:
    flat = [board.index(*divmod(int(c), width)) for c in rng.permutation(cells)]
    free = [cell for cell in flat if cell not in taken]
    return free[:count]


def _tempting_cells(
    passable: bytearray,
    board: Board,
    start: int,
    exit_cell: int,
    count: int,
    taken: set[int],
    rng: np.random.Generator,
) -> list[int]:
    """Apples where they cost the most extra steps off the shortest path.

    The maze is perfect (a tree), so fetching a set of apples and coming back
    costs twice the edges of the branches that join them to the path. Each
    apple goes where it adds the most such edges: the farthest cell from the
    path and the branches already paid for, then that branch counts as paid.
    """
    to_exit = distance_field(passable, [exit_cell], board.offsets)
    covered = [start, *follow(to_exit, start, board.offsets)]
    detour = list(distance_field(passable, covered, board.offsets))  # lowered below, so a copy
    # The same field as an array to search, kept in step with every lowering.
    candidates = np.asarray(detour, dtype=np.int64)
    candidates[candidates >= INF] = -1
    candidates[list(taken)] = -1
    chosen: list[int] = []
    offsets = board.offsets
    while len(chosen) < count:
        best = int(candidates.max())
        if best < 0:
            break
        ties = np.flatnonzero(candidates == best)
        cell = int(ties[rng.integers(len(ties))])
        chosen.append(cell)
        taken.add(cell)
        branch = [cell, *follow(detour, cell, offsets)]
        lowered = _lower(detour, passable, branch, offsets)
        candidates[lowered] = [detour[c] for c in lowered]
        candidates[list(taken)] = -1
    return chosen


def _lower(field: list[int], passable: bytearray, sources: list[int], offsets) -> list[int]:
    """Make `sources` distance 0 and lower the field around them; the cells whose distance changed."""
    queue = []
    for cell in sources:
        if field[cell]:
            field[cell] = 0
            queue.append(cell)
    head = 0
    while head < len(queue):
        cell = queue[head]
        head += 1
        d = field[cell] + 1
        for offset in offsets:
            nxt = cell + offset
            if passable[nxt] and field[nxt] > d:
                field[nxt] = d
                queue.append(nxt)
    return queue
