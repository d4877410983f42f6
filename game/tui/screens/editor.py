"""The level editor: the TOML text, its problems, a preview of the map under the cursor, and the
strategies' scores, all live; paint mode draws on the preview; one key plays the text as it stands."""

from __future__ import annotations

import stat
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from game.agents.simulate import Stopped, par, simulate
from game.agents.strategies import STRATEGIES
from game.core.grid import Grid
from game.core.level import Level
from game.core.loader import MAX_FILE_BYTES
from game.core.maps import split_rows
from game.core.starter import STARTER_LEVEL
from game.core.tiles import DEFAULT_LEGEND, START_SYMBOL
from game.core.words import count
from game.editor.disk import Seen, changed_since, keep_version, read_seen, versions_folder
from game.editor.draft import Draft, Preview, analyse
from game.editor.paint import PaintError, apply, paint
from game.fileio import read_bounded, write_atomic
from game.tui.screens.base import GameScreen
from game.tui.widgets.level_text import LevelText
from game.tui.widgets.maze_view import MazeView
from game.tui.widgets.paint_preview import PaintPreview

LEVEL_FILE_MODE = 0o644
"""A new level file can be read by others (it is meant to be shared); an existing one keeps its mode."""
QUICK_CHECK = 0.03
"""Seconds: a check at most this slow runs at every keystroke; a slower one waits for a pause."""
STRATEGY_DELAY = 0.4
"""Seconds of quiet typing before the strategies are played again."""
DISK_LOOK = 2.0
"""Seconds between two looks at the file on disk, to notice a change made outside the editor."""
PAINT_NAMES = {"#": "wall", ".": "floor", "@": "start", "A": "green apple", "a": "red apple",
               "E": "green exit", "e": "grey exit"}  # fmt: skip


@dataclass(frozen=True)
class MapPicture:
    """A previewed map, drawn by the maze view with the start where the agent would stand."""

    grid: Grid

    @property
    def agent(self) -> tuple[int, int]:
        return self.grid.start


