"""The play screen: the player's keys become the agent's steps."""

from __future__ import annotations

from pathlib import Path

from textual._time import get_time  # the clock Textual stamps its events with
from textual.binding import Binding
from textual.timer import Timer

from game import replay
from game.core.events import Action, Event, RunEnded
from game.core.level import Level
from game.storage import AUTOPILOT_SPEEDS
from game.tui.screens.run_view import RunView

MOVE_KEYS = {
    "up": Action.UP, "k": Action.UP, "w": Action.UP,
    "down": Action.DOWN, "j": Action.DOWN, "s": Action.DOWN,
    "left": Action.LEFT, "h": Action.LEFT, "a": Action.LEFT,
    "right": Action.RIGHT, "l": Action.RIGHT, "d": Action.RIGHT,
    "full_stop": Action.WAIT, "space": Action.WAIT,
}  # fmt: skip
STALE_KEY_SECONDS = 0.25
"""A movement key older than this when handled was queued behind slow work: dropped."""


class PlayScreen(RunView):
    """Plays a level; `pack` and `index` say where it sits in a pack, for "next level"."""

    BINDINGS = [
        Binding("enter", "continue", "Next episode", tooltip="Start the next episode"),
        Binding("g", "give_up", "Give up", tooltip="End this episode now (it counts as missing the exit)"),
        Binding("r", "restart", "Restart", tooltip="Start the run again with the same seed"),
        Binding("i", "describe", "Describe", tooltip="Say in words what the agent sees"),
        Binding("f", "finish", "Skip autopilot", tooltip="Play out the autopilot's steps at once"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(
        self, level: Level, seed: int | None = None, pack: list[Path] | None = None, index: int = 0
    ) -> None:
        super().__init__(level, seed)
        self.seed = seed
        self.pack = pack or ([level.path] if level.path else [])
        self.index = index
        self._last_move = 0.0
        self._last_key = ""
        self._autopilot: Timer | None = None
        self.dropped_keys = 0
        self._binding_state: tuple[bool, bool, bool] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        speed = AUTOPILOT_SPEEDS[self.app.settings.autopilot_speed]
        if self.app.settings.presenter:
            speed *= 2
        self._autopilot = self.set_interval(speed, self._autopilot_tick, pause=True)
        self.perform(self.run.begin_episode())
        self.maze.focus()

    # -- input ---------------------------------------------------------------------

    def on_key(self, event) -> None:
        action = MOVE_KEYS.get(event.key)
        if action is None:
            return
        event.stop()
        event.prevent_default()
        run = self.run
        if run.finished or run.autopilot:
            return
        if run.awaiting_episode:
            if event.key == "space":
                self.action_continue()
            return
        now = get_time()
        repeat = self.app.settings.move_repeat_ms / 1000
        if now - event.time > STALE_KEY_SECONDS or (
            event.key == self._last_key and now - self._last_move < repeat
        ):
            self.dropped_keys += 1
            return
        self._last_move, self._last_key = now, event.key
        self.perform(run.step(action))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = self.run
        if action == "continue":
            return run.awaiting_episode
        if action == "give_up":
            return not run.finished and not run.awaiting_episode and not run.autopilot
        if action == "finish":
            return run.autopilot and not run.finished
        return True

    def action_continue(self) -> None:
        if self.run.awaiting_episode:
            self.perform(self.run.begin_episode())

    def action_give_up(self) -> None:
        if not self.run.awaiting_episode and not self.run.finished:
            self.perform(self.run.give_up())

    def action_restart(self) -> None:
        self.app.switch_screen(PlayScreen(self.level, self.seed, self.pack, self.index))

    def action_describe(self) -> None:
        self.describe_now()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_finish(self) -> None:
        """Play out the autopilot's remaining steps without waiting."""
        run = self.run
        events: list[Event] = []
        while run.autopilot and not run.finished:
            events += run.begin_episode() if run.awaiting_episode else run.step(Action.WAIT)
        self.perform(events)

    def _autopilot_tick(self) -> None:
        run = self.run
        if not self.is_current or run.finished or not run.autopilot:
            return
        if run.awaiting_episode:
            self.perform(run.begin_episode())
        else:
            self.perform(run.step(Action.WAIT))

    # -- results -------------------------------------------------------------------

    def perform(self, events: list[Event]) -> None:
        """Show what happened, then react: autopilot on, run over."""
        self.show_events(events)
        if self._autopilot is not None:
            if self.run.autopilot and not self.run.finished:
                self._autopilot.resume()
            else:
                self._autopilot.pause()
        if self.run.awaiting_episode and not self.run.autopilot:
            self.show_banner(f"{self.banner_text}  Press enter for episode {len(self.run.records) + 1}.")
        state = (self.run.awaiting_episode, self.run.autopilot, self.run.finished)
        if state != self._binding_state:  # the footer only changes with these
            self._binding_state = state
            self.refresh_bindings()
        if any(isinstance(event, RunEnded) for event in events):
            self.call_after_refresh(self._finish_run)

    def _finish_run(self) -> None:
        from game.tui.screens.debrief import DebriefScreen

        app = self.app
        saved = None
        try:
            saved = replay.save(self.run, app.store.replays)
        except OSError as error:
            self.notify(f"Could not save the replay: {error.strerror or error}", severity="warning")
        app.record_result(self.level, self.run.score)
        app.switch_screen(DebriefScreen(self.run, self.pack, self.index, replay_path=saved))
