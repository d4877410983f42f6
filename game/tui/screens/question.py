"""One question on one screen, large enough for a projector: choose, then read why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Markdown, Static

from game.quiz.bank import IDEAS, Question
from game.tui.screens.base import GameModal

LETTERS = "ABCD"


class QuestionScreen(GameModal[int]):
    """Asks `question`; keys 1 to 4 (or A to D), as many as it has choices, choose; then the answer.

    Dismisses with the index of the choice once the player has read the
    explanation (enter), or with -1 when the player leaves without answering.
    """

    DEFAULT_CSS = """
    QuestionScreen { align: center middle; }
    QuestionScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    QuestionScreen #question-heading { color: $text-muted; margin-bottom: 1; }
    QuestionScreen #question-text { text-style: bold; margin-bottom: 1; }
    QuestionScreen .choice { padding: 0 1; margin-bottom: 1; }
    QuestionScreen .choice.-picked { background: $primary 30%; }
    QuestionScreen .choice.-right { text-style: bold; }
    QuestionScreen #question-verdict { text-style: bold; margin-top: 1; }
    QuestionScreen #question-why { height: auto; max-height: 12; }
    """

    choice: reactive[int | None] = reactive(None, bindings=True)
    """The answer picked, or None while the question is open (the footer follows it)."""

    BINDINGS = [
        Binding("1,a", "choose(0)", "First", show=False, id="question.choose_0"),
        Binding("2,b", "choose(1)", "Second", show=False, id="question.choose_1"),
        Binding("3,c", "choose(2)", "Third", show=False, id="question.choose_2"),
        Binding("4,d", "choose(3)", "Fourth", show=False, id="question.choose_3"),
        Binding("enter", "done", "Continue", id="question.done"),
        Binding("escape", "leave", "Leave", id="question.leave"),
    ]

    def __init__(self, question: Question, heading: str = "") -> None:
        super().__init__()
        self.question = question
        self.heading = heading or f"Check yourself: {IDEAS[question.idea]}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, id="question-heading", markup=False)
            yield Static(self.question.question, id="question-text", markup=False)
            for n, text in enumerate(self.question.choices):
                yield Static(
                    f"{n + 1}  {LETTERS[n]}. {text}", classes="choice", id=f"choice-{n}", markup=False
                )
            last = len(self.question.choices)
            yield Static(f"Press 1 to {last} (or A to {LETTERS[last - 1]}) to answer.", id="question-verdict")
            with VerticalScroll(id="question-why"):
                yield Markdown("", id="question-explanation")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.choice is not None
        if action == "choose":
            choice = parameters[0]
            return self.choice is None and isinstance(choice, int) and choice < len(self.question.choices)
        return True

    def action_choose(self, choice: int) -> None:
        if self.choice is not None or choice >= len(self.question.choices):
            return
        self.choice = choice
        answer = self.question.answer
        for n, text in enumerate(self.question.choices):
            notes = []
            if n == answer:
                notes.append("✓ the answer")
            if n == choice:
                notes.append("← yours")
            if notes:
                line = self.query_one(f"#choice-{n}", Static)
                line.add_class("-right" if n == answer else "-picked")
                line.update(f"{n + 1}  {LETTERS[n]}. {text}  {', '.join(notes)}")
        verdict = "✓ Right." if choice == answer else f"✗ Not quite: the answer is {LETTERS[answer]}."
        self.query_one("#question-verdict", Static).update(f"{verdict}  Enter to go on.")
        self.query_one("#question-explanation", Markdown).update(self.question.explanation)

    def action_done(self) -> None:
        if self.choice is not None:
            self.dismiss(self.choice)

    def action_leave(self) -> None:
        self.dismiss(-1 if self.choice is None else self.choice)
