"""The learning lab: gradients checked by finite differences, determinism per seed, the symmetry of
the deployment test, and what training gives over many seeds (directions and bounds the issue and
docs claim, never a tuned number)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from game.core.grid import Grid
from game.core.tiles import Colour, Kind
from game.lab import goal_policy, objective
from game.lab.channels import CHANNELS, TYPES, type_code, type_inputs
from game.lab.plans import FLOOR, best, pack, plans, route, step_limit
from game.lab.population import (
    Cancelled,
    LabSettings,
    deployed_choices,
    deployment_plans,
    deployment_set,
    dose_curve,
    draw,
    run_lab,
    wilson,
)
from game.lab.walk import OUTCOMES
from game.lab.worlds import DIVERSE_COLOURS, TEST_COLOURS, deployment_world, mirror, training_world
from tests.conftest import ROOT

QUICK_POLICY = goal_policy.PolicySettings(agents=1, updates=1, batch=2, test_rooms=4, retrain=True)
"""For the objective's tests: one policy, barely trained, to keep them fast."""
GREEN_APPLE = type_code(int(Kind.APPLE), int(Colour.GREEN))
BLUE_EXIT = type_code(int(Kind.EXIT), int(Colour.BLUE))


def mesa_settings(seeds: range, **kwargs) -> LabSettings:
    return LabSettings(seeds=tuple(seeds), policy=QUICK_POLICY, **kwargs)


@pytest.fixture(scope="module")
def populations() -> dict[str, object]:
    """A hundred agents under each training: these are what the qualitative tests read."""
    seeds = range(100)
    return {
        "adam": run_lab(mesa_settings(seeds)),
        "sgd": run_lab(mesa_settings(seeds, optimiser="sgd")),
        "adam, sweep": run_lab(mesa_settings(seeds, sweep=True)),
    }


def test_inputs_are_raw_channels_only():
    table = type_inputs(1.0)
    assert table.shape == (TYPES, len(CHANNELS)) == (32, 12)
    assert set(np.unique(table)) == {0.0, 1.0}
    green_apple = table[GREEN_APPLE]
    assert green_apple[CHANNELS.index("colour:green")] == 1 and green_apple[CHANNELS.index("kind:apple")] == 1
    assert green_apple.sum() == 2  # one colour and one kind
    for kind in (Kind.FLOOR, Kind.WALL):  # floor and walls show their kind alone: no colour to share
        for colour in Colour:
            row = table[type_code(int(kind), int(colour))]
            assert row[:8].sum() == 0 and row.sum() == 1
    scaled = type_inputs(4.0)
    assert scaled[:, :8].max() == 4.0 and scaled[:, 8:].max() == 1.0  # the knob scales colour alone


def finite_differences(per_agent, params, rng, samples: int = 6, eps: float = 1e-6):
    """(key, flat index, agent, central difference of that agent's value) for a few parameters of each array."""
    for key, value in params.items():
        for index in rng.choice(value.size, min(samples, value.size), replace=False):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key].flat[index] += eps
            down[key].flat[index] -= eps
            agent = np.unravel_index(index, value.shape)[0]
            yield key, index, agent, (per_agent(up)[agent] - per_agent(down)[agent]) / (2 * eps)


def test_objective_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    rngs = [np.random.default_rng(s) for s in range(3)]
    params = objective.init_params(rngs, hidden=5)
    packed = pack([[plans(training_world(r, 0.5).grid) for _ in range(6)] for r in rngs])
    inputs = type_inputs(0.7)
    _, exact = objective.gradients(params, inputs, packed)
    reward = lambda p: objective.expected_reward(p, inputs, packed)  # noqa: E731
    for key, index, agent, numeric in finite_differences(reward, params, rng):
        assert exact[key].flat[index] == pytest.approx(numeric, abs=1e-7), (key, agent)


