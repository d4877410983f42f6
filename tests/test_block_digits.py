"""Large digits in solid blocks: presenter mode's score, the tournament's boards, the class quiz."""

from __future__ import annotations

import json

import pytest

from game.tui.app import MesaMazeApp
from game.tui.widgets.block_digits import FONT, MAX_SCALE, draw, fitting_scale, rows_at, width_at
from tests.tui_helpers import TOY, first_screen

SOLID = set(" ▀▄█")


@pytest.mark.parametrize("scale", range(1, MAX_SCALE + 1))
def test_every_digit_is_solid_blocks_and_differs_from_the_others(scale):
    drawings = {char: draw(char, scale) for char in "0123456789"}
    for char, lines in drawings.items():
        assert set("".join(lines)) <= SOLID and "█" in "".join(lines), char
        assert len(lines) == rows_at(scale) and {len(line) for line in lines} == {width_at(char, scale)}
    assert len({tuple(lines) for lines in drawings.values()}) == 10


def test_a_pixel_is_as_wide_as_it_is_tall():
    """Scale 2: each pixel is two columns by two half-rows, so a 1 is a bar of full blocks."""
    lines = draw("1", 2)
    assert len(lines) == 5 and lines[2] == "  ██  "


def test_characters_are_a_pixel_apart_and_unknown_ones_are_blank():
    assert width_at("12", 1) == 3 + 1 + 3
    assert draw("x", 1) == draw(" ", 1) and set(FONT) >= set("0123456789-/. ")


def test_the_largest_scale_that_fits_both_ways():
    assert fitting_scale("12", width=7, height=3) == 1
    assert fitting_scale("12", width=14, height=5) == 2
    assert fitting_scale("12", width=14, height=4) == 1  # scale 2 needs five lines
    assert fitting_scale("12", width=200, height=200) == MAX_SCALE
    assert fitting_scale("12345", width=3, height=1) == 1  # never smaller than the font


@pytest.mark.parametrize(("size", "least_rows"), [((80, 24), 3), ((200, 60), rows_at(MAX_SCALE))])
async def test_presenter_score_grows_with_the_screen(tmp_path, size, least_rows):
    (tmp_path / "settings.json").write_text(json.dumps({"presenter": True, "move_repeat_ms": 0}))
    app = MesaMazeApp(first_screen(play_path=TOY), data_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        big = app.screen.query_one("#big-score")
        assert big.size.height >= least_rows
        drawn = [big.render_line(y).text for y in range(big.size.height)]
        assert "█" in "".join(drawn)
        assert big.size.height <= size[1] // 6 or big.size.height == 3  # the maze keeps most of the room
