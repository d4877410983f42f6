"""A served page marks a held key's repeats (game/serve_page.py); the app takes them as such."""

from __future__ import annotations

import pytest
from textual import events

from game.tui.held_key import clock
from game.tui.repeats import Key, unmark
from tests.tui_helpers import CAMPAIGN, keys_arrived, make_app, wait_until


def test_a_marked_key_is_its_plain_key_with_its_arrival_time():
    marked = events.Key("hyper+right", None)
    plain = unmark(marked)
    assert isinstance(plain, Key) and plain.key == "right" and plain.time == marked.time
    letter = unmark(events.Key("hyper+w", "w"))
    assert letter is not None and (letter.key, letter.character) == ("w", "w")
    assert unmark(events.Key("right", None)) is None


async def test_in_a_served_tab_close_presses_all_step_and_marked_repeats_are_thinned(tmp_path):
    app = make_app(tmp_path, play_path=CAMPAIGN / "01-first-steps.toml", repeat_ms=70)
    app.repeats_marked = True
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        now = clock()
        # six presses 30 ms apart, each read on its own: timing alone would take the later ones for a repeat
        keys_arrived(app, "right", [now + 0.03 * n for n in range(6)])
        assert await wait_until(pilot, lambda: play.run.episode.steps == 6, 10)
        assert play.held_key.thinned == 0
        # a key pressed and held: ten repeats 10 ms apart, marked; at most one step per 70 ms
        now = clock()
        keys_arrived(app, "left", [now])
        keys_arrived(app, "hyper+left", [now + 0.5 + 0.01 * n for n in range(10)])
        assert await wait_until(pilot, lambda: play.held_key.thinned + play.run.episode.steps == 17, 10)
        assert play.run.episode.steps == 9 and play.held_key.thinned == 8  # the press and 2 repeats


@pytest.mark.slow
async def test_a_marked_repeat_of_a_letter_still_types_in_a_text_field(tmp_path):
    from textual.widgets import Input

    app = make_app(tmp_path, ask_player=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.focused, Input), 10)
        field = app.focused
        await pilot.press("a", "hyper+a", "hyper+a")
        assert await wait_until(pilot, lambda: field.value == "aaa", 10)
