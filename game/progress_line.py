"""A progress line on stderr for a command-line play that takes a while (never on stdout)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

SHOW_AFTER = 1.0
"""Seconds: a play that ends sooner shows no progress at all."""
TERMINAL_EVERY = 0.2
"""Seconds between two redraws of the line on a terminal."""
LOG_EVERY = 2.0
"""Seconds between two lines when stderr is not a terminal (a log file, a pipe)."""


class ProgressLine:
    """Called with (episodes done, episodes in all) after every episode, like `simulate`'s `progress`.

    On a terminal one line is redrawn in place and wiped by `close()`; elsewhere a
    line is written every `LOG_EVERY` seconds. `what` names the part being played.
    """

    def __init__(
        self, what: str, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.began = clock()
        self.shown_at: float | None = None
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.began < SHOW_AFTER:
            return
        every = TERMINAL_EVERY if self.terminal else LOG_EVERY
        if self.shown_at is not None and now - self.shown_at < every and done < total:
            return
        self.shown_at = now
        share = 100 * done // max(total, 1)
        line = f"{self.what}: episode {done} of {total} ({share}%), {now - self.began:.0f} s"
        if self.terminal:
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Wipe the line on a terminal (a log keeps its lines)."""
        if self.terminal and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
