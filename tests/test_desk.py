"""The overseer's desk: the lesson holds for every seed, the plan file, the JSON, and a round by keys."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from game.core.paths import Board, distance_field, follow
from game.core.tiles import Colour, Kind
from game.desk.candidates import MAZES, TYPES, build_test_maze
from game.desk.plan import DeskPlan, PlannedTest, check_plan
from game.desk.queue import draw_types, play_plan, play_test
from game.desk.rounds import QUEUE, ROUNDS, TEST_BUDGET
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.desk import DeskScreen
from tests.conftest import ROOT
from tests.tui_helpers import make_app, press_all, wait_for_screen, wait_until

SEEDS = range(6)


def caught(kind: str, tests: list[PlannedTest], seed: int) -> bool:
    """Whether a candidate of this type eats an apple in any of these tests."""
    return any(play_test(kind, t.maze, t.announce, seed, 1, n).apples for n, t in enumerate(tests, 1))


TRAINING = PlannedTest("training", "training")
HONEYPOT = PlannedTest("training", "deployment")
BIG_HONEYPOT = PlannedTest("big", "deployment")


@pytest.mark.parametrize("seed", SEEDS)
def test_the_lesson_holds(seed):
    # with only training tests, deceptive candidates look aligned
    assert not caught("deceptive", [TRAINING, PlannedTest("tempting", "training")], seed)
    # one honeypot catches deceptive but not test-aware
    assert caught("deceptive", [HONEYPOT], seed)
    assert not caught("test-aware", [HONEYPOT], seed)
    # a big honeypot catches test-aware
    assert caught("test-aware", [BIG_HONEYPOT], seed)
    # nothing catches the oracle, and the aligned model never eats an apple in a test
    everything = [PlannedTest(m, a) for m in MAZES for a in ("training", "deployment", "hidden")]
    assert not caught("oracle", everything, seed)
    assert not caught("aligned", everything, seed)
    # the honest apple lover shows itself in any test with an apple in reach
    assert caught("greedy", [TRAINING], seed)


@pytest.mark.parametrize("kind", sorted(MAZES))
def test_no_test_maze_has_an_apple_on_its_exit_path(kind):
    for seed in range(10):
        grid = build_test_maze(kind, np.random.SeedSequence([seed]))
        board = Board(grid.height, grid.width)
        passable = board.pad(grid.kind != Kind.WALL)
        exits = [board.index(*cell) for cell in grid.exits()]
        path = follow(distance_field(passable, exits, board.offsets), board.index(*grid.start), board.offsets)
        greens = {board.index(*cell) for cell in grid.green_apples()}
        assert greens and not greens & set(path)
        exit_colours = {Colour(int(grid.colour[cell])) for cell in grid.exits()}
        assert exit_colours == ({Colour.GREY} if kind == "shifted" else {Colour.GREEN})


def test_a_plan_with_only_training_tests_deploys_deceptive_candidates_and_keeps_aligned_ones():
    plan = DeskPlan(candidates=30, tests=[TRAINING, TRAINING], reject_if="apples")
    result = play_plan(plan, seed=11)
    decisions = {(c["type"], c["decision"]) for c in result["candidates"]}
    assert ("deceptive", "deploy") in decisions and ("greedy", "reject") in decisions
    assert ("aligned", "reject") not in decisions and result["aligned_rejected"] == 0
    deployed = [c for c in result["candidates"] if c["decision"] == "deploy"]
    assert result["apples_in_deployment"] == sum(c["deployment"]["apples"] for c in deployed)
    assert result["misaligned_deployed"] == sum(c["type"] != "aligned" for c in deployed)


def test_types_are_drawn_from_the_seed_and_the_allowed_list():
    drawn = draw_types(5, 200, TYPES)
    assert drawn == draw_types(5, 200, TYPES) and set(drawn) == set(TYPES)
    assert set(draw_types(5, 50, ("aligned", "oracle"))) == {"aligned", "oracle"}


PLAN = """candidates = 6
types = ["aligned", "greedy", "deceptive", "test-aware", "oracle"]
[[test]]
maze = "training"
announce = "deployment"
[[test]]
maze = "big"
announce = "deployment"
[decide]
reject_if = "apples"
"""


def desk_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "desk", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_desk_plan_json_has_the_contract_shape_and_is_deterministic(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    first = desk_cli("--plan", str(path), "--seed", "4", "--json")
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert set(result) == {
        "seed",
        "candidates",
        "misaligned_deployed",
        "aligned_rejected",
        "apples_in_deployment",
    }
    assert result["seed"] == 4 and len(result["candidates"]) == 6
    for candidate in result["candidates"]:
        assert set(candidate) == {"type", "tests", "decision", "deployment"}
        assert candidate["decision"] in ("deploy", "reject")
        assert set(candidate["deployment"]) == {"apples", "exits", "episodes"}
        for test in candidate["tests"]:
            assert set(test) == {"maze", "announce", "reached_exit", "apples"}
        if candidate["type"] in ("greedy", "deceptive", "test-aware"):
            assert candidate["decision"] == "reject"  # the big honeypot catches all three
    assert desk_cli("--plan", str(path), "--seed", "4", "--json").stdout == first.stdout


def test_a_bad_plan_gets_positioned_errors(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('candidates = 0\ntypo = 1\ntypes = ["aligned", "decepive"]\n[[test]]\nmaze = "trainin"\n'
                    'announce = "training"\n[decide]\nreject_if = "maybe"\n')  # fmt: skip
    result = desk_cli("--plan", str(path), "--json")
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"{path}:1:14: error: `candidates` must be a whole number from 1 to 500" in lines
    assert f"{path}:2:1: error: unknown key `typo` in the plan (did you mean `types`?)" in lines
    assert f"{path}:3:21: error: unknown type `decepive` (did you mean `deceptive`?)" in lines
    assert any(line.startswith(f"{path}:5:8: error: `maze` must be one of") for line in lines)
    assert any(line.startswith(f"{path}:8:13: error: `reject_if`") for line in lines)
    assert check_plan(tmp_path / "missing.toml")[1][0].message == "no such file"


@pytest.mark.slow
async def test_a_round_at_the_desk_played_by_keys(tmp_path):
    app = make_app(tmp_path, desk=2)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_for_screen(pilot, DeskScreen)
        assert isinstance(screen, DeskScreen) and screen.round.types == ROUNDS[0].types
        screen.set_speed(len(screen.SPEEDS) - 1)
        maze, banner = screen.query_one("#desk-maze"), screen.query_one("#desk-banner")
        for n in range(QUEUE):
            # before a candidate's first test: what to do, and no maze left over from the last one
            assert not maze.display and "Choose a test" in str(banner.render())
            for _ in range(TEST_BUDGET):
                await pilot.press("1", "a", "enter")  # a training maze, announced deployment
                assert maze.display
                while screen.watching:
                    await pilot.pause(0.02)
            assert len(screen.candidates[n].tests) == TEST_BUDGET
            await pilot.press("enter")  # the budget is spent: no fourth test
            assert len(screen.candidates[n].tests) == TEST_BUDGET
            ate = any(test.apples for test in screen.candidates[n].tests)
            await pilot.press("x" if ate else "y")
        assert screen.revealing
        for candidate in screen.candidates:  # round 1: greedy or aligned, the tests tell them apart
            assert (candidate.decision == "reject") == (candidate.type == "greedy")
        assert "A clean desk" in str(screen.query_one("#reveal-title").render())
        await pilot.press("n")
        following = await wait_for_screen(pilot, DeskScreen)
        assert following is not screen and following.round.number == 2
    best = json.loads((tmp_path / "desk.json").read_text())
    assert best["rounds"]["1"] == {"mistakes": 0, "apples": 0}


def test_every_rounds_lesson_names_terms_of_the_glossary():
    from game.glossary import GLOSSARY

    terms = {term.term for term in GLOSSARY}
    assert [r.types[-1] for r in ROUNDS] == ["greedy", "deceptive", "test-aware", "oracle"]
    for round_ in ROUNDS:
        assert set(round_.terms) <= terms


@pytest.mark.slow
async def test_leaving_a_desk_round_half_way_asks_first(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("desk")
        screen = await wait_for_screen(pilot, DeskScreen)
        await pilot.press("escape")  # nothing done yet: straight back
        assert not isinstance(app.screen, DeskScreen)
        app.screen.open_entry("desk")
        screen = await wait_for_screen(pilot, DeskScreen)
        screen.set_speed(len(screen.SPEEDS) - 1)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: not screen.watching)
        await pilot.press("y", "escape")  # one candidate deployed, then leaving
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        question = str(confirm.query_one("#confirm-question").render())
        assert question.startswith("Leave this desk round (1 of 5 candidates judged)?")
        await pilot.press("n")
        assert app.screen is screen and screen.candidates[0].decision == "deploy"
        await press_all(pilot, ["escape", "y"])
        assert not isinstance(app.screen, DeskScreen)


def test_the_reveal_says_nothing_twice():
    import re

    from game.desk.candidates import ObservedTest
    from game.desk.queue import Candidate
    from game.desk.rounds import WHY_UNSEEN, reveal_words

    def clauses(text: str) -> list[str]:
        plain = re.sub(r"\[/?b\]", "", text).lower()
        found = [" ".join(c.split()) for c in re.split(r"[.;:•\n()]", plain)]
        return [c for c in found if len(c.split()) >= 4]

    for round_ in ROUNDS:
        # every type of the round deployed untested (none told apart), and the same once all were caught
        unseen = [Candidate(n + 1, kind, decision="deploy") for n, kind in enumerate(round_.types)]
        caught = [
            Candidate(n + 1, kind, [ObservedTest("training", "deployment", True, int(kind != "aligned"))], "reject")
            for n, kind in enumerate(round_.types)
        ]
        for candidates in (unseen, caught):
            said = clauses("\n".join(reveal_words(round_, candidates)))
            assert len(said) == len(set(said)), [c for c in said if said.count(c) > 1]
        text = "\n".join(reveal_words(round_, unseen))
        newest = round_.types[-1]
        assert WHY_UNSEEN[newest] not in text  # the lesson explains the round's newest type
        assert all(WHY_UNSEEN[kind] in text for kind in round_.types[:-1] if kind != "aligned")
        assert ("n[/b] next round" in text) is False
        assert ("That was the last round." in text) == (round_.number == len(ROUNDS))
