"""Custom level or pack: type a path or pick a file; problems are shown before playing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, Static

from game.access import Access
from game.core.loader import check_file
from game.core.packs import pack_files
from game.tui.screens.base import GameScreen
from game.tui.screens.opening import edit_file


class LevelTree(DirectoryTree):
    """Folders and level files only (and, in a served tab, only those the player may open)."""

    def __init__(self, path: Path, access: Access, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.access = access

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".toml") and self.access.can_read(p)
        ]


class CustomLevelScreen(GameScreen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, start: Path | None = None, edit: bool = False) -> None:
        super().__init__()
        self.start = start
        self.edit = edit
        """Opened as "Edit a level": choosing a file opens it in the editor instead of playing it."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="custom"):
            if self.edit:
                yield Static(
                    "Type the path of a level file to edit (a new name starts from a small starter level), "
                    "or pick one below."
                )
            else:
                yield Static("Type the path of a level file or a pack folder, or pick one below.")
            if self.app.access.limited:
                yield Static(
                    Text(
                        f"Your own levels are kept in {self.app.access.levels_folder()}; a path starts there."
                    ),
                    id="custom-home",
                )
            with Horizontal(id="custom-row"):
                yield Input(placeholder="path/to/level.toml or path/to/pack/", id="custom-path")
                yield Button("Play", id="custom-play", variant="default" if self.edit else "primary")
                yield Button("Edit", id="custom-edit", variant="primary" if self.edit else "default")
            yield LevelTree(self.start or self.app.access.levels_folder(), self.app.access, id="custom-tree")
            yield Static("", id="custom-problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Edit a level" if self.edit else "Custom level or pack"
        self.query_one(Input).focus()

    @on(DirectoryTree.FileSelected)
    def file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one(Input).value = str(event.path)
        (self.try_edit if self.edit else self.try_play)(event.path)

    @on(Input.Submitted)
    def submitted(self) -> None:
        (self.edit_pressed if self.edit else self.play_pressed)()

    @on(Button.Pressed, "#custom-play")
    def play_pressed(self) -> None:
        if (path := self._typed()) is not None:
            self.try_play(path)

    @on(Button.Pressed, "#custom-edit")
    def edit_pressed(self) -> None:
        if (path := self._typed()) is not None:
            self.try_edit(path)

    def _typed(self) -> Path | None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.show_problems("Type a path first.")
            return None
        return self.app.access.path(text)

    def try_edit(self, path: Path) -> None:
        problem = edit_file(self, path, self.app.access)
        self.show_problems(problem or "")

    def show_problems(self, text: str) -> None:
        self.query_one("#custom-problems", Static).update(text)

    def try_play(self, path: Path) -> None:
        if (refused := self.app.access.refuse_read(path)) is not None:
            self.show_problems(refused)
            return
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
        from game.tui.screens.play import PlayScreen

        self.app.push_screen(PlayScreen(result.level, None, files, 0))

    def action_back(self) -> None:
        self.app.pop_screen()
