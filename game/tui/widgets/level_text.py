"""The level editor's text: Textual's TextArea with TOML highlighting and problems marked in the gutter."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import TextArea

from game.core.problems import Problem, Severity

MARKS = {Severity.ERROR: ("✗", Style(color="red", bold=True)), Severity.WARNING: ("!", Style(color="yellow"))}
"""Glyphs in the gutter: a problem's severity shows by its glyph as well as its colour."""


class LevelText(TextArea):
    """A TOML editor whose gutter marks each line with a problem (✗ an error, ! a warning)."""

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(
            text,
            language="toml",
            show_line_numbers=True,
            tab_behavior="indent",
            soft_wrap=False,
            **kwargs,
        )
        self.marks: dict[int, Severity] = {}
        """0-based line -> the worst problem on it."""

    def mark(self, problems: list[Problem]) -> None:
        """Mark the lines of `problems` (1-based lines) in the gutter."""
        marks: dict[int, Severity] = {}
        for problem in problems:
            line = problem.line - 1
            if marks.get(line) is not Severity.ERROR:
                marks[line] = problem.severity
        if marks != self.marks:
            self.marks = marks
            self.refresh()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        severity = self.marks.get(self.scroll_offset.y + y)
        gutter = self.gutter_width
        if severity is None or gutter < 3 or strip.cell_length < gutter:
            return strip
        glyph, style = MARKS[severity]
        return Strip.join(
            [strip.crop(0, gutter - 2), Strip([Segment(glyph, style)], 1), strip.crop(gutter - 1)]
        )
