"""Shortest paths: breadth-first distance fields on a padded, flattened board.

A board of height H and width W is stored with a one-cell wall border as a
flat array of (H + 2) * (W + 2) cells, so a neighbour is the index plus an
offset and no step ever needs a bounds check. Distance fields are plain
lists (fast to read one cell at a time in the hot path of a run) or NumPy
arrays (for whole-map work and for many fields at once).

Small boards are searched in pure Python, which beats any set-up cost there.
From `LARGE_BOARD` cells on, the search is igraph's compiled breadth-first
search over a graph of the board (`python -m benchmarks.planner` measures
both); igraph is imported only when a large board is first searched.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

INF = 1 << 30
"""Distance of a cell no source can reach."""

LARGE_BOARD = 4_096
"""Padded boards of at least this many cells are searched by igraph (about 62x62 and up)."""


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


def distance_field(
    passable: bytearray | bytes, sources: Iterable[int], offsets: Sequence[int]
) -> Sequence[int]:
    """Breadth-first distance from the nearest source to every cell (INF where unreachable).

    Sources count as reached even when not passable themselves; the search
    only walks onto passable cells. The field is read-only (a list, or on
    large boards a view of a shared array): copy it to change it.
    """
    sources = list(sources)
    if len(passable) >= LARGE_BOARD and all(passable[s] for s in sources):
        return DistanceMap.of(passable, offsets).array(sources).data
    return python_distance_field(passable, sources, offsets)


def python_distance_field(
    passable: bytearray | bytes, sources: Iterable[int], offsets: Sequence[int]
) -> list[int]:
    """`distance_field` in pure Python, whatever the board's size."""
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


class DistanceMap:
    """Distance fields over one passable mask, each computed once and kept.

    Every field is a breadth-first search from its sources over passable
    cells; sources must be passable. Large boards build a graph of the board
    once and search it with igraph's compiled breadth-first search; small ones
    run `python_distance_field`. `DistanceMap.of` shares maps (and so their
    fields) between everything that searches the same board: the run, the
    strategies, par and the debrief all play the same mazes. Fields are
    read-only arrays.
    """

    KEPT_MAPS = 8
    """How many maps `of` keeps, most recently used first."""
    KEPT_FIELDS = 16
    """How many fields one map keeps, most recently used first (at 255x255, 4 MB)."""

    _shared: OrderedDict[tuple[bytes, tuple[int, ...]], DistanceMap] = OrderedDict()
    _shared_lock = threading.Lock()

    def __init__(self, passable: bytearray | bytes, offsets: Sequence[int]) -> None:
        self.passable = bytes(passable)
        self.offsets = tuple(offsets)
        self.large = len(passable) >= LARGE_BOARD
        self._graph: tuple[Any, np.ndarray, np.ndarray] | None = None
        """igraph's Graph (igraph ships no type hints), each cell's vertex, the open cells."""
        self._fields: OrderedDict[tuple[int, ...], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        """Searches may come from a worker thread preparing an episode ahead."""

    @classmethod
    def of(cls, passable: bytearray | bytes | np.ndarray, offsets: Sequence[int]) -> DistanceMap:
        """The shared map of this passable mask (a padded flat 0/1 mask)."""
        if isinstance(passable, np.ndarray):
            passable = passable.astype(np.uint8).tobytes()
        key = (bytes(passable), tuple(offsets))
        shared = cls._shared
        with cls._shared_lock:
            found = shared.get(key)
            if found is None:
                found = shared[key] = cls(key[0], offsets)
                while len(shared) > cls.KEPT_MAPS:
                    shared.popitem(last=False)
            else:
                shared.move_to_end(key)
        return found

    def array(self, sources: Sequence[int]) -> np.ndarray:
        """Distance from the nearest of `sources` to every cell, as int32 (INF where unreachable)."""
        key = tuple(int(source) for source in sources)
        with self._lock:
            field = self._fields.get(key)
            if field is None:
                field = self._compute(list(key))
                field.flags.writeable = False
                self._fields[key] = field
                while len(self._fields) > self.KEPT_FIELDS:
                    self._fields.popitem(last=False)
            else:
                self._fields.move_to_end(key)
        return field

    def arrays(self, targets: Sequence[int]) -> np.ndarray:
        """One field per target: row i is the distance from `targets[i]` to every cell."""
        if not len(targets):
            return np.empty((0, len(self.passable)), dtype=np.int32)
        return np.stack([self.array([target]) for target in targets])

    def _compute(self, sources: list[int]) -> np.ndarray:
        if not self.large:
            return np.asarray(python_distance_field(self.passable, sources, self.offsets), dtype=np.int32)
        if len(sources) == 1:
            return self._search(sources[0])
        # Several sources: one search from a hub joined to all of them, one step nearer.
        graph, vertex_of, _cells = self._board_graph()
        hub = graph.vcount() - 1
        graph.add_edges([(hub, int(vertex_of[source])) for source in sources])
        try:
            field = self._search(-1)
        finally:
            graph.delete_edges(graph.incident(hub))
        field[field < INF] -= 1
        return field

    def _search(self, source: int) -> np.ndarray:
        """One breadth-first search from a cell (-1: from the hub)."""
        graph, vertex_of, cells = self._board_graph()
        start = graph.vcount() - 1 if source < 0 else int(vertex_of[source])
        order, layers, _parents = graph.bfs(start)
        order = np.fromiter(order, dtype=np.int64, count=len(order))
        layers = np.fromiter(layers, dtype=np.int64, count=len(layers))
        field = np.full(len(self.passable), INF, dtype=np.int32)
        depth = np.repeat(np.arange(len(layers) - 1, dtype=np.int32), np.diff(layers))
        if source < 0:  # the hub itself is no cell
            order, depth = order[1:], depth[1:]
        field[cells[order]] = depth
        return field

    def _board_graph(self) -> tuple[Any, np.ndarray, np.ndarray]:
        """The passable cells as a graph (an edge between neighbours), plus a spare hub vertex last."""
        if self._graph is None:
            import igraph

            open_cells = np.frombuffer(self.passable, dtype=np.uint8).astype(bool)
            cells = np.flatnonzero(open_cells)
            vertex_of = np.full(open_cells.size, -1, dtype=np.int64)
            vertex_of[cells] = np.arange(len(cells))
            edges = []
            for offset in self.offsets:
                if offset > 0:  # each pair once: right and down
                    joined = open_cells[cells + offset]
                    edges.append(
                        np.stack([vertex_of[cells[joined]], vertex_of[cells[joined] + offset]], axis=1)
                    )
            graph = igraph.Graph(n=len(cells) + 1, edges=np.concatenate(edges).tolist())
            self._graph = (graph, vertex_of, cells)
        return self._graph
