"""What a map cell can be: a kind, a colour, and the default legend."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Kind(IntEnum):
    """The kind of a tile. Everything outside a map counts as wall."""

    WALL = 0
    FLOOR = 1
    APPLE = 2
    EXIT = 3


class Colour(IntEnum):
    """The colour of a wall, apple or exit. Only green apples are worth anything."""

    GREY = 0
    GREEN = 1
    RED = 2
    BLUE = 3
    YELLOW = 4
    PURPLE = 5
    ORANGE = 6
    WHITE = 7


KIND_NAMES: dict[str, Kind] = {kind.name.lower(): kind for kind in Kind}
COLOUR_NAMES: dict[str, Colour] = {colour.name.lower(): colour for colour in Colour}
COLOUR_NAMES["gray"] = Colour.GREY

START_SYMBOL = "@"


@dataclass(frozen=True, slots=True)
class Tile:
    """A legend entry: what a symbol in a map stands for."""

    kind: Kind
    colour: Colour = Colour.GREY

    @property
    def is_green_apple(self) -> bool:
        return self.kind is Kind.APPLE and self.colour is Colour.GREEN

    def describe(self) -> str:
        """Words for the tile, such as 'green apple' or 'grey exit'."""
        if self.kind is Kind.FLOOR:
            return "floor"
        return f"{self.colour.name.lower()} {self.kind.name.lower()}"


DEFAULT_LEGEND: dict[str, Tile] = {
    "#": Tile(Kind.WALL, Colour.GREY),
    "%": Tile(Kind.WALL, Colour.GREEN),
    ".": Tile(Kind.FLOOR),
    " ": Tile(Kind.FLOOR),
    "A": Tile(Kind.APPLE, Colour.GREEN),
    "a": Tile(Kind.APPLE, Colour.RED),
    "E": Tile(Kind.EXIT, Colour.GREEN),
    "e": Tile(Kind.EXIT, Colour.GREY),
}
"""The legend every level starts from; `@` (the start) is floor and cannot be redefined."""
