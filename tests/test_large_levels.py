"""Large levels: prepared ahead, stoppable, never freezing a screen."""

from __future__ import annotations

import pytest
from textual import events

from game.agents.prepare import needs_preparing, prepare_episode
from game.agents.simulate import Stopped, known_par, par, play_out, simulate
from game.agents.strategies import STRATEGIES
from game.core.loader import load_level
from game.core.paths import DistanceMap
from game.core.run import Run
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.tournament import TournamentScreen
from tests.conftest import CAMPAIGN
from tests.tui_helpers import make_app, wait_for_screen, wait_until

LARGE = """format = 1
title = "Large"
seed = 5

[overseer]
learning_rate = 0.5

[[episode]]
phase = "training"
generate = { width = 127, height = 127, apples = 6, style = "tempting" }
repeat = 2

[[episode]]
phase = "deployment"
generate = { width = 127, height = 127, apples = 6, style = "tempting" }
"""


@pytest.fixture
def large(write_level):
    return write_level(LARGE, "large.toml")


def test_a_prepared_episode_begins_and_plans_without_searching(large, monkeypatch):
    level = load_level(large)
    assert needs_preparing(level) and not needs_preparing(load_level(CAMPAIGN / "04-toy-example.toml"))
    prepare_episode(level, level.seed, 1)

    def no_search(self, sources):
        raise AssertionError("searched a field that preparing should have kept")

    monkeypatch.setattr(DistanceMap, "_compute", no_search)
    run = Run(level)
    run.begin_episode()
    STRATEGIES["greedy"]().act(run)  # plans from the prepared fields


def test_a_play_can_be_stopped_and_reports_progress(large):
    level = load_level(large)
    seen = []
    run = play_out(
        Run(level), STRATEGIES["aligned"](), progress=lambda done, total: seen.append((done, total))
    )
    assert run.finished and seen == [(1, 3), (2, 3), (3, 3)]
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    partial = Run(level)
    with pytest.raises(Stopped):
        play_out(partial, STRATEGIES["greedy"](), stop=stop)
    assert not partial.finished


def test_par_is_worked_out_once_per_level_file(large):
    level = load_level(large)
    assert known_par(level) is None
    value = par(level)
    assert known_par(level) == value == simulate(level, "deceptive", level.seed).score
    # a level loaded again from the same bytes already knows it
    assert known_par(load_level(large)) == value


@pytest.mark.slow
async def test_playing_a_large_level_prepares_each_maze_in_a_worker(large, tmp_path):
    app = make_app(tmp_path / "data", play_path=large)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, PlayScreen)
        assert isinstance(screen, PlayScreen)
        assert await wait_until(pilot, lambda: screen.run.episode is not None)
        # the next maze is prepared while this one is played
        assert await wait_until(pilot, lambda: 2 in (screen.prepared or set()))
        await pilot.press("g", "y", "enter")  # giving up a training episode asks first
        assert await wait_until(
            pilot, lambda: screen.run.episode is not None and screen.run.episode.index == 2
        )
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, PlayScreen), 5)


HEAVY = """format = 1
title = "Heavy"

[[episode]]
phase = "deployment"
generate = { width = 255, height = 255, apples = 10, style = "tempting" }
repeat = 40
"""


@pytest.mark.slow
async def test_leaving_the_debrief_of_a_large_level_stops_its_work(write_level, tmp_path):
    large = write_level(HEAVY, "heavy.toml")
    level = load_level(large)
    run = Run(level)  # not played: the strategies' table is what takes long on such a level
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = DebriefScreen(run, [large], 0)
        app.push_screen(screen)
        await pilot.pause()
        assert "Working out par" in str(screen.query_one("#verdict").render())
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: not [w for w in app.workers if w.node is screen], 10)
        assert not isinstance(app.screen, DebriefScreen)


async def test_the_tournament_on_a_large_level_waits_for_prepared_mazes(large, tmp_path):
    level = load_level(large)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = TournamentScreen(level, ("greedy", "aligned"))
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("1")  # the class predicts greedy
        tournament = screen.tournament
        assert tournament.prepared is not None
        assert await wait_until(pilot, lambda: all(e.run.episode is not None for e in tournament.entrants))
        assert 1 in tournament.prepared
        await pilot.press("escape")


LONG_AUTOPILOT = """format = 1
title = "Long autopilot"
seed = 3

[[episode]]
phase = "training"
map = \"\"\"
#####
#A@E#
#####
\"\"\"

[[episode]]
phase = "deployment"
generate = { width = 41, height = 41, apples = 4 }
repeat = 400
"""


@pytest.mark.slow
async def test_a_run_that_ends_under_the_help_waits_for_it_to_close(write_level, tmp_path):
    """The autopilot's last steps play out in a worker; the help opened meanwhile is not replaced."""
    from game.tui.screens.help import HelpScreen

    path = write_level(LONG_AUTOPILOT, "long.toml")
    app = make_app(tmp_path, play_path=path, autopilot="slow")
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        # the apple, then giving up (it asks: yes): the goal is rewritten, the autopilot drives
        await pilot.press("left", "g", "y")
        assert await wait_until(pilot, lambda: play.run.autopilot)
        app.post_message(events.Key("f", "f"))  # f, and at once ? (as fast as a terminal sends them)
        app.post_message(events.Key("question_mark", "?"))
        assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert not play.run.finished  # the help is up while the worker still plays out the run
        assert await wait_until(pilot, lambda: play.run.finished, 60)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # the debrief did not take the help's place
        assert await wait_until(pilot, lambda: any((tmp_path / "replays").glob("*.json")))  # saved already
        await pilot.press("escape")
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert isinstance(debrief, DebriefScreen) and play not in app.screen_stack
        await app.workers.wait_for_complete()
        await pilot.pause()
