"""A maze drawn by what an agent's learned objective thinks of each cell, with the agent's path."""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from game.core.grid import Grid
from game.core.tiles import Colour, Kind
from game.lab.channels import type_code
from game.tui.cells import CellSize, cell_lines, look_of
from game.tui.themes import component_classes, object_css

HEAT = ("#0b1538", "#1a2a63", "#3a2468", "#5c1f52", "#6e1f24", "#7d0c0c")
"""Cold (the objective dislikes it) to hot (it wants it most): all dark, so every object
colour stands out at least 3:1 on every heat (tests/test_themes.py)."""


class HeatMap(Widget):
    """Each cell's glyph (or shape) on a background as hot as the objective's score, with the agent's path.

    `scale` 0 draws a cell as one character; scale k draws it as 2k x k
    characters (nearly square, for a projector), each object in its own shape
    as the maze does. The scores are also written out in numbers beside the
    map, so the heat never relies on colour alone. The monochrome palette
    shows no heat.
    """

    COMPONENT_CLASSES = component_classes("HeatMap") | {"heat-map--path"}
    DEFAULT_CSS = """
    HeatMap {
        width: auto;
        height: auto;
    }
    HeatMap > .heat-map--path { color: $maze-white; text-style: bold; }
    """ + object_css("HeatMap")

    scale: reactive[int] = reactive(0, layout=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.grid: Grid | None = None
        self.scores: np.ndarray | None = None
        self.path: list[tuple[int, int]] = []

    @property
    def cell_size(self) -> tuple[int, int]:
        """Characters per cell, across and down."""
        return (1, 1) if self.scale == 0 else (2 * self.scale, self.scale)

    def show(self, grid: Grid, scores: np.ndarray, path: list[tuple[int, int]]) -> None:
        """Draw `grid` heated by `scores` (one per kind-and-colour code) with `path` walked on it."""
        self.grid, self.scores, self.path = grid, scores, path
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return self.grid.width * self.cell_size[0] if self.grid is not None else 0

    def get_content_height(self, container, viewport, width) -> int:
        return self.grid.height * self.cell_size[1] if self.grid is not None else 0

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render(self) -> Text:
        text = Text()
        grid, scores = self.grid, self.scores
        if grid is None or scores is None:
            return text
        across, down = self.cell_size
        size = CellSize(across, down)
        codes = type_code(grid.kind.astype(int), grid.colour.astype(int))
        present = np.unique(codes[grid.kind != Kind.WALL])
        low, high = float(scores[present].min()), float(scores[present].max())
        heated = self.app.theme != "mesa-monochrome"
        path_style = self.get_component_rich_style("heat-map--path", partial=True)
        walked = set(self.path[1:])
        for r in range(grid.height):
            cells = []
            for c in range(grid.width):
                kind, colour = int(grid.kind[r, c]), int(grid.colour[r, c])
                look = look_of(kind, colour)
                style = Style()
                if look != "floor":
                    name = f"heat-map--{Colour(colour).name.lower()}"
                    style = self.get_component_rich_style(name, partial=True)
                lines: list[str] = list(cell_lines(look, size))
                if (r, c) == grid.start or (kind == Kind.FLOOR and (r, c) in walked):
                    mark = "@" if (r, c) == grid.start else "•"
                    lines = list(cell_lines("floor", size)) if down else [" "]
                    left = (across - 1) // 2
                    middle = down // 2
                    lines[middle] = " " * left + mark + " " * (across - 1 - left)
                    style = path_style
                if kind != Kind.WALL and heated:
                    share = 0.5 if high == low else (float(scores[codes[r, c]]) - low) / (high - low)
                    style += Style(bgcolor=HEAT[min(len(HEAT) - 1, int(share * len(HEAT)))])
                cells.append((lines, style))
            for part in range(down):
                for lines, style in cells:
                    text.append(lines[part], style)
                if r != grid.height - 1 or part != down - 1:
                    text.append("\n")
        return text
