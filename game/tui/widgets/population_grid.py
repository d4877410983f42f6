"""The lab's population: one mark per trained agent, by what it did in deployment."""

from __future__ import annotations

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


class PopulationGrid(Widget):
    """A grid of agents, ten to a row; the cursor picks the agent the heat view shows."""

    COMPONENT_CLASSES = {"population-grid--exit", "population-grid--green_apple", "population-grid--lost"}
    DEFAULT_CSS = """
    PopulationGrid > .population-grid--exit { color: $maze-grey; text-style: bold; }
    PopulationGrid > .population-grid--green_apple { color: $maze-green; text-style: bold; }
    PopulationGrid > .population-grid--lost { color: $maze-red; text-style: bold; }
    PopulationGrid {
        width: 22;
        height: auto;
        min-height: 10;
    }
    """

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Selected(Message):
        """The cursor moved to another agent."""

        agent: int

    def __init__(self, count: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = count
        self.verdicts: list[str | None] = [None] * count

    def show(self, verdicts: list[str | None]) -> None:
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

    def _style(self, verdict: str | None) -> Style:
        if verdict is None:
            return Style(dim=True)
        return self.get_component_rich_style(f"population-grid--{verdict}", partial=True)

    def render(self) -> Text:
        text = Text()
        for agent, verdict in enumerate(self.verdicts):
            style = self._style(verdict)
            if agent == self.cursor:
                style += Style(reverse=True)
            text.append(MARKS[verdict], style)
            text.append(" ")
            if agent % COLUMNS == COLUMNS - 1 and agent != self.count - 1:
                text.append("\n")
        return text
