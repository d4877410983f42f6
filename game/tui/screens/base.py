"""The base of the game's screens: `self.app` typed as the game's own app (Textual's `getters.app` idiom)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.screen import ModalScreen, Screen

from game.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual import getters

    from game.tui.app import MesaMazeApp

ResultType = TypeVar("ResultType")


class ScreenHelp:
    """What a screen's help shows beyond the screen's own bindings (every game screen has this)."""

    HELP_LEGEND: ClassVar[bool] = False
    """Whether the help adds the map's legend (a screen that shows a run)."""

    def help_rows(self) -> list[tuple[str, str]]:
        """Keys that are not bindings of the screen itself (a text field's, a paint mode's), as
        (keys, what they do) rows after the screen's own."""
        return []


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


def unsaved_work_of(screen: Screen) -> str | None:
    """What leaving `screen` now would lose (a game screen's `unsaved_work()`; others lose nothing)."""
    return screen.unsaved_work() if isinstance(screen, GameScreen) else None
