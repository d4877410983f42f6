"""The maze: one widget that draws its rows itself (Textual's Line API).

Each line of the view becomes a cached Strip, rebuilt only when a cell of its
map rows changes (the agent moved, an apple was eaten). The view scrolls to
keep the agent in sight on maps larger than the box, and centres small maps.

A cell is drawn at one of `SIZES` (game/tui/cells.py): square blocks of
2k x k characters in which each object has a shape of its own, a glyph a
cell (1x1), or the half-block overviews (two map rows a line, then blocks of
map cells a half block, so that a 255x255 map is seen whole). By default
the size is the largest at which the whole map fits the box ("fit");
`zoom(+1)` and `zoom(-1)` step to larger and smaller cells, and past the
last size back to fitting. Colours come from the theme, through the
component classes `maze-view--<colour>`, `--agent`, `--trail`, `--cursor`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.core.events import EpisodeStarted, Event, Moved
from game.core.grid import Grid
from game.core.tiles import Colour, Kind
from game.tui.cells import GLYPHS, SIZES, CellSize, cell_lines, look_of
from game.tui.themes import component_classes, object_css

FOLLOW_MARGIN = Spacing(3, 8, 3, 8)
"""How close to the edge the agent may come before the view scrolls."""
COLOUR_CLASS = {colour.value: f"maze-view--{colour.name.lower()}" for colour in Colour}


class Drawn(Protocol):
    """What the view draws: a map and where the agent stands (a live episode, or a map previewed)."""

    @property
    def grid(self) -> Grid: ...

    @property
    def agent(self) -> tuple[int, int]: ...


def zoom_words(size: CellSize, chosen: bool) -> str:
    """The zoom in words, for the side panel: 'zoom 4x2, fit to the box'."""
    return f"zoom {size.words()}" + ("" if chosen else ", fit to the box")


class MazeView(ScrollView, can_focus=True):
    """Draws an episode's map, the agent, its path and the steps the rewritten goal took."""

    COMPONENT_CLASSES = component_classes("MazeView")
    DEFAULT_CSS = """
    MazeView { scrollbar-size: 1 1; background: $maze-floor; }
    """ + object_css("MazeView")

    @dataclass
    class Zoomed(Message):
        """The cell size changed (chosen, or fitted to a new box): `words` says it for the side panel."""

        maze: MazeView
        words: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.episode: Drawn | None = None
        self._strips: dict[int, tuple[tuple[int, ...], Strip]] = {}
        self._versions: list[int] = []
        self._trail: set[tuple[int, int]] = set()
        self._path: set[tuple[int, int]] = set()
        self._agent_taken_over = False
        self.keep_path = False
        """Draw every cell the agent has walked (a desk test, a tournament episode) until the next map."""
        self.chosen: CellSize | None = None
        """The cell size the viewer chose, or None to fit the map to the box."""
        self.cell = CellSize(2, 1)
        self.cursor: tuple[int, int] | None = None
        """A cell to mark (the level editor's paint cursor), or None."""
        self._said = ""

    # -- what to draw ------------------------------------------------------------

    def show(self, episode: Drawn) -> None:
        """Draw a new episode from scratch."""
        self.episode = episode
        self._trail = set()
        self._path = set()
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
        size = self.cell
        top = row // (2 * size.step) if size.half else row * size.down
        left = col // size.step if size.half else col * size.across
        region = Region(left + pad.left, top + pad.top, size.across, max(1, size.down))
        self.scroll_to_region(region, spacing=FOLLOW_MARGIN, animate=False, immediate=True)

    # -- zoom ----------------------------------------------------------------------

    def fitting_size(self) -> CellSize:
        """The largest cell size at which the whole map fits the box (the overview if none does)."""
        if self.episode is None:
            return self.cell
        grid = self.episode.grid
        width, height = self.size
        for size in SIZES:
            if size.columns_for(grid.width) <= width and size.lines_for(grid.height) <= height:
                return size
        return SIZES[-1]

    def zoom(self, steps: int) -> str:
        """`steps` sizes larger (+) or smaller (-) than now; past either end, fit the box again."""
        at = SIZES.index(self.cell) - steps
        self.chosen = SIZES[at] if 0 <= at < len(SIZES) else None
        self._apply_zoom()
        self.refresh()
        self.call_after_refresh(self.follow_agent)
        return self.zoom_words

    @property
    def zoom_words(self) -> str:
        return zoom_words(self.cell, self.chosen is not None)

    def _apply_zoom(self) -> None:
        self.cell = self.chosen or self.fitting_size()
        self._strips.clear()
        if self.episode is not None:
            grid = self.episode.grid
            self.virtual_size = Size(self.cell.columns_for(grid.width), self.cell.lines_for(grid.height))
        if self.zoom_words != self._said:
            self._said = self.zoom_words
            self.post_message(self.Zoomed(self, self._said))

    def notify_style_update(self) -> None:
        """The theme changed: draw every row again in its colours."""
        super().notify_style_update()
        self._strips.clear()

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
        if self.keep_path and target != source:
            self._path.add(source)
        self._agent_taken_over = taken_over
        self.changed(source[0])
        if target[0] != source[0]:
            self.changed(target[0])
        self.follow_agent()

    @property
    def path(self) -> set[tuple[int, int]]:
        """The cells drawn as the agent's path (with `keep_path`) and as taken-over steps."""
        return self._path | self._trail

    def changed(self, row: int) -> None:
        """A cell in `row` changed (an apple eaten, the agent came or went)."""
        if 0 <= row < len(self._versions):
            self._versions[row] += 1
            top = self._pad().top
            size = self.cell
            lines = [row // (2 * size.step)] if size.half else range(row * size.down, (row + 1) * size.down)
            for line in lines:
                self.refresh_line(line + top)

    # -- scrolling ---------------------------------------------------------------

    def _pad(self) -> Spacing:
        """Margins that centre a map smaller than the view."""
        if self.episode is None:
            return Spacing()
        width = self.cell.columns_for(self.episode.grid.width)
        height = self.cell.lines_for(self.episode.grid.height)
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
        if line < 0 or line >= self.cell.lines_for(episode.grid.height):
            return Strip.blank(width, base)
        strip = self._line(line)
        if pad.left:
            strip = Strip([Segment(" " * pad.left), *strip], strip.cell_length + pad.left)
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(base)

    def look(self, row: int, col: int) -> tuple[str, str | None]:
        """The look of a cell and its component class (None for floor): the agent, its path or its tile."""
        episode = self.episode
        assert episode is not None
        kind = int(episode.grid.kind[row, col])
        if (row, col) == episode.agent:
            return "agent", "maze-view--agent-taken-over" if self._agent_taken_over else "maze-view--agent"
        if kind == Kind.FLOOR and (row, col) in self._trail:
            return "trail", "maze-view--agent-taken-over"
        if kind == Kind.FLOOR and (row, col) in self._path:
            return "trail", "maze-view--trail"
        colour = int(episode.grid.colour[row, col])
        look = look_of(kind, colour)
        return look, None if look == "floor" else COLOUR_CLASS[colour]

    def _style(self, component: str | None) -> Style:
        return Style() if component is None else self.get_component_rich_style(component, partial=True)

    def _line(self, line: int) -> Strip:
        """Line `line` of the drawn map (before centring and scrolling), from the cache when unchanged."""
        size, step = self.cell, self.cell.step
        first = 2 * line * step
        rows = list(range(first, first + 2 * step)) if size.half else [line // size.down]
        rows = [row for row in rows if row < len(self._versions)]
        version = tuple(self._versions[row] for row in rows)
        cached = self._strips.get(line)
        if cached is not None and cached[0] == version:
            return cached[1]
        if size.half:
            strip = self._half_line(rows[:step], rows[step:])
        else:
            strip = self._cell_line(rows[0], line % size.down)
        self._strips[line] = (version, strip)
        return strip

    def _cell_line(self, row: int, part: int) -> Strip:
        """Line `part` of map row `row`: each cell's shape (or glyph) in its colour."""
        episode = self.episode
        assert episode is not None
        size = self.cell
        cursor_col = self.cursor[1] if self.cursor is not None and self.cursor[0] == row else -1
        segments: list[Segment] = []
        text, style = "", None
        for col in range(episode.grid.width):
            look, component = self.look(row, col)
            chars = cell_lines(look, size)[part]
            cell_style = self._style(component)
            if col == cursor_col:
                cell_style += self._style("maze-view--cursor")
                if look == "wall":
                    chars = cell_lines("other wall", size)[
                        part
                    ]  # a wall under the cursor still reads as a wall
                elif look == "floor" and size.across >= 2 and part == size.down // 2:
                    side = (size.across - 2) // 2
                    chars = " " * side + "[]" + " " * (size.across - 2 - side)
            if cell_style == style:
                text += chars
            else:
                if text:
                    segments.append(Segment(text, style))
                text, style = chars, cell_style
        if text:
            segments.append(Segment(text, style))
        return Strip(segments, episode.grid.width * size.across)

    def _block(self, rows: list[int], col: int) -> tuple[str, str | None]:
        """What a half block of the overview shows for map `rows` x `step` columns from `col`: its most
        telling object (the agent first), else its most common look (floor when it is half floor or more)."""
        width = self.episode.grid.width if self.episode is not None else 0
        looks = [self.look(row, c) for row in rows for c in range(col, min(col + self.cell.step, width))]
        if not looks:
            return "floor", None
        marked = [look for look in looks if look[0] not in ("floor", "wall", "green wall", "other wall")]
        if marked:
            return min(marked, key=lambda item: item[0] != "agent")
        solid = [look for look in looks if look[0] != "floor"]
        if 2 * len(solid) <= len(looks) and len(looks) > 1:
            return "floor", None
        return max(solid or looks, key=solid.count)

    def _half_line(self, top: list[int], bottom: list[int]) -> Strip:
        """The overview: map rows `top` over map rows `bottom` in one line of half blocks, `step`
        map columns a character; an object keeps its shape: its glyph, over whatever shares its line."""
        episode = self.episode
        assert episode is not None
        floor = self.rich_style.bgcolor
        segments = []
        for col in range(0, episode.grid.width, self.cell.step):
            upper = self._block(top, col)
            lower = self._block(bottom, col) if bottom else ("floor", None)
            marked = [
                look
                for look in (upper, lower)
                if look[0] not in ("floor", "wall", "green wall", "other wall")
            ]
            if marked:
                look, component = min(marked, key=lambda item: item[0] != "agent")
                segments.append(Segment(GLYPHS[look], self._style(component)))
                continue
            up = self._style(upper[1]).color if upper[0] != "floor" else None
            down = self._style(lower[1]).color if lower[0] != "floor" else None
            if up is None and down is None:
                segments.append(Segment(" "))
            elif up == down:
                segments.append(Segment("█", Style(color=up)))
            elif down is None:
                segments.append(Segment("▀", Style(color=up, bgcolor=floor)))
            elif up is None:
                segments.append(Segment("▄", Style(color=down, bgcolor=floor)))
            else:
                segments.append(Segment("▀", Style(color=up, bgcolor=down)))
        return Strip(segments, self.cell.columns_for(episode.grid.width)).simplify()
