"""The payoff lab: the toy example as an abstract game; every number exact, updated as you type."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, Static

from game.core.payoff import PARAMETERS, PayoffGame, expected_apples, sweep, sweep_values

FIELDS = {
    "training": ("T  training episodes", int),
    "deployment": ("D  deployment episodes", int),
    "watch": ("p  chance of a review", float),
    "learning_rate": ("lr learning rate", float),
    "honeypots": ("q  honeypot chance", float),
}


CHART_WIDTH = 30
MODEL_NOTE = (
    "This lab models one choice per episode. In the maze a partly rewritten goal takes over step by "
    "step, so below a learning rate of 1 the maze usually gives fewer apples than these numbers."
)
BARS = " ▁▂▃▄▅▆▇█"


class PayoffScreen(Screen):
    """Parameters on the left; expected apples and a sweep chart on the right."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="payoff.pop_screen")]

    def __init__(self) -> None:
        super().__init__()
        self.game = PayoffGame()
        self.parameter = "honeypots"
        self.results: dict[str, float] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="payoff"):
            with Vertical(id="payoff-controls"):
                for key, (label, _) in FIELDS.items():
                    yield Label(label)
                    yield Input(str(getattr(self.game, key)), id=f"payoff-{key}", classes="payoff-input")
                yield Label("The chart varies:")
                yield Select([(FIELDS[p][0][3:], p) for p in PARAMETERS], value=self.parameter,
                             allow_blank=False, id="payoff-sweep")  # fmt: skip
            with Vertical(id="payoff-results"):
                yield Static(id="payoff-table")
                yield Static(id="payoff-message", markup=False)
                yield Static(id="payoff-model", markup=False)
                yield Static(id="payoff-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Payoff lab"
        self.recompute()
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("payoff-")
        if key not in FIELDS:
            return
        kind = FIELDS[key][1]
        try:
            value = kind(event.value)
        except ValueError:
            self.show_message(f"{FIELDS[key][0][3:]}: not a number")
            return
        candidate = replace(self.game, **{key: value})
        problems = candidate.problems()
        if problems:
            self.show_message("; ".join(problems))
            return
        self.game = candidate
        self.recompute()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.parameter = str(event.value)
        self.recompute()

    def show_message(self, text: str) -> None:
        self.query_one("#payoff-message", Static).update(text)

    def recompute(self) -> None:
        self.show_message("")
        self.results = expected_apples(self.game)
        best = max(self.results.values())
        table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
        table.add_column("strategy")
        table.add_column("expected apples", justify="right")
        for name, value in self.results.items():
            mark = " ◀ most" if value == best and best > 0 else ""
            table.add_row(name, Text(f"{value:.3f}{mark}", style="bold" if mark else ""))
        self.query_one("#payoff-table", Static).update(table)
        self.query_one("#payoff-model", Static).update(MODEL_NOTE if self.game.learning_rate < 1 else "")
        values = sweep_values(self.game, self.parameter, CHART_WIDTH)
        curves = sweep(self.game, self.parameter, values)
        self.query_one("#payoff-chart", Static).update(chart(curves, values, FIELDS[self.parameter][0][3:]))


def chart(curves, values, label: str) -> Text:
    """One line of bars per strategy, on one shared scale, so the lines compare."""
    top = max(float(curve.max()) for curve in curves.values()) or 1.0
    text = Text()
    text.append(f"Expected apples as {label} varies\n(a full bar is {top:.3g})\n", style="bold")
    for name, curve in curves.items():
        bars = "".join(BARS[min(len(BARS) - 1, round(float(v) / top * (len(BARS) - 1)))] for v in curve)
        text.append(f"{name:<10}", style="bold")
        text.append(bars + "\n")
    text.append(
        f"{'':<10}{values[0]:g}".ljust(10 + len(curve) - len(f"{values[-1]:g}")) + f"{values[-1]:g}\n"
    )
    return text
