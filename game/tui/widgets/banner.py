"""The line above the maze that says how an episode ended, and keeps its height all the while."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static


class Banner(Static):
    """A message above the maze whose height does not follow its message.

    It is always as tall as `longest` (the longest message it is meant to hold)
    takes at its width, so the maze's box keeps its size when a message comes
    or goes. Only a new width changes the height (or a message longer still).
    """

    DEFAULT_CSS = """
    Banner {
        height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, longest: str, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.longest = longest
        self.text = ""

    def say(self, text: str) -> None:
        """Show `text` (empty: a blank line kept for the next message)."""
        self.update(text)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        self.text = str(content)
        super().update(self.text, layout=layout)
        self._reserve()

    def _lines(self, text: str, width: int) -> int:
        return len(Text(text).wrap(self.app.console, width)) if text else 1

    def _reserve(self) -> None:
        width = self.content_size.width
        if width <= 0:
            return
        lines = max(self._lines(self.longest, width), self._lines(self.text, width))
        height = lines + self.styles.padding.top + self.styles.padding.bottom
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def on_resize(self, event: events.Resize) -> None:
        self._reserve()
