"""The class quiz: a fixed set before the lesson and after it, then the two compared."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from game.core.words import count, sentence
from game.quiz import results
from game.quiz.bank import IDEAS, quiz_set
from game.storage import QUIZ_ANSWERS
from game.tui.screens.base import GameScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.question import Answered, QuestionScreen
from game.tui.screens.quiz_answers import QuizAnswersScreen
from game.tui.widgets.block_digits import BlockDigits
from game.tui.widgets.roomy import spread

INTRO = (
    "[b]Class quiz.[/b] The same {count} questions, one on each idea of the game, "
    "taken [b]before[/b] the lesson and again [b]after[/b] it.\n"
    "Press [b]b[/b] for before, [b]a[/b] for after. Each question: the number of your answer, "
    "then enter to go on. No answer is shown during a set; {when}."
)
WHEN = {
    "end": "the answers come at the end of each set ([b]r[/b]: only after the after set)",
    "after": "the answers come only after the after set ([b]r[/b]: at the end of each set)",
}
NOW = {
    "end": "The answers now come at the end of each set.",
    "after": "The answers now come only after the after set.",
}


def mark(right: bool | None) -> str:
    return "–" if right is None else ("✓ right" if right else "✗ wrong")


class QuizScreen(GameScreen):
    """Runs one set, then shows the latest before and after attempts side by side."""

    DEFAULT_CSS = """
    QuizScreen #quiz-intro { padding: 1 2; height: auto; }
    QuizScreen #quiz-scores { height: auto; align: center top; }
    QuizScreen #quiz-scores Vertical { width: 1fr; min-width: 26; max-width: 60; height: auto; }
    QuizScreen #quiz-scores Static { width: 100%; text-align: center; }
    QuizScreen #quiz-table { height: 1fr; margin: 0 2; }
    """

    attempt: reactive[results.Attempt | None] = reactive(None, bindings=True)
    """The set being answered, or None (the footer follows it)."""

    BINDINGS = [
        Binding("b", "start('before')", "Before the lesson", id="quiz.start_before"),
        Binding("a", "start('after')", "After the lesson", id="quiz.start_after"),
        Binding("r", "answers_when", "When answers show", id="quiz.answers_when"),
        Binding("escape,q", "back", "Back", id="quiz.back"),
    ]

    def __init__(
        self, set_name: str | None = None, csv_path: Path | None = None, answers: str | None = None
    ) -> None:
        super().__init__()
        self.start_set = set_name
        self.csv_path = csv_path
        self.answers_given = answers
        """When the answers show, as `mesa-maze quiz --answers` said (None: as the settings say)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="quiz-intro")
        with Horizontal(id="quiz-scores"):
            with Vertical():
                yield Static("before")
                yield BlockDigits("-", id="score-before")
            with Vertical():
                yield Static("after")
                yield BlockDigits("-", id="score-after")
        yield DataTable(id="quiz-table", cursor_type="none", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Class quiz"
        if self.answers_given in QUIZ_ANSWERS:
            self.app.settings.quiz_answers = self.answers_given
        self._show_intro()
        self.query_one(DataTable).add_columns("#", "idea", "before", "after")
        self.show_comparison()
        if self.start_set:
            self.action_start(self.start_set)

    @property
    def answers_when(self) -> str:
        """When the answers show: "end" (of each set) or "after" (the after set only)."""
        return self.app.settings.quiz_answers

    def _show_intro(self) -> None:
        self.query_one("#quiz-intro", Static).update(
            INTRO.format(count=len(quiz_set("before")), when=WHEN[self.answers_when])
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "answers_when"):
            return self.attempt is None
        return True

    def action_answers_when(self) -> None:
        settings = self.app.settings
        settings.quiz_answers = "after" if settings.quiz_answers == "end" else "end"
        self.app.save_settings()
        self._show_intro()
        self.notify(NOW[settings.quiz_answers], title="Class quiz", timeout=4)

    def action_start(self, name: str) -> None:
        if self.attempt is not None:
            return
        self.attempt = results.new_attempt(self.app.store, name)
        self._ask(0)

    def _ask(self, n: int) -> None:
        assert self.attempt is not None
        questions = quiz_set(self.attempt.set)
        if n >= len(questions):
            self._finish()
            return
        question = questions[n]
        heading = f"{self.attempt.set.capitalize()} the lesson: question {n + 1} of {len(questions)}"

        def answered(result: Answered | None) -> None:
            assert self.attempt is not None
            if result is not None and result.choice is not None:
                self.attempt.answers[question.id] = result.choice
                n_next = n + 1
            else:
                n_next = n
            if result is None or result.leave:
                self._leave_or_go_on(n_next)
                return
            self._ask(n_next)

        order = self.attempt.order_for(question)
        self.app.push_screen(QuestionScreen(question, heading, order=order, reveal=False), answered)

    def unsaved_work(self) -> str | None:
        """What quitting now would lose: the answers of an attempt not finished."""
        if self.attempt is None or not self.attempt.answers:
            return None
        return f"the quiz's {count(len(self.attempt.answers), 'answer')} so far"

    def _leave_or_go_on(self, n: int) -> None:
        """Escape before question `n`: leave at once if nothing was answered, else ask first
        (no: question `n`, or the end of the set if that was the last)."""
        lost = self.unsaved_work()
        if lost is None:
            self._stop()
            return

        def leave(yes: bool | None) -> None:
            if yes:
                self._stop()
            else:
                self._ask(n)  # the same question again

        self.app.push_screen(ConfirmScreen(f"Leave the quiz? {sentence(lost)} will not be saved."), leave)

    def _stop(self) -> None:
        self.attempt = None
        self.notify("Quiz left before the end: nothing was saved.", timeout=5)

    def _finish(self) -> None:
        attempt = self.attempt
        assert attempt is not None
        store = self.app.store
        results.save_attempt(store, attempt)
        self.app.show_notices()
        if self.csv_path is not None:
            try:
                written = results.append_csv(self.csv_path, attempt)
            except OSError as error:
                self.notify(f"Could not write {self.csv_path}: {error.strerror or error}", severity="error")
            else:
                self.notify(f"Answers added to {written}", title="Class quiz", timeout=6)
        self.attempt = None
        self.show_comparison()
        if self.answers_when == "end" or attempt.set == "after":
            questions = quiz_set(attempt.set)
            title = f"{attempt.set.capitalize()} the lesson, the answers"
            self.app.push_screen(QuizAnswersScreen(attempt, questions, title))
        else:
            self.notify("The answers of this set come after the after set.", title="Class quiz", timeout=6)

    def show_comparison(self) -> None:
        saved = results.load(self.app.store)
        before, after = saved.latest("before"), saved.latest("after")
        comparison = results.compare(before, after, quiz_set("before"))
        table = self.query_one(DataTable)
        table.clear()
        for n, (question, was, now) in enumerate(comparison.rows, 1):
            table.add_row(str(n), IDEAS[question.idea], mark(was), mark(now))
        self.call_after_refresh(spread, table, self.size.width)  # on a big screen the table spreads out
        self.query_one("#score-before", BlockDigits).update(
            f"{comparison.before}/{comparison.asked}" if before else "-"
        )
        self.query_one("#score-after", BlockDigits).update(
            f"{comparison.after}/{comparison.asked}" if after else "-"
        )

    def action_back(self) -> None:
        self.app.pop_screen()
