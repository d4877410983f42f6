"""The maze: one widget that draws its rows itself (Textual's Line API).

Each map row becomes cached Strips, rebuilt only when a cell of that row
changes (the agent moved, an apple was eaten). The view scrolls to keep the
agent in sight on maps larger than the terminal, and centres small maps.

A cell is drawn as a block of `zoom` rows and `2 * zoom` columns. By
default the zoom is the largest (up to `MAX_ZOOM`) at which the whole map
fits the box, so a small maze fills a projector's screen; `cycle_zoom`
steps through the zooms and back to fitting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size, Spacing
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.core.events import EpisodeStarted, Event, Moved
from game.core.grid import Grid
from game.tui.palette import AGENT, CELL_WIDTH, TRAIL, Palette
from game.tui.widgets.follow_palette import FollowsPalette

_PLAIN = Style()
_CURSOR = Style(bgcolor="yellow", color="black", bold=True)
_CURSOR_MONO = Style(reverse=True, bold=True)
MAX_ZOOM = 4
FOLLOW_MARGIN = Spacing(3, 8, 3, 8)
"""How close to the edge the agent may come before the view scrolls."""


class Drawn(Protocol):
    """What the view draws: a map and where the agent stands (a live episode, or a map previewed)."""

    @property
    def grid(self) -> Grid: ...

    @property
    def agent(self) -> tuple[int, int]: ...


class MazeView(FollowsPalette, ScrollView, can_focus=True):
    """Draws an episode's map, the agent and the steps the rewritten goal took."""

    DEFAULT_CSS = """
    MazeView { scrollbar-size: 1 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.episode: Drawn | None = None
        self._strips: dict[int, tuple[int, Strip]] = {}
        self._versions: list[int] = []
        self._trail: set[tuple[int, int]] = set()
        self._agent_taken_over = False
        self._tiles: dict[tuple[int, int], tuple[str, Style]] = {}
        self.chosen_zoom: int | None = None
        """The zoom the player chose, or None to fit the map to the box."""
        self.zoom = 1
        self.cursor: tuple[int, int] | None = None
        """A cell to mark (the level editor's paint cursor), or None."""

    # -- what to draw ------------------------------------------------------------

    def show(self, episode: Drawn) -> None:
        """Draw a new episode from scratch."""
        self.episode = episode
        self._trail = set()
        self._agent_taken_over = False
        self._strips.clear()
        self._versions = [0] * episode.grid.height
        self._apply_zoom()
        self.refresh()
        self.call_after_refresh(self.follow_agent)

    def set_cursor(self, cell: tuple[int, int] | None) -> None:
        """Mark `cell` (or nothing) and keep it in sight."""
        before, self.cursor = self.cursor, cell
        for mark in (before, cell):
            if mark is not None:
                self.changed(mark[0])
        if cell is not None:
            self.scroll_to_cell(cell)

    def scroll_to_cell(self, cell: tuple[int, int]) -> None:
        row, col = cell
        pad = self._pad()
        zoom = self.zoom
        region = Region(col * CELL_WIDTH * zoom + pad.left, row * zoom + pad.top, CELL_WIDTH * zoom, zoom)
        self.scroll_to_region(region, spacing=FOLLOW_MARGIN, animate=False, immediate=True)

    # -- zoom ----------------------------------------------------------------------

    def fitting_zoom(self) -> int:
        """The largest zoom at which the whole map fits the box (1 if even that does not)."""
        if self.episode is None:
            return 1
        grid = self.episode.grid
        width, height = self.size
        for zoom in range(MAX_ZOOM, 1, -1):
            if grid.width * CELL_WIDTH * zoom <= width and grid.height * zoom <= height:
                return zoom
        return 1

    def cycle_zoom(self) -> str:
        """Fit, then 1, 2… MAX_ZOOM, then fit again; returns words for the new zoom."""
        if self.chosen_zoom is None:
            self.chosen_zoom = 1
        elif self.chosen_zoom >= MAX_ZOOM:
            self.chosen_zoom = None
        else:
            self.chosen_zoom += 1
        self._apply_zoom()
        self.refresh()
        self.call_after_refresh(self.follow_agent)
        return "zoom: fit to the box" if self.chosen_zoom is None else f"zoom: {self.zoom}x"

    def _apply_zoom(self) -> None:
        self.zoom = self.chosen_zoom or self.fitting_zoom()
        self._strips.clear()
        if self.episode is not None:
            grid = self.episode.grid
            self.virtual_size = Size(grid.width * CELL_WIDTH * self.zoom, grid.height * self.zoom)

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self._tiles.clear()
        self._strips.clear()
        self.refresh()

    def apply(self, events: Iterable[Event]) -> None:
        """Draw what a step of a run caused: a new episode's map, the agent's moves.

        An eaten apple needs nothing more: it was eaten on the cell the agent moved to.
        """
        for event in events:
            match event:
                case EpisodeStarted(episode=episode):
                    self.show(episode)
                case Moved(source=source, target=target, taken_over=taken_over):
                    self.moved(source, target, taken_over)

    def moved(self, source: tuple[int, int], target: tuple[int, int], taken_over: bool) -> None:
        """The agent stepped (perhaps in place); redraw the rows that changed."""
        if taken_over and target != source:
            self._trail.add(source)
        self._agent_taken_over = taken_over
        self.changed(source[0])
        if target[0] != source[0]:
            self.changed(target[0])
        self.follow_agent()

    def changed(self, row: int) -> None:
        """A cell in `row` changed (an apple eaten, the agent came or went)."""
        if 0 <= row < len(self._versions):
            self._versions[row] += 1
            top = self._pad().top
            for line in range(row * self.zoom, (row + 1) * self.zoom):
                self.refresh_line(line + top)

    # -- scrolling ---------------------------------------------------------------

    def _pad(self) -> Spacing:
        """Margins that centre a map smaller than the view."""
        if self.episode is None:
            return Spacing()
        width = self.episode.grid.width * CELL_WIDTH * self.zoom
        height = self.episode.grid.height * self.zoom
        left = max(0, (self.size.width - width) // 2)
        top = max(0, (self.size.height - height) // 2)
        return Spacing(top, 0, 0, left)

    def follow_agent(self) -> None:
        if self.episode is not None:
            self.scroll_to_cell(self.cursor or self.episode.agent)

    def on_resize(self) -> None:
        self._apply_zoom()
        self.follow_agent()

    # -- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        episode = self.episode
        # The theme's own background and text colour under every cell, not the terminal's default black.
        base = self.rich_style
        if episode is None:
            return Strip.blank(width, base)
        pad = self._pad()
        line = y + scroll_y - pad.top
        row, part = divmod(line, self.zoom)
        if line < 0 or not 0 <= row < episode.grid.height:
            return Strip.blank(width, base)
        strip = self._row(row, part)
        if pad.left:
            strip = Strip([Segment(" " * pad.left, _PLAIN), *strip], strip.cell_length + pad.left)
        return strip.crop_extend(scroll_x, scroll_x + width, _PLAIN).apply_style(base)

    def _row(self, row: int, part: int = 0) -> Strip:
        """Line `part` (of `zoom`) of map row `row`: walls fill their block, glyphs sit mid-block."""
        version = self._versions[row]
        key = row * MAX_ZOOM + part
        cached = self._strips.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        episode = self.episode
        assert episode is not None
        palette = self.palette
        zoom = self.zoom
        middle = part == zoom // 2 if zoom > 1 else True
        kinds = episode.grid.kind[row].tolist()
        colours = episode.grid.colour[row].tolist()
        agent_row, agent_col = episode.agent
        cursor_col = self.cursor[1] if self.cursor is not None and self.cursor[0] == row else -1
        segments: list[Segment] = []
        text, style = "", None
        for col, (kind, colour) in enumerate(zip(kinds, colours, strict=True)):
            if row == agent_row and col == agent_col:
                glyph, cell_style = AGENT, palette.agent(self._agent_taken_over)
            elif (row, col) in self._trail and kind == 1:
                glyph, cell_style = TRAIL, palette.trail()
            else:
                look = self._tiles.get((kind, colour))
                if look is None:
                    look = self._tiles[kind, colour] = palette.tile(kind, colour)
                glyph, cell_style = look
            if col == cursor_col:
                cell_style = _CURSOR_MONO if palette.monochrome else cell_style + _CURSOR
                if kind == 0:
                    glyph = "▒▒"  # a wall under the cursor still reads as a wall
                elif glyph == "  ":
                    glyph = "[]"
            if zoom > 1:
                if kind == 0 and not (row == agent_row and col == agent_col):
                    glyph = glyph * zoom  # a wall fills its whole block
                elif middle:
                    side = (CELL_WIDTH * zoom - len(glyph)) // 2
                    glyph = " " * side + glyph + " " * (CELL_WIDTH * zoom - len(glyph) - side)
                else:
                    glyph = " " * (CELL_WIDTH * zoom)
            if cell_style == style:
                text += glyph
            else:
                if text:
                    segments.append(Segment(text, style))
                text, style = glyph, cell_style
        if text:
            segments.append(Segment(text, style))
        strip = Strip(segments, len(kinds) * CELL_WIDTH * zoom)
        self._strips[key] = (version, strip)
        return strip
