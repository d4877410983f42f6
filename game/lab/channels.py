"""What the lab's networks see: raw channels of a cell, nothing hand-made.

A cell is its colour, one-hot over the game's eight colours, and its kind,
one-hot over wall, floor, apple and exit: twelve numbers. Floor and walls
carry their kind alone, no colour: in the game they are drawn grey, but if
the grey channel lit up on every floor cell, how far training pushed floor
down would leak into any grey item of a test. Nothing an agent can score
shares a channel with a test item by accident.

`colour_salience` multiplies the colour channels (1.0, the default,
leaves them as they are). Nothing says which way the exit or a green thing
lies; a network has to learn what matters from these channels alone.
"""

from __future__ import annotations

from typing import overload

import numpy as np

from game.core.tiles import Colour, Kind

CHANNELS = tuple(f"colour:{c.name.lower()}" for c in Colour) + tuple(f"kind:{k.name.lower()}" for k in Kind)
"""The names of the twelve input channels of one cell, in order."""
CELL_CHANNELS = len(CHANNELS)
TYPES = len(Kind) * len(Colour)
"""Distinct (kind, colour) pairs: every cell looks like one of these 32."""
UNCOLOURED = (Kind.WALL, Kind.FLOOR)
"""Kinds whose cells show no colour channel."""


@overload
def type_code(kind: int, colour: int) -> int: ...
@overload
def type_code(kind: np.ndarray, colour: np.ndarray) -> np.ndarray: ...
def type_code(kind: np.ndarray | int, colour: np.ndarray | int) -> np.ndarray | int:
    """The index of a (kind, colour) pair among the `TYPES` pairs."""
    return kind * len(Colour) + colour


def type_inputs(colour_salience: float = 1.0) -> np.ndarray:
    """(TYPES, CELL_CHANNELS): the raw channels of every kind of cell, colour scaled by the salience."""
    table = np.zeros((TYPES, CELL_CHANNELS))
    for kind in Kind:
        for colour in Colour:
            row = table[type_code(int(kind), int(colour))]
            if kind not in UNCOLOURED:
                row[int(colour)] = colour_salience
            row[len(Colour) + int(kind)] = 1.0
    return table


def type_name(code: int) -> str:
    """Words for a type code: 'green apple', 'blue exit', 'floor'."""
    kind, colour = Kind(code // len(Colour)), Colour(code % len(Colour))
    if kind is Kind.FLOOR:
        return "floor"
    return f"{colour.name.lower()} {kind.name.lower()}"