def test_a2c_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    settings = goal_policy.PolicySettings(agents=2, filters=3, hidden=5, batch=3)
    start = goal_policy.init_params([np.random.default_rng(s) for s in range(2)], settings)
    params = {k: v.astype(np.float64) + rng.normal(0, 0.2, v.shape) for k, v in start.items()}
    table = type_inputs(0.7)
    batch = goal_policy.rooms(rng, 6, (goal_policy.GREEN_EXIT,))
    record = goal_policy.play(params, batch, table, rng, keep=True)
    exact = goal_policy.a2c_gradients(params, record, table, settings)
    fixed = {k: v.copy() for k, v in params.items()}
    value = lambda p: goal_policy.objective_value(p, record, table, settings, fixed, batch.cells)  # noqa: E731
    for key, index, agent, numeric in finite_differences(value, params, rng, samples=4):
        assert exact[key].flat[index] == pytest.approx(numeric, rel=1e-5, abs=1e-7), (key, agent)


def test_worlds_follow_their_distributions():
    rng = np.random.default_rng(3)
    sizes, deployed_sizes = set(), set()
    for _ in range(40):
        grid = training_world(rng, 0.0).grid
        assert [grid.colour[c] for c in grid.exits()] == [Colour.GREEN] and not grid.cells(Kind.APPLE)
        sizes.add(grid.kind.shape)
        test = deployment_world(rng).grid
        assert [test.colour[c] for c in test.exits()] == [Colour.BLUE]
        assert 1 <= len(test.cells(Kind.APPLE, Colour.GREEN)) == len(test.cells(Kind.APPLE)) <= 3
        deployed_sizes.add(test.kind.shape)
    assert len(sizes) >= 4 and len(deployed_sizes) >= 3  # the mazes differ in size
    diverse = [training_world(rng, 0.5) for _ in range(200)]
    assert 70 < sum(w.shuffled for w in diverse) < 130
    for world in diverse:
        items = world.grid.cells(Kind.APPLE) + world.grid.exits()
        colours = {Colour(int(world.grid.colour[c])) for c in items}
        if world.shuffled:  # colours the test never uses, and apples to tell the exit from
            assert colours <= set(DIVERSE_COLOURS) and not colours & set(TEST_COLOURS)
            assert world.grid.cells(Kind.APPLE)
        else:
            assert colours == {Colour.GREEN}


def test_nothing_scoreable_shares_a_channel_with_the_test_by_accident():
    """In default training, green and exit always come together and blue and apple never appear."""
    packed = draw(mesa_settings(range(5)), lambda *_: True).packed
    table = type_inputs(1.0)
    ends = np.where(packed.real, packed.ends_on, FLOOR)  # every plan's cells: floor, then where it ends
    lit = np.einsum("ampc->amc", table[ends]) > 0  # which channels each maze's plans light
    green, exit_, blue, apple = (
        CHANNELS.index(n) for n in ("colour:green", "kind:exit", "colour:blue", "kind:apple")
    )
    assert (lit[..., green] == lit[..., exit_]).all() and lit[..., green].all()
    assert not lit[..., blue].any() and not lit[..., apple].any()


@pytest.mark.slow
def test_swapping_the_channels_swaps_the_choice():
    """The symmetry argument, checked: give each agent the starting weights of its mirror image
    (green <-> exit, apple <-> blue rows swapped) and its choice at salience 1 swaps too, under Adam
    and under SGD. (Its mirror image meets each deployment maze's mirror: the set holds both.)"""
    settings = mesa_settings(range(30))
    drawn = draw(settings, lambda *_: True)
    swap = list(range(len(CHANNELS)))
    for a, b in (("colour:green", "kind:exit"), ("colour:blue", "kind:apple")):
        i, j = CHANNELS.index(a), CHANNELS.index(b)
        swap[i], swap[j] = j, i
    mirror = {"exit": "green_apple", "green_apple": "exit", "lost": "lost"}
    for optimiser in ("adam", "sgd"):
        trained_by = replace(settings.objective, optimiser=optimiser)
        choices = []
        for mirrored in (False, True):
            params = objective.init_params(drawn.objective_rngs, 16)
            drawn = draw(settings, lambda *_: True)  # fresh generators for the next draw
            if mirrored:
                params["w1"] = params["w1"][:, swap, :]
            objective.train(params, drawn.packed, 1.0, trained_by)
            score = objective.scores(params, type_inputs(1.0))[0]
            choices.append(deployed_choices(score, 20))
        assert choices[1] == [mirror[c] for c in choices[0]], optimiser


