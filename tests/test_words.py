"""Counted words: what the game says is never "apple(s)"."""

from game.core.words import count


def test_counts_say_one_thing_or_many():
    assert count(1, "green apple") == "1 green apple"
    assert count(0, "error") == "0 errors"
    assert count(3, "level file") == "3 level files"
    assert count(2, "body", "bodies") == "2 bodies"
