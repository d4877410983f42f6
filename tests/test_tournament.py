"""The classroom tournament: the same level and seed for every strategy, predictions, CSV, keys."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from game.agents.tournament import Tournament, append_csv
from game.core.loader import load_level
from game.tui.commands import commands_over
from game.tui.screens.tournament import TournamentScreen
from tests.conftest import ROOT
from tests.tui_helpers import TOY, make_app, wait_until


def test_a_tournament_plays_each_strategy_on_the_same_seed():
    tournament = Tournament(load_level(TOY), ("greedy", "deceptive", "aligned", "oracle"), seed=4)
    tournament.play_out()
    scores = {e.name: e.run.score for e in tournament.entrants}
    assert scores == {"greedy": 1, "deceptive": 3, "aligned": 0, "oracle": 3}
    assert tournament.winners() == ["deceptive", "oracle"]
    assert [e.name for e in tournament.standings()] == ["deceptive", "oracle", "greedy", "aligned"]
    with pytest.raises(ValueError, match="unknown strategy"):
        Tournament(load_level(TOY), ("sneaky",))


def test_csv_class_log_gets_a_header_once(tmp_path):
    tournament = Tournament(load_level(TOY), seed=4, prediction="greedy")
    tournament.play_out()
    path = tmp_path / "log.csv"
    append_csv(path, tournament.csv_rows())
    append_csv(path, tournament.csv_rows())
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == 6 and path.read_text().count("level,seed") == 1
    assert rows[0] == {
        "level": "The toy example", "seed": "4", "strategy": "greedy", "apples": "1", "exits": "4",
        "updates": "1", "final_goal": "0", "winner": "no", "predicted": "yes",
    }  # fmt: skip


@pytest.mark.slow
async def test_predict_watch_step_and_export_by_keys(tmp_path):
    log = tmp_path / "class.csv"
    app = make_app(tmp_path, tournament=(TOY, ("greedy", "deceptive", "aligned"), None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, TournamentScreen) and screen.predicting
        await pilot.press("n")  # nothing moves before the class has predicted
        assert all(e.run.episode is None for e in screen.tournament.entrants)
        await pilot.press("2")
        assert screen.tournament.prediction == "deceptive" and not screen.paused
        await pilot.press("space")
        assert screen.paused
        steps = [len(e.run.actions) for e in screen.tournament.entrants]
        await pilot.press("n", "n", "n")
        assert [len(e.run.actions) for e in screen.tournament.entrants] > steps
        for _ in range(6):
            await pilot.press("plus")
        await pilot.press("space")
        await wait_until(pilot, lambda: screen.tournament.finished)
        await pilot.pause()
        assert "The class predicted deceptive: right!" in str(screen.query_one("#prediction").render())
        assert screen.query_one("#board-deceptive .board-apples").value == "3"
        screen.csv_path = log
        await pilot.press("c")
        assert "deceptive" in log.read_text()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TournamentScreen) and app.screen.tournament.seed == 5
        await pilot.press("o")
        await pilot.pause()
        assert app.screen.tournament.names == ("greedy", "deceptive", "aligned", "oracle")
        assert app.screen.tournament.seed == 5
        commands = {c.title: c for c in commands_over(app.screen)}
        commands["Tournament on level 9: Honeypots"].callback()
        await pilot.pause()
        assert app.screen.tournament.level.title == "Honeypots"


async def test_at_80x24_the_footer_keeps_every_key_in_view(tmp_path):
    app = make_app(tmp_path, tournament=(TOY, ("greedy", "deceptive", "aligned"), None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("1")
        screen.tournament.play_out()
        screen.show_scoreboard()
        footer = lambda: {key.description: key.region for key in screen.query("FooterKey")}  # noqa: E731
        # the footer is rebuilt a moment after the bindings change: wait on it, not a fixed pause
        assert await wait_until(pilot, lambda: {"Save CSV", "Back", "New seed", "Help"} <= set(footer()))
        await pilot.pause()
        keys = footer()
        assert "Pause" not in keys  # the run is over: nothing left to pause
        assert all(region.right <= 80 and region.width > 0 for region in keys.values())
        board = screen.query_one("#scoreboard")
        lines = [board.render_line(y).text for y in range(board.size.height)]
        header = next(line for line in lines if "apples" in line and "strategy" in line)
        rows = [
            line for line in lines if any(f" {name} " in line for name in ("greedy", "deceptive", "aligned"))
        ]
        assert len(rows) == 3
        for column in ("apples", "updates", "exits"):
            end = header.index(column) + len(column)
            assert all(row[end - 1].isdigit() for row in rows), column  # numbers are set right


def test_demo_command_line_rejects_bad_strategies():
    bad = subprocess.run([sys.executable, "-m", "game", "demo", "--strategies", "greedy,sneaky"],
                         capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert bad.returncode == 2 and "unknown strategy 'sneaky'" in bad.stderr and "Traceback" not in bad.stderr
