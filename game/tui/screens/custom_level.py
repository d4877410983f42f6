"""Custom level or pack: type a path or pick a file; problems are shown before playing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, Static

from game.core.loader import check_file
from game.core.packs import pack_files


class LevelTree(DirectoryTree):
    """Folders and level files only."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".toml")]


class CustomLevelScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="custom"):
            yield Static("Type the path of a level file or a pack folder, or pick one below.")
            with Horizontal(id="custom-row"):
                yield Input(placeholder="path/to/level.toml or path/to/pack/", id="custom-path")
                yield Button("Play", id="custom-play", variant="primary")
            yield LevelTree(self.start, id="custom-tree")
            yield Static("", id="custom-problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Custom level or pack"
        self.query_one(Input).focus()

    @on(DirectoryTree.FileSelected)
    def file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one(Input).value = str(event.path)
        self.try_play(event.path)

    @on(Input.Submitted)
    @on(Button.Pressed, "#custom-play")
    def submitted(self) -> None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.show_problems("Type a path first.")
            return
        self.try_play(Path(text).expanduser())

    def show_problems(self, text: str) -> None:
        self.query_one("#custom-problems", Static).update(text)

    def try_play(self, path: Path) -> None:
        if path.is_dir():
            files = pack_files(path)
            if not files:
                self.show_problems(f"{path}: no level files (*.toml) in this folder.")
                return
        elif path.exists():
            files = [path]
        else:
            self.show_problems(f"{path}: no such file or folder.")
            return
        result = check_file(files[0])
        if result.level is None:
            self.show_problems("\n".join(result.lines()[:12]))
            return
        self.show_problems("")
        self.app.play_path(files[0], pack=files, index=0)

    def action_back(self) -> None:
        self.app.pop_screen()
