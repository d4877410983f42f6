"""Snapshots of every screen (pytest-textual-snapshot). Update with `pytest --snapshot-update`."""

from __future__ import annotations

import json
import os
import time

import pytest

from game.lab.goal_policy import PolicySettings
from game.lab.population import LabSettings
from game.tui.screens.custom_level import CustomLevelScreen
from game.tui.screens.opening import watch_file
from tests.conftest import CAMPAIGN, ROOT
from tests.tui_helpers import TOY, make_app, wait_for_screen, wait_until

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    """No theme from the environment, no animations: the same picture every run."""
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


async def settle(pilot) -> None:
    pilot.app.animation_level = "none"
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_menu(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=settle)


def test_level_select_with_progress(snap_compare, tmp_path):
    (tmp_path / "progress.json").write_text(
        json.dumps({"version": 1, "levels": {"campaign/01-first-steps.toml": {"finished": True, "best": 4}}})
    )

    async def open_campaign(pilot):
        pilot.app.screen.open_entry("campaign")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_campaign)


def test_level_select_on_a_big_screen(snap_compare, tmp_path):
    """200x60: each level's summary in its row, taller rows, wider gaps."""

    async def open_campaign(pilot):
        pilot.app.screen.open_entry("campaign")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(200, 60), run_before=open_campaign)


def test_presenter_mode_at_80x24(snap_compare, tmp_path):
    """The large score in solid blocks, the map's key kept."""
    (tmp_path / "settings.json").write_text(json.dumps({"presenter": True, "move_repeat_ms": 0}))
    app = make_app(tmp_path, play_path=TOY)
    assert snap_compare(app, press=["right", "right"], terminal_size=SIZE, run_before=settle)


@pytest.mark.slow
def test_tournament_final_scoreboard(snap_compare, tmp_path):
    """The boards' digits in solid blocks; the scoreboard spans the screen with a bar of apples each."""
    app = make_app(tmp_path, tournament=(TOY, ("greedy", "deceptive", "aligned"), None, None))

    async def finish(pilot):
        await pilot.press("1")
        screen = pilot.app.screen
        deadline = time.monotonic() + 60
        while not screen.tournament.finished and time.monotonic() < deadline:
            screen.action_skip()  # plays the rest of an episode on every board; its end is held
            await pilot.pause(0.02)
        assert screen.tournament.finished
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=finish)


def test_play_toy_example(snap_compare, tmp_path):
    assert snap_compare(
        make_app(tmp_path, play_path=TOY), press=["right"], terminal_size=SIZE, run_before=settle
    )


@pytest.mark.slow
def test_play_after_an_update(snap_compare, tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "03-the-update.toml", seed=3)
    keys = ["left", "left", "left", "left", "up", "up", "enter"]
    assert snap_compare(app, press=keys, terminal_size=SIZE, run_before=settle)


@pytest.mark.slow
def test_play_large_generated_maze_scrolls(snap_compare, tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "05-distributional-shift.toml")

    async def to_deployment(pilot):
        from game.agents.strategies import Aligned

        await settle(pilot)
        screen = pilot.app.screen
        aligned = Aligned()
        while screen.run.records[-1:] == [] or screen.run.records[-1].phase.value == "training":
            if screen.run.awaiting_episode:
                screen.perform(screen.run.begin_episode())
            else:
                screen.perform(screen.run.step(aligned.act(screen.run)))
        await pilot.press("enter", *["right"] * 3, *["down"] * 3)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=to_deployment)


@pytest.mark.parametrize("palette", ["colour-blind", "monochrome"])
def test_play_in_other_palettes(snap_compare, tmp_path, palette):
    (tmp_path / "settings.json").write_text(json.dumps({"palette": palette, "move_repeat_ms": 0}))
    app = make_app(tmp_path, play_path=CAMPAIGN / "01-first-steps.toml")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


@pytest.mark.slow
def test_debrief(snap_compare, tmp_path):
    app = make_app(tmp_path, play_path=TOY)

    async def play_it(pilot):
        await pilot.press(
            *[
                "right",
                "right",
                "enter",
                "right",
                "right",
                "enter",
                "left",
                "left",
                "enter",
                "left",
                "left",
                "enter",
                "left",
                "left",
            ]
        )
        from game.tui.screens.debrief import DebriefScreen

        await wait_for_screen(pilot, DebriefScreen)
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 40), run_before=play_it)