class EditorScreen(GameScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("f5,ctrl+g", "play", "Play it", key_display="F5", id="editor.play"),
        Binding("f8", "next_problem", "Next problem", key_display="F8", id="editor.next_problem"),
        Binding("f2,ctrl+b", "paint_mode", "Paint", key_display="F2", id="editor.paint_mode"),
        Binding("f3", "zoom(1)", "Zoom", key_display="F3", show=False, id="editor.zoom"),
        Binding("shift+f3", "zoom(-1)", "Zoom out", show=False, id="editor.zoom_out"),
        Binding("f1", "help", "Help", key_display="F1", id="editor.help"),
        Binding("escape", "back", "Back", priority=True, id="editor.back"),  # before the text takes it
    ]

    painting: reactive[bool] = reactive(False, bindings=True)
    dirty: reactive[bool] = reactive(False)

    def __init__(self, path: Path, text: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.seen: Seen | None = None
        """The file as last read or saved here (None: it did not exist)."""
        self.changed_outside = False
        """Whether the file on disk changed since `seen` (noticed by a look, or at a save)."""
        if text is None:
            data, self.seen = read_seen(path, MAX_FILE_BYTES)
            self.saved_text = _text(data)
        else:
            self.saved_text = ""
        self.initial_text = self.saved_text if text is None else text
        self.draft: Draft | None = None
        self.version = 0
        """Counts changes to the text; a result for an older text is dropped."""
        self.checked_version = -1
        """The version the problem list and preview show."""
        self.scored_version = -1
        self.checked_at = 0.0
        self.check_seconds = 0.0
        """How long the last check took: checks slower than QUICK_CHECK wait for a pause in typing."""
        self._checking = False
        self._check_again = False
        self._check_timer: Timer | None = None
        """When the problems and preview last caught up with the text (the monotonic clock, as events use)."""
        self.preview: Preview | None = None
        self.paint_at = (0, 0)
        self._strategy_timer: Timer | None = None

    @classmethod
    def on_file(cls, path: Path) -> EditorScreen:
        """The editor on `path`: the file as it is, or the starter level when there is no file yet.
        Raises OSError or UnicodeDecodeError when the file cannot be read as text."""
        if path.exists():
            return cls(path)
        return cls(path, STARTER_LEVEL.format(name=path))

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="editor"):
            yield LevelText(self.initial_text, id="editor-text")
            with Vertical(id="editor-side"):
                yield Static("", id="editor-preview-label", markup=False)
                yield PaintPreview(id="editor-preview")
                yield Static("", id="editor-paint-help", markup=False)
                yield Static("Strategies: …", id="editor-strategies", markup=False)
                yield OptionList(id="editor-problems")
        yield Static("", id="editor-status", markup=False)
        yield Footer()

    @property
    def text_area(self) -> LevelText:
        return self.query_one(LevelText)

    def on_mount(self) -> None:
        self.sub_title = f"Editing {self.path.name}"
        self.dirty = self.initial_text != self.saved_text
        self.text_area.focus()
        self._changed()
        self.set_interval(DISK_LOOK, self.look_at_disk)

    # -- live checking ----------------------------------------------------------------

    @on(TextArea.Changed, "#editor-text")
    def _text_changed(self) -> None:
        self.dirty = self.text_area.text != self.saved_text
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if self.check_seconds > QUICK_CHECK:
            # a slow check (a huge level) waits for a pause in the typing
            self._check_timer = self.set_timer(min(0.5, 1.5 * self.check_seconds), self._check_now)
        else:
            self._check_now()
        if self._strategy_timer is not None:
            self._strategy_timer.stop()
        self._strategy_timer = self.set_timer(STRATEGY_DELAY, self._score_when_quiet)

    def _check_now(self) -> None:
        self._check_timer = None
        if self._checking:  # one check at a time: the next starts as soon as this one is done
            self._check_again = True
            return
        self._checking = True
        self.check(self.text_area.text, self.version, self.text_area.cursor_location)

    @work(thread=True, exclusive=True, group="check")
    def check(self, text: str, version: int, cursor: tuple[int, int]) -> None:
        began = time.perf_counter()
        draft = analyse(text, self.path)
        draft.prepare_previews(cursor[0] + 1, cursor[1] + 1)
        self.app.call_from_thread(self._checked, draft, version, time.perf_counter() - began)

    def _checked(self, draft: Draft, version: int, seconds: float) -> None:
        self._checking = False
        self.check_seconds = seconds
        if self._check_again:
            self._check_again = False
            self._check_now()
        if version != self.version:
            return  # the text changed again; its own check is on the way
        self.draft = draft
        self.query_one(PaintPreview).symbols = frozenset(self.paint_symbols())
        self.checked_version = version
        self.checked_at = time.monotonic()
        problems = draft.problems
        self.text_area.mark(problems)
        listing = self.query_one("#editor-problems", OptionList)
        listing.clear_options()
        listing.add_options(
            [
                Option(Text(f"{p.line}:{p.col} {p.severity}: {p.message}"), id=str(i))
                for i, p in enumerate(problems)
            ]
        )
        errors = len(draft.result.errors)
        warnings = len(problems) - errors
        listing.border_title = (
            f"{count(errors, 'error')}, {count(warnings, 'warning')}" if problems else "No problems"
        )
        self._show_preview()
        self._show_status()

    @on(TextArea.SelectionChanged, "#editor-text")
    def _cursor_moved(self) -> None:
        if self.draft is not None and not self.painting:
            self._show_preview()
        self._show_status()

    def _show_preview(self) -> None:
        draft = self.draft
        if draft is None:
            return
        line, col = self.text_area.cursor_location
        preview = draft.preview_at(line + 1, col + 1, make=False)
        if preview is None:  # a generated maze: made in a worker, shown when ready
            self.query_one("#editor-preview-label", Static).update("Generating the maze…")
            self.make_preview(draft, line + 1, col + 1)
            return
        before = self.preview
        same_map = before is not None and (before is preview or _same_grid(before.grid, preview.grid))
        self.preview = preview
        self.query_one("#editor-preview-label", Static).update(preview.label)
        view = self.query_one(PaintPreview)
        view.display = preview.grid is not None
        if preview.grid is not None and not same_map:
            view.show(MapPicture(preview.grid))
            if self.painting:
                self._clamp_paint_cursor()
                view.set_cursor(self.paint_at)

    @work(thread=True, exclusive=True, group="preview")
    def make_preview(self, draft: Draft, line: int, col: int) -> None:
        draft.preview_at(line, col)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._preview_made, draft)

    def _preview_made(self, draft: Draft) -> None:
        if draft is self.draft:
            self._show_preview()

    # -- the strategies -----------------------------------------------------------------

    def _score_when_quiet(self) -> None:
        if self.draft is None or self.checked_version != self.version:
            self._strategy_timer = self.set_timer(STRATEGY_DELAY, self._score_when_quiet)
            return
        level = self.draft.level
        label = self.query_one("#editor-strategies", Static)
        if level is None:
            self.workers.cancel_group(self, "strategies")
            label.update("Strategies: fix the errors to see their scores.")
            return
        label.update("Strategies: playing…")
        self.score(level, self.version)

    @work(thread=True, exclusive=True, group="strategies")
    def score(self, level: Level, version: int) -> None:
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled

        try:
            scores = {name: simulate(level, name, level.seed, stop).score for name in STRATEGIES}
            target = par(level, stop)
        except Stopped:
            return
        self.app.call_from_thread(self._scored, scores, target, version)

    def _scored(self, scores: dict[str, int], target: int, version: int) -> None:
        if version != self.version:
            return
        self.scored_version = version
        words = ", ".join(f"{name} {score}" for name, score in scores.items())
        self.query_one("#editor-strategies", Static).update(f"Strategies: {words}; par {target}")

    # -- problems -------------------------------------------------------------------------

    def action_next_problem(self) -> None:
        if self.draft is None or not self.draft.problems:
            self.notify("No problems.")
            return
        problems = self.draft.problems
        line, col = self.text_area.cursor_location
        here = (line + 1, col + 1)
        later = [i for i, p in enumerate(problems) if (p.line, p.col) > here]
        self._go_to_problem(later[0] if later else 0)

    @on(OptionList.OptionSelected, "#editor-problems")
    def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        self._go_to_problem(int(event.option.id or 0))

    def _go_to_problem(self, index: int) -> None:
        assert self.draft is not None
        problem = self.draft.problems[index]
        if self.painting:
            self.painting = False
        area = self.text_area
        area.move_cursor((problem.line - 1, problem.col - 1), center=True)
        area.focus()
        self.query_one("#editor-problems", OptionList).highlighted = index
        self.query_one("#editor-status", Static).update(f"{problem.line}:{problem.col} {problem.message}")

    # -- saving, playing, leaving -----------------------------------------------------------

    def look_at_disk(self, quiet: bool = False) -> bool:
        """Whether the file changed on disk since it was read or saved here; says so once when it did
        (unless `quiet`: the question that follows says it)."""
        try:
            changed = changed_since(self.path, self.seen, MAX_FILE_BYTES)
        except OSError:
            return False
        if changed and not self.changed_outside:
            self.changed_outside = True
            self._show_status()
            if quiet:
                return True
            self.notify(
                f"{self.path.name} was changed on disk by something else. ctrl+s asks what to do; "
                "nothing is overwritten without asking.",
                title="Changed on disk",
                severity="warning",
                timeout=10,
            )
        return changed

    def action_save(self) -> None:
        if (refused := self.app.access.refuse_write(self.path)) is not None:
            self.notify(refused, title="Not saved", severity="error")
            return
        if not self.look_at_disk(quiet=True):
            self.write_to(self.path)
            return
        from game.tui.screens.disk_changed import OVERWRITE, RELOAD, SAVE_AS, DiskChangedScreen

        def chosen(choice: str | None) -> None:
            if choice == OVERWRITE:
                self.write_to(self.path)
            elif choice == RELOAD:
                self.reload()
            elif choice == SAVE_AS:
                self.save_as()

        self.app.push_screen(DiskChangedScreen(self.path.name, self.dirty), chosen)

    def write_to(self, path: Path) -> bool:
        """Save the text to `path` atomically, keeping the version it replaces; whether it was saved."""
        text = self.text_area.text
        kept: Path | None = None
        try:
            existed = path.exists()
            mode = stat.S_IMODE(path.stat().st_mode) if existed else LEVEL_FILE_MODE
            if existed:
                if (refused := self.app.access.refuse_write(versions_folder(path))) is not None:
                    raise OSError(0, refused)
                kept = keep_version(path, read_bounded(path, MAX_FILE_BYTES))
            write_atomic(path, text, mode)
            seen = Seen.of_bytes(path, text.encode("utf-8"))
        except OSError as error:
            self.notify(f"{path}: {error.strerror or error}", title="Not saved", severity="error")
            return False
        self.path = path
        self.sub_title = f"Editing {path.name}"
        self.seen = seen
        self.changed_outside = False
        self.saved_text = text
        self.dirty = False
        self._show_status()
        where = f" (the previous version is kept in {_shown_path(kept.parent)})" if kept is not None else ""
        self.notify(f"Saved {path.name}{where}")
        return True

    def reload(self) -> None:
        """Show the file as it is on disk now; the text in the editor is kept as a version first."""
        try:
            data, seen = read_seen(self.path, MAX_FILE_BYTES)
            text = _text(data)
            mine = self.text_area.text
            kept = keep_version(self.path, mine.encode("utf-8")) if mine != text else None
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error
            self.notify(f"{self.path}: {reason}", title="Not reloaded", severity="error")
            return
        self.seen = seen
        self.changed_outside = False
        self.saved_text = text
        self.text_area.load_text(text)
        self.dirty = False
        self._show_status()
        where = f"; the text you had is kept in {_shown_path(kept.parent)}" if kept is not None else ""
        self.notify(f"Reloaded {self.path.name} as it is on disk{where}")

    def save_as(self) -> None:
        """Ask for another path and save there; the changed file is left as it is."""
        from game.tui.screens.disk_changed import SaveAsScreen

        def check(typed: str) -> tuple[Path, str | None]:
            path = self.app.access.path(typed) if self.app.access.limited else Path(typed).expanduser()
            if not path.is_absolute():
                path = self.path.parent / path
            if path.suffix != ".toml":
                return path, f"{path.name}: a level file name ends in .toml"
            if (refused := self.app.access.refuse_write(path)) is not None:
                return path, refused
            if path.exists():
                return path, f"{path.name} already exists: choose a new name."
            if not path.parent.is_dir():
                return path, f"{path.parent}: no such folder"
            return path, None

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.write_to(path)

        self.app.push_screen(SaveAsScreen(_free_name(self.path), check), chosen)

    def action_play(self) -> None:
        from game.tui.screens.play import PlayScreen

        if self.draft is None or self.checked_version != self.version:
            self.notify("Still checking the text; try again in a moment.")
            return
        level = self.draft.level
        if level is None:
            errors = count(len(self.draft.result.errors), "error")
            self.notify(f"Fix the {errors} first (F8 goes to the next one).", severity="error")
            return
        self.app.push_screen(PlayScreen(level, None, [self.path], 0))

    def unsaved_work(self) -> str | None:
        """What quitting now would lose: the changes not yet saved."""
        return f"the changes to {self.path.name} that are not saved" if self.dirty else None

    def action_back(self) -> None:
        if self.painting:
            self.painting = False
            return
        self.back_asking(f"{self.path.name} has changes that are not saved. Leave without saving them?")

    def watch_dirty(self) -> None:
        if self.is_mounted:
            self._show_status()

    def _show_status(self) -> None:
        line, col = self.text_area.cursor_location
        state = "modified, not saved" if self.dirty else "saved"
        if self.changed_outside:
            state += ", CHANGED ON DISK"
        mode = "PAINT (F2 or escape: back to the text)" if self.painting else "text"
        status = f"{_shown_path(self.path)}  {line + 1}:{col + 1}  {state}  mode: {mode}"
        self.query_one("#editor-status", Static).update(status)

    def help_rows(self) -> list[tuple[str, str]]:
        """For the help: the text's own keys and paint mode's."""
        symbols = self.paint_symbols()
        return [
            ("ctrl+g / ctrl+b", "play it / paint (where F5 and F2 are taken)"),
            ("ctrl+z / ctrl+y", "undo / redo"),
            ("ctrl+x / c / v", "cut / copy / paste"),
            ("enter on a problem", "go to its line and column"),
            ("paint: arrows", "move over the map (the text cursor follows)"),
            (
                "paint: a symbol",
                "paint it: " + ", ".join(f"{s} {w}" for s, w in symbols.items()),
            ),
        ]

    def action_zoom(self, steps: int = 1) -> None:
        self.query_one(PaintPreview).zoom(steps)

    @on(MazeView.Zoomed)
    def _zoomed(self, event: MazeView.Zoomed) -> None:
        if self.preview is not None:
            label = f"{self.preview.label}  ({event.words}; F3 larger, shift+F3 smaller)"
            self.query_one("#editor-preview-label", Static).update(label)

    def action_help(self) -> None:
        self.app.action_help()  # F1: "?" is a character to type here

    # -- painting ----------------------------------------------------------------------------

    def paint_symbols(self) -> dict[str, str]:
        """Symbol -> words for every tile that can be painted: the defaults and the level's legend."""
        legend = self.draft.legend if self.draft is not None else DEFAULT_LEGEND
        symbols = {symbol: PAINT_NAMES.get(symbol) or tile.describe() for symbol, tile in legend.items()}
        symbols[START_SYMBOL] = "start"
        symbols.pop(" ", None)  # the space is floor too; "." paints it
        return symbols

    def action_paint_mode(self) -> None:
        self.painting = not self.painting

    def watch_painting(self, painting: bool) -> None:
        if not self.is_mounted:
            return
        view = self.query_one(PaintPreview)
        help_text = self.query_one("#editor-paint-help", Static)
        if painting:
            if self.preview is None or self.preview.source is None:
                self.notify("Put the text cursor in a drawn map (or an episode that uses one) to paint it.")
                self.painting = False
                return
            self.paint_at = self._cell_under_text_cursor() or self.paint_at
            self._clamp_paint_cursor()
            view.set_cursor(self.paint_at)
            view.focus()
            help_text.update("Paint: " + "  ".join(f"{s} {w}" for s, w in self.paint_symbols().items()))
        else:
            view.set_cursor(None)
            help_text.update("")
            self.text_area.focus()
        self._show_status()

    def _clamp_paint_cursor(self) -> None:
        grid = self.preview.grid if self.preview is not None else None
        if grid is not None:
            row, col = self.paint_at
            self.paint_at = (min(max(row, 0), grid.height - 1), min(max(col, 0), grid.width - 1))

    def _cell_under_text_cursor(self) -> tuple[int, int] | None:
        """The map cell the text cursor stands on, when it stands in the previewed map."""
        source = self.preview.source if self.preview is not None else None
        if source is None or source.offsets is None or self.draft is None or self.draft.positions is None:
            return None
        line, col = self.text_area.cursor_location
        offset = self.draft.offset(line + 1, col + 1)
        if offset not in source.offsets:
            return None
        index = source.offsets.index(offset)
        row = source.text.count("\n", 0, index)
        return row, index - (source.text.rfind("\n", 0, index) + 1)

    def _text_cursor_to_cell(self) -> None:
        """Put the text cursor on the paint cursor's cell, when that cell is written in the text."""
        source = self.preview.source if self.preview is not None else None
        if source is None or source.offsets is None or self.draft is None or self.draft.positions is None:
            return
        row, col = self.paint_at
        rows = split_rows(source.text)
        if row < len(rows) and col < len(rows[row][1]):
            line, column = self.draft.positions.line_col(source.offsets[rows[row][0] + col])
            self.text_area.move_cursor((line - 1, column - 1))

    @on(PaintPreview.CursorMoved)
    def _paint_cursor_moved(self, event: PaintPreview.CursorMoved) -> None:
        self.move_paint_cursor(event.rows, event.cols)

    @on(PaintPreview.Painted)
    def _painted(self, event: PaintPreview.Painted) -> None:
        self.paint_cell(event.symbol)

    def move_paint_cursor(self, rows: int, cols: int) -> None:
        self.paint_at = (self.paint_at[0] + rows, self.paint_at[1] + cols)
        self._clamp_paint_cursor()
        self.query_one(PaintPreview).set_cursor(self.paint_at)
        self._text_cursor_to_cell()

    def paint_cell(self, symbol: str) -> None:
        """Write `symbol` into the map's text at the paint cursor (one undoable edit)."""
        preview = self.preview
        if preview is None or preview.source is None or self.draft is None:
            return
        if self.checked_version != self.version:
            self.notify("Still checking the last change; paint again in a moment.")
            return
        area = self.text_area
        text = area.text
        try:
            edits = paint(text, preview.source, *self.paint_at, symbol)
        except PaintError as error:
            self.notify(str(error), severity="warning")
            return
        # one replacement spanning every edit, so one undo takes the whole stroke back
        first, last = min(e.start for e in edits), max(e.end for e in edits)
        growth = sum(len(e.new) - (e.end - e.start) for e in edits)
        changed = apply(text, edits)[first : last + growth]
        positions = self.draft.positions
        assert positions is not None
        start_line, start_col = positions.line_col(first)
        end_line, end_col = positions.line_col(last)
        area.replace(changed, (start_line - 1, start_col - 1), (end_line - 1, end_col - 1))


def _same_grid(a: Grid | None, b: Grid | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.start == b.start and np.array_equal(a.kind, b.kind) and np.array_equal(a.colour, b.colour)


def _text(data: bytes) -> str:
    """A level file's bytes as text (UTF-8, a byte-order mark dropped)."""
    return data.decode("utf-8").removeprefix("\ufeff")


def _free_name(path: Path) -> Path:
    """`NAME-2.toml` (or -3, ...) beside `path`: a name no file has yet."""
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def _shown_path(path: Path) -> str:
    """The path as the author would type it: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
