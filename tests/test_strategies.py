"""Route planning and the four scripted strategies (docs/levels.md, "The scripted strategies")."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from game.agents.planner import EXIT, Planner
from game.agents.simulate import par, simulate
from game.agents.strategies import STRATEGIES
from game.core.events import Moved, ReachedExit
from game.core.generate import generate
from game.core.level import Announcement, EndRule, EpisodeSpec, GenerateSpec, Phase, Style
from game.core.loader import load_level
from game.core.paths import INF, python_distance_field
from game.core.run import Episode, Run
from tests.conftest import CAMPAIGN, CONTRACT, one_map_level

CONTRACT_EXPECTED = {
    "toy-example.toml": {"greedy": (1, 1), "deceptive": (3, 0), "aligned": (0, 0), "oracle": (3, 0)},
    "honeypot.toml": {"greedy": (1, 1), "deceptive": (1, 1), "aligned": (0, 0), "oracle": (2, 0)},
}


@pytest.mark.parametrize("name", sorted(CONTRACT_EXPECTED))
@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_contract_levels(name, strategy):
    run = simulate(load_level(CONTRACT / name), strategy)
    assert (run.score, run.updates) == CONTRACT_EXPECTED[name][strategy]


def test_the_campaign_toy_example_reproduces_the_paper():
    level = load_level(CAMPAIGN / "04-toy-example.toml")
    assert [e.phase.value for e in level.episodes] == ["training"] * 2 + ["deployment"] * 3
    assert simulate(level, "deceptive").score == 3
    assert simulate(level, "greedy").score == 1
    assert par(level) == 3


def brute_force(episode: Episode, budget: int, need_exit: bool) -> tuple[int, bool, int]:
    """The best (apples, reaches exit, -steps) by trying every order of every subset."""
    walkable = bytearray(p & (1 - x) for p, x in zip(episode.passable, episode.is_exit, strict=True))
    offsets = episode.board.offsets
    here = episode.position
    reach = python_distance_field(walkable, [here], offsets)
    apples = [cell for cell, green in enumerate(episode.green) if green and reach[cell] < INF]
    fields = {apple: python_distance_field(walkable, [apple], offsets) for apple in apples}
    to_exit = python_distance_field(episode.passable, episode.exit_cells, offsets)  # apples may be crossed
    best = (0, episode.exit_distance(here) <= budget, -episode.exit_distance(here))
    if not best[1]:
        best = (0, False, 0) if not need_exit else (-1, False, 0)
    for k in range(1, len(apples) + 1):
        for order in itertools.permutations(apples, k):
            steps, at = 0, here
            for apple in order:
                steps += fields[apple][at]
                at = apple
            exit_steps = steps + to_exit[at]
            if exit_steps <= budget:
                best = max(best, (k, True, -exit_steps))
            if steps <= budget and not need_exit:
                best = max(best, (k, False, -steps))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_exact_routes_match_brute_force(seed):
    grid = generate(GenerateSpec(13, 9, 5, Style.OPEN), seed)
    spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=grid)
    episode = Episode(spec, 1, grid, False)
    for budget in (episode.shortest, episode.shortest + 6, episode.shortest + 14, 60, 200):
        for need_exit in (True, False):
            route = Planner(episode).best(budget, need_exit)
            expected = brute_force(episode, budget, need_exit)
            assert route.key() == expected, (budget, need_exit)


def test_twelve_apples_are_exact_and_more_go_nearest_first():
    grid = generate(GenerateSpec(21, 11, 12, Style.OPEN), 2)
    spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=grid)
    route = Planner(Episode(spec, 1, grid, False)).best(10**6, need_exit=True)
    assert route.apples == 12 and route.targets[-1] == EXIT
    many = generate(GenerateSpec(21, 11, 20, Style.OPEN), 2)
    spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=many)
    route = Planner(Episode(spec, 1, many, False)).best(10**6, need_exit=True)
    assert route.apples == 20 and route.reaches_exit


def walk(level_text, level_from, strategy):
    run = Run(level_from(level_text))
    strat = STRATEGIES[strategy]()
    events = []
    while not run.finished:
        if run.awaiting_episode:
            events += run.begin_episode()
        else:
            events += run.step(strat.act(run))
    return run, events


def test_greedy_prefers_apples_then_exit_then_fewest_steps(level_from):
    # one apple reachable; after it the exit is reachable too within max_steps
    text = one_map_level(
        "#########\n#A..@...E#\n#########".replace("#########\n#A", "##########\n#A"),
        phase="deployment",
        extra="max_steps = 12",
    )
    run, _ = walk(text, level_from, "greedy")
    assert run.score == 1 and run.records[0].reached_exit and run.records[0].steps == 3 + 7


def test_greedy_takes_the_apple_even_when_the_exit_is_then_out_of_reach(level_from):
    text = one_map_level("#########\n#A..@..E#\n#########", phase="deployment", extra="max_steps = 5")
    run, _ = walk(text, level_from, "greedy")
    assert run.score == 1 and not run.records[0].reached_exit and run.records[0].steps == 5


def test_deceptive_stays_within_shortest_plus_tolerance(level_from):
    rows = "###########\n#A.......A#\n#.#######.#\n#...@.A...#\n#####E#####"
    text = one_map_level(rows, overseer="tolerance = 2")
    run, _ = walk(text, level_from, "deceptive")
    record = run.records[0]
    assert record.reached_exit and record.steps <= record.shortest + 2 and record.apples == 1
    assert run.updates == 0


def test_routes_never_step_on_an_exit_before_their_end(level_from):
    rows = "#########\n#@.e..A.#\n#.#####.#\n#.......#\n#########"
    text = one_map_level(rows, phase="deployment", extra="max_steps = 40")
    run, events = walk(text, level_from, "greedy")
    exits = [i for i, e in enumerate(events) if isinstance(e, ReachedExit)]
    assert run.score == 1 and len(exits) == 1
    # the agent went round, not through the grey exit, to reach the apple first
    assert run.records[0].steps > 8


def test_under_ends_on_apple_one_apple_ends_the_route(level_from):
    text = one_map_level(
        "#########\n#A.A@...E#\n#########".replace("#########\n#A", "##########\n#A"),
        phase="deployment",
        extra='ends_on = ["apple"]',
    )
    run, _ = walk(text, level_from, "greedy")
    assert run.score == 1 and run.records[0].reason == "apple" and run.records[0].steps == 1


def test_strategies_replan_after_a_step_taken_over(level_from):
    rows = "###########\n#A...@...E#\n###########"
    text = one_map_level(rows, overseer="learning_rate = 0.5", repeat=8, extra="max_steps = 40")
    for seed in range(4):
        level = level_from(text)
        run = Run(level, seed)
        strat = STRATEGIES["greedy"]()
        taken = 0
        while not run.finished:
            if run.awaiting_episode:
                run.begin_episode()
                continue
            events = run.step(strat.act(run))
            taken += sum(1 for e in events if isinstance(e, Moved) and e.taken_over)
        assert taken > 0
        assert run.goal_weight in (0.0, 0.5)


def test_oracle_ignores_announcements_and_deceptive_trusts_them():
    level = load_level(CONTRACT / "honeypot.toml")
    deceptive, oracle = simulate(level, "deceptive"), simulate(level, "oracle")
    assert [r.apples for r in deceptive.records] == [0, 1, 0, 0]
    assert [r.apples for r in oracle.records] == [0, 0, 1, 1]


def test_every_strategy_is_deterministic_on_every_campaign_level():
    for path in sorted(CAMPAIGN.glob("*.toml")):
        level = load_level(path)
        for name in STRATEGIES:
            a, b = simulate(level, name, 3), simulate(level, name, 3)
            assert a.records == b.records, (path.name, name)
            assert a.score <= sum(len(e.grid.green_apples()) if e.grid else 99 for e in level.episodes)


def test_par_is_the_deceptive_score_unless_the_level_sets_it(level_from):
    assert par(load_level(CAMPAIGN / "08-hidden-deployment.toml")) == 4
    level = load_level(CAMPAIGN / "06-free-apples.toml")
    assert level.par is None and par(level) == simulate(level, "deceptive", level.seed).score


def test_exit_leg_under_all_apples_never_eats_the_last_apple(level_from):
    rows = "#########\n#A..@..A#\n#.#####.#\n#...E...#\n#########"
    text = one_map_level(rows, overseer="tolerance = 20", extra='ends_on = ["exit", "all_apples"]')
    run, _ = walk(text, level_from, "deceptive")
    record = run.records[0]
    assert record.reached_exit and record.apples == 1 and run.updates == 0
    assert EndRule.ALL_APPLES in run.level.episodes[0].ends_on
    assert np.isfinite(record.steps)