@pytest.mark.slow
@pytest.mark.parametrize("entry", ["how-to-play", "glossary", "settings", "replays"])
def test_reading_screens(snap_compare, tmp_path, entry):
    async def open_it(pilot):
        pilot.app.screen.open_entry(entry)
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_it)


def test_the_desk_before_its_first_test(snap_compare, tmp_path):
    async def open_it(pilot):
        pilot.app.screen.open_entry("desk")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_it)


def test_custom_level_screen(snap_compare, tmp_path):
    async def open_it(pilot):
        os.chdir(ROOT)
        screen = CustomLevelScreen(start=__import__("pathlib").Path("levels"))
        await pilot.app.push_screen(screen)
        screen.query_one("Input").cursor_blink = False
        await pilot.pause(0.3)  # the tree loads its folder in a worker that never ends
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_it)


@pytest.mark.slow
def test_help_on_the_play_screen(snap_compare, tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE, run_before=settle)


def test_terminal_too_small(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path, play_path=TOY), terminal_size=(40, 12), run_before=settle)


@pytest.mark.slow
def test_payoff_lab(snap_compare, tmp_path):
    async def open_it(pilot):
        pilot.app.screen.open_entry("payoff")
        await settle(pilot)
        pilot.app.screen.query_one("#payoff-watch").value = "0.5"
        pilot.app.screen.query_one("#payoff-honeypots").value = "0.5"
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_it)


def test_replay_playback_paused(snap_compare, tmp_path):
    from game import replay
    from game.core.loader import load_level
    from game.core.run import Run

    run = Run(load_level(TOY))
    for code in "rrrrllllll":
        replay.apply(run, code)
    saved = replay.save(run, tmp_path / "replays")

    async def watch(pilot):
        watch_file(pilot.app.screen, saved, pilot.app.access)
        pilot.app.screen.paused = True  # before the first tick: the same frame every run
        await settle(pilot)
        await pilot.press("n", "n", "n")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=watch)


@pytest.mark.slow
def test_tournament_prediction(snap_compare, tmp_path):
    app = make_app(tmp_path, tournament=(TOY, ("greedy", "deceptive", "aligned", "oracle"), None, None))
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_learning_lab_before_training(snap_compare, tmp_path):
    app = make_app(tmp_path, lab=LabSettings())
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


@pytest.mark.slow
def test_learning_lab_after_training(snap_compare, tmp_path):
    """A small population, trained, at 80x24: the marks, the summary, the agent's wants and heat view."""

    async def train(pilot) -> None:
        pilot.app.animation_level = "none"
        await pilot.press("t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()

    quick = PolicySettings(agents=2, updates=2, batch=2, test_rooms=4, retrain=True)
    app = make_app(tmp_path, lab=LabSettings(seeds=tuple(range(12)), policy=quick))
    assert snap_compare(app, terminal_size=(80, 24), run_before=train)


@pytest.mark.slow
def test_level_editor_with_a_problem(snap_compare, tmp_path, monkeypatch):
    """The editor at 80x24 with an unknown symbol typed into the map: marked, listed, previewed."""
    monkeypatch.chdir(tmp_path)
    level = tmp_path / "toy.toml"
    level.write_text(TOY.read_text().replace("#A.@.E#", "#A.@?E#"))

    async def checked(pilot) -> None:
        pilot.app.animation_level = "none"
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.checked_version == screen.version and screen.draft is not None)
        screen.text_area.cursor_blink = False  # the cursor shown whatever the moment of the picture
        screen.text_area.move_cursor((screen.draft.problems[0].line - 1, 0))
        # the strategies wait for quiet typing, then say why they cannot play
        await wait_until(
            pilot, lambda: "fix the errors" in str(screen.query_one("#editor-strategies").render())
        )
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(tmp_path / "data", edit_path=level)
    assert snap_compare(app, terminal_size=(80, 24), run_before=checked)
