"""The goal meter: how much of the agent's goal is still green apples, and the goal in words.

When the overseer updates the agent, the words are visibly rewritten, one
letter at a time (instantly when animations are off).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from game.tui.cells import GLYPHS

BAR_WIDTH = 12
REWRITE_FRAMES = 12
REWRITE_SECONDS = 0.05


def goal_words(weight: float) -> str:
    """What the agent wants, in its own words, at goal weight `weight`."""
    if weight >= 1.0:
        return "All I want is green apples."
    if weight <= 0.0:
        return "All I want is the exit."
    apples = round(weight * 100)
    return f"I want green apples ({apples}%) and the exit ({100 - apples}%)."


def rewrite_frame(old: str, new: str, frame: int, frames: int) -> str:
    """A step of the rewrite: the first part of `new`, the rest of `old`, with a cursor."""
    if frame >= frames:
        return new
    cut = round(len(new) * frame / frames)
    rest = old[cut : max(len(new), len(old))]
    return new[:cut] + "▌" + rest[1:]


class GoalMeter(Widget):
    """A bar from apples to exit with the goal weight, and the goal in words."""

    COMPONENT_CLASSES = {"goal-meter--apples", "goal-meter--exit"}
    DEFAULT_CSS = """
    GoalMeter { height: 3; }
    GoalMeter > .goal-meter--apples { color: $maze-green; text-style: bold; }
    GoalMeter > .goal-meter--exit { color: $maze-grey; }
    """

    weight: reactive[float] = reactive(1.0)
    words: reactive[str] = reactive(goal_words(1.0))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._frame = 0
        self._target = self.words
        self._from = self.words
        self._timer: Timer | None = None

    def set_weight(self, weight: float, animate: bool = True) -> None:
        """Move the meter; rewrite the words, animated unless animations are off."""
        new = goal_words(weight)
        self.weight = weight
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not animate or self.app.animation_level == "none" or new == self.words:
            self.words = new
            return
        self._from, self._target, self._frame = self.words, new, 0
        self._timer = self.set_interval(REWRITE_SECONDS, self._next_frame)

    @property
    def rewriting(self) -> bool:
        return self._timer is not None

    def _next_frame(self) -> None:
        self._frame += 1
        self.words = rewrite_frame(self._from, self._target, self._frame, REWRITE_FRAMES)
        if self._frame >= REWRITE_FRAMES and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def render(self) -> Text:
        apples = round(self.weight * BAR_WIDTH)
        text = Text()
        text.append("Goal ", style="bold")
        towards_apples = self.get_component_rich_style("goal-meter--apples", partial=True)
        towards_exit = self.get_component_rich_style("goal-meter--exit", partial=True)
        text.append(GLYPHS["green apple"] + " ", style=towards_apples)
        text.append("█" * apples, style=towards_apples)
        text.append("░" * (BAR_WIDTH - apples), style=towards_exit)
        text.append(" " + GLYPHS["green exit"], style=towards_exit)
        text.append(f"  w {self.weight:.2f}\n", style="bold")
        text.append(self.words, style="italic")
        return text

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()
