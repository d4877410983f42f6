"""The teacher's class view: every player of a served classroom, refreshed live."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from game.classroom import class_csv, class_records
from game.core.campaign import level_key
from game.core.packs import campaign_dir, pack_files
from game.core.words import count
from game.fileio import write_atomic
from game.quiz.class_results import class_quiz, gain_words
from game.quiz.results import answers_csv
from game.tui.screens.base import GameScreen
from game.tui.widgets.roomy import spread

REFRESH_SECONDS = 2.0


class ClassViewScreen(GameScreen):
    """One row per player: levels finished, apples, and the best score of each campaign level."""

    DEFAULT_CSS = """
    ClassViewScreen #class-title { padding: 0 1; height: auto; }
    ClassViewScreen DataTable { height: 1fr; }
    ClassViewScreen #class-table { height: auto; max-height: 45%; }
    ClassViewScreen #class-quiz-title { padding: 0 1; height: auto; margin-top: 1; }
    """

    BINDINGS = [
        Binding("c", "export", "Save CSV", id="class.export"),
        Binding("escape,q", "back", "Back", id="class.back"),
    ]

    def __init__(self, folder: Path, csv_path: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.csv_path = csv_path
        self.levels = [level_key(path) for path in pack_files(campaign_dir())]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="class-title")
        yield DataTable(id="class-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="class-quiz-title")
        yield DataTable(id="class-quiz", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Class view"
        table = self.query_one("#class-table", DataTable)
        table.add_columns(
            "class", "player", "finished", "apples", *(str(n + 1) for n in range(len(self.levels)))
        )
        quiz = self.query_one("#class-quiz", DataTable)
        quiz.add_column("idea", key="idea")
        for key in ("before", "after", "gain"):
            quiz.add_column(Text(key, justify="right"), key=key)
        self.refresh_table()
        self.set_interval(REFRESH_SECONDS, self.refresh_table)
        table.focus()

    def refresh_table(self) -> None:
        self.refresh_quiz()
        records = class_records(self.folder)
        table = self.query_one("#class-table", DataTable)
        row = table.cursor_row
        table.clear()
        for record in records:
            best = [str(record.best[level]) if level in record.best else "·" for level in self.levels]
            name = record.name + (" (progress unreadable)" if record.damaged else "")
            # a name or class code is shown as typed, never read as markup
            table.add_row(
                Text(record.class_code or "–"), Text(name), str(record.finished), str(record.apples), *best
            )
        if records:
            table.move_cursor(row=min(row, len(records) - 1))
        for each in self.query(DataTable):  # on a big screen the tables spread out
            self.call_after_refresh(spread, each, self.size.width)
        players = count(len(records), "player")
        self.query_one("#class-title", Static).update(
            Text.assemble(
                (players, "bold"),
                f" in {self.folder}. Columns 1 to {len(self.levels)}: best apples on each "
                f"campaign level (· not finished). Refreshed every {REFRESH_SECONDS:g} s.",
            )
            if records
            else Text(
                f"No players yet in {self.folder}. Serve the game (mesa-maze serve): each tab asks a name."
            )
        )

    def refresh_quiz(self) -> None:
        """The class quiz per idea: how many had it right before and after the lesson, and the gain."""
        quiz = class_quiz(self.folder)
        table = self.query_one("#class-quiz", DataTable)
        row = table.cursor_row
        table.clear()
        before, after = quiz.took("before"), quiz.took("after")
        if before or after:
            for gain in quiz.gains():
                table.add_row(
                    gain.words,
                    Text(f"{gain.before_right} of {gain.before_asked}", justify="right"),
                    Text(f"{gain.after_right} of {gain.after_asked}", justify="right"),
                    Text(gain_words(gain.gain), justify="right"),
                )
            table.move_cursor(row=min(row, table.row_count - 1))
        unreadable = f" ({count(quiz.unreadable, 'quiz file')} unreadable)" if quiz.unreadable else ""
        self.query_one("#class-quiz-title", Static).update(
            Text.assemble(
                ("Class quiz, per idea:", "bold"),
                f" right before and after the lesson ({before} took the before set, {after} the after)."
                f" Gain: share right after minus share right before.{unreadable}",
            )
            if before or after
            else Text(f"Class quiz: nobody has taken it yet.{unreadable}")
        )

    def action_export(self) -> None:
        path = self.csv_path or self.folder / "class.csv"
        answers = path.with_name(f"{path.stem}-quiz{path.suffix or '.csv'}")
        try:
            write_atomic(path, class_csv(class_records(self.folder), self.levels))
            write_atomic(answers, answers_csv(class_quiz(self.folder).attempts()))
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror or error}", severity="error")
            return
        self.notify(
            f"The class view is saved in {path}, every quiz answer in {answers}",
            title="Class view",
            timeout=6,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
