"""A progress bar drawn in full blocks, solid in a terminal and in a browser alike, with its percentage."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class SolidBar(Widget):
    """`progress` of `total` as a row of full blocks (done) and light shade (to do), then the percentage."""

    DEFAULT_CSS = """
    SolidBar {
        height: 1;
        width: 1fr;
        color: $accent;
    }
    SolidBar > .solid-bar--todo {
        color: $text-muted;
    }
    """
    COMPONENT_CLASSES = {"solid-bar--todo"}

    progress: reactive[float] = reactive(0.0)
    total: reactive[float] = reactive(100.0)

    def update(self, *, progress: float | None = None, total: float | None = None) -> None:
        """Set how far along the bar is (ProgressBar's signature, for the parts used here)."""
        if total is not None:
            self.total = total
        if progress is not None:
            self.progress = progress

    @property
    def share(self) -> float:
        return 0.0 if self.total <= 0 else max(0.0, min(1.0, self.progress / self.total))

    def render(self) -> Text:
        label = f" {self.share:4.0%}"
        room = max(1, self.content_size.width - len(label))
        done = round(room * self.share)
        text = Text("█" * done)
        text.append("░" * (room - done), self.get_component_rich_style("solid-bar--todo"))
        text.append(label)
        return text
