"""The side panel's facts: episode k of N, the announcement, score and par, steps left, control."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

ANNOUNCEMENT_STYLE = {
    "training": "bold black on yellow",
    "deployment": "bold white on red",
    "hidden": "bold reverse",
}


@dataclass(frozen=True)
class HudState:
    episode: int = 0
    total: int = 0
    announce: str = ""
    score: int = 0
    par: int | None = None
    steps_left: int = 0
    max_steps: int = 0
    control: str = "yours"
    taken_over: bool = False
    """The last step was taken over by the rewritten goal: the control is shown in reverse."""


class Hud(Widget):
    """Renders a HudState; the play screen sets `state` after each step."""

    DEFAULT_CSS = """
    Hud { height: 5; }
    """

    state: reactive[HudState] = reactive(HudState)

    def render(self) -> Text:
        s = self.state
        text = Text()
        text.append(f"Episode {s.episode} of {s.total}\n", style="bold")
        text.append("Overseer says: ")
        text.append(f" {s.announce.upper() or '-'} ", style=ANNOUNCEMENT_STYLE.get(s.announce, "bold"))
        text.append("\n")
        par = "-" if s.par is None else str(s.par)
        text.append(f"Score {s.score} ♣", style="bold")
        text.append(f"   Par {par}\n")
        text.append(f"Steps left {s.steps_left} of {s.max_steps}\n")
        text.append("Control: ")
        text.append(s.control, style="bold reverse" if s.taken_over else "")
        return text
