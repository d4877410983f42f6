"""The payoff lab: the toy example as an abstract game; every number exact, updated as you type."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Label, Select, Static
from textual_plotext import PlotextPlot

from game.core.toy_game import PARAMETERS, ToyGame, expected_apples, sweep, sweep_values
from game.tui.screens.base import GameScreen

FIELDS = {
    "training": ("T  training episodes", int),
    "deployment": ("D  deployment episodes", int),
    "watch": ("p  chance of a review", float),
    "learning_rate": ("lr learning rate", float),
    "honeypots": ("q  honeypot chance", float),
}


CHART_WIDTH = 30
CURVE_STYLES = (("cyan", "o"), ("orange", "x"), ("green", "+"), ("magenta", "*"))
"""A colour and a marker per strategy: the lines differ without colour too."""
MODEL_NOTE = (
    "This lab models one choice per episode. In the maze a partly rewritten goal takes over step by "
    "step, so below a learning rate of 1 the maze usually gives fewer apples than these numbers."
)


class NumberField(Input):
    """A number field whose text is selected when it gets focus, by tab or by a click, so typing
    replaces it (a click on a field already focused places the cursor as usual)."""

    def __init__(self, value: str, **kwargs) -> None:
        super().__init__(value, select_on_focus=True, **kwargs)
        self.just_focused = False
        self.select_on_release = False

    def on_focus(self, event: events.Focus) -> None:
        self.just_focused = True

    def on_key(self, event: events.Key) -> None:
        self.just_focused = False

    def on_mouse_down(self, event: events.MouseDown) -> None:
        # The click that brings the focus puts the cursor where it landed; its release selects all.
        self.select_on_release, self.just_focused = self.just_focused, False

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.select_on_release:
            self.select_on_release = False
            self.select_all()


class PayoffScreen(GameScreen):
    """Parameters on the left; expected apples and a sweep chart on the right."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="payoff.pop_screen")]

    def __init__(self) -> None:
        super().__init__()
        self.game = ToyGame()
        self.parameter = "honeypots"
        self.results: dict[str, float] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="payoff"):
            with Vertical(id="payoff-controls"):
                for key, (label, _) in FIELDS.items():
                    yield Label(label)
                    value = str(getattr(self.game, key))
                    yield NumberField(value, id=f"payoff-{key}", classes="payoff-input")
                yield Label("The chart varies:")
                yield Select([(FIELDS[p][0][3:], p) for p in PARAMETERS], value=self.parameter,
                             allow_blank=False, id="payoff-sweep")  # fmt: skip
            with Vertical(id="payoff-results"):
                yield Static(id="payoff-table")
                yield Static(id="payoff-message", markup=False)
                yield Static(id="payoff-model", markup=False)
                yield PlotextPlot(id="payoff-chart")
        yield Footer()

    def help_rows(self) -> list[tuple[str, str]]:
        """For the help: the lab is driven by its fields, not by keys of its own."""
        return [
            ("tab / shift+tab", "next / previous field"),
            ("type a number", "T, D, p, lr or q: the table and the chart follow as you type"),
            ("enter on the chart's field", "choose what the chart varies (arrows, then enter)"),
        ]

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
        self.draw_chart(curves, values)
        defaults = ToyGame()
        for key in FIELDS:  # a parameter away from the paper's toy example stands out
            changed = getattr(self.game, key) != getattr(defaults, key)
            self.query_one(f"#payoff-{key}", Input).set_class(changed, "-changed")

    def draw_chart(self, curves, values) -> None:
        """One line per strategy, each its own colour and marker, on labelled axes; now marked."""
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        label = FIELDS[self.parameter][0][3:]
        monochrome = self.app.settings.palette == "monochrome"
        for (name, curve), (colour, marker) in zip(curves.items(), CURVE_STYLES, strict=False):
            plt.plot(
                [float(v) for v in values],
                [float(v) for v in curve],
                label=f"{marker} {name}",
                marker=marker,
                color=None if monochrome else colour,
            )
        now = float(getattr(self.game, self.parameter))
        plt.vline(now, None if monochrome else "white")
        plt.title(f"| marks now: {now:g}")
        plt.xlabel(label)
        plt.ylabel("expected apples")
        plt.theme("clear")
        plot.refresh()
