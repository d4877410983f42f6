"""The key beside the maze: each object's shape (or glyph) in its colour, and its name."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from game.tui.cells import LEGEND, CellSize, cell_lines
from game.tui.themes import component_classes, object_css

COMPONENT = {
    "agent": "map-legend--agent",
    "green apple": "map-legend--green",
    "apple": "map-legend--red",
    "green exit": "map-legend--green",
    "exit": "map-legend--grey",
    "trail": "map-legend--agent-taken-over",
}
NAMES = {"green exit": "green exit", "exit": "grey exit", "trail": "taken over", "apple": "other apple"}


class MapLegend(Widget):
    """Two columns of 'shape name'; `shapes` False shows the 1x1 glyphs (the maze is drawn that small)."""

    COMPONENT_CLASSES = component_classes("MapLegend")
    DEFAULT_CSS = "MapLegend { height: auto; }\n" + object_css("MapLegend")

    shapes: reactive[bool] = reactive(True)

    def render(self) -> Text:
        size = CellSize(2, 1) if self.shapes else CellSize(1, 1)
        text = Text()
        for n, (look, words) in enumerate(LEGEND):
            name = NAMES.get(look, words.split(":")[0])
            mark = cell_lines(look, size)[0]
            text.append(mark, self.get_component_rich_style(COMPONENT[look], partial=True))
            text.append(f" {name}".ljust(15 - len(mark)) if n % 2 == 0 else f" {name}\n")
        text.rstrip()
        return text

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()
