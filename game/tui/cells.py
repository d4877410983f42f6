"""What a map cell looks like at each size: a glyph at 1x1, a block shape when a cell is larger.

A cell of `across` x `down` characters (2x1, 4x2, 6x3, 8x4) is drawn as a
small picture in quadrant block characters (each character is 2x2 "pixels"),
so that an object fills most of its cell on a projector instead of being one
glyph in the middle of it. Every object has its own shape, at every size, so
shape tells them apart as well as colour:

    agent         a shield        ▜▛
    green apple   a mound         ▟▙
    other apple   a hollow roof   ▞▚
    green exit    an arch         ▛▜
    other exit    two posts       ▌▐
    trail         a small dot     ▗▖

(as a 2x1 cell shows them; larger cells show the same shape scaled up, so
the legend beside the maze holds at every size).

Walls fill their cell: solid grey, shaded green, lightly shaded other colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from game.core.tiles import Colour, Kind


@dataclass(frozen=True)
class CellSize:
    """Characters per map cell: `across` columns by `down` lines; `down` 0 is the half-block overview,
    where each column holds `step` map columns and each line twice `step` map rows (a half block each
    `step` x `step` cells)."""

    across: int
    down: int
    step: int = 1

    @property
    def half(self) -> bool:
        return self.down == 0

    def lines_for(self, rows: int) -> int:
        """Lines that `rows` map rows take."""
        return -(-rows // (2 * self.step)) if self.half else rows * self.down

    def columns_for(self, cols: int) -> int:
        """Columns that `cols` map columns take."""
        return -(-cols // self.step) if self.half else cols * self.across

    def words(self) -> str:
        if not self.half:
            return f"{self.across}x{self.down}"
        more = f", {self.step}x{self.step} cells a half block" if self.step > 1 else ""
        return "half-block overview" + more


MAX_DOWN = 16
OVERVIEW_STEPS = (1, 2, 3, 4, 6, 8)
"""Map cells a half block holds across (and down) in the overviews: 8 shows a 255x255 map at 80x24."""
SIZES = (
    *(CellSize(2 * down, down) for down in range(MAX_DOWN, 0, -1)),
    CellSize(1, 1),
    *(CellSize(1, 0, step) for step in OVERVIEW_STEPS),
)
"""Every cell size, largest first: square cells 2k x k (a character is about twice as tall as it is
wide), then 1x1 and the half-block overviews, ever denser. "Fit" picks the first that shows the whole map."""

GLYPHS = {
    "floor": " ",
    "agent": "◉",
    "trail": "∙",
    "green apple": "♣",
    "apple": "○",
    "green exit": "▣",
    "exit": "□",
    "wall": "█",
    "green wall": "▓",
    "other wall": "▒",
}
"""The 1x1 glyph of each look (walls repeat theirs to fill any cell)."""

SHAPES = {  # 4x2 "pixels", as a 2x1 cell shows them; larger cells scale them up
    "agent": ("XXXX", ".XX."),
    "green apple": (".XX.", "XXXX"),
    "apple": (".XX.", "X..X"),
    "green exit": ("XXXX", "X..X"),
    "exit": ("X..X", "X..X"),
    "trail": ("....", ".XX."),
}
QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
"""Indexed by upper-left 1 + upper-right 2 + lower-left 4 + lower-right 8."""


def look_of(kind: int, colour: int) -> str:
    """The look of a map tile: 'wall', 'green apple', 'exit'..."""
    green = colour == Colour.GREEN
    if kind == Kind.WALL:
        return "wall" if colour == Colour.GREY else "green wall" if green else "other wall"
    if kind == Kind.FLOOR:
        return "floor"
    name = "apple" if kind == Kind.APPLE else "exit"
    return f"green {name}" if green else name


def coverage(look: str, size: CellSize) -> float:
    """The share of a cell that `look`'s own colour covers at `size` (walls and glyphs: 1 or less)."""
    lines = cell_lines(look, size)
    pixels = sum(
        bin(QUADRANTS.index(ch)).count("1") if ch in QUADRANTS else 0 for line in lines for ch in line
    )
    return pixels / (4 * size.across * max(1, size.down))


@cache
def cell_lines(look: str, size: CellSize) -> tuple[str, ...]:
    """The characters of a cell drawn as `look` at `size`: `down` strings of `across` characters."""
    if size.half or (size.across, size.down) == (1, 1):
        return (GLYPHS[look],)
    across, down = size.across, size.down
    if look == "floor":
        return (" " * across,) * down
    if look.endswith("wall"):
        return (GLYPHS[look] * across,) * down
    pattern = SHAPES[look]
    width, height = 2 * across, 2 * down  # pixels
    rows, cols = len(pattern), len(pattern[0])

    def source(at: int, pixels: int, cells: int) -> int:
        # nearest pattern pixel, mirrored about the middle so symmetric shapes stay symmetric
        if 2 * at >= pixels:
            return cells - 1 - source(pixels - 1 - at, pixels, cells)
        return int((at + 0.5) * cells / pixels)

    def on(x: int, y: int) -> bool:
        return pattern[source(y, height, rows)][source(x, width, cols)] == "X"

    lines = []
    for line in range(down):
        chars = []
        for ch in range(across):
            x, y = 2 * ch, 2 * line
            bits = on(x, y) | on(x + 1, y) << 1 | on(x, y + 1) << 2 | on(x + 1, y + 1) << 3
            chars.append(QUADRANTS[bits])
        lines.append("".join(chars))
    return tuple(lines)


LEGEND = (
    ("agent", "you"),
    ("green apple", "green apple: what you want"),
    ("apple", "other apple: worth nothing"),
    ("green exit", "green exit"),
    ("exit", "grey (other) exit"),
    ("trail", "a step the rewritten goal took"),
)
"""The looks a map shows besides walls and floor, with their meaning."""


def legend_lines() -> list[tuple[str, str]]:
    """(glyph and shape, meaning) pairs for the help: '♣ ▟▙' is a green apple at 1x1 and in larger cells."""
    return [(f"{GLYPHS[look]} {cell_lines(look, CellSize(2, 1))[0]}", words) for look, words in LEGEND]
