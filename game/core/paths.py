"""Shortest paths: breadth-first distance fields on a padded, flattened board.

A board of height H and width W is stored with a one-cell wall border as a
flat array of (H + 2) * (W + 2) cells, so a neighbour is the index plus an
offset and no step ever needs a bounds check. Distance fields are plain
lists (fast to read one cell at a time in the hot path of a run) and turn
into NumPy arrays for whole-map work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

INF = 1 << 30
"""Distance of a cell no source can reach."""


class Board:
    """The padded geometry of a map: flat indices, neighbours in the order up, down, left, right."""

    __slots__ = ("height", "offsets", "size", "stride", "width")

    def __init__(self, height: int, width: int) -> None:
        self.height = height
        self.width = width
        self.stride = width + 2
        self.size = (height + 2) * self.stride
        self.offsets: tuple[int, int, int, int] = (-self.stride, self.stride, -1, 1)

    def index(self, row: int, col: int) -> int:
        return (row + 1) * self.stride + col + 1

    def coords(self, index: int) -> tuple[int, int]:
        row, col = divmod(index, self.stride)
        return row - 1, col - 1

    def pad(self, mask: np.ndarray) -> bytearray:
        """A (height, width) boolean mask as a padded flat bytearray (border = 0)."""
        padded = np.zeros((self.height + 2, self.width + 2), dtype=np.uint8)
        padded[1:-1, 1:-1] = mask
        return bytearray(padded.tobytes())

    def unpad(self, field: Sequence[int]) -> np.ndarray:
        """A flat padded distance field as a (height, width) int64 array."""
        array = np.asarray(field, dtype=np.int64).reshape(self.height + 2, self.stride)
        return array[1:-1, 1:-1]


def distance_field(passable: bytearray | bytes, sources: Iterable[int], offsets: Sequence[int]) -> list[int]:
    """Breadth-first distance from the nearest source to every cell (INF where unreachable).

    Sources count as reached even when not passable themselves; the search
    only walks onto passable cells.
    """
    dist = [INF] * len(passable)
    queue: list[int] = []
    for source in sources:
        if dist[source]:
            dist[source] = 0
            queue.append(source)
    up, down, left, right = offsets
    append = queue.append
    head = 0
    while head < len(queue):
        cell = queue[head]
        head += 1
        d = dist[cell] + 1
        for nxt in (cell + up, cell + down, cell + left, cell + right):
            if passable[nxt] and dist[nxt] == INF:
                dist[nxt] = d
                append(nxt)
    return dist


def step_towards(field: Sequence[int], cell: int, offsets: Sequence[int]) -> int | None:
    """The offset of the first neighbour (up, down, left, right) one step closer, or None."""
    here = field[cell]
    if here == 0 or here >= INF:
        return None
    for offset in offsets:
        if field[cell + offset] == here - 1:
            return offset
    return None


def follow(field: Sequence[int], cell: int, offsets: Sequence[int]) -> list[int]:
    """The cells of the path from `cell` down the field to a source (excluding `cell`)."""
    path = []
    while (offset := step_towards(field, cell, offsets)) is not None:
        cell += offset
        path.append(cell)
    return path
