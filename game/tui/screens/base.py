"""The base of the game's screens: `self.app` typed as the game's own app (Textual's `getters.app` idiom)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import ScreenHelp

if TYPE_CHECKING:
    from textual import getters

    from game.tui.app import MesaMazeApp

ResultType = TypeVar("ResultType")


class GameScreen(ScreenHelp, Screen[ResultType]):
    """A screen of the game; its `app` has the game's settings, store, progress and palette."""

    if TYPE_CHECKING:
        app = getters.app(MesaMazeApp)

    def unsaved_work(self) -> str | None:
        """What leaving or quitting now would lose, in words for a question ("your run of ..."), or
        None (the default: nothing)."""
        return None

    def back_asking(self, question: str) -> None:
        """Back to the screen below; while `unsaved_work()` says something would be lost, only once
        the player answers yes to `question`, and only if it still would be (and this is on top)."""
        if self.unsaved_work() is None:
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes and self.is_active and self.unsaved_work() is not None:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(question), answered)


class GameModal(ScreenHelp, ModalScreen[ResultType]):
    """A modal screen of the game, typed like `GameScreen`."""

    if TYPE_CHECKING:
        app = getters.app(MesaMazeApp)
