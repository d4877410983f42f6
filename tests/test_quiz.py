"""Check your understanding: the bank, the question after each campaign level, the class quiz."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter

import pytest

from game.quiz import results
from game.quiz.bank import IDEAS, LEVEL_IDEAS, BankError, bank, parse_bank, question_for_level, quiz_set
from game.storage import Store
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.menu import MenuScreen
from game.tui.screens.question import QuestionScreen
from game.tui.screens.quiz import QuizScreen
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
        await pilot.press("enter")  # nothing happens before an answer
        assert app.screen is question
        wrong = (question.question.answer + 1) % len(question.question.choices)
        await pilot.press(str(wrong + 1))
        verdict = str(question.query_one("#question-verdict").render())
        assert "✗ Not quite" in verdict
        assert question.question.explanation[:40] in question.query_one("#question-explanation").source
        await pilot.press("enter")
        assert isinstance(await wait_for_screen(pilot, MenuScreen), MenuScreen)
    saved = results.load(Store(tmp_path))
    assert saved.campaign == {question.question.id: wrong}


@pytest.mark.slow
async def test_the_class_quiz_before_and_after_with_a_comparison_and_csv(tmp_path):
    log = tmp_path / "quiz.csv"
    app = make_app(tmp_path / "data", quiz=(None, log))
    questions = quiz_set("before")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await wait_for_screen(pilot, QuizScreen)
        for name, right_answers in (("b", 3), ("a", len(questions))):
            await pilot.press(name)
            for n, question in enumerate(questions):
                asked = await wait_for_screen(pilot, QuestionScreen)
                assert asked.question == question
                choice = (
                    question.answer if n < right_answers else (question.answer + 1) % len(question.choices)
                )
                await press_all(pilot, [str(choice + 1), "enter"])
            assert await wait_for_screen(pilot, QuizScreen) is screen
        table = screen.query_one("DataTable")
        rows = [table.get_row_at(n) for n in range(table.row_count)]
        assert [row[2] for row in rows].count("✓ right") == 3
        assert all(row[3] == "✓ right" for row in rows)
        assert str(screen.query_one("#score-before").value) == f"3/{len(questions)}"
        assert str(screen.query_one("#score-after").value) == f"{len(questions)}/{len(questions)}"
    with log.open() as handle:
        logged = list(csv.DictReader(handle))
    assert list(logged[0]) == ["time", "set", "question", "answer", "right"]
    assert len(logged) == 2 * len(questions)
    assert sum(row["right"] == "yes" for row in logged if row["set"] == "before") == 3
    saved = results.load(Store(tmp_path / "data"))
    assert [attempt.set for attempt in saved.attempts] == ["before", "after"]


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
