"""Painting a map cell: the change to the level file's text that puts a symbol in that cell."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.maps import split_rows
from game.core.tiles import START_SYMBOL
from game.editor.draft import MapSource

FLOOR_SYMBOL = "."
WALL_SYMBOL = "#"
UNSAFE = frozenset("\"'\\\n\t")
"""Symbols painting will not write: they would need escaping inside a TOML string."""


@dataclass(frozen=True, order=True)
class Edit:
    """Replace `text[start:end]` with `new`."""

    start: int
    end: int
    new: str


class PaintError(ValueError):
    """The cell cannot be painted from the preview (the message says why and what to do)."""


def paint(text: str, source: MapSource, row: int, col: int, symbol: str) -> list[Edit]:
    """The edits, last first, that draw `symbol` at (`row`, `col`) of the map `source`.

    Cells past the end of a row are wall; painting there first fills the gap
    with walls. Painting the start moves it: the old `@` becomes floor.
    """
    if len(symbol) != 1 or symbol in UNSAFE:
        raise PaintError(f"{symbol!r} cannot be painted; type it in the text instead")
    offsets = source.offsets
    if offsets is None or len(offsets) != len(source.text):
        raise PaintError(f"{source.label} is written in a way painting cannot follow; edit its text instead")
    rows = split_rows(source.text)
    if not 0 <= row < len(rows) or col < 0:
        raise PaintError("that cell is outside the map")
    at, line = rows[row]
    edits = []
    if col < len(line):
        i = at + col
        if text[offsets[i]] != source.text[i]:
            raise PaintError("that cell is written as an escape sequence; edit it in the text")
        edits.append(Edit(offsets[i], offsets[i] + 1, symbol))
    else:
        after = at + len(line)
        where = offsets[after] if after < len(offsets) else source.end
        edits.append(Edit(where, where, WALL_SYMBOL * (col - len(line)) + symbol))
    if symbol == START_SYMBOL:
        for i, char in enumerate(source.text):
            if char == START_SYMBOL and offsets[i] != edits[0].start:
                edits.append(Edit(offsets[i], offsets[i] + 1, FLOOR_SYMBOL))
    return sorted(edits, reverse=True)


def apply(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` (last first) made."""
    for edit in edits:
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text
