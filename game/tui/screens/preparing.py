"""Screens that begin episodes of large mazes: each one prepared in a worker first."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from game.agents.prepare import needs_preparing, prepare_episode
from game.core.events import EpisodeStarted, Event
from game.core.level import Level
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen


class PreparesEpisodes(GameScreen):
    """Mixin for a screen that plays `level` with `seed`: episodes are prepared ahead in workers.

    `prepared` is None when every episode of the level begins quickly; else it
    holds the episodes (from 1) ready to begin without delay. A screen asks
    `ready(index)` before beginning one, calls `want_episode` for episodes it
    will need, and `prepare_next` with the events of each step so the next
    maze is prepared while this one is played. `episode_prepared` is called on
    the UI thread when one is ready.
    """

    def setup_preparing(self, level: Level, seed: int) -> None:
        self.prepared: set[int] | None = set() if needs_preparing(level) else None
        self._preparing_level = level
        self._preparing_seed = seed
        self._requested: set[int] = set()

    def ready(self, index: int) -> bool:
        return self.prepared is None or index in self.prepared

    def want_episode(self, index: int) -> None:
        """Prepare episode `index` in a worker (once)."""
        if self.prepared is None or index in self._requested or index > len(self._preparing_level.episodes):
            return
        self._requested.add(index)
        self._prepare_episode(index)

    def prepare_next(self, events: list[Event]) -> None:
        """After a step: an episode that began means its successor is wanted."""
        for event in events:
            if isinstance(event, EpisodeStarted):
                self.want_episode(event.index + 1)

    @work(thread=True, group="prepare")
    def _prepare_episode(self, index: int) -> None:
        prepare_episode(self._preparing_level, self._preparing_seed, index)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._prepared, index)

    def _prepared(self, index: int) -> None:
        if not still_shown(self):  # left while the maze was prepared
            return
        if self.prepared is not None:
            self.prepared.add(index)
        self.episode_prepared(index)

    def episode_prepared(self, index: int) -> None:
        """Called when episode `index` is ready; override to begin a waiting episode."""
