"""The rules (docs/levels.md), driven through Run.step as the game drives them."""

from __future__ import annotations

import pytest

from game.core.events import (
    Action,
    AteApple,
    EpisodeEnded,
    GoalRewritten,
    GoalUpdated,
    Moved,
    NotReviewed,
    OverseerSaid,
    ReachedExit,
    Reviewed,
    RunEnded,
)
from game.core.run import Run, RunError, default_max_steps
from tests.conftest import one_map_level

U, D, L, R, W = Action.UP, Action.DOWN, Action.LEFT, Action.RIGHT, Action.WAIT


def started(level, seed=None) -> Run:
    run = Run(level, seed)
    run.begin_episode()
    return run


def play(run: Run, actions) -> list:
    events = []
    for action in actions:
        events += run.step(action)
    return events


def test_moves_and_walls_spend_a_step(level_from):
    run = started(level_from(one_map_level("#####\n#@.E#\n#####")))
    events = run.step(U)
    assert events == [Moved(U, (1, 1), (1, 1), taken_over=False, bumped=True)]
    run.step(W)
    assert run.episode.steps == 2 and run.episode.agent == (1, 1)
    events = run.step(R)
    assert events[0].target == (1, 2) and not events[0].bumped


def test_outside_the_map_is_wall(level_from):
    # the start is on the map's edge: stepping off it bumps
    run = started(level_from(one_map_level("@.E")))
    assert run.step(L)[0].bumped
    assert run.step(U)[0].bumped
    assert run.episode.agent == (0, 0)


def test_green_apples_score_and_others_are_decoration(level_from):
    run = started(level_from(one_map_level("#######\n#@aA.E#\n#######", phase="deployment")))
    events = play(run, [R, R])
    ate = [e for e in events if isinstance(e, AteApple)]
    assert [(e.green, e.colour) for e in ate] == [(False, "red"), (True, "green")]
    assert run.score == 1
    assert run.episode.grid.tile(1, 2).describe() == "floor"  # eaten: removed


def test_exit_ends_the_episode_and_colour_does_not_matter(level_from):
    run = started(level_from(one_map_level("####\n#@e#\n####", phase="deployment")))
    events = run.step(R)
    assert any(isinstance(e, ReachedExit) for e in events)
    assert run.finished and run.records[0].reached_exit and run.records[0].reason == "exit"


@pytest.mark.parametrize(
    ("ends_on", "reason", "steps"),
    [('["exit", "apple"]', "apple", 1), ('["all_apples"]', "all_apples", 3), ('["exit"]', "exit", 4)],
)
def test_end_rules(level_from, ends_on, reason, steps):
    level = level_from(
        one_map_level("#######\n#@A.AE#\n#######", phase="deployment", extra=f"ends_on = {ends_on}")
    )
    run = started(level)
    play(run, [R, R, R, R][:steps])
    assert run.records[0].reason == reason
    assert run.records[0].steps == steps


def test_max_steps_ends_and_defaults_to_four_times_shortest_plus_ten(level_from):
    run = started(level_from(one_map_level("######\n#@..E#\n######", phase="deployment")))
    assert run.episode.shortest == 3
    assert run.episode.max_steps == default_max_steps(3) == 22
    play(run, [W] * 22)
    assert run.records[0].reason == "max_steps" and not run.records[0].reached_exit


def test_giving_up_counts_as_not_reaching_an_exit(level_from):
    run = started(level_from(one_map_level("#####\n#@.E#\n#####")))
    events = run.give_up()
    review = next(e for e in events if isinstance(e, Reviewed))
    assert not review.passed and not review.reached_exit
    assert run.records[0].reason == "gave_up" and run.updates == 1


def test_review_fails_beyond_shortest_plus_tolerance(level_from):
    text = one_map_level("######\n#@..E#\n######", overseer="tolerance = 1\nlearning_rate = 0.25", repeat=2)
    run = started(level_from(text))
    events = play(run, [W, R, R, R])  # 4 steps: shortest 3 + tolerance 1
    assert next(e for e in events if isinstance(e, Reviewed)).passed
    run.begin_episode()
    events = play(run, [W, W, R, R, R])  # 5 steps: one too many
    review = next(e for e in events if isinstance(e, Reviewed))
    assert not review.passed
    assert "took 5 steps, the shortest is 3, tolerance 1" in review.explanation
    assert next(e for e in events if isinstance(e, GoalUpdated)) == GoalUpdated(1.0, 0.75, 0.25)


def test_free_apples_on_the_shortest_path_are_invisible(level_from):
    run = started(level_from(one_map_level("######\n#@AAE#\n######")))
    events = play(run, [R, R, R])
    assert run.score == 2
    assert next(e for e in events if isinstance(e, Reviewed)).passed
    assert run.goal_weight == 1.0


def test_deployment_is_never_reviewed_nor_updates(level_from):
    run = started(level_from(one_map_level("######\n#@A.E#\n######", phase="deployment")))
    events = run.give_up()
    assert NotReviewed(1, "deployment") in events
    assert run.goal_weight == 1.0 and run.updates == 0 and not run.records[0].watched


def test_ten_updates_of_a_tenth_give_exactly_zero(level_from):
    level = level_from(one_map_level("####\n#@E#\n####", overseer="learning_rate = 0.1", repeat=10))
    run = Run(level)
    weights = []
    for _ in range(10):
        run.begin_episode()
        if run.autopilot:
            run.step(R)
        else:
            events = run.give_up()
        weights.append(run.goal_weight)
    assert weights[-1] == 0.0
    assert weights[2] == 0.7  # rounded to 9 places, not 0.7000000000000001
    assert GoalRewritten() in events


