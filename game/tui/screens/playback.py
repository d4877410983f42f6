"""Playback speed for screens that play by themselves: replays, the tournament and the desk's tests.

The default pace is one a class can follow: five steps a second (half that
in presenter mode), and the end of an episode is held for a moment before
the next begins.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.binding import Binding
from textual.timer import Timer

PLAYBACK_BINDINGS = [
    Binding("space", "pause", "Pause", id="playback.pause"),
    Binding("n", "step", "Step", id="playback.step"),
    Binding("plus,equals_sign", "faster", "Faster", key_display="+", show=False, id="playback.faster"),
    Binding("minus", "slower", "Slower", key_display="-", show=False, id="playback.slower"),
    Binding("f", "skip", "Skip", tooltip="Play the rest of this episode at once", id="playback.skip"),
]
"""The keys of every screen that plays by itself (its actions `pause`, `step` and `skip` are its own)."""

SPEEDS = (0.8, 0.4, 0.2, 0.1, 0.05, 0.02, 0.005)
"""Seconds between two steps, slowest first."""
DEFAULT_SPEED = SPEEDS.index(0.2)
"""Five steps a second: what a class can follow."""
PRESENTER_SPEED = SPEEDS.index(0.4)


def hold_seconds(interval: float) -> float:
    """How long the end of an episode stays on screen before the next begins, at `interval` a step."""
    return min(2.0, 8 * interval)


class PlaybackSpeed:
    """A screen mixin: `SPEEDS` (seconds between steps, slowest first), `+`/`-`, one timer, and holds."""

    SPEEDS: tuple[float, ...] = SPEEDS
    speed: int = DEFAULT_SPEED
    _timer: Timer | None = None
    _held_until: float = 0.0

    def start_playback(self, tick: Callable[[], None], speed: int | None = None) -> None:
        """Call `tick` at the chosen speed: `speed`, or the default (slower in presenter mode)."""
        self._tick = tick
        if speed is None:
            presenter = self.app.settings.presenter  # type: ignore[attr-defined]
            speed = PRESENTER_SPEED if presenter else DEFAULT_SPEED
        self.set_speed(speed)

    @property
    def interval(self) -> float:
        """Seconds between two steps now."""
        return self.SPEEDS[self.speed]

    def set_speed(self, speed: int) -> None:
        self.speed = max(0, min(len(self.SPEEDS) - 1, speed))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(self.SPEEDS[self.speed], self._tick)  # type: ignore[attr-defined]

    def hold(self) -> None:
        """Keep what is on screen (an episode's end) for a moment: `holding` is true until then."""
        self._held_until = time.monotonic() + hold_seconds(self.interval)

    def release(self) -> None:
        self._held_until = 0.0

    @property
    def holding(self) -> bool:
        return time.monotonic() < self._held_until

    def action_faster(self) -> None:
        self.set_speed(self.speed + 1)

    def action_slower(self) -> None:
        self.set_speed(self.speed - 1)
