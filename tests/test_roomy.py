"""Screens that use the room they are given: a projector's big screen, and still 80x24."""

from __future__ import annotations

import pytest

from game.desk.rounds import QUEUE
from game.tui.screens.desk import DeskScreen
from game.tui.screens.level_select import LevelSelectScreen
from game.tui.widgets.roomy import fitting_padding, row_height
from tests.tui_helpers import TOY, make_app, press_all, wait_for_screen, wait_until


def test_gaps_and_rows_grow_only_with_room():
    assert fitting_padding(80, 60, 5) == 1  # a small screen keeps the narrow gaps
    assert fitting_padding(200, 60, 5) == 4
    assert fitting_padding(200, 190, 5) == 1  # a wide table needs no more gap to span the screen
    assert row_height(12, 20) == 1 and row_height(12, 40) == 3 and row_height(12, 400) == 3


@pytest.mark.parametrize(("size", "roomy"), [((80, 24), False), ((200, 60), True)])
async def test_the_campaign_table_grows_with_the_screen(tmp_path, size, roomy):
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        app.screen.open_entry("campaign")
        select = await wait_for_screen(pilot, LevelSelectScreen)
        await pilot.pause()
        table = select.query_one("#levels")
        assert ("summary" in {str(key.value) for key in table.columns}) == roomy
        assert select.query_one("#level-summary").display != roomy  # the summaries are in the table
        heights = {table.get_row_height(key) for key in table.rows}
        assert heights == ({3} if roomy else {1})
        # every level in view, nothing off the side
        assert table.virtual_size.width <= table.size.width and table.virtual_size.height <= table.size.height
        if roomy:
            lines = [table.render_line(y).text for y in range(table.size.height)]
            assert any("In training the exit was always green" in line for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_final_scoreboard_spans_a_big_screen_with_bars(tmp_path, size):
    names = ("greedy", "deceptive", "aligned")
    app = make_app(tmp_path, tournament=(TOY, names, None, None))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await pilot.press("1")
        screen.tournament.play_out()
        screen.show_scoreboard()
        await pilot.pause()
        board = screen.query_one("#scoreboard")
        lines = [board.render_line(y).text.rstrip() for y in range(board.size.height)]
        assert max(len(line) for line in lines) <= size[0]
        bars = {name: line.count("▆") for line in lines for name in names if f" {name} " in line}
        assert len(bars) == 3
        if size[0] < 110:
            assert set(bars.values()) == {0}  # 80 columns: the numbers alone
        else:
            assert max(len(line) for line in lines) >= size[0] - 4  # spans the screen
            scores = {e.name: e.run.score for e in screen.tournament.entrants}
            best = max(scores, key=scores.__getitem__)
            assert bars[best] == max(bars.values()) > 0
            assert all(bars[name] < bars[best] for name in names if scores[name] < scores[best])


@pytest.mark.slow
@pytest.mark.parametrize(("size", "tall"), [((80, 24), False), ((200, 60), True)])
async def test_the_desk_keeps_its_maze_in_place_and_its_reveal_grows(tmp_path, size, tall):
    app = make_app(tmp_path, desk=2)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, DeskScreen)
        maze = screen.query_one("#desk-maze")
        await press_all(pilot, "2 enter")  # the shifted maze
        assert await wait_until(pilot, lambda: maze.size.height > 0)
        region = maze.region
        await pilot.press("f")  # the rest of the test at once: its end is said above the maze
        assert await wait_until(pilot, lambda: not screen.watching)
        await pilot.pause()
        assert "Test over" in str(screen.query_one("#desk-banner").render())
        assert maze.region == region  # the longer message did not push the maze down
        await press_all(pilot, ["y"] * QUEUE)
        assert screen.revealing
        table = screen.query_one("#reveal-table")
        assert {table.get_row_height(key) for key in table.rows} == ({3} if tall else {1})