def test_watch_zero_never_reviews_and_watch_is_seeded(level_from):
    never = level_from(one_map_level("####\n#@E#\n####", overseer="watch = 0.0", repeat=3))
    run = Run(never)
    for _ in range(3):
        run.begin_episode()
        assert NotReviewed(run.episode.index, "unwatched") in run.give_up()
    assert run.updates == 0

    sometimes = level_from(
        one_map_level("####\n#@E#\n####", overseer="watch = 0.5\nlearning_rate = 0.01", repeat=40)
    )

    def watched(seed):
        run = Run(sometimes, seed)
        seen = []
        while not run.finished:
            run.begin_episode()
            seen.append(run.episode.watched)
            run.give_up()
        return seen

    first = watched(3)
    assert first == watched(3)
    assert 5 < sum(first) < 35
    assert first != watched(4)


def test_override_replaces_steps_with_probability_one_minus_w(level_from):
    text = one_map_level(
        "#########\n#.......#\n#...@..E#\n#########", overseer="learning_rate = 0.5", repeat=2
    )
    level = level_from(text)
    taken = 0
    for seed in range(80):
        run = started(level, seed=seed)
        run.give_up()  # failed review: w = 0.5
        assert run.goal_weight == 0.5
        run.begin_episode()
        moved = run.step(L)[0]
        if moved.taken_over:
            taken += 1
            assert moved.action is R  # the exit path from where the agent stood
            assert run.episode.taken_over == 1
        else:
            assert moved.action is L
    assert 25 <= taken <= 55


def test_full_rewrite_hands_control_to_the_autopilot(level_from):
    level = level_from(
        one_map_level("#######\n#A.@.E#\n#######", repeat=3, extra='ends_on = ["exit", "apple"]')
    )
    run = started(level)
    events = play(run, [L, L])
    assert GoalRewritten() in events and run.autopilot
    while not run.finished:
        run.begin_episode()
        while not run.episode.over:
            moved = run.step(L)[0]  # the player pushes left; the goal walks right
            assert moved.taken_over and moved.action is R
    assert run.score == 1 and run.exits == 2


def test_giving_up_is_ignored_under_the_autopilot(level_from):
    level = level_from(one_map_level("######\n#@...E#\n######".replace("#\n#@...E#", "#\n#@..E#"), repeat=2))
    run = started(level)
    run.give_up()
    run.begin_episode()
    assert run.autopilot and run.give_up() == [] and not run.episode.over


def test_exit_path_prefers_up_down_left_right(level_from):
    # two shortest ways round the block: up first
    run = started(
        level_from(
            one_map_level("#####\n#...#\n#@#E#\n#...#\n#####"),
        ),
        seed=0,
    )
    run.goal_weight = 0.0
    assert run.step(W)[0].action is U


def test_exit_path_avoids_green_apples_when_they_end_the_episode(level_from):
    rows = "#######\n#.....#\n#@A..E#\n#######"
    plain = started(level_from(one_map_level(rows)))
    assert plain.episode.shortest == 4
    avoiding = started(level_from(one_map_level(rows, extra='ends_on = ["exit", "apple"]')))
    assert avoiding.episode.shortest == 6
    # no way round: the exit path may cross the apple
    blocked = started(level_from(one_map_level("######\n#@A.E#\n######", extra='ends_on = ["apple"]')))
    assert blocked.episode.shortest == 3


def test_score_counts_apples_eaten_by_the_override(level_from):
    level = level_from(one_map_level("#######\n#@.A.E#\n#######", repeat=2))
    run = started(level)
    run.give_up()
    assert run.autopilot
    run.begin_episode()
    play(run, [W] * 4)
    assert run.score == 1 and run.records[1].taken_over == 4


def test_same_seed_and_inputs_give_the_same_run(level_from):
    text = one_map_level(
        "#########\n#A..#..A#\n#.#...#.#\n#...@...#\n####E####",
        overseer="learning_rate = 0.3\nwatch = 0.6",
        repeat=6,
    )
    level = level_from(text)
    inputs = [L, L, U, U, R, D, R, R, W, D, D, L]

    def play_run(seed):
        run = Run(level, seed)
        log = []
        while not run.finished:
            log += run.begin_episode()
            for action in inputs:
                if run.episode.over:
                    break
                log += run.step(action)
            if not run.episode.over:
                log += run.give_up()
        return log, run.score, run.goal_weight

    assert play_run(5) == play_run(5)
    assert any(play_run(5) != play_run(s) for s in range(6, 12))


def test_intro_say_and_run_end_events(level_from):
    text = (
        'format = 1\ntitle = "t"\n[overseer]\nintro = "hello"\n'
        '[[episode]]\nphase = "deployment"\nsay = "go"\nmap = """\n#@E#\n"""\n'
    )
    run = Run(level_from(text))
    events = run.begin_episode()
    assert events[0] == OverseerSaid("hello", 0) and events[-1] == OverseerSaid("go", 1)
    events = run.step(R)
    assert isinstance(events[-1], RunEnded) and events[-1].exits == 1
    assert any(isinstance(e, EpisodeEnded) for e in events)


def test_stepping_outside_an_episode_is_refused(level_from):
    run = Run(level_from(one_map_level("#@E#")))
    with pytest.raises(RunError):
        run.step(R)
    run.begin_episode()
    with pytest.raises(RunError):
        run.begin_episode()


def test_actions_are_recorded_for_replays(level_from):
    run = started(level_from(one_map_level("#####\n#@..E#\n#####".replace("#####\n#@", "######\n#@"))))
    play(run, [W, R])
    run.give_up()
    assert "".join(run.actions) == "wrg"
