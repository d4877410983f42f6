"""Replays: the browser of saved runs, and playback at any speed with pause and step."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from game import replay
from game.core.events import EpisodeEnded
from game.core.level import Level
from game.tui.screens.base import GameScreen
from game.tui.screens.opening import watch_file
from game.tui.screens.playback import PLAYBACK_BINDINGS, PlaybackSpeed
from game.tui.screens.preparing import PreparesEpisodes
from game.tui.screens.run_view import RunView


class ReplayScreen(PlaybackSpeed, PreparesEpisodes, RunView):
    """A saved run played again, step by step, at a speed of the viewer's choosing."""

    BINDINGS = [
        *PLAYBACK_BINDINGS,
        Binding("r", "again", "Watch again", id="replay.again"),
        Binding("i", "describe", "Describe", id="replays.describe"),
        Binding("z", "zoom(1)", "Zoom", show=False, id="replay.zoom"),
        Binding("Z,shift+z", "zoom(-1)", "Zoom out", show=False, id="replay.zoom_out"),
        Binding("escape,q", "app.pop_screen", "Back", id="replay.pop_screen"),
    ]

    over: reactive[bool] = reactive(False, bindings=True)
    """The whole replay has been shown (pause and step give way to watching it again)."""

    def __init__(self, record: replay.Replay, level: Level) -> None:
        super().__init__(level, record.seed)
        self.record = record
        self.position = 0
        self.paused = False
        self.setup_preparing(level, self.run.seed)

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = f"Replay: {self.level.title} (seed {self.record.seed})"
        if self.ready(1):
            self.show_events(self.run.begin_if_due())
        else:
            self.want_episode(1)
        self.start_playback(self.advance)
        self.maze.focus()

    @property
    def done(self) -> bool:
        return self.position >= len(self.record.actions) or self.run.finished

    def advance(self) -> None:
        if self.paused or self.done or not self.is_active or self.holding:
            return
        self.action_step()

    def action_skip(self) -> None:
        """The rest of this episode at once (its end is held as usual)."""
        self.release()
        index = self.run.next_index
        while not self.done and self.run.next_index == index and not self.holding:
            self.action_step()

    def action_step(self) -> None:
        if self.done:
            return
        if self.run.awaiting_episode and not self.ready(self.run.next_index):
            self.want_episode(self.run.next_index)
            self.show_banner(f"Preparing the maze of episode {self.run.next_index}…")
            return
        code = self.record.actions[self.position]
        self.position += 1
        events = replay.apply(self.run, code)
        self.show_events(events)
        self.prepare_next(events)
        if any(isinstance(event, EpisodeEnded) for event in events):
            self.hold()  # the episode's end stays a moment before the next begins
        if self.done:
            self.over = True
            self.show_banner(f"{replay.end_words(self.run, self.record)} r watches again.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "step", "skip"):
            return not self.over
        if action == "again":
            return self.over
        return True

    def action_again(self) -> None:
        self.app.switch_screen(ReplayScreen(self.record, self.level))

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.notify("Paused: n steps, space plays." if self.paused else "Playing.", timeout=2)

    def action_describe(self) -> None:
        self.describe_now()


class ReplayBrowserScreen(GameScreen):
    BINDINGS = [
        Binding("enter", "watch", "Watch", priority=True, id="replays.watch"),
        Binding("escape,q", "app.pop_screen", "Back", id="replays.pop_screen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Your finished runs, newest first.", id="replays-title")
        yield DataTable(id="replays", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Replays"
        table = self.query_one(DataTable)
        table.add_columns("recorded", "level", "seed", "apples", "updates")
        self.files: list[Path] = sorted(self.app.store.replays.glob("*.json"), reverse=True)
        for path in self.files:
            try:
                record = replay.load(path)
                table.add_row(
                    Text(record.recorded),
                    Text(record.level_title),
                    str(record.seed),
                    str(record.score),
                    str(record.updates),
                    key=str(path),
                )
            except replay.ReplayError:
                table.add_row("?", Text(f"{path.name} (damaged)"), "", "", "", key=str(path))
        if not self.files:
            self.query_one("#replays-title", Static).update(
                "No replays yet: every finished run is saved here."
            )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row (or a double click) plays it, as enter does."""
        if self.is_active:
            self.action_watch()

    def action_watch(self) -> None:
        table = self.query_one(DataTable)
        if not self.files:
            return
        watch_file(self, self.files[table.cursor_row], self.app.access)
