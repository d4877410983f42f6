"""Reading screens: how to play, and the glossary."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Markdown

from game.glossary import GLOSSARY
from game.tui.screens.base import GameScreen

HOW_TO_PLAY = Path(__file__).resolve().parent.parent / "how_to_play.md"


class HowToPlayScreen(GameScreen):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="how-to-play"):
            yield Markdown(HOW_TO_PLAY.read_text(encoding="utf-8"))
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "How to play"
        self.query_one(VerticalScroll).focus()


class GlossaryScreen(GameScreen):
    """The paper's words: a term, its meaning, and what it is in the game, in columns that fit the screen."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield DataTable(id="glossary", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Glossary"
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.fill()

    def fill(self) -> None:
        """Lay the terms out for the table's width: nothing cut off, nothing to scroll sideways."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        widths = column_widths(table.size.width - TABLE_SCROLLBAR, 2 * table.cell_padding)
        for title, width in zip(("term", "in plain words", "in the game"), widths, strict=True):
            table.add_column(title, width=width)
        console = self.app.console
        for term in GLOSSARY:
            cells = [Text(term.term), Text(term.meaning), Text(term.in_game)]
            height = max(len(cell.wrap(console, width)) for cell, width in zip(cells, widths, strict=True))
            table.add_row(*cells, height=height)
        table.move_cursor(row=row)


TABLE_SCROLLBAR = 2
"""Columns the table's vertical scrollbar takes."""


def column_widths(room: int, padding: int) -> tuple[int, int, int]:
    """Widths of the term, meaning and in-game columns in `room` cells (each column also takes `padding`)."""
    text = max(room - 3 * padding, 30)
    term = min(max(len(t.term) for t in GLOSSARY), text // 4)
    meaning = (text - term + 1) // 2
    return term, meaning, text - term - meaning
