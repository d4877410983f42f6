"""Playback speed for screens that play by themselves: replays and the tournament."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.timer import Timer

PLAYBACK_BINDINGS = [
    Binding("space", "pause", "Pause", id="playback.pause"),
    Binding("n", "step", "Step", id="playback.step"),
    Binding("plus,equals_sign", "faster", "Faster", key_display="+", show=False, id="playback.faster"),
    Binding("minus", "slower", "Slower", key_display="-", show=False, id="playback.slower"),
]
"""The keys of every screen that plays by itself (its actions `pause` and `step` are its own)."""


class PlaybackSpeed:
    """A screen mixin: `SPEEDS` (seconds between steps, slowest first), `+`/`-` and one timer."""

    SPEEDS: tuple[float, ...] = (0.5, 0.25, 0.12, 0.06, 0.03, 0.015, 0.005)
    speed: int = 3
    _timer: Timer | None = None

    def start_playback(self, tick: Callable[[], None], speed: int | None = None) -> None:
        self._tick = tick
        self.set_speed(self.speed if speed is None else speed)

    def set_speed(self, speed: int) -> None:
        self.speed = max(0, min(len(self.SPEEDS) - 1, speed))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(self.SPEEDS[self.speed], self._tick)  # type: ignore[attr-defined]

    def action_faster(self) -> None:
        self.set_speed(self.speed + 1)

    def action_slower(self) -> None:
        self.set_speed(self.speed - 1)
