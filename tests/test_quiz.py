"""Check your understanding: the bank, the question after each campaign level, the class quiz."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter

import pytest
from textual.widgets import Static

from game.quiz import results
from game.quiz.bank import IDEAS, LEVEL_IDEAS, BankError, bank, parse_bank, question_for_level, quiz_set
from game.storage import Store
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.menu import MenuScreen
from game.tui.screens.question import QuestionScreen
from game.tui.screens.quiz import QuizScreen
from game.tui.screens.quiz_answers import QuizAnswersScreen
from tests.conftest import CAMPAIGN, ROOT
from tests.tui_helpers import TOY, make_app, press_all, wait_for_screen


def test_every_idea_has_at_least_three_questions():
    per_idea = Counter(question.idea for question in bank())
    assert set(per_idea) == set(IDEAS)
    assert min(per_idea.values()) >= 3, per_idea


def test_every_campaign_level_asks_about_its_idea_and_points_at_real_files():
    assert sorted(LEVEL_IDEAS) == sorted(f"campaign/{p.name}" for p in CAMPAIGN.glob("*.toml"))
    for question in bank():
        assert question.level is None or (ROOT / "levels" / question.level).is_file()
        assert len(question.explanation) > 80  # a real paragraph, not a word
    for level, idea in LEVEL_IDEAS.items():
        question = question_for_level(level, set())
        assert question is not None and question.idea == idea


def test_the_class_quiz_sets_cover_every_idea_once():
    for name in ("before", "after"):
        assert sorted(q.idea for q in quiz_set(name)) == sorted(IDEAS)


def _longest(question) -> bool:
    """Whether the right answer is a longest choice (ties count: a student would pick it too)."""
    return len(question.choices[question.answer]) >= max(len(c) for c in question.choices)


def _shortest(question) -> bool:
    return len(question.choices[question.answer]) <= min(len(c) for c in question.choices)


def test_the_bank_gives_no_answer_away_by_position_or_length():
    questions = bank()
    # In the bank itself, no place holds the right answer much more often than chance.
    places = Counter(q.answer for q in questions)
    three = [q for q in questions if len(q.choices) == 3]
    for place in range(3):
        share = sum(1 for q in three if q.answer == place) / len(three)
        assert 0.25 <= share <= 0.42, (place, places)
    # "Always the longest" and "always the shortest" are no better than a guess.
    for name, picks in (("longest", _longest), ("shortest", _shortest)):
        share = sum(1 for q in questions if picks(q)) / len(questions)
        assert 1 / 6 <= share <= 1 / 3 + 0.01, (name, share)
        in_sets = quiz_set("before")
        assert sum(1 for q in in_sets if picks(q)) / len(in_sets) <= 0.4, name


def test_shown_orders_put_the_answer_anywhere():
    from game.quiz.bank import attempt_seed, shown_order

    questions = bank()
    seeds = [attempt_seed("player", "before", n) for n in range(1, 301)]
    for question in questions:
        places = Counter(shown_order(question, seed).index(question.answer) for seed in seeds)
        k = len(question.choices)
        assert set(places) == set(range(k)), question.id
        assert min(places.values()) >= 0.6 * len(seeds) / k, (question.id, places)
    # One attempt: a student who always answers B (or the longest) scores about a guess.
    for strategy in ("B", "longest"):
        scores = []
        for seed in seeds:
            right = 0
            for question in quiz_set("before"):
                order = shown_order(question, seed)
                longest = max(order, key=lambda n, q=question: len(q.choices[n]))
                right += (order[1] if strategy == "B" else longest) == question.answer
            scores.append(right / len(quiz_set("before")))
        assert sum(scores) / len(scores) < 0.45, strategy


def test_a_level_asks_a_question_not_answered_yet():
    level = "campaign/04-toy-example.toml"
    first = question_for_level(level, set())
    second = question_for_level(level, {first.id})
    assert second is not None and second.id != first.id and second.idea == first.idea


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            'id = "x"\nidea = "nope"\nquestion = "q"\nchoices = ["a", "b"]\nanswer = 0\nexplanation = "e"',
            "unknown idea",
        ),
        (
            'id = "x"\nidea = "honeypots"\nquestion = "q"\nchoices = ["a", "b"]\nanswer = 2\nexplanation = "e"',
            "an answer",
        ),
        (
            'id = "x"\nidea = "honeypots"\nquestion = "q"\nchoices = ["a", "b"]\nanswer = 0',
            "no 'explanation'",
        ),
    ],
)
def test_a_mistake_in_a_bank_is_named(entry, problem):
    with pytest.raises(BankError, match=problem):
        parse_bank(f"[[question]]\n{entry}\n")


def test_quiz_list_json_prints_the_bank_in_the_contract_shape():
    out = subprocess.run(
        [sys.executable, "-m", "game", "quiz", "--list", "--json"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0
    listed = json.loads(out.stdout)
    assert len(listed) == len(bank())
    for item in listed:
        assert set(item) == {"id", "idea", "level", "question", "choices", "answer", "explanation"}
        assert 0 <= item["answer"] < len(item["choices"])
    assert any(item["level"] is None for item in listed)


@pytest.mark.slow
async def test_after_a_campaign_debrief_one_question_then_the_next_level(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(
            pilot, "right right enter right right enter left left enter left left enter left left"
        )
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert isinstance(debrief, DebriefScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("escape")
        question = await wait_for_screen(pilot, QuestionScreen)
        assert isinstance(question, QuestionScreen) and question.question.idea == "toy-example"
        assert sorted(question.order) == list(range(len(question.question.choices)))
        await pilot.press("enter")  # nothing happens before an answer
        assert app.screen is question
        wrong = (question.question.answer + 1) % len(question.question.choices)
        await pilot.press(str(question.order.index(wrong) + 1))  # the key of the place it is shown at
        verdict = str(question.query_one("#question-verdict").render())
        right_place = "ABCD"[question.order.index(question.question.answer)]
        assert f"✗ Not quite: the answer is {right_place}." in verdict
        assert question.question.explanation[:40] in question.query_one("#question-explanation").source
        await pilot.press("enter")
        assert isinstance(await wait_for_screen(pilot, MenuScreen), MenuScreen)
    saved = results.load(Store(tmp_path))
    assert saved.campaign == {question.question.id: wrong}


async def answer_set(pilot, choose, shown: list | None = None) -> list[QuestionScreen]:
    """Answer every question of the set being asked with `choose(question)` (a bank index); returns
    the question screens, each looked at before its answer and after it (into `shown`, if given)."""
    asked = []
    for _ in quiz_set("before"):
        question = await wait_for_screen(pilot, QuestionScreen)
        assert isinstance(question, QuestionScreen) and question not in asked
        asked.append(question)
        await pilot.press(str(question.order.index(choose(question.question)) + 1))
        if shown is not None:
            shown.append(
                (
                    question.question,
                    [
                        " ".join(str(part.render()) for part in line.query(Static))
                        for line in question.query(".choice")
                    ],
                    str(question.query_one("#question-verdict").render()),
                    question.query_one("#question-explanation").source,
                )
            )
        await pilot.press("enter")
    return asked


def wrong_choice(question):
    return (question.answer + 1) % len(question.choices)


@pytest.mark.slow
async def test_the_class_quiz_before_and_after_with_a_comparison_and_csv(tmp_path):
    log = tmp_path / "quiz.csv"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "player.json").write_text('{"name": "Ada", "class": "9b"}')
    app = make_app(tmp_path / "data", quiz=(None, log))
    questions = quiz_set("before")
    right_before = {q.id for q in questions[:3]}
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await wait_for_screen(pilot, QuizScreen)
        shown: list = []
        await pilot.press("b")
        before = await answer_set(
            pilot, lambda q: q.answer if q.id in right_before else wrong_choice(q), shown
        )
        # The before set shows no answer and no explanation, only the choice kept.
        for question, lines, verdict, explanation in shown:
            assert not any("✓" in line for line in lines), question.id
            assert sum("← yours" in line for line in lines) == 1
            assert "Not quite" not in verdict and "Right" not in verdict and "kept" in verdict
            assert explanation == ""
        # They come at the end of the set, all at once.
        answers = await wait_for_screen(pilot, QuizAnswersScreen)
        assert isinstance(answers, QuizAnswersScreen)
        assert "3 of 13 right" in str(answers.query_one("#answers-title").render())
        await pilot.press("enter")
        assert await wait_for_screen(pilot, QuizScreen) is screen
        await pilot.press("a")
        after = await answer_set(pilot, lambda q: q.answer)
        await wait_for_screen(pilot, QuizAnswersScreen)
        await pilot.press("enter")
        assert await wait_for_screen(pilot, QuizScreen) is screen
        table = screen.query_one("DataTable")
        rows = [table.get_row_at(n) for n in range(table.row_count)]
        assert [row[2] for row in rows].count("✓ right") == 3
        assert all(row[3] == "✓ right" for row in rows)
        assert str(screen.query_one("#score-before").value) == f"3/{len(questions)}"
        assert str(screen.query_one("#score-after").value) == f"{len(questions)}/{len(questions)}"
    with log.open() as handle:
        logged = list(csv.DictReader(handle))
    assert list(logged[0]) == ["time", "player", "set", "question", "order", "answer", "position", "right"]
    assert len(logged) == 2 * len(questions)
    assert {row["player"] for row in logged} == {"Ada"}
    assert sum(row["right"] == "yes" for row in logged if row["set"] == "before") == 3
    saved = results.load(Store(tmp_path / "data"))
    assert [attempt.set for attempt in saved.attempts] == ["before", "after"]
    # The order shown is kept with the results and in the log, and the answer stood where it says.
    for attempt, screens in zip(saved.attempts, (before, after), strict=True):
        for question_screen in screens:
            question = question_screen.question
            assert tuple(attempt.orders[question.id]) == question_screen.order
    for row in logged:
        attempt = saved.attempts[0 if row["set"] == "before" else 1]
        order = attempt.orders[row["question"]]
        assert row["order"] == " ".join("ABCD"[n] for n in order)
        chosen = attempt.answers[row["question"]]
        assert row["answer"].startswith("ABCD"[chosen] + ": ")
        assert int(row["position"]) == order.index(chosen) + 1


@pytest.mark.slow
async def test_the_answers_can_wait_for_the_after_set(tmp_path):
    app = make_app(tmp_path, quiz=(None, None))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await wait_for_screen(pilot, QuizScreen)
        await pilot.press("r")  # the teacher's choice: answers only after the after set
        assert app.settings.quiz_answers == "after"
        assert "only after the after set" in str(screen.query_one("#quiz-intro").render())
        await pilot.press("b")
        await answer_set(pilot, lambda q: q.answer)
        assert await wait_for_screen(pilot, QuizScreen) is screen
        assert not any(isinstance(s, QuizAnswersScreen) for s in app.screen_stack)
        await pilot.press("a")
        await answer_set(pilot, wrong_choice)
        answers = await wait_for_screen(pilot, QuizAnswersScreen)
        assert isinstance(answers, QuizAnswersScreen)
        assert "0 of 13 right" in str(answers.query_one("#answers-title").render())
    assert Store(tmp_path).load_settings().quiz_answers == "after"  # kept for the next lesson


def test_each_attempt_draws_its_own_order_and_keeps_it(tmp_path):
    store = Store(tmp_path)
    first = results.new_attempt(store, "before")
    again = results.new_attempt(store, "before")
    assert first.seed == again.seed  # nothing saved in between: the same attempt number
    questions = quiz_set("before")
    orders = [first.order_for(q) for q in questions]
    assert orders == [again.order_for(q) for q in questions]  # the same seed draws the same orders
    results.save_attempt(store, first)
    second = results.new_attempt(store, "before")
    assert second.seed != first.seed
    assert [second.order_for(q) for q in questions] != orders
    kept = results.load(store).attempts[0]
    assert [kept.order_for(q) for q in questions] == orders
    (tmp_path / "player.json").write_text('{"name": "Grace"}')
    assert results.new_attempt(store, "before").seed != second.seed  # another player, other orders


@pytest.mark.slow
async def test_escape_on_an_answered_question_leaves_as_the_footer_says(tmp_path):
    app = make_app(tmp_path, quiz=("before", None))
    async with app.run_test(size=(100, 40)) as pilot:
        first = await wait_for_screen(pilot, QuestionScreen)
        await pilot.press("1")
        footer_keys = {key: b.binding.description for key, b in app.active_bindings.items() if b.binding.show}
        assert footer_keys.get("escape") == "Leave"
        await pilot.press("escape")  # answered: escape leaves (asking first), it does not go on
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "The quiz's 1 answer so far will not be saved" in str(
            confirm.query_one("#confirm-question").render()
        )
        await pilot.press("n")  # stay: on with the next question, the answer kept
        second = await wait_for_screen(pilot, QuestionScreen)
        assert second is not first and "question 2 of" in str(second.query_one("#question-heading").render())
        quiz = next(s for s in app.screen_stack if isinstance(s, QuizScreen))
        assert quiz.attempt is not None and list(quiz.attempt.answers) == [first.question.id]
        await press_all(pilot, ["escape", "y"])
        assert isinstance(await wait_for_screen(pilot, QuizScreen), QuizScreen)
    assert results.load(Store(tmp_path)).attempts == []


@pytest.mark.slow
async def test_leaving_the_class_quiz_midway_saves_nothing(tmp_path):
    app = make_app(tmp_path, quiz=("before", None))  # `mesa-maze quiz --set before`
    async with app.run_test(size=(100, 40)) as pilot:
        first = await wait_for_screen(pilot, QuestionScreen)
        await press_all(pilot, ["1", "enter", "escape"])  # one answer given, then leaving
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "The quiz's 1 answer so far will not be saved" in str(
            confirm.query_one("#confirm-question").render()
        )
        await pilot.press("n")  # stay: the same question again
        second = await wait_for_screen(pilot, QuestionScreen)
        assert second is not first and "question 2 of" in str(second.query_one("#question-heading").render())
        await press_all(pilot, ["escape", "y"])
        assert isinstance(await wait_for_screen(pilot, QuizScreen), QuizScreen)
    assert results.load(Store(tmp_path)).attempts == []


async def test_leaving_the_quiz_before_any_answer_does_not_ask(tmp_path):
    app = make_app(tmp_path, quiz=("before", None))
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await pilot.press("escape")
        assert isinstance(await wait_for_screen(pilot, QuizScreen), QuizScreen)


async def test_a_wrapped_answer_keeps_its_marks_together(tmp_path):
    from dataclasses import replace

    text = "A choice just long enough to push its marks to the edge"
    question = replace(bank()[0], choices=(text, "No", "Neither"), answer=0)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:  # the right answer's line wraps at 80 columns
        await app.push_screen(QuestionScreen(question))
        asked = await wait_for_screen(pilot, QuestionScreen)
        await pilot.pause()
        await pilot.press(str(question.answer + 1))  # right: both marks on one line
        await pilot.pause()
        line = asked.query_one(f"#choice-{question.answer} .choice-text")
        assert line.size.height >= 2, "the test needs a choice that wraps"
        marks = asked.query_one(f"#choice-{question.answer} .choice-marks")
        rows = [row.text for row in marks.render_lines(marks.region.reset_offset)]
        assert rows[0].strip() == "✓ the answer, ← yours" and not "".join(rows[1:]).strip(), rows
        assert marks.region.y == line.region.y  # beside the choice, on its first line


def test_damaged_quiz_results_are_set_aside(tmp_path):
    (tmp_path / "quiz.json").write_bytes(b"\xff\xfe not json")
    store = Store(tmp_path)
    assert results.load(store) == results.QuizResults()
    assert store.notices and list(tmp_path.glob("quiz.json.damaged-*"))


@pytest.mark.parametrize("count", [2, 3, 4])
async def test_a_question_offers_only_the_keys_of_its_choices(tmp_path, count):
    from dataclasses import replace

    first = bank()[0]
    asked = replace(first, choices=(*first.choices, "None of these")[:count], answer=0)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuestionScreen(asked))
        question = await wait_for_screen(pilot, QuestionScreen)
        await pilot.pause()
        letter = "ABCD"[count - 1]
        assert f"Press 1 to {count} (or A to {letter}) to answer." in str(
            question.query_one("#question-verdict").render()
        )
        await pilot.press(str(count + 1))  # no such choice: nothing happens
        assert question.choice is None
        await pilot.press(str(count))
        assert question.choice == count - 1


@pytest.mark.slow
async def test_a_class_takes_the_quiz_and_the_class_view_shows_each_idea_gained(tmp_path):
    """Done when: a before/after pair through Pilot shows no answer during the before set, and the
    class view shows per idea how many had it right before and after, and the gain."""
    from game.classroom import enrol
    from game.quiz.class_results import class_quiz
    from game.tui.screens.class_view import ClassViewScreen

    questions = quiz_set("before")
    knew = {q.id for q in questions[:4]}  # Ada knows four ideas before the lesson, all after
    ada = enrol(tmp_path, "Ada", "9b").folder
    app = make_app(ada, quiz=(None, None))
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_screen(pilot, QuizScreen)
        shown: list = []
        await pilot.press("b")
        await answer_set(pilot, lambda q: q.answer if q.id in knew else wrong_choice(q), shown)
        assert all(not any("✓" in line for line in lines) and not why for _, lines, _, why in shown)
        await wait_for_screen(pilot, QuizAnswersScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, QuizScreen)
        await pilot.press("a")
        await answer_set(pilot, lambda q: q.answer)
        await wait_for_screen(pilot, QuizAnswersScreen)
    # Grace knew nothing before and learned one idea (saved as her own game would).
    grace = Store(enrol(tmp_path, "Grace", "9b").folder)
    for set_name, right in (("before", set()), ("after", {questions[0].id})):
        attempt = results.new_attempt(grace, set_name)
        attempt.answers = {q.id: q.answer if q.id in right else wrong_choice(q) for q in questions}
        results.save_attempt(grace, attempt)
    (enrol(tmp_path, "Alan", "9b").folder / "quiz.json").write_text("{broken")  # never stops the view

    gains = class_quiz(tmp_path).gains()
    first, fifth = gains[0], gains[4]
    assert (first.before_right, first.before_asked, first.after_right, first.after_asked) == (1, 2, 2, 2)
    assert first.gain == 50 and gains[1].gain == 0 and fifth.gain == 50

    teacher = make_app(tmp_path / "teacher", class_view=tmp_path)
    async with teacher.run_test(size=(120, 50)) as pilot:
        screen = await wait_for_screen(pilot, ClassViewScreen)
        table = screen.query_one("#class-quiz")
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert [row[0] for row in rows] == [IDEAS[q.idea] for q in questions]
        assert rows[0][1:] == ["1 of 2", "2 of 2", "+50 pts"]
        assert rows[1][1:] == ["1 of 2", "1 of 2", "0 pts"]
        assert rows[4][1:] == ["0 of 2", "1 of 2", "+50 pts"]
        title = str(screen.query_one("#class-quiz-title").render())
        assert "2 took the before set, 2 the after" in title and "1 quiz file unreadable" in title
        await pilot.press("c")
    logged = list(csv.DictReader((tmp_path / "class-quiz.csv").open()))
    assert len(logged) == 4 * len(questions)
    assert {row["player"] for row in logged} == {"Ada", "Grace"}
    assert all(row["order"] and row["position"] for row in logged)


def test_the_class_command_writes_every_quiz_answer(tmp_path):
    from game.classroom import enrol

    store = Store(enrol(tmp_path, "Ada").folder)
    attempt = results.new_attempt(store, "before")
    attempt.answers = {q.id: q.answer for q in quiz_set("before")}
    results.save_attempt(store, attempt)
    out = tmp_path / "answers.csv"
    done = subprocess.run(
        [sys.executable, "-m", "game", "class", "--data-dir", str(tmp_path), "--quiz-csv", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0 and "13 quiz answers" in done.stdout, done.stderr
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 13 and all(row["player"] == "Ada" and row["right"] == "yes" for row in rows)


async def test_the_answers_screen_keeps_a_wrapped_answers_marks_together(tmp_path):
    from dataclasses import replace

    from game.quiz.results import Attempt

    text = "A choice long enough to wrap at eighty columns once its marks stand beside it, and more"
    question = replace(bank()[0], choices=(text, "No", "Neither"), answer=0)
    attempt = Attempt("before", "now", answers={question.id: 0}, orders={question.id: [0, 1, 2]})
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await app.push_screen(QuizAnswersScreen(attempt, [question], "Before"))
        answers = await wait_for_screen(pilot, QuizAnswersScreen)
        await pilot.pause()
        choices = answers.query_one(".answer-choices")
        rows = [row.text for row in choices.render_lines(choices.region.reset_offset)]
        first = [row for row in rows if "A. A choice" in row]
        assert first and "✓ the answer, ← yours" in first[0], rows
        assert sum("A. " in row or "B. " in row or "C. " in row for row in rows) == 3
        assert len(rows) > 3, "the test needs a choice that wraps"
