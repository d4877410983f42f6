"""The editor's question when its file changed on disk since it was read or saved, and the save-as prompt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from game.tui.screens.base import GameModal

RELOAD = "reload"
OVERWRITE = "overwrite"
SAVE_AS = "save_as"


class DiskChangedScreen(GameModal[str | None]):
    """Asks what to do with a file changed outside the editor: reload it, overwrite it, or save as
    another file; escape saves nothing. Dismisses with RELOAD, OVERWRITE, SAVE_AS or None."""

    DEFAULT_CSS = """
    DiskChangedScreen { align: center middle; }
    DiskChangedScreen > Vertical {
        width: 76; max-width: 100%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    DiskChangedScreen #disk-choices { height: auto; margin-top: 1; }
    DiskChangedScreen #disk-choices Button { margin-right: 1; min-width: 12; }
    """

    BINDINGS = [
        Binding("r", "choose('reload')", "Reload", id="disk.reload"),
        Binding("o", "choose('overwrite')", "Overwrite", id="disk.overwrite"),
        Binding("a", "choose('save_as')", "Save as", id="disk.save_as"),
        Binding("escape", "choose('')", "Cancel", id="disk.cancel"),
    ]

    def __init__(self, name: str, dirty: bool) -> None:
        super().__init__()
        self.file_name = name
        self.dirty = dirty

    def compose(self) -> ComposeResult:
        mine = "your changes" if self.dirty else "the editor's text"
        with Vertical():
            yield Static(
                f"{self.file_name} was changed on disk after you opened or saved it.\n\n"
                f"r  reload it as it is now ({mine} kept as a version)\n"
                f"o  overwrite it with {mine} (its new text kept as a version)\n"
                "a  save as another file, leaving this one as it is\n"
                "escape  cancel: save nothing yet",
                id="disk-question",
                markup=False,
            )
            with Horizontal(id="disk-choices"):
                yield Button("Reload (r)", id=RELOAD)
                yield Button("Overwrite (o)", id=OVERWRITE, variant="warning")
                yield Button("Save as (a)", id=SAVE_AS, variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{SAVE_AS}", Button).focus()  # enter takes the choice that changes no file

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id if event.button.id != "cancel" else "")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice or None)


class SaveAsScreen(GameModal[Path | None]):
    """Asks for the path to save to; `check` says why a path will not do (shown, the prompt stays)."""

    DEFAULT_CSS = """
    SaveAsScreen { align: center middle; }
    SaveAsScreen > Vertical {
        width: 76; max-width: 100%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    SaveAsScreen #save-as-problem { color: $text-error; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_as.cancel")]

    def __init__(self, suggested: Path, check: Callable[[str], tuple[Path, str | None]]) -> None:
        super().__init__()
        self.suggested = suggested
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Save as (enter saves, escape cancels):", markup=False)
            yield Input(str(self.suggested), id="save-as-path")
            yield Static("", id="save-as-problem", markup=False)
        yield Footer()

    @on(Input.Submitted, "#save-as-path")
    def _submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            return
        path, problem = self.check(typed)
        if problem is not None:
            self.query_one("#save-as-problem", Static).update(problem)
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
