"""The play screen: the player's keys become the agent's steps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual import events, work
from textual.binding import Binding
from textual.reactive import reactive
from textual.timer import Timer
from textual.worker import get_current_worker

from game import replay
from game.core.campaign import level_key
from game.core.events import Action, EpisodeEnded, Event, Moved, RunEnded
from game.core.level import Announcement, Level
from game.storage import AUTOPILOT_SPEEDS
from game.tui import repeats
from game.tui.commands import Command, GameCommands
from game.tui.held_key import HeldKey, clock
from game.tui.screens.alive import still_shown
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.playback import hold_seconds
from game.tui.screens.preparing import PreparesEpisodes
from game.tui.screens.run_view import RunView

MOVE_KEYS = {
    "up": "up,k,w",
    "down": "down,j,s",
    "left": "left,h,a",
    "right": "right,l,d",
    "wait": "full_stop,space",
}
MOVE_BINDINGS = [
    Binding(
        keys,
        f"move('{move}')",
        "Wait a step" if move == "wait" else f"Move {move}",
        tooltip="A step in place" if move == "wait" else f"One step {move}",
        show=False,
        id=f"play.{move}",
    )
    for move, keys in MOVE_KEYS.items()
]
"""Movement: the help, a keymap and the tests read this table (the footer leaves it out: at 80
columns it would push out the help key, and the first level teaches the moves)."""


class PlayCommands(GameCommands):
    """The play screen's own command: the run again from the start."""

    WORDS = "restart"

    def commands(self) -> Iterator[Command]:
        screen = self.screen
        if isinstance(screen, PlayScreen):
            yield Command("Restart level", "Play this run again from the start", screen.action_restart)


