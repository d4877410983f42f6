"""The teacher's class view: every player of a served classroom, refreshed live."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from game.classroom import class_csv, class_records
from game.core.packs import campaign_dir, pack_files
from game.core.words import count
from game.fileio import write_atomic
from game.tui.screens.base import GameScreen

REFRESH_SECONDS = 2.0


class ClassViewScreen(GameScreen):
    """One row per player: levels finished, apples, and the best score of each campaign level."""

    DEFAULT_CSS = """
    ClassViewScreen #class-title { padding: 0 1; height: auto; }
    ClassViewScreen DataTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("c", "export", "Save CSV", id="class.export"),
        Binding("escape,q", "back", "Back", id="class.back"),
    ]

    def __init__(self, folder: Path, csv_path: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.csv_path = csv_path
        self.levels = [f"campaign/{path.name}" for path in pack_files(campaign_dir())]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="class-title")
        yield DataTable(id="class-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Class view"
        table = self.query_one(DataTable)
        table.add_columns(
            "class", "player", "finished", "apples", *(str(n + 1) for n in range(len(self.levels)))
        )
        self.refresh_table()
        self.set_interval(REFRESH_SECONDS, self.refresh_table)
        table.focus()

    def refresh_table(self) -> None:
        records = class_records(self.folder)
        table = self.query_one(DataTable)
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

    def action_export(self) -> None:
        path = self.csv_path or self.folder / "class.csv"
        try:
            write_atomic(path, class_csv(class_records(self.folder), self.levels))
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror or error}", severity="error")
            return
        self.notify(f"The class view is saved in {path}", title="Class view", timeout=6)

    def action_back(self) -> None:
        self.app.pop_screen()
