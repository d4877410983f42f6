"""Drawn maps: from the text of a level file to a Grid, with every problem at its cell."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.core.grid import MAX_SIDE, Grid
from game.core.paths import INF, Board, distance_field
from game.core.problems import Severity
from game.core.tiles import START_SYMBOL, Kind, Tile

Report = Callable[[int | None, Severity, str], None]
"""Called with the index of a character in the map text (None: the whole map), a severity and a message."""


def split_rows(text: str) -> list[tuple[int, str]]:
    """The rows of a map as (index of the row's first character, row text); a final newline adds no row."""
    rows = []
    at = 0
    for line in text.split("\n"):
        rows.append((at, line))
        at += len(line) + 1
    if len(rows) > 1 and rows[-1][1] == "":
        rows.pop()
    return rows


def parse_map(text: str, legend: dict[str, Tile], report: Report) -> Grid | None:
    """Build the grid a map draws, reporting unknown symbols, size and start problems.

    Returns None when the map cannot be played (an error was reported).
    """
    rows = split_rows(text)
    errors = False
    if len(rows) > MAX_SIDE:
        message = f"the map has {len(rows)} rows; at most {MAX_SIDE} are allowed"
        report(rows[MAX_SIDE][0], Severity.ERROR, message)
        return None
    for at, row in rows:
        if len(row) > MAX_SIDE:
            report(
                at + MAX_SIDE,
                Severity.ERROR,
                f"this row is {len(row)} columns wide; at most {MAX_SIDE} are allowed",
            )
            return None
    height = len(rows)
    width = max((len(row) for _, row in rows), default=0)
    if width == 0:
        report(None, Severity.ERROR, "the map is empty")
        return None
    kinds = np.zeros((height, width), dtype=np.uint8)
    colours = np.zeros((height, width), dtype=np.uint8)
    start: tuple[int, int] | None = None
    known = "".join(sorted(legend)).strip()
    for r, (at, row) in enumerate(rows):
        for c, char in enumerate(row):
            if char == START_SYMBOL:
                if start is not None:
                    first = f"row {start[0] + 1}, column {start[1] + 1} of the map"
                    report(at + c, Severity.ERROR, f"a second start `@` (the first is at {first})")
                    errors = True
                else:
                    start = (r, c)
                kinds[r, c] = Kind.FLOOR
                continue
            tile = legend.get(char)
            if tile is None:
                what = "a tab" if char == "\t" else f"`{char}`"
                report(
                    at + c,
                    Severity.ERROR,
                    f"unknown symbol {what}: add it to [legend] or use one of {' '.join(known)} @",
                )
                errors = True
                continue
            kinds[r, c] = tile.kind
            colours[r, c] = tile.colour
    if start is None:
        report(None, Severity.ERROR, "the map has no start `@`")
        return None
    if errors:
        return None
    return Grid(kinds, colours, start)


def check_reachability(grid: Grid, rows: list[tuple[int, str]], report: Report) -> bool:
    """Report a map with no reachable exit (error) and unreachable green apples (warnings)."""
    board = Board(grid.height, grid.width)
    passable = board.pad(grid.kind != Kind.WALL)
    field = distance_field(passable, [board.index(*grid.start)], board.offsets)
    at_start = rows[grid.start[0]][0] + grid.start[1]
    exits = grid.exits()
    if not exits:
        report(None, Severity.ERROR, "the map has no exit")
        return False
    ok = True
    if all(field[board.index(r, c)] >= INF for r, c in exits):
        report(at_start, Severity.ERROR, "no exit can be reached from the start `@`")
        ok = False
    for r, c in grid.green_apples():
        if field[board.index(r, c)] >= INF:
            report(rows[r][0] + c, Severity.WARNING, "this green apple can never be reached")
    return ok
