"""Campaign level select: locked, open or finished, with the best score against par."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from game.agents.simulate import Stopped, known_par, par
from game.core.campaign import campaign
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen
from game.tui.screens.opening import play_file
from game.tui.widgets.roomy import fitting_padding, middle, row_height

SUMMARY_FROM = 110
"""From this many columns on, each row of the table shows its level's summary too."""
PADDING = 2
"""Characters each side of a column when the table is roomy."""


class LevelSelectScreen(GameScreen):
    BINDINGS = [
        Binding("enter", "play", "Play", priority=True, id="campaign.play"),
        Binding("escape,q", "back", "Back", id="campaign.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.campaign = campaign()
        self.files: list[Path] = self.campaign.files
        self.levels = {entry.path: entry.level for entry in self.campaign.levels}
        """Each file's level (None if it has errors), read once."""
        self.pars: dict[int, int] = {}
        """Pars worked out here, by row (the levels that do not set one)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Campaign: pick a level. Finish one to open the next.", id="select-title")
        yield DataTable(id="levels", cursor_type="row", zebra_stripes=True)
        yield Static(id="level-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Campaign"
        self.refill()
        self._work_out_pars()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refill()

    def on_resize(self) -> None:
        """A bigger screen: each level's summary in its row, taller rows, wider gaps."""
        self.refill()

    @property
    def roomy(self) -> bool:
        return self.size.width >= SUMMARY_FROM

    def status(self, n: int) -> str:
        progress = self.app.progress
        if progress.get(self.campaign.levels[n].key).finished:
            return "finished"
        return "open" if self.campaign.is_open(n, lambda key: progress.get(key).finished) else "locked"

    def refill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        roomy = self.roomy
        self.query_one("#level-summary").display = not roomy  # the summaries are in the table
        room = self.size.height - 6  # header, title, table header, footer, and a line or two spare
        height = row_height(len(self.files), room) if roomy else 1
        rows, first_open = [], None
        for n, path in enumerate(self.files):
            level = self.levels[path]
            status = self.status(n)
            if status == "open" and first_open is None:
                first_open = n
            entry = self.app.progress.get(self.campaign.levels[n].key)
            rows.append(
                [
                    str(n + 1),
                    level.title if level else path.name,
                    {"finished": "✓ finished", "open": "▶ open", "locked": "✗ locked"}[status],
                    "-" if entry.best is None else str(entry.best),
                    self._par_text(n),
                ]
            )
            if roomy:
                rows[-1].append(level.summary if level else "This level has errors.")
        labels = ["#", "level", "status", "best", "par"]
        widths = [max(cell_len(cells[k]) for cells in [labels, *rows]) for k in range(len(labels))]
        if roomy:  # the summary takes the width the other columns leave
            padding = PADDING
            labels.append("summary")
            widths.append(max(20, self.size.width - sum(widths) - 2 * padding * len(labels) - 2))
        else:
            padding = fitting_padding(self.size.width, sum(widths), len(labels))
        table.clear(columns=True)
        table.cell_padding = padding
        for label, width in zip(labels, widths, strict=True):
            table.add_column(label, key=label, width=width)
        for n, cells in enumerate(rows):
            styles = ["", "", "", "", "", "italic"]
            table.add_row(
                *(middle(cell, height, style) for cell, style in zip(cells, styles, strict=False)),
                key=str(n),
                height=height,
            )
        target = row if row and row < len(self.files) else (first_open or 0)
        table.move_cursor(row=target)
        self._show_summary(target)

    def _par_text(self, n: int) -> str:
        level = self.levels[self.files[n]]
        if level is None:
            return "-"
        known = self.pars.get(n, known_par(level))
        return "…" if known is None else str(known)

    @work(thread=True, exclusive=True, group="par")
    def _work_out_pars(self) -> None:
        """Par of every level that does not set one: the deceptive strategy's score, worked out here."""
        worker = get_current_worker()
        for n, path in enumerate(self.files):
            level = self.levels[path]
            if level is None or known_par(level) is not None:
                continue
            try:
                value = par(level, stop=lambda: worker.is_cancelled)
            except Stopped:
                return
            self.app.call_from_thread(self._show_par, n, value)

    def _show_par(self, n: int, value: int) -> None:
        self.pars[n] = value
        if not still_shown(self):
            return
        self.refill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row (or a double click) plays it, as enter does."""
        if self.is_active:
            self.action_play()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_summary(event.cursor_row)

    def _show_summary(self, n: int) -> None:
        if not 0 <= n < len(self.files):
            return
        level = self.levels[self.files[n]]
        summary = level.summary if level else "This level has errors."
        self.query_one("#level-summary", Static).update(summary)

    def action_play(self) -> None:
        n = self.query_one(DataTable).cursor_row
        if self.status(n) == "locked":
            self.notify("Finish the level before it first.", title="Locked", severity="warning")
            return
        play_file(self, self.files[n], self.app.access, pack=self.files, index=n)

    def action_back(self) -> None:
        self.app.pop_screen()
