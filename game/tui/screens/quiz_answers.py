"""The answers of a class quiz set, shown once the whole set is answered: each question, the
choices as they were shown, the right one, the class's, and why."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Markdown, Static

from game.quiz.bank import Question
from game.quiz.results import Attempt
from game.tui.screens.base import GameModal
from game.tui.screens.question import LETTERS


def answer_lines(question: Question, attempt: Attempt) -> Table:
    """One question of `attempt`: the choices in the order shown, each marked in a column of its
    own, so a choice that wraps never splits "✓ the answer, ← yours" across lines."""
    chosen = attempt.answers.get(question.id)
    table = Table.grid(padding=(0, 2))
    table.add_column(ratio=1)
    table.add_column(no_wrap=True)
    for place, index in enumerate(attempt.order_for(question)):
        notes = []
        if index == question.answer:
            notes.append("✓ the answer")
        if index == chosen:
            notes.append("← yours")
        table.add_row(Text(f"{LETTERS[place]}. {question.choices[index]}"), Text(", ".join(notes)))
    if chosen is None:
        table.add_row(Text("(not answered)"), Text(""))
    return table


class QuizAnswersScreen(GameModal[None]):
    """Every question of a finished set with its answer and explanation; enter or escape closes."""

    DEFAULT_CSS = """
    QuizAnswersScreen { align: center middle; }
    QuizAnswersScreen > Vertical {
        width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    QuizAnswersScreen #answers-title { text-style: bold; padding: 0 1 1 1; }
    QuizAnswersScreen .answer-question { text-style: bold; margin-top: 1; }
    QuizAnswersScreen .answer-choices { padding-left: 2; }
    QuizAnswersScreen .answer-why { padding: 0 0 0 2; margin: 0; }
    """

    BINDINGS = [
        Binding("enter,escape", "close", "Close", id="quiz_answers.close"),
    ]

    def __init__(self, attempt: Attempt, questions: list[Question], title: str) -> None:
        super().__init__()
        self.attempt = attempt
        self.questions = questions
        self.title_words = title

    def compose(self) -> ComposeResult:
        right = sum(1 for q in self.questions if self.attempt.answers.get(q.id) == q.answer)
        with Vertical():
            yield Static(
                f"{self.title_words}: {right} of {len(self.questions)} right. "
                "The arrows or page keys scroll; enter closes.",
                id="answers-title",
                markup=False,
            )
            with VerticalScroll(id="answers-list"):
                for n, question in enumerate(self.questions, 1):
                    yield Static(f"{n}. {question.question}", classes="answer-question", markup=False)
                    yield Static(answer_lines(question, self.attempt), classes="answer-choices")
                    yield Markdown(question.explanation, classes="answer-why")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answers-list").focus()

    def action_close(self) -> None:
        self.dismiss(None)
