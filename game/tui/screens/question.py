"""One question on one screen, large enough for a projector: choose, then (perhaps) read why."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Markdown, Static

from game.quiz.bank import IDEAS, Question
from game.tui.screens.base import GameModal

LETTERS = "ABCD"


@dataclass(frozen=True)
class Answered:
    """How a question was left: the choice made (its index in the bank, None if none) and whether
    the player asked to leave (escape) rather than to go on (enter)."""

    choice: int | None
    leave: bool = False


class QuestionScreen(GameModal[Answered]):
    """Asks `question` with its choices in `order`; keys 1 to 4 (or A to D), as many as it has
    choices, choose the choice shown at that place.

    With `reveal`, the right answer and the explanation follow the choice; without
    it (a class quiz's set), only the choice is marked, and the answers come
    at the end. Dismisses with `Answered`: enter goes on, escape leaves.
    """

    DEFAULT_CSS = """
    QuestionScreen { align: center middle; }
    QuestionScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    QuestionScreen #question-heading { color: $text-muted; margin-bottom: 1; }
    QuestionScreen #question-text { text-style: bold; margin-bottom: 1; }
    QuestionScreen .choice { height: auto; padding: 0 1; margin-bottom: 1; }
    QuestionScreen .choice-text { width: 1fr; }
    QuestionScreen .choice-marks { width: auto; padding-left: 2; }
    QuestionScreen .choice.-picked { background: $primary 30%; }
    QuestionScreen .choice.-right { text-style: bold; }
    QuestionScreen #question-verdict { text-style: bold; margin-top: 1; }
    QuestionScreen #question-why { height: auto; max-height: 12; }
    """

    choice: reactive[int | None] = reactive(None, bindings=True)
    """The answer picked (its index in the bank), or None while the question is open."""

    BINDINGS = [
        Binding("1,a", "choose(0)", "First", show=False, id="question.choose_0"),
        Binding("2,b", "choose(1)", "Second", show=False, id="question.choose_1"),
        Binding("3,c", "choose(2)", "Third", show=False, id="question.choose_2"),
        Binding("4,d", "choose(3)", "Fourth", show=False, id="question.choose_3"),
        Binding("enter", "done", "Continue", id="question.done"),
        Binding("escape", "leave", "Leave", id="question.leave"),
    ]

    def __init__(
        self,
        question: Question,
        heading: str = "",
        order: tuple[int, ...] | None = None,
        reveal: bool = True,
    ) -> None:
        super().__init__()
        self.question = question
        self.heading = heading or f"Check yourself: {IDEAS[question.idea]}"
        self.order = order if order is not None else tuple(range(len(question.choices)))
        """The bank index of the choice shown at each place, top first."""
        self.reveal = reveal

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, id="question-heading", markup=False)
            yield Static(self.question.question, id="question-text", markup=False)
            for place, index in enumerate(self.order):
                with Horizontal(classes="choice", id=f"choice-{place}"):
                    yield Static(self._line(place, index), classes="choice-text", markup=False)
                    yield Static("", classes="choice-marks", markup=False)
            last = len(self.order)
            yield Static(f"Press 1 to {last} (or A to {LETTERS[last - 1]}) to answer.", id="question-verdict")
            with VerticalScroll(id="question-why"):
                yield Markdown("", id="question-explanation")
        yield Footer()

    def _line(self, place: int, index: int) -> str:
        return f"{place + 1}  {LETTERS[place]}. {self.question.choices[index]}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.choice is not None
        if action == "choose":
            place = parameters[0]
            return self.choice is None and isinstance(place, int) and place < len(self.order)
        return True

    def action_choose(self, place: int) -> None:
        if self.choice is not None or place >= len(self.order):
            return
        choice = self.choice = self.order[place]
        answer = self.question.answer
        for n, index in enumerate(self.order):
            notes = []
            if self.reveal and index == answer:
                notes.append("✓ the answer")
            if index == choice:
                notes.append("← yours")
            if notes:
                line = self.query_one(f"#choice-{n}")
                line.add_class("-right" if self.reveal and index == answer else "-picked")
                # The marks have a column of their own: a wrapped choice never splits them.
                line.query_one(".choice-marks", Static).update(", ".join(notes))
        if not self.reveal:
            self.query_one("#question-verdict", Static).update(
                f"Answer {LETTERS[place]} kept. The answers come at the end. Enter to go on."
            )
            return
        shown = LETTERS[self.order.index(answer)]
        verdict = "✓ Right." if choice == answer else f"✗ Not quite: the answer is {shown}."
        self.query_one("#question-verdict", Static).update(f"{verdict}  Enter to go on.")
        self.query_one("#question-explanation", Markdown).update(self.question.explanation)

    def action_done(self) -> None:
        if self.choice is not None:
            self.dismiss(Answered(self.choice))

    def action_leave(self) -> None:
        self.dismiss(Answered(self.choice, leave=True))
