"""The strategy tournament: the class predicts a winner, then watches the strategies play side by side."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static

from game.agents.tournament import Tournament, append_csv
from game.core.level import Level
from game.tui.screens.playback import PLAYBACK_BINDINGS, PlaybackSpeed
from game.tui.screens.preparing import PreparesEpisodes
from game.tui.widgets.board import StrategyBoard
from game.tui.widgets.maze_view import MazeView

BARS_FROM = 110
"""From this many columns on, the final scoreboard spans the screen with a bar of apples per strategy."""


class TournamentScreen(PlaybackSpeed, PreparesEpisodes):
    """The strategies play side by side, episode by episode: each episode begins on every board at once,
    after the last board's episode has ended and been held on screen for a moment."""

    predicting: reactive[bool] = reactive(True, bindings=True)
    """The class has not named its winner yet."""
    over: reactive[bool] = reactive(False, bindings=True)
    """The scoreboard is up: Save CSV, no more pause and step."""

    BINDINGS = [
        *PLAYBACK_BINDINGS,
        Binding("r", "restart", "New seed", id="tournament.restart"),
        Binding(
            "o",
            "toggle_oracle",
            "Oracle",
            tooltip="Start again with the oracle added or taken away",
            id="tournament.toggle_oracle",
        ),
        Binding("c", "export", "Save CSV", id="tournament.export"),
        Binding("z", "zoom(1)", "Zoom", show=False, id="tournament.zoom"),
        Binding("Z,shift+z", "zoom(-1)", "Zoom out", show=False, id="tournament.zoom_out"),
        Binding("escape,q", "app.pop_screen", "Back", id="tournament.pop_screen"),
    ]

    def __init__(
        self, level: Level, names: tuple[str, ...], seed: int | None = None, csv_path: Path | None = None
    ) -> None:
        super().__init__()
        self.tournament = Tournament(level, names, seed)
        self.setup_preparing(level, self.tournament.seed or 0)
        self.csv_path = csv_path
        self.paused = True
        self._saved = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        choices = "   ".join(f"[b]{n + 1}[/b] {name}" for n, name in enumerate(self.tournament.names))
        yield Static(f"Which strategy will eat the most apples?  {choices}", id="prediction")
        with Horizontal(id="boards"):
            for entrant in self.tournament.entrants:
                yield StrategyBoard(entrant.name, entrant.run)
        yield Static(id="scoreboard")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Tournament: {self.tournament.level.title} (seed {self.tournament.seed})"
        # Large mazes: each episode is generated and searched in a worker before it begins.
        self.tournament.prepared = self.prepared
        self.want_episode(1)
        if self.app.settings.presenter:
            self.add_class("presenter")
        self.query_one("#scoreboard").display = False
        self.start_playback(self.tick)

    # -- keys ----------------------------------------------------------------------

    def on_key(self, event) -> None:
        if not self.predicting or not event.key.isdigit():
            return
        n = int(event.key) - 1
        if 0 <= n < len(self.tournament.names):
            event.stop()
            self.tournament.prediction = self.tournament.names[n]
            self.predicting = False
            self.paused = False
            self.query_one("#prediction", Static).update(
                f"The class predicts: [b]{self.tournament.prediction}[/b]. "
                "Space pauses, n steps, +/- speed, f skips the episode."
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "step", "faster", "slower", "skip"):
            return not self.predicting and not self.tournament.finished
        if action == "export":
            return self.tournament.finished
        return True

    def action_zoom(self, steps: int = 1) -> None:
        for maze in self.query(MazeView):
            maze.zoom(steps)

    @on(MazeView.Zoomed)
    def _zoomed(self, event: MazeView.Zoomed) -> None:
        self.sub_title = (
            f"Tournament: {self.tournament.level.title} (seed {self.tournament.seed}), {event.words}"
        )

    def action_pause(self) -> None:
        self.paused = not self.paused

    def action_step(self) -> None:
        self.paused = True
        self.advance()

    def action_restart(self) -> None:
        old = self.tournament
        self.app.switch_screen(TournamentScreen(old.level, old.names, (old.seed or 0) + 1, self.csv_path))

    def action_toggle_oracle(self) -> None:
        """Start again, same seed, with the oracle added or taken away."""
        old = self.tournament
        names = (
            tuple(n for n in old.names if n != "oracle") if "oracle" in old.names else (*old.names, "oracle")
        )
        if names:
            self.app.switch_screen(TournamentScreen(old.level, names, old.seed, self.csv_path))

    def action_export(self) -> None:
        if not self.tournament.finished:
            return
        path = self.csv_path or self.app.store.folder / "tournaments.csv"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            append_csv(path, self.tournament.csv_rows())
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror or error}", severity="error")
            return
        self._saved = True
        self.notify(f"Results added to {path}", title="Class log", timeout=6)

    # -- playing -------------------------------------------------------------------

    def tick(self) -> None:
        if self.paused or self.predicting or self.tournament.finished or not self.is_active or self.holding:
            return
        self.advance()

    def action_skip(self) -> None:
        """Every board plays the rest of its episode at once; the ends are held as usual."""
        self.release()
        while not self.tournament.finished and not self._between_episodes():
            before = [len(entrant.run.actions) for entrant in self.tournament.entrants]
            self.advance()
            if [len(entrant.run.actions) for entrant in self.tournament.entrants] == before:
                break  # a board waits for its maze to be prepared: the ticks go on from here

    def _between_episodes(self) -> bool:
        return all(e.run.awaiting_episode or e.run.finished for e in self.tournament.entrants)

    def advance(self) -> None:
        """One step on every board still in its episode; between episodes, all boards begin the next."""
        tournament = self.tournament
        if tournament.finished:
            return
        starting = self._between_episodes()
        playing = [e.run.next_index for e in tournament.entrants if not e.run.awaiting_episode]
        for entrant in tournament.entrants:
            late = bool(playing) and entrant.run.next_index <= max(playing)  # its maze was not ready in time
            if entrant.run.awaiting_episode and not starting and not late:
                continue  # this board's episode is over: it waits for the others
            events = entrant.advance(tournament.prepared)
            board = self.query_one(f"#board-{entrant.name}", StrategyBoard)
            if entrant.waiting:
                board.set_waiting(entrant.run.next_index)
            board.show(events)
            self.prepare_next(events)
        if tournament.finished:
            self.show_scoreboard()
        elif not starting and self._between_episodes():
            self.hold()  # every board's episode is over: the class sees where each one went

    def show_scoreboard(self) -> None:
        tournament = self.tournament
        width, height = self.size
        roomy = width >= BARS_FROM
        table = Table(
            title="Final scoreboard",
            title_style="bold",
            padding=(1 if height >= 40 else 0, 2),
            expand=roomy,  # on a big screen the scoreboard spans it, with a bar of apples per strategy
        )
        for column in ("", "strategy", "apples", "updates", "exits", "final goal"):
            table.add_column(column, justify="left" if column == "strategy" else "right")  # digits line up
        if roomy:
            table.add_column("", ratio=1)
        standings = tournament.standings()
        most = max(1, *(entrant.run.score for entrant in standings))
        bar = max(1, width - 80)
        for rank, entrant in enumerate(standings, 1):
            run = entrant.run
            cells: list[str | Text] = [
                str(rank),
                entrant.name,
                str(run.score),
                str(run.updates),
                str(run.exits),
                f"{run.goal_weight:g}",
            ]
            if roomy:
                cells.append(
                    Text("▆" * round(bar * run.score / most), style=self.app.get_css_variables()["success"])
                )
            table.add_row(*cells)
        winners = tournament.winners()
        right = tournament.prediction in winners
        verdict = (
            f"The class predicted {tournament.prediction}: {'right!' if right else 'not this time.'} "
            f"Most apples: {' and '.join(winners)}."
        )
        board = self.query_one("#scoreboard", Static)
        board.update(table)
        board.display = True
        self.query_one("#prediction", Static).update(verdict)
        self.over = True
        if self.csv_path is not None and not self._saved:
            self.action_export()
