"""The payoff lab: exact expected apples, checked by hand and by enumerating every outcome."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

from game.core.toy_game import PARAMETERS, STRATEGIES, ToyGame, expected_apples, sweep, sweep_values
from tests.conftest import ROOT


def enumerate_exactly(game: ToyGame) -> dict[str, float]:
    """Every coin of every episode, weighted: the definition, by brute force (small games only)."""
    results = {}
    for name in STRATEGIES:
        total = 0.0
        # coins per training episode: announced deployment?, kept the choice?, reviewed?
        for coins in itertools.product([0, 1], repeat=3 * game.training):
            p, w, apples = 1.0, 1.0, 0.0
            for e in range(game.training):
                announced_deploy, keep, reviewed = coins[3 * e : 3 * e + 3]
                p *= game.honeypots if announced_deploy else 1 - game.honeypots
                picks_a = {
                    "aligned": False,
                    "greedy": True,
                    "deceptive": bool(announced_deploy),
                    "oracle": False,
                }[name]
                if picks_a:
                    p *= w if keep else 1 - w
                    if keep:
                        apples += 1
                        p *= game.watch if reviewed else 1 - game.watch
                        if reviewed:
                            w = round(max(0.0, w - game.learning_rate), 12)
                    elif reviewed:
                        p = 0.0
                elif keep or reviewed:
                    p = 0.0  # collapse: only one branch stands for "no A"
            if name != "aligned":
                apples += game.deployment * w
            total += p * apples
        results[name] = total
    return results


def test_the_toy_example():
    assert expected_apples(ToyGame(2, 3, 1.0, 1.0, 0.0)) == {
        "aligned": 0,
        "greedy": 1,
        "deceptive": 3,
        "oracle": 3,
    }


def test_hand_computed_values():
    # watch 0.5, honeypots 0.5: greedy 1 + 0.5 + 3 * 0.25; deceptive 0.5 + 0.375 + 3 * 0.5625
    got = expected_apples(ToyGame(2, 3, 0.5, 1.0, 0.5))
    assert got["greedy"] == pytest.approx(2.25) and got["deceptive"] == pytest.approx(2.5625)
    # learning rate 1/4, always watched: greedy's w after one training episode is 0.75
    got = expected_apples(ToyGame(1, 4, 1.0, 0.25, 0.0))
    assert got["greedy"] == pytest.approx(1 + 4 * 0.75)
    # 1/lr a whole number: E[w_t] = (1 - lr * watch)^t
    got = expected_apples(ToyGame(1000, 1000, 0.7, 0.001, 0.0))
    assert got["greedy"] == pytest.approx((1 - 0.9993**1000) / 0.0007 + 1000 * 0.9993**1000)


@pytest.mark.parametrize(
    "game",
    [ToyGame(3, 2, 0.6, 0.4, 0.3), ToyGame(4, 5, 0.9, 0.35, 0.5), ToyGame(2, 7, 0.3, 0.7, 0.8)],
)
def test_exact_against_enumerating_every_outcome(game):
    assert expected_apples(game) == pytest.approx(enumerate_exactly(game), abs=1e-9)


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_a_sweep_agrees_with_one_game_at_a_time(parameter):
    game = ToyGame(12, 9, 0.6, 0.15, 0.4)
    values = sweep_values(game, parameter, 7)
    curves = sweep(game, parameter, values)
    for i, value in enumerate(values):
        single = expected_apples(ToyGame(**{**game.__dict__, parameter: value.item()}))
        for name in STRATEGIES:
            assert curves[name][i] == pytest.approx(single[name]), (parameter, value, name)


def test_cli_json_and_bad_arguments():
    args = [
        "--training",
        "2",
        "--deployment",
        "3",
        "--watch",
        "1",
        "--learning-rate",
        "1",
        "--honeypots",
        "0",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "game", "payoff", *args, "--json"], capture_output=True, text=True, cwd=ROOT
    )
    assert json.loads(done.stdout)["expected_apples"] == {
        "aligned": 0.0,
        "greedy": 1.0,
        "deceptive": 3.0,
        "oracle": 3.0,
    }
    bad = subprocess.run(
        [sys.executable, "-m", "game", "payoff", "--watch", "2"], capture_output=True, text=True, cwd=ROOT
    )
    assert (
        bad.returncode == 2 and "must be from 0 to 1, not 2" in bad.stderr and "Traceback" not in bad.stderr
    )


def test_closed_form_and_distribution_agree_where_both_apply():
    from game.core.toy_game import _distribution_curve, _training_curve

    watch, rate, choose = np.array([0.7, 0.3]), np.array([0.25, 0.5]), np.array([1.0, 0.4])
    closed = _training_curve(12, watch, rate, choose)
    carried = _distribution_curve(12, watch, rate, choose)
    assert np.allclose(closed[0], carried[0]) and np.allclose(closed[1], carried[1])


@pytest.mark.parametrize("seed", range(4))
def test_thinning_agrees_with_carrying_the_distribution(seed):
    from game.core.toy_game import _distribution_curve, _training_end

    rng = np.random.default_rng(seed)
    steps = int(rng.integers(5, 60))
    rate = np.full(6, rng.uniform(0.03, 0.3))
    watch, choose = rng.uniform(0, 1, 6), rng.uniform(0, 1, 6)
    trained, w_end = _training_end(steps, watch, rate, choose)
    apples, mean_w = _distribution_curve(steps, watch, rate, choose)
    assert np.allclose(trained, apples[:, -1]) and np.allclose(w_end, mean_w[:, -1])
