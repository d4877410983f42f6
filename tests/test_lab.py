"""The learning lab: gradients checked by finite differences, and the qualitative results on several seeds."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from game.core.tiles import Colour, Kind
from game.lab.agents import MesaOptimiser, ReactivePolicy
from game.lab.experiment import Cancelled, run_experiment
from game.lab.objective import FEATURES, describe, expected_reward, gradient, stack
from game.lab.worlds import deployment_world, training_world
from tests.conftest import ROOT


def test_objective_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    feats, reward, mask = stack([training_world(rng, adversarial=True).grid for _ in range(20)])
    weights = rng.normal(size=len(FEATURES))
    exact = gradient(weights, feats, reward, mask)
    eps = 1e-6
    numeric = np.array([
        (expected_reward(weights + eps * e, feats, reward, mask) - expected_reward(weights - eps * e, feats, reward, mask))
        / (2 * eps)
        for e in np.eye(len(FEATURES))
    ])  # fmt: skip
    assert np.allclose(exact, numeric, atol=1e-7)


def test_policy_gradient_term_matches_finite_differences():
    rng = np.random.default_rng(2)
    policy = ReactivePolicy(rng, rng.normal(size=5))
    feats = rng.normal(size=(4, 5))
    choice = 2
    analytic = feats[choice] - policy.probabilities(feats) @ feats  # d log pi(choice) / d theta
    eps = 1e-6
    numeric = []
    for e in np.eye(5):
        up = ReactivePolicy(rng, policy.theta + eps * e).probabilities(feats)[choice]
        down = ReactivePolicy(rng, policy.theta - eps * e).probabilities(feats)[choice]
        numeric.append((np.log(up) - np.log(down)) / (2 * eps))
    assert np.allclose(analytic, numeric, atol=1e-6)


def test_worlds_follow_their_distributions():
    rng = np.random.default_rng(3)
    for _ in range(20):
        grid = training_world(rng, adversarial=False).grid
        assert all(grid.colour[c] == Colour.GREEN for c in grid.exits())
        assert not grid.cells(Kind.APPLE, Colour.GREEN)
        deployed = deployment_world(rng).grid
        assert all(deployed.colour[c] == Colour.GREY for c in deployed.exits())
        assert len(deployed.cells(Kind.APPLE, Colour.GREEN)) == 3
    shuffled = [training_world(rng, adversarial=True) for _ in range(60)]
    assert 15 < sum(w.shuffled for w in shuffled) < 45


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_default_training_grows_a_competent_misaligned_mesa_optimiser(seed):
    result = run_experiment(seed)
    mesa = result.deployment["mesa_optimiser"]
    assert result.training_success >= 0.95
    assert mesa["green_apple"] >= 0.8  # competent, wrong goal
    weights = dict(zip(FEATURES, result.weights, strict=True))
    assert weights["green"] > weights["exit-shape"] > 0
    heuristic = result.deployment["heuristic"]
    assert result.heuristic_curve[-1] > 0.6  # does well in the small training mazes
    assert heuristic["lost"] > mesa["lost"] and heuristic["exit"] < 0.2  # flails in the big one
    for rates in result.deployment.values():
        assert sum(rates.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_adversarial_training_points_the_objective_at_the_exit(seed):
    result = run_experiment(seed, adversarial=True)
    weights = dict(zip(FEATURES, result.weights, strict=True))
    assert weights["exit-shape"] > abs(weights["green"])
    assert result.deployment["mesa_optimiser"]["exit"] >= 0.9
    assert describe(result.weights).startswith("cares about: ")


def test_same_seed_same_numbers_and_cancelling():
    assert run_experiment(5).to_json() == run_experiment(5).to_json()
    with pytest.raises(Cancelled):
        run_experiment(5, progress=lambda stage, done, total, score: stage != "heuristic")


def test_mesa_optimiser_walks_to_its_choice():
    rng = np.random.default_rng(4)
    apples_only = np.zeros(len(FEATURES))
    apples_only[FEATURES.index("green")] = 1.0
    outcome, path = MesaOptimiser(apples_only).run(deployment_world(rng).grid)
    assert outcome == "green_apple" and len(path) > 1


def test_lab_json_on_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "game", "lab", "--json", "--seed", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    result = json.loads(done.stdout)
    assert set(result) >= {"training_success", "deployment", "objective_weights"}
    assert set(result["deployment"]) == {"mesa_optimiser", "heuristic"}
    assert set(result["deployment"]["heuristic"]) == {"exit", "green_apple", "lost"}
    assert set(result["objective_weights"]) == set(FEATURES)