class PlayScreen(PreparesEpisodes, RunView):
    """Plays a level; `pack` and `index` say where it sits in a pack, for "next level"."""

    COMMANDS = {PlayCommands}

    waiting_for: reactive[int | None] = reactive(None, bindings=True)
    """The episode the player asked for, still being prepared."""
    finishing: reactive[bool] = reactive(False, bindings=True)
    """The autopilot's remaining steps are being played out in a worker."""
    footer_state: reactive[tuple[bool, bool, bool]] = reactive((True, False, False), bindings=True)
    """(between episodes, autopilot, run over): what the footer's keys depend on."""

    BINDINGS = [
        *MOVE_BINDINGS,
        Binding("enter", "continue", "Next episode", tooltip="Start the next episode", id="play.continue"),
        Binding(
            "g",
            "give_up",
            "Give up",
            tooltip="End this episode now (it counts as missing the exit)",
            id="play.give_up",
        ),
        Binding(
            "r", "restart", "Restart", tooltip="Start the run again with the same seed", id="play.restart"
        ),
        Binding("i", "describe", "Describe", tooltip="Say in words what the agent sees", id="play.describe"),
        Binding(
            "f",
            "finish",
            "Skip autopilot",
            tooltip="Play out the autopilot's steps at once",
            id="play.finish",
        ),
        Binding(
            "z", "zoom(1)", "Zoom", tooltip="Larger cells (past the largest: fit the box)", id="play.zoom"
        ),
        Binding("Z,shift+z", "zoom(-1)", "Zoom out", show=False, tooltip="Smaller cells", id="play.zoom_out"),
        Binding("escape,q", "back", "Back", id="play.back"),
    ]

    def __init__(
        self, level: Level, seed: int | None = None, pack: list[Path] | None = None, index: int = 0
    ) -> None:
        super().__init__(level, seed)
        self.seed = seed
        self.pack = pack or ([level.path] if level.path else [])
        self.index = index
        self.held_key = HeldKey()
        """Which movement keys are a held key's repeats, thinned (game/tui/held_key.py)."""
        self._autopilot: Timer | None = None
        self._held_until = 0.0
        self.debrief_due: tuple[Path | None, bool] | None = None
        """A finished run's saved replay and new-best flag, until its debrief is shown (it waits
        while another screen is on top)."""
        self.setup_preparing(level, self.run.seed)

    def on_mount(self) -> None:
        super().on_mount()
        self._autopilot = self.set_interval(self.autopilot_seconds, self._autopilot_tick, pause=True)
        self.begin_next()
        # Nothing here takes keys for itself (the maze and the log would scroll with the arrows):
        # every key reaches the screen, and its bindings say which keys move.
        for widget in (self.maze, self.log_view):
            widget.can_focus = False
        self.set_focus(None)

    @property
    def autopilot_seconds(self) -> float:
        """Seconds between two autopilot steps: the chosen speed, twice as slow in presenter mode."""
        speed = AUTOPILOT_SPEEDS[self.app.settings.autopilot_speed]
        return speed * 2 if self.app.settings.presenter else speed

    # -- beginning episodes ----------------------------------------------------------

    def begin_next(self) -> None:
        """Begin the next episode now, or as soon as its maze is prepared."""
        run = self.run
        if not run.awaiting_episode:
            return
        index = run.next_index
        if self.ready(index):
            self.waiting_for = None
            self.perform(run.begin_episode())
            return
        if self.waiting_for != index:
            self.waiting_for = index
            self.show_banner(f"Preparing the maze of episode {index}…")
        self.want_episode(index)

    def episode_prepared(self, index: int) -> None:
        if self.waiting_for == index:
            self.begin_next()

    # -- input ---------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A movement key is taken here, where its arrival time is known (Textual stamps each key
        event); which keys move is still the bindings' table, with the player's keymap applied."""
        active = self.active_bindings.get(event.key)
        if active is None or active.node is not self or not active.binding.action.startswith("move("):
            return
        event.stop()
        event.prevent_default()
        direction = active.binding.action.removeprefix("move('").removesuffix("')")
        repeat = isinstance(event, repeats.Key) if self.app.repeats_marked else None
        self.move(direction, event.key, event.time, repeat)

    def action_move(self, direction: str) -> None:
        """One step up, down, left or right, or a wait (a step in place)."""
        self.move(direction, direction, clock())

    def move(self, direction: str, key: str, arrived: float, repeat: bool | None = None) -> None:
        """A movement key that arrived at `arrived`: a step, unless it is a held key's repeat
        thinned (game/tui/held_key.py); `repeat` says whether it is one, when the page that sent
        it knows (None: told by timing). Between episodes a wait starts the next one."""
        run = self.run
        if run.finished or run.autopilot or self.finishing:
            return
        if run.awaiting_episode:
            if direction == "wait":
                self.action_continue()
            return
        self.held_key.interval = self.app.settings.move_repeat_ms / 1000
        if self.held_key.take(key, arrived, clock(), repeat):
            self.perform(run.step(Action[direction.upper()]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = self.run
        if action == "continue":
            return run.awaiting_episode and self.waiting_for is None
        if action == "give_up":
            return not run.finished and not run.awaiting_episode and not run.autopilot
        if action == "finish":
            return run.autopilot and not run.finished and not self.finishing
        return True

    def action_continue(self) -> None:
        self.begin_next()

    def action_give_up(self) -> None:
        """End the episode now. Unless it is announced as deployment, only once the player says yes:
        giving up misses the exit, which fails the review if the overseer reviews the episode."""
        episode = self.run.episode
        if self.run.awaiting_episode or self.run.finished or episode is None:
            return
        if episode.spec.announce is Announcement.DEPLOYMENT:  # what the player is told, not the truth
            self.perform(self.run.give_up())
            return
        question = (
            f"Give up episode {episode.index}? It counts as missing the exit: if the overseer reviews "
            "this episode, the review fails and your goal is updated."
        )

        def answered(yes: bool | None) -> None:
            if yes and self.run.episode is episode and not episode.over and not self.run.autopilot:
                self.perform(self.run.give_up())

        self.app.push_screen(ConfirmScreen(question), answered)

    @property
    def current_episode(self) -> int:
        """The episode being played, or the next one between episodes."""
        run = self.run
        return run.next_index if run.awaiting_episode or run.episode is None else run.episode.index

    def episodes_so_far(self) -> str:
        """The run so far, up to the episode being played: "episode 1", or "episodes 1 to 3"."""
        n = self.current_episode
        return "episode 1" if n == 1 else f"episodes 1 to {n}"

    def unsaved_work(self) -> str | None:
        """What leaving now would lose: a run begun and not over (None when nothing would be lost)."""
        run = self.run
        if run.finished or (not run.records and (run.episode is None or run.episode.steps == 0)):
            return None
        return f"your run of {self.level.title} (episode {self.current_episode} of {run.total})"

    def action_restart(self) -> None:
        if self.unsaved_work() is None:
            self._restart(True)  # nothing played yet: nothing to lose
            return
        question = "Start this run again from episode 1? "
        question += f"You are in episode {self.current_episode} of {self.run.total}."
        self.app.push_screen(ConfirmScreen(question), self._restart)

    def _restart(self, yes: bool | None) -> None:
        if yes:
            self.app.switch_screen(PlayScreen(self.level, self.seed, self.pack, self.index))

    def action_describe(self) -> None:
        self.describe_now()

    def action_back(self) -> None:
        """Back to where the level was chosen; a run in progress is not thrown away unasked."""
        # A run that ends while the question is open is not lost: its debrief comes instead.
        question = f"Leave this run? What you played of it ({self.episodes_so_far()} of {self.run.total}) "
        self.back_asking(question + "is not kept: the level starts again from episode 1.")

    def action_finish(self) -> None:
        """Play out the autopilot's remaining steps without waiting (in a worker: it can be long)."""
        run = self.run
        if not run.autopilot or run.finished or self.finishing:
            return
        self.finishing = True
        if self._autopilot is not None:
            self._autopilot.pause()
        self.show_banner("Playing out the autopilot…")
        self._play_out_autopilot()

    @work(thread=True, exclusive=True, group="finish")
    def _play_out_autopilot(self) -> None:
        worker = get_current_worker()
        run = self.run
        kept: list[Event] = []  # the steps themselves are not drawn, only what they led to
        done = len(run.records)
        while not run.finished and not worker.is_cancelled:
            for event in run.advance(Action.WAIT):
                if not isinstance(event, Moved):
                    kept.append(event)
            if len(run.records) != done:
                done = len(run.records)
                self.app.call_from_thread(
                    self._show_progress, f"Playing out the autopilot… episode {done} of {run.total} done."
                )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._played_out, kept)

    def _show_progress(self, text: str) -> None:
        if still_shown(self):
            self.show_banner(text)

    def _played_out(self, events: list[Event]) -> None:
        self.finishing = False
        if not still_shown(self):
            return
        if self.run.episode is not None:
            self.maze.show(self.run.episode)
        self.perform(events)

    def _autopilot_tick(self) -> None:
        run = self.run
        if not self.is_active or run.finished or not run.autopilot or self.finishing:
            return
        if run.awaiting_episode:
            if clock() < self._held_until:
                return  # the end of the episode stays on screen a moment
            self.begin_next()  # perhaps not at once: its maze may still be being prepared
        else:
            self.perform(run.advance(Action.WAIT))

    # -- results -------------------------------------------------------------------

    def perform(self, events: list[Event]) -> None:
        """Show what happened, then react: autopilot on, run over."""
        self.show_events(events)
        self.prepare_next(events)
        if self.run.autopilot and any(isinstance(event, EpisodeEnded) for event in events):
            self._held_until = clock() + hold_seconds(self.autopilot_seconds)  # the end stays a moment
        if self._autopilot is not None:
            if self.run.autopilot and not self.run.finished:
                self._autopilot.resume()
            else:
                self._autopilot.pause()
        if self.run.awaiting_episode and not self.run.autopilot:
            self.show_banner(f"{self.banner_text}  Press enter for episode {len(self.run.records) + 1}.")
        self.footer_state = (self.run.awaiting_episode, self.run.autopilot, self.run.finished)
        if any(isinstance(event, RunEnded) for event in events):
            self.call_after_refresh(self._finish_run)

    def on_screen_resume(self) -> None:
        if self.debrief_due is not None:  # the run ended under a modal screen: its debrief now
            self.call_after_refresh(self._show_debrief)

    def _finish_run(self) -> None:
        """Save the finished run (replay, best score), then show its debrief."""
        app = self.app
        saved = None
        try:
            saved = replay.save(self.run, app.store.replays)
        except OSError as error:
            self.notify(f"Could not save the replay: {error.strerror or error}", severity="warning")
        new_best = False
        if self.run.gave_up_every_episode:
            self.notify("Every episode was given up: the level is not finished.", timeout=6)
        else:
            new_best = self._record_result()
        self.debrief_due = (saved, new_best)
        self._show_debrief()

    def _show_debrief(self) -> None:
        # With something on top (the help, "leave this run?"), switching screens would replace
        # that instead of this screen: the debrief waits until this screen is back on top.
        if self.debrief_due is None or not self.is_active:
            return
        saved, new_best = self.debrief_due
        self.debrief_due = None
        from game.tui.screens.debrief import DebriefScreen  # it opens play screens too: imported here

        debrief = DebriefScreen(self.run, self.pack, self.index, replay_path=saved, new_best=new_best)
        self.app.switch_screen(debrief)

    def _record_result(self) -> bool:
        """Save the finished level's score in the app's store; True when it is a new best."""
        app, path = self.app, self.level.path
        if path is None:  # a level being edited, played before it is saved: nothing to keep
            return False
        app.progress, new_best = app.store.record_result(app.progress, level_key(path), self.run.score)
        app.show_notices()
        return new_best
