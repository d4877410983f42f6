"""Tables that use the room they are given: on a projector or a big terminal they spread out."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

MAX_PADDING = 4
"""The widest gap on each side of a column, in characters."""


def fitting_padding(width: int, natural: int, columns: int) -> int:
    """The gap on each side of a column for `columns` columns `natural` characters wide in all to span
    about `width`: 1 on a small screen, up to one character per 50 columns of screen (at most MAX_PADDING)."""
    most = max(1, min(MAX_PADDING, width // 50))
    return max(1, min(most, (width - natural) // (2 * max(1, columns))))


def spread(table: DataTable, width: int) -> None:
    """Widen the gaps between `table`'s columns (see `fitting_padding`) so it spans about `width`."""
    columns = list(table.columns.values())
    if columns:
        natural = sum(column.get_render_width(table) - 2 * table.cell_padding for column in columns)
        padding = fitting_padding(width, natural, len(columns))
        if table.cell_padding != padding:
            table.cell_padding = padding


def row_height(rows: int, room: int, most: int = 3) -> int:
    """How tall each of `rows` rows may be (1 to `most`) so that all of them fit in `room` lines."""
    return max(1, min(most, room // max(1, rows)))


def middle(cell: str, height: int, style: str = "") -> Text:
    """A cell's text (plain, never markup) in the middle line of a row `height` lines tall."""
    return Text("\n" * ((height - 1) // 2) + cell, style=style)
