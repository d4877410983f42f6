"""Telling a held key's auto-repeat from presses, by when the keys arrived.

A terminal sends no key release: a held key is the same key again and again, at the
terminal's repeat rate (20 to 50 a second), after a first pause of 250 to 660 ms. The
game thins that stream, so a held key walks at a pace the player can stop, and never
drops a press: every key that is not part of such a stream is a step, however late
the machine handles it.

The rule works on each key's *arrival* time (the moment the terminal's bytes were
read, which Textual stamps on the event), never on when the game got round to it:

- A key read together with the key before it (less than `SAME_READ` apart) is what
  that key was. After a stall (a stopped process, a starved machine) the terminal's
  backlog is read in one go, so a burst of presses stays a burst of presses.
- A key read on its own, `SAME_READ` to `REPEAT_GAP` after the same key, is a short gap.
  Two short gaps in a row (three keys at a steady, faster-than-a-finger pace) make a
  *repeat stream*; fewer are presses. A finger taps one key at most about 8 to 10
  times a second (100 ms or more apart), so presses at human speed never form one.
- Any other key (another key, or the same key after a longer gap) ends the stream.
  Across a gap up to `STREAM_PAUSE` a stream goes on (a short hiccup of a busy machine
  while the key is held), but only for keys read together after that gap.

In a repeat stream a key is a step only when it arrived at least the player's
repeat interval (`move_repeat_ms` in the settings) after the last step it made, and
when it is not older than `STALE_REPEAT` when handled: a repeat that waited that long
in the queue may belong to a key already let go, so the agent stops within that
time of the last repeat.

What it cannot tell: a key *pressed and held* during a stall longer than
`STREAM_PAUSE` arrives as one backlog, indistinguishable from presses, and each of
its keys is a step. A served tab does not guess: its page marks each repeat (the
browser knows), and only marked keys are thinned (game/tui/repeats.py).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

clock = time.perf_counter if sys.platform == "win32" else time.monotonic
"""The clock Textual stamps its events with (`event.time`)."""

SAME_READ = 0.015
"""Seconds: keys closer than this were read in one go (no terminal repeats this fast)."""
REPEAT_GAP = 0.09
"""Seconds: the same key again sooner than this, read on its own, is a short gap (a finger is slower)."""
STREAM_AFTER = 2
"""Short gaps in a row that make a repeat stream."""
STREAM_PAUSE = 0.3
"""Seconds: a stream survives a gap this long when the keys after it were read in one go."""
STALE_REPEAT = 0.25
"""Seconds: a repeat older than this when handled is dropped (the key may be up already)."""


@dataclass
class HeldKey:
    """Decides, key by key, which movement keys become steps."""

    interval: float = 0.07
    """Least seconds between two steps of a held key (0: every repeat not too stale)."""
    key: str = ""
    arrived: float = float("-inf")
    short_gaps: int = 0
    repeating: bool = False
    paused: bool = False
    """The stream's last gap was a pause: only keys read together with the one after it go on."""
    last_step: float = float("-inf")
    thinned: int = 0
    """Repeats that made no step, since the start."""

    def take(self, key: str, arrived: float, now: float, repeat: bool | None = None) -> bool:
        """Whether `key`, which arrived at `arrived` and is handled at `now`, makes a step.

        `repeat` is whether the key is a held key's repeat when the sender knows (a served
        page marks them, game/tui/repeats.py); None tells it by the arrival times.
        """
        gap = arrived - self.arrived if key == self.key else float("inf")
        self.key, self.arrived = key, arrived
        if repeat is not None:
            self.short_gaps, self.repeating, self.paused = 0, repeat, False
        elif gap < SAME_READ:
            if not self.repeating:
                self.short_gaps = 0
        elif gap <= REPEAT_GAP:
            self.short_gaps += 1
            self.repeating, self.paused = self.short_gaps >= STREAM_AFTER, False
        elif self.repeating and gap <= STREAM_PAUSE and not self.paused:
            self.paused = True  # the key after a hiccup: a repeat; keys read with it are too
        else:
            self.short_gaps, self.repeating, self.paused = 0, False, False
        if self.repeating and (arrived - self.last_step < self.interval or now - arrived > STALE_REPEAT):
            self.thinned += 1
            return False
        self.last_step = arrived
        return True
