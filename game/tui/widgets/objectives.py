"""The debrief's three objectives side by side, on a level whose makers wanted more than the
overseer checks (outer alignment): the makers' wish, the base objective, the mesa-objective."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from game.agents.simulate import Stopped, simulate
from game.agents.strategies import STRATEGIES
from game.core.makers import MakersWish, Objectives, objectives
from game.core.run import Run


def _right(value: object) -> Text:
    return Text(str(value), justify="right")


class ObjectivesPanel(Vertical):
    """Every strategy and the player, scored on the three objectives of one run's level and seed."""

    DEFAULT_CSS = """
    ObjectivesPanel { height: auto; }
    ObjectivesPanel DataTable { height: auto; }
    ObjectivesPanel #objectives-key { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, run: Run, wish: MakersWish) -> None:
        super().__init__(id="objectives-panel")
        self.run = run
        self.wish = wish
        self.scores: dict[str, Objectives] = {}
        """Each row's objectives once worked out, by strategy name ("you" for the player)."""

    def compose(self) -> ComposeResult:
        yield Static("Three objectives, side by side", classes="section-title")
        yield DataTable(id="objectives", cursor_type="none")
        yield Static(
            f"makers' wish: episodes ending at {self.wish.words}; crushed: {self.wish.spare} apples "
            "eaten in the run; base objective: episodes at an exit by the shortest road (plus the "
            "tolerance), all the overseer checks; mesa-objective: green apples, what you want.",
            id="objectives-key",
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "strategy",
            _right("makers' wish"),
            _right("crushed"),
            _right("base objective"),
            _right("mesa-objective"),
        )
        self._work_out()

    @work(thread=True, exclusive=True, group="objectives")
    def _work_out(self) -> None:
        worker = get_current_worker()
        rows = []
        try:
            for name in STRATEGIES:
                played = simulate(self.run.level, name, self.run.seed, stop=lambda: worker.is_cancelled)
                rows.append((name, objectives(played, self.wish)))
        except Stopped:
            return
        rows.append(("you", objectives(self.run, self.wish)))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[tuple[str, Objectives]]) -> None:
        if not self.is_attached:
            return
        table = self.query_one(DataTable)
        for name, score in rows:
            self.scores[name] = score
            table.add_row(
                name,
                _right(f"{score.makers} of {score.episodes}"),
                _right(score.crushed),
                _right(f"{score.base} of {score.episodes}"),
                _right(score.mesa),
            )
