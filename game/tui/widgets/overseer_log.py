"""The overseer's log: its lines from the level file and its own comments on each episode."""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.widgets import RichLog

LOG_LINES = 1000
"""Lines the log keeps: a long run (500 episodes, every step described) must not fill memory."""


class OverseerLog(RichLog):
    """A scrolling log; `say` adds one line with a marker that works without colour."""

    DEFAULT_CSS = """
    OverseerLog { height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, auto_scroll=True, min_width=20, max_lines=LOG_LINES)
        self.lines_said: deque[str] = deque(maxlen=LOG_LINES)
        """The latest lines as plain text, for describe mode and the tests."""

    def say(self, text: str, style: str = "", marker: str = "›") -> None:
        self.lines_said.append(f"{marker} {text}")
        line = Text(f"{marker} ", style="bold")
        line.append(text, style=style)
        self.write(line)
