"""The held-key rule (game/tui/held_key.py) on arrival timelines: presses always step."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from game.tui.held_key import HeldKey


def steps(filter_: HeldKey, keys: list[tuple[str, float]], lag: float = 0.0) -> int:
    """How many of `keys` (key, arrival) step, each handled `lag` seconds after it arrived."""
    return sum(filter_.take(key, arrived, arrived + lag) for key, arrived in keys)


def stream(key: str, start: float, seconds: float, rate: float = 30.0) -> list[tuple[str, float]]:
    """A held key as a terminal sends it: the press, a pause, then repeats at `rate` a second."""
    return [(key, start)] + [(key, start + 0.5 + n / rate) for n in range(int(seconds * rate))]


def test_bursts_after_stalls_are_every_press():
    held = HeldKey(interval=0.07)
    keys = [("right", 0.6 * burst + 0.0001 * n) for burst in range(4) for n in range(5)]
    assert steps(held, keys, lag=0.001) == 20


@pytest.mark.parametrize("seed", range(50))
def test_presses_at_eight_a_second_with_jitter_are_every_press(seed):
    rng = random.Random(seed)
    held = HeldKey(interval=0.07)
    # a busy machine reads each key up to 30 ms late, and handles it up to 0.4 s late
    keys = [("down", n / 8 + rng.uniform(0, 0.03)) for n in range(40)]
    assert steps(held, keys, lag=rng.uniform(0, 0.4)) == 40


def test_a_held_key_walks_at_the_chosen_pace():
    held = HeldKey(interval=0.07)
    keys = stream("left", 0.0, 2.0)
    taken = [arrived for key, arrived in keys if held.take(key, arrived, arrived + 0.002)]
    assert len(taken) < len(keys) / 2  # thinned: at 30 repeats a second, one in three
    gaps = [b - a for a, b in pairwise(taken[3:])]
    assert min(gaps) >= 0.07 - 1e-9  # never faster than the chosen pace once it is a stream


def test_a_held_keys_repeats_that_waited_too_long_are_dropped():
    held = HeldKey(interval=0.0)
    keys = stream("up", 0.0, 1.0)
    # the machine handles each key 0.5 s late: only the press and the first two repeats step
    assert steps(held, keys, lag=0.5) == 3
    assert held.thinned == len(keys) - 3


def test_a_held_key_through_a_hiccup_stays_held():
    held = HeldKey(interval=0.07)
    keys = stream("right", 0.0, 0.5)
    before = steps(held, keys, lag=0.001)
    end = keys[-1][1]
    backlog = [("right", end + 0.2 + 0.0001 * n) for n in range(6)]  # read in one go after 0.2 s
    assert steps(held, backlog, lag=0.001) == 1
    assert before > 1


def test_other_keys_in_quick_succession_all_count():
    held = HeldKey(interval=0.11)
    keys = [(key, n * 0.03) for n, key in enumerate(["left", "down", "up", "right"] * 5)]
    assert steps(held, keys) == 20


def test_when_the_sender_marks_repeats_every_unmarked_key_is_a_press():
    held = HeldKey(interval=0.07)
    # presses 20 ms apart (a websocket's jitter can bunch them so): by timing, a repeat stream
    keys = [("right", 0.02 * n) for n in range(20)]
    assert steps(HeldKey(interval=0.07), keys, lag=0.001) < 20
    assert sum(held.take(key, arrived, arrived + 0.001, repeat=False) for key, arrived in keys) == 20


def test_marked_repeats_walk_at_the_chosen_pace_and_stop_when_stale():
    held = HeldKey(interval=0.07)
    keys = stream("left", 0.0, 2.0)
    taken = [arrived for n, (key, arrived) in enumerate(keys) if held.take(key, arrived, arrived, repeat=n > 0)]
    assert taken[0] == 0.0 and len(taken) < len(keys) / 2
    assert min(b - a for a, b in pairwise(taken[1:])) >= 0.07 - 1e-9
    late = HeldKey(interval=0.0)
    assert sum(late.take(key, arrived, arrived + 0.5, repeat=n > 0) for n, (key, arrived) in enumerate(keys)) == 1
