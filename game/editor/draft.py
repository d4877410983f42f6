"""A level file being edited: its problems, its maps, and which map the cursor is on.

`analyse` checks the text with the game's own checker and finds, by the
same position index the checker uses, where each map is written, so the
editor can preview the map under the cursor and paint cells back into it.
A map is previewed even when the file has other errors; only a map that
cannot be read at all has no preview.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.core.generate import episode_grid
from game.core.grid import MAX_SIDE, Grid
from game.core.level import Level
from game.core.loader import CheckResult, check_bytes
from game.core.maps import parse_map, split_rows
from game.core.problems import Problem
from game.core.tiles import COLOUR_NAMES, DEFAULT_LEGEND, KIND_NAMES, START_SYMBOL, Kind, Tile
from game.core.tomlpos import PositionIndex

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class MapSource:
    """A map written in the text: its key path, its decoded text and each character's offset."""

    path: KeyPath
    text: str
    offsets: list[int] | None
    """Offset in the file of each character of `text`; None if it could not be traced."""
    end: int
    """Offset just after the map's last character in the file."""

    @property
    def label(self) -> str:
        if self.path[0] == "maps":
            return f"map `{self.path[1]}`"
        return f"the map of episode table {int(self.path[1]) + 1}"


@dataclass(frozen=True)
class Preview:
    """What the preview shows: a grid, words for where it comes from, and the map to paint into."""

    grid: Grid | None
    label: str
    source: MapSource | None = None
    seed: int | None = None
    """For a generated maze: the seed it was generated from."""


@dataclass
class Draft:
    """One analysis of the editor's text."""

    text: str
    result: CheckResult
    document: dict[str, Any] | None = None
    positions: PositionIndex | None = None
    maps: dict[KeyPath, MapSource] = field(default_factory=dict)
    episode_starts: list[int] = field(default_factory=list)
    """Offset of each `[[episode]]` table's header, in file order."""
    legend: dict[str, Tile] = field(default_factory=lambda: dict(DEFAULT_LEGEND))
    _previews: dict[KeyPath | int, Preview] = field(default_factory=dict, repr=False)
    """Each map's preview, made once per analysis (a cursor move must not parse a 255x255 map again)."""

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.result.problems)

    @property
    def level(self) -> Level | None:
        return self.result.level

    def offset(self, line: int, col: int) -> int:
        """The offset of a 1-based line and column."""
        assert self.positions is not None
        return self.positions.offset(line, col)

    def preview_at(self, line: int, col: int, make: bool = True) -> Preview | None:
        """The map to show for a cursor at 1-based `line`, `col`: the map it is in, or its episode's.

        With `make` false, None when that preview is a generated maze not made yet.
        """
        if self.document is None or self.positions is None:
            return Preview(None, "Fix the TOML to see a preview.")
        at = self.offset(line, col)
        for source in self.maps.values():
            if source.offsets and source.offsets[0] - 4 <= at <= source.end:
                return self._preview(source)
        episodes = self.document.get("episode")
        if not isinstance(episodes, list) or not episodes:
            first = next(iter(self.maps.values()), None)
            return self._preview(first) if first else Preview(None, "No episode and no map yet.")
        index = max(0, bisect_right(self.episode_starts, at) - 1)
        return self.episode_preview(min(index, len(episodes) - 1), make)

    def episode_preview(self, index: int, make: bool = True) -> Preview | None:
        """The map of `[[episode]]` table `index` (from 0): drawn, named, or generated."""
        assert self.document is not None
        table = self.document["episode"][index]
        if not isinstance(table, dict):
            return Preview(None, f"Episode table {index + 1} is not a table.")
        if "generate" in table:
            return self._generated(index, make)
        value = table.get("map")
        if not isinstance(value, str):
            return Preview(None, f"Episode table {index + 1} has no map yet.")
        source = self.maps.get(("episode", index, "map") if "\n" in value else ("maps", value))
        if source is None:
            return Preview(None, f"Episode table {index + 1}: no map named `{value}` in [maps].")
        return self._preview(source)

    def _generated(self, index: int, make: bool) -> Preview | None:
        if index not in self._previews:
            if not make:
                return None
            self._previews[index] = self._make_generated(index)
        return self._previews[index]

    def _make_generated(self, index: int) -> Preview:
        level = self.level
        if level is None:
            return Preview(None, f"Episode table {index + 1} is generated: fix the errors to see its maze.")
        run_index = next(n for n, spec in enumerate(level.episodes, 1) if spec.source == index + 1)
        spec = level.episodes[run_index - 1].generate
        assert spec is not None
        grid = episode_grid(spec, level.seed, run_index)
        seed = f"seed {spec.seed}" if spec.seed is not None else f"run seed {level.seed}, episode {run_index}"
        label = f"Episode table {index + 1}: generated ({spec.style}), {spec.width}x{spec.height}, {seed}"
        return Preview(grid, label, None, spec.seed)

    def _preview(self, source: MapSource) -> Preview:
        if source.path not in self._previews:
            grid = sketch(source.text, self.legend)
            self._previews[source.path] = Preview(grid, source.label.capitalize(), source)
        return self._previews[source.path]

    def prepare_previews(self, line: int, col: int) -> None:
        """Make the drawn maps' previews and the one under the cursor now (in a worker, not the UI)."""
        for source in self.maps.values():
            self._preview(source)
        self.preview_at(line, col)


