"""A map as NumPy arrays of tile kinds and colours, plus the start."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.core.tiles import Colour, Kind, Tile

MAX_SIDE = 256
"""A map has at most this many rows and columns."""


@dataclass(eq=False)
class Grid:
    """One map: `kind` and `colour` are (height, width) uint8 arrays; `start` is (row, col)."""

    kind: np.ndarray
    colour: np.ndarray
    start: tuple[int, int]
    name: str = ""
    _hash: int | None = field(default=None, repr=False)

    @property
    def height(self) -> int:
        return int(self.kind.shape[0])

    @property
    def width(self) -> int:
        return int(self.kind.shape[1])

    @classmethod
    def empty(cls, height: int, width: int, start: tuple[int, int] = (0, 0)) -> Grid:
        """A grid of walls, to be carved into."""
        return cls(
            kind=np.zeros((height, width), dtype=np.uint8),
            colour=np.zeros((height, width), dtype=np.uint8),
            start=start,
        )

    def tile(self, row: int, col: int) -> Tile:
        """The tile at (row, col); outside the map is a grey wall."""
        if 0 <= row < self.height and 0 <= col < self.width:
            return Tile(Kind(int(self.kind[row, col])), Colour(int(self.colour[row, col])))
        return Tile(Kind.WALL, Colour.GREY)

    def cells(self, kind: Kind, colour: Colour | None = None) -> list[tuple[int, int]]:
        """Every (row, col) holding `kind` (and `colour`, if given), in reading order."""
        mask = self.kind == kind
        if colour is not None:
            mask &= self.colour == colour
        return [(int(r), int(c)) for r, c in zip(*np.nonzero(mask), strict=True)]

    def green_apples(self) -> list[tuple[int, int]]:
        return self.cells(Kind.APPLE, Colour.GREEN)

    def exits(self) -> list[tuple[int, int]]:
        return self.cells(Kind.EXIT)

    def copy(self) -> Grid:
        return Grid(self.kind.copy(), self.colour.copy(), self.start, self.name)

    def to_text(self) -> str:
        """The map in the default legend's symbols (other colours shown by kind)."""
        glyph = {Kind.WALL: "#", Kind.FLOOR: ".", Kind.APPLE: "a", Kind.EXIT: "e"}
        rows = []
        for r in range(self.height):
            chars = []
            for c in range(self.width):
                kind = Kind(int(self.kind[r, c]))
                green = self.colour[r, c] == Colour.GREEN
                char = glyph[kind]
                if green and kind is not Kind.FLOOR:
                    char = {"#": "%", "a": "A", "e": "E"}[char]
                chars.append(char)
            rows.append(chars)
        rows[self.start[0]][self.start[1]] = "@"
        return "\n".join("".join(row) for row in rows)
