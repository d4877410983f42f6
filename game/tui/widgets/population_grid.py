"""The lab's population: one mark per trained agent, by what it did in deployment.

The grid grows with the room it is given: on a small terminal a mark is
two characters (the glyph and a space); on a projector or in a browser each
agent's cell grows up to 8x3 characters, the glyph in its middle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

MARKS = {"exit": "▣", "green_apple": "♣", "lost": "✗", None: "·"}
"""Each outcome has its own glyph, so the grid reads without colour."""
WORDS = {"exit": "went to the exit", "green_apple": "went to a green apple", "lost": "got lost"}
COLUMNS = 10
MAX_CELL = (8, 3)
"""The largest cell of one agent, in characters across and down."""


def cell_size(width: int, height: int | None = None, rows: int = 10) -> tuple[int, int]:
    """Characters across and down for each agent's cell, as large as `width` (and `height`) allow.

    Cells keep to about 2:1 (a character is about twice as tall as wide), so they look square.
    """
    across = max(2, min(MAX_CELL[0], width // COLUMNS))
    down = max(1, min(MAX_CELL[1], across // 2))
    if height is not None:
        down = max(1, min(down, height // max(1, rows)))
    return across, down


class PopulationGrid(Widget):
    """A grid of agents, ten to a row; the cursor picks the agent the agent view shows."""

    COMPONENT_CLASSES = {"population-grid--exit", "population-grid--green_apple", "population-grid--lost"}
    DEFAULT_CSS = """
    PopulationGrid > .population-grid--exit { color: $maze-grey; text-style: bold; }
    PopulationGrid > .population-grid--green_apple { color: $maze-green; text-style: bold; }
    PopulationGrid > .population-grid--lost { color: $maze-red; text-style: bold; }
    PopulationGrid {
        width: 1fr;
        min-width: 20;
        height: auto;
    }
    """

    cursor: reactive[int] = reactive(0)
    max_height: reactive[int | None] = reactive(None, layout=True)
    """Rows of characters the grid may take (None: as many as its width gives)."""

    @dataclass
    class Selected(Message):
        """The cursor moved to another agent."""

        agent: int

    def __init__(self, count: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = count
        self.verdicts: list[str | None] = [None] * count

    @property
    def rows(self) -> int:
        return -(-self.count // COLUMNS)

    def show(self, verdicts: Sequence[str | None]) -> None:
        """Mark every agent with its outcome (None: not trained yet)."""
        self.count = len(verdicts)
        self.verdicts = list(verdicts)
        self.cursor = min(self.cursor, self.count - 1)
        self.refresh(layout=True)

    def move(self, rows: int, columns: int) -> None:
        """Move the cursor, staying inside the population."""
        row, col = divmod(self.cursor, COLUMNS)
        target = (row + rows) * COLUMNS + col + columns
        if 0 <= col + columns < COLUMNS and 0 <= target < self.count:
            self.cursor = target

    def watch_cursor(self, agent: int) -> None:
        self.post_message(self.Selected(agent))

    def _cell(self, width: int | None = None) -> tuple[int, int]:
        return cell_size(self.content_size.width if width is None else width, self.max_height, self.rows)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.rows * self._cell(width)[1]

    def _style(self, verdict: str | None) -> Style:
        if verdict is None:
            return Style(dim=True)
        return self.get_component_rich_style(f"population-grid--{verdict}", partial=True)

    def render(self) -> Text:
        across, down = self._cell()
        text = Text()
        for row in range(self.rows):
            agents = range(row * COLUMNS, min(self.count, (row + 1) * COLUMNS))
            for part in range(down):
                for agent in agents:
                    verdict = self.verdicts[agent]
                    style = self._style(verdict)
                    if agent == self.cursor:
                        style += Style(reverse=True)
                    # the glyph once, in the middle of its cell; the cell's last column a gap
                    inner = across - 1
                    if part == down // 2:
                        left = (inner - 1) // 2
                        text.append(" " * left + MARKS[verdict] + " " * (inner - 1 - left), style)
                    else:
                        text.append(" " * inner, style)
                    text.append(" ")
                if row != self.rows - 1 or part != down - 1:
                    text.append("\n")
        return text