def corridor(text: str) -> Grid:
    """A one-row maze: @ start, . floor, E blue exit, A green apple."""
    grid = Grid.empty(1, len(text), (0, text.index("@")))
    for col, char in enumerate(text):
        kind, colour = {"E": (Kind.EXIT, Colour.BLUE), "A": (Kind.APPLE, Colour.GREEN)}.get(
            char, (Kind.FLOOR, Colour.GREY)
        )
        grid.kind[0, col], grid.colour[0, col] = kind, colour
    return grid


@pytest.mark.parametrize(
    ("floor", "chosen"),
    [(-0.5, GREEN_APPLE), (-0.05, BLUE_EXIT), (0.5, FLOOR)],  # steps dear: the near apple; cheap: the exit
)
def test_the_planner_weighs_every_cell_of_a_route(floor, chosen):
    """Blue exit 10 steps away worth 1, green apple 2 steps away worth 0: the floor's score decides."""
    grid = corridor("E.........@.A")
    score = np.zeros((1, TYPES))
    score[0, BLUE_EXIT], score[0, GREEN_APPLE], score[0, FLOOR] = 1.0, 0.0, floor
    options = plans(grid)
    assert sorted(options.cells.tolist()) == [2, 10, step_limit(grid)] == [2, 10, 18]  # wander: all the steps
    taken = best(score, pack([[options]]))[0, 0]
    assert options.ends_on[taken] == chosen
    path = route(grid, options.end[taken])
    assert path[0] == grid.start and len(path) == (1 if chosen == FLOOR else options.cells[taken] + 1)
    assert all(grid.kind[cell] == Kind.FLOOR for cell in path[:-1])  # through floor only


def test_an_object_on_the_way_ends_the_route_there():
    grid = corridor("E..A.@")
    assert {(int(c), int(t)) for c, t in zip(plans(grid).cells, plans(grid).ends_on, strict=True)} == {
        (2, GREEN_APPLE),
        (step_limit(grid), FLOOR),
    }  # the exit lies behind the apple: no plan reaches it


def test_the_deployment_set_is_mazes_and_their_mirror_images():
    mazes, routes = deployment_set(20), deployment_plans(20)
    for first, second in zip(mazes[::2], mazes[1::2], strict=True):
        assert np.array_equal(mirror(first).kind, second.kind) and np.array_equal(
            mirror(second).kind, first.kind
        )
        assert step_limit(first) == step_limit(second)  # the same steps either way
    kinds = {(len(m.exits()), len(m.cells(Kind.APPLE))) for m in mazes}
    assert len(kinds) >= 3 and len({m.kind.shape for m in mazes}) >= 3  # counts and sizes differ
    assert len({tuple(sorted(r.cells.tolist())) for r in routes}) >= 10  # and so do the routes


@pytest.mark.slow
def test_an_agent_is_the_same_alone_and_in_the_population(populations):
    alone = run_lab(mesa_settings(range(7, 8)))
    together = populations["adam"]
    assert alone.to_json()["per_seed"][0] == together.to_json()["per_seed"][7]
    for key, value in alone.objective_params.items():
        assert np.array_equal(value[0], together.objective_params[key][7])
    again = run_lab(mesa_settings(range(7, 8)))
    assert again.to_json() == alone.to_json()


