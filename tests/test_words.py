"""Counted words: what the game says is never "apple(s)"."""

from game.core.words import count


def test_counts_say_one_thing_or_many():
    assert count(1, "green apple") == "1 green apple"
    assert count(0, "error") == "0 errors"
    assert count(3, "level file") == "3 level files"
    assert count(2, "body", "bodies") == "2 bodies"



async def test_one_step_is_said_as_one_step(write_level, tmp_path):
    """The end-of-episode banner, the review and the description count their steps in words."""
    from game.core.describe import describe
    from game.core.events import Reviewed
    from tests.conftest import one_map_level
    from tests.tui_helpers import make_app, wait_until

    said = Reviewed(1, False, True, 1, 1, 0).explanation
    assert said.startswith("took 1 step, ") and "1 steps" not in said
    path = write_level(one_map_level("####\n#@E#\n####", extra="max_steps = 1"), "short.toml")
    app = make_app(tmp_path / "data", play_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        play = app.screen
        assert "episode 1 of 1, 1 step left," in describe(play.run)
        await pilot.press("right")
        assert await wait_until(pilot, lambda: "after 1 step," in play.banner_text)
        assert "1 steps" not in play.banner_text
