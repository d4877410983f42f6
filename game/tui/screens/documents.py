"""Reading screens: how to play, and the glossary."""

from __future__ import annotations

from pathlib import Path

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
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield DataTable(id="glossary", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Glossary"
        table = self.query_one(DataTable)
        table.add_column("term", width=22)
        table.add_column("in plain words", width=48)
        table.add_column("in the game", width=44)
        for term in GLOSSARY:
            height = max(len(term.meaning) // 46, len(term.in_game) // 42) + 1
            table.add_row(term.term, term.meaning, term.in_game, height=height)
        table.focus()