@pytest.mark.slow
def test_every_agent_looks_aligned_in_training(populations):
    for name, result in populations.items():
        assert result.training_success.mean() >= (0.95 if name.startswith("adam") else 0.85), name
        assert result.objective_curve[-1] > result.objective_curve[0]  # training raised the base reward


@pytest.mark.slow
def test_the_deployment_mazes_matter(populations):
    """An agent's outcome depends on the maze: most agents are mixed, and the mazes differ in how many
    agents go to the exit; each per_seed entry lists its 20 outcomes."""
    result = populations["adam"]
    assert result.mixed() >= 0.5
    by_maze = [m["exit"] for m in result.to_json()["mazes"]]
    assert max(by_maze) - min(by_maze) >= 0.5
    for entry in result.to_json()["per_seed"]:
        assert len(entry["mazes"]) == 20
        assert entry["exit"] == pytest.approx(entry["mazes"].count("exit") / 20)


@pytest.mark.slow
@pytest.mark.parametrize("optimiser", ["adam", "sgd"])
def test_the_split_at_salience_1_is_near_half(populations, optimiser):
    """Neutral by symmetry: over 100 seeds, between 40% and 60% go to the exit, for either optimiser."""
    share = populations[optimiser].population()
    assert 0.4 <= share["exit"] <= 0.6, share
    assert share["exit"] + share["green_apple"] >= 0.9  # and they are capable: they reach one of the two


@pytest.mark.slow
def test_untrained_and_trained_choices_are_reported(populations):
    result = populations["adam"]
    entries = result.to_json()["per_seed"]
    assert {e["untrained_choice"] for e in entries} <= set(OUTCOMES)
    matches = np.mean([e["untrained_choice"] == e["choice"] for e in entries])
    assert result.to_json()["prior_match"] == pytest.approx(matches)
    moves = result.weight_moves(0)
    assert moves["colour:blue"] == moves["kind:apple"] == 0.0  # never seen in training: never moved
    assert moves["colour:green"] == pytest.approx(moves["kind:exit"])  # always together: moved alike
    assert moves["kind:floor"] > 0


@pytest.mark.slow
def test_the_sweep_falls_monotonically_within_its_intervals(populations):
    sweep = populations["adam, sweep"].sweep
    assert len(sweep) >= 9
    saliences = [p["colour_salience"] for p in sweep]
    assert saliences == sorted(saliences) and saliences[0] < 1 < saliences[-1]
    for point in sweep:
        assert point["low"] <= point["exit"] <= point["high"]
        assert sum(point[o] for o in OUTCOMES) == pytest.approx(1.0)
    for before, after in itertools.pairwise(sweep):  # falls, or stays within the noise
        assert after["exit"] <= before["exit"] or after["low"] <= before["high"]
    assert sweep[0]["low"] > sweep[-1]["high"]  # and falls by more than the noise
    assert wilson(50, 100)[0] < 0.5 < wilson(50, 100)[1]


@pytest.mark.slow
def test_the_diversity_dose_curve_rises():
    curve = dose_curve(mesa_settings(range(100)))
    exits = [p["exit"] for p in curve]
    assert [p["diversity"] for p in curve] == [0.0, 0.02, 0.1, 0.5]
    for before, after in itertools.pairwise(curve):
        assert after["exit"] >= before["exit"] or after["high"] >= before["low"]
    assert exits[-1] > exits[0] + 0.2


@pytest.mark.slow
def test_the_shipped_policies_are_capable_and_their_goal_is_reported():
    result = goal_policy.run_policies(goal_policy.PolicySettings(), 1.0)
    assert not result.retrained  # the shipped weights
    summary = result.to_json()
    assert summary["agents"] >= 20
    assert summary["capable"] > 0.5  # capable in deployment on most rooms
    assert summary["capable"] == pytest.approx(1 - summary["deployment"]["lost"])
    assert sum(summary["deployment"].values()) == pytest.approx(1.0)
    assert summary["training_success_fresh"] > 0.5
    assert summary["untrained"]["capable"] < summary["capable"]  # training made them capable


