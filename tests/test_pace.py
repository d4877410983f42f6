"""A pace a class can follow: the tournament, the autopilot, replays and the desk play step by step."""

from __future__ import annotations

import time

import pytest

from game.core.events import EpisodeEnded, EpisodeStarted
from game.tui.cells import cell_lines
from game.tui.screens.desk import DeskScreen
from game.tui.screens.playback import DEFAULT_SPEED, SPEEDS, hold_seconds
from game.tui.screens.tournament import TournamentScreen
from game.tui.widgets.board import StrategyBoard
from game.tui.widgets.maze_view import MazeView
from tests.tui_helpers import TOY, make_app, press_all, wait_until

STEP = SPEEDS[DEFAULT_SPEED]


def test_the_default_pace_is_at_most_five_steps_a_second():
    assert STEP >= 0.2 and hold_seconds(STEP) >= 1.0


def drawn_text(maze: MazeView) -> str:
    return "\n".join(maze.render_line(y).text for y in range(maze.size.height))


@pytest.mark.slow
async def test_a_tournament_plays_at_five_steps_a_second_and_leaves_each_path_drawn(tmp_path):
    app = make_app(tmp_path, tournament=(TOY, ("greedy", "deceptive", "aligned"), None, None))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, TournamentScreen)
        times: dict[str, list[tuple[float, object]]] = {}
        for board in screen.query(StrategyBoard):
            seen = times.setdefault(board.strategy_name, [])
            show = board.show

            def recorded(events, show=show, seen=seen):
                seen.extend((time.monotonic(), event) for event in events)
                show(events)

            board.show = recorded
        await pilot.press("1")  # the class predicts: the boards begin
        held: list[bool] = []

        def second_episode_begun() -> bool:
            if screen._between_episodes() and screen.holding and not held:  # episode 1 over on every board
                for board in screen.query(StrategyBoard):
                    maze = board.query_one(MazeView)
                    trail = [line for line in cell_lines("trail", maze.cell) if line.strip()]
                    held.append(bool(maze.path) and any(line in drawn_text(maze) for line in trail))
            return all(e.run.next_index > 2 for e in screen.tournament.entrants)

        assert await wait_until(pilot, second_episode_begun, 60)
        assert held and all(held)  # each board's whole path was still drawn while the end was held
        ends = []
        for name, seen in times.items():
            started = next(t for t, e in seen if isinstance(e, EpisodeStarted) and e.index == 1)
            ended, end = next((t, e) for t, e in seen if isinstance(e, EpisodeEnded) and e.index == 1)
            assert ended - started >= end.steps * STEP * 0.9, (name, ended - started, end.steps)
            ends.append(ended)
        second = min(
            t for seen in times.values() for t, e in seen if isinstance(e, EpisodeStarted) and e.index == 2
        )
        assert second - max(ends) >= hold_seconds(STEP) * 0.9  # the end is held before the next begins
        # every board begins its second episode at the same moment
        starts = [
            next(t for t, e in seen if isinstance(e, EpisodeStarted) and e.index == 2)
            for seen in times.values()
        ]
        assert max(starts) - min(starts) < 0.1


@pytest.mark.slow
async def test_the_autopilot_shows_every_episode_after_a_full_rewrite(tmp_path):
    app = make_app(tmp_path, play_path=TOY, autopilot="normal")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        drawn: list[tuple[float, int]] = []
        show = screen.maze.show

        def recorded(episode):
            drawn.append((time.monotonic(), episode.index))
            show(episode)

        screen.maze.show = recorded
        await press_all(pilot, "left left")  # a failed review at learning rate 1: the goal is rewritten
        assert await wait_until(pilot, lambda: screen.run.autopilot, 10)
        assert await wait_until(pilot, lambda: len(screen.run.records) >= 3, 60)
        records = screen.run.records
        shown = [index for _, index in drawn]
        assert 2 in shown and 3 in shown  # each episode after the rewrite was drawn, not jumped over
        began = dict((index, t) for t, index in drawn)
        assert began[3] - began[2] >= records[1].steps * 0.2 * 0.9 + hold_seconds(0.2) * 0.9
        await pilot.press("f")  # f still skips the rest
        assert await wait_until(pilot, lambda: screen.run.finished, 30)


@pytest.mark.slow
async def test_a_desk_test_is_watched_at_a_class_pace_can_be_skipped_and_leaves_its_path(tmp_path):
    app = make_app(tmp_path, desk=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        await pilot.press("4", "enter")  # the big maze
        assert screen.watching
        began, before = time.monotonic(), len(screen.run.actions)
        await pilot.pause(1.0)
        steps = len(screen.run.actions) - before
        assert steps <= (time.monotonic() - began) / STEP + 1  # no faster than five steps a second
        await pilot.press("space")  # paused
        paused_at = len(screen.run.actions)
        await pilot.pause(0.6)
        assert len(screen.run.actions) == paused_at
        await pilot.press("f")  # skipped to its end
        assert not screen.watching and screen.run.finished
        maze = screen.query_one(MazeView)
        assert len(maze.path) >= min(10, len(set(screen.run.actions)))  # where it went is still drawn
