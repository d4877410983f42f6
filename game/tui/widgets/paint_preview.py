"""The level editor's preview of the map: in paint mode it has the focus, and says what the player does."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message

from game.tui.widgets.maze_view import MazeView


class PaintPreview(MazeView):
    """The editor's map preview. In paint mode the arrows move its cursor (`CursorMoved`) and a
    symbol of `symbols` paints the cell under it (`Painted`); the editor does the writing.

    Only the arrows move: letters may be symbols of the level's legend.
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Cell above", show=False, id="editor.paint_up"),
        Binding("down", "move(1, 0)", "Cell below", show=False, id="editor.paint_down"),
        Binding("left", "move(0, -1)", "Cell to the left", show=False, id="editor.paint_left"),
        Binding("right", "move(0, 1)", "Cell to the right", show=False, id="editor.paint_right"),
    ]

    @dataclass
    class CursorMoved(Message):
        """An arrow: the paint cursor goes `rows` down and `cols` right (negative: up, left)."""

        preview: PaintPreview
        rows: int
        cols: int

    @dataclass
    class Painted(Message):
        """A symbol typed in paint mode: paint it at the cursor."""

        preview: PaintPreview
        symbol: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.symbols: frozenset[str] = frozenset()
        """The symbols that paint (the editor keeps this to the level's legend); other keys pass on."""

    def action_move(self, rows: int, cols: int) -> None:
        self.post_message(self.CursorMoved(self, rows, cols))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in self.symbols:
            event.stop()
            event.prevent_default()
            self.post_message(self.Painted(self, event.character))