def analyse(text: str, path: Path) -> Draft:
    """Check `text` as the level file at `path` and find where its maps are written."""
    result = check_bytes(text.encode("utf-8"), path)
    draft = Draft(text, result)
    if result.document is None or result.positions is None:
        return draft  # not TOML (or not text): the problem list says why
    document = draft.document = result.document
    positions = draft.positions = result.positions
    draft.legend = lenient_legend(document.get("legend"))
    maps = document.get("maps")
    if isinstance(maps, dict):
        for name, value in maps.items():
            _add_map(draft, ("maps", name), value)
    episodes = document.get("episode")
    if isinstance(episodes, list):
        for i, table in enumerate(episodes):
            draft.episode_starts.append(positions.keys.get(("episode", i), 0))
            if isinstance(table, dict) and isinstance(table.get("map"), str) and "\n" in table["map"]:
                _add_map(draft, ("episode", i, "map"), table["map"])
    return draft


def _add_map(draft: Draft, path: KeyPath, value: Any) -> None:
    if not isinstance(value, str):
        return
    assert draft.positions is not None
    offsets = draft.positions.string_offsets(path, value)
    span = draft.positions.strings.get(path)
    end = span[1] if span else (offsets[-1] + 1 if offsets else 0)
    draft.maps[path] = MapSource(path, value, offsets, end)


def lenient_legend(table: Any) -> dict[str, Tile]:
    """The default legend plus every well-formed entry of a `[legend]` table (the rest is ignored here)."""
    legend = dict(DEFAULT_LEGEND)
    if not isinstance(table, dict):
        return legend
    for symbol, entry in table.items():
        if len(symbol) != 1 or symbol == START_SYMBOL or not isinstance(entry, dict):
            continue
        kind = KIND_NAMES.get(str(entry.get("kind", "")).lower())
        colour = COLOUR_NAMES.get(str(entry.get("color", "grey")).lower())
        if kind is not None and colour is not None:
            legend[symbol] = Tile(kind, colour)
    return legend


def sketch(text: str, legend: dict[str, Tile]) -> Grid | None:
    """The grid a map draws, as the checker reads it; for a map with errors, a best guess to preview.

    Unknown symbols are drawn as floor and a missing start is (-1, -1), off
    the map, so none is drawn: the problem list says what is wrong.
    """
    grid = parse_map(text, legend, lambda *_: None)
    if grid is not None:
        return grid
    rows = [row[:MAX_SIDE] for _, row in split_rows(text)[:MAX_SIDE]]
    width = max((len(row) for row in rows), default=0)
    if width == 0:
        return None
    kinds = np.zeros((len(rows), width), dtype=np.uint8)
    colours = np.zeros((len(rows), width), dtype=np.uint8)
    start = None
    for r, row in enumerate(rows):
        for c, char in enumerate(row):
            if char == START_SYMBOL:
                kinds[r, c] = Kind.FLOOR
                start = start or (r, c)
                continue
            tile = legend.get(char, Tile(Kind.FLOOR))
            kinds[r, c], colours[r, c] = tile.kind, tile.colour
    return Grid(kinds, colours, start or (-1, -1))