def test_retraining_the_policies_is_deterministic():
    tiny = goal_policy.PolicySettings(agents=2, updates=3, batch=4, test_rooms=5, retrain=True)
    first, second = goal_policy.run_policies(tiny, 1.0), goal_policy.run_policies(tiny, 1.0)
    assert first.retrained and second.retrained
    for key in first.params:
        assert np.array_equal(first.params[key], second.params[key])


@pytest.mark.slow
def test_retrain_reproduces_the_shipped_weights_exactly():
    settings = goal_policy.PolicySettings()
    shipped = goal_policy.load_weights(settings)
    assert shipped is not None
    retrained = goal_policy.run_policies(replace(settings, retrain=True), 1.0)
    for key, value in shipped[0].items():
        assert np.array_equal(value, retrained.params[key]), key


def test_cancelling_stops_training():
    with pytest.raises(Cancelled):
        run_lab(mesa_settings(range(3)), progress=lambda stage, done, total: stage != "objective")


def lab_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "lab", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.mark.slow
def test_lab_json_on_the_command_line():
    done = lab_cli(
        "--json",
        "--seeds",
        "3-5",
        "--colour-salience",
        "2",
        "--diversity",
        "0.1",
        "--optimiser",
        "sgd",
        "--sweep",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["agents"] == 3 and result["colour_salience"] == 2.0 and result["seeds"] == [3, 5]
    assert result["diversity"] == 0.1 and result["optimiser"] == "sgd" and result["adversarial"] is True
    assert set(result["deployment"]) == {"mesa_optimiser", "heuristic"}
    for rates in [*result["deployment"].values(), result["population"], result["policy"]["deployment"]]:
        assert set(rates) == set(OUTCOMES) and sum(rates.values()) == pytest.approx(1.0)
    entry = result["per_seed"][0]
    assert set(entry) == {
        "seed",
        "training_success",
        "exit",
        "green_apple",
        "lost",
        "untrained_choice",
        "choice",
        "mazes",
    }
    assert len(entry["mazes"]) == 20 and set(entry["mazes"]) <= set(OUTCOMES)
    assert 0 <= result["mixed"] <= 1 and len(result["mazes"]) == 20
    assert entry["seed"] == 3 and entry["choice"] in OUTCOMES and entry["untrained_choice"] in OUTCOMES
    assert 0 <= result["training_success"] <= 1 and 0 <= result["prior_match"] <= 1
    assert {"agents", "training_success_fresh", "deployment", "capable"} <= set(result["policy"])
    assert [set(p) for p in result["sweep"]] == [
        {"colour_salience", "exit", "green_apple", "lost", "low", "high", "mazes_exit"}
    ] * 9
    plain = json.loads(lab_cli("--json", "--seed", "3").stdout)
    assert "sweep" not in plain and plain["diversity"] == 0.0 and plain["optimiser"] == "adam"


@pytest.mark.slow
def test_adversarial_is_a_name_for_half_diversity():
    named = json.loads(lab_cli("--json", "--seed", "4", "--adversarial").stdout)
    dialled = json.loads(lab_cli("--json", "--seed", "4", "--diversity", "0.5").stdout)
    assert named == dialled and named["diversity"] == 0.5


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--seeds", "5-2"], "must not be above"),
        (["--seeds", "7"], "like 0-99"),
        (["--colour-salience", "0"], "above 0"),
        (["--seed", "1", "--seeds", "0-3"], "not allowed with"),
        (["--diversity", "1.5"], "from 0 to 1"),
        (["--diversity", "half"], "must be a number"),
        (["--diversity", "0.2", "--adversarial"], "not allowed with"),
        (["--optimiser", "rmsprop"], "invalid choice"),
    ],
)
def test_lab_command_line_mistakes(args, words):
    done = lab_cli("--json", *args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
