"""A maze drawn by what an agent's learned objective thinks of each cell, with the agent's path."""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from game.core.grid import Grid
from game.core.tiles import Kind
from game.lab.channels import type_code
from game.tui.widgets.follow_palette import FollowsPalette

HEAT = ("#2b3a8c", "#3f6fb5", "#7fa6c9", "#c9b27f", "#d9822b", "#c0392b")
"""Cold (the objective dislikes it) to hot (it wants it most)."""


class HeatMap(FollowsPalette, Widget):
    """Each cell's glyph on a background as hot as the objective's score, with the agent's path.

    `scale` 0 draws a cell as one character; scale k draws it as 2k x k
    characters (nearly square, for a projector). The scores are also written
    out in numbers beside the map, so the heat never relies on colour alone.
    """

    DEFAULT_CSS = """
    HeatMap {
        width: auto;
        height: auto;
    }
    """

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

    def render(self) -> Text:
        text = Text()
        grid, scores = self.grid, self.scores
        if grid is None or scores is None:
            return text
        across, down = self.cell_size
        codes = type_code(grid.kind.astype(int), grid.colour.astype(int))
        present = np.unique(codes[grid.kind != Kind.WALL])
        low, high = float(scores[present].min()), float(scores[present].max())
        walked = set(self.path[1:])
        for r in range(grid.height):
            cells = []
            for c in range(grid.width):
                kind = int(grid.kind[r, c])
                glyph, style = self.palette.tile(kind, int(grid.colour[r, c]))
                glyph = glyph[0]
                if (r, c) == grid.start:
                    glyph = "@"
                elif kind == Kind.FLOOR and (r, c) in walked:
                    glyph = "•"
                if kind != Kind.WALL and not self.palette.monochrome:
                    share = 0.5 if high == low else (float(scores[codes[r, c]]) - low) / (high - low)
                    style += Style(bgcolor=HEAT[min(len(HEAT) - 1, int(share * len(HEAT)))])
                    if kind == Kind.FLOOR:
                        style += Style(color="white", bold=True)
                cells.append((glyph, style, kind == Kind.WALL))
            for part in range(down):
                for glyph, style, wall in cells:
                    if wall:
                        text.append(glyph * across, style)
                    elif part == down // 2:  # the glyph once, in the middle of its block
                        left = (across - 1) // 2
                        text.append(" " * left + glyph + " " * (across - 1 - left), style)
                    else:
                        text.append(" " * across, style)
                if r != grid.height - 1 or part != down - 1:
                    text.append("\n")
        return text
