"""The base of the game's screens: `self.app` typed as the game's own app (Textual's `getters.app` idiom)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual import getters

    from game.tui.app import MesaMazeApp

ResultType = TypeVar("ResultType")


class GameScreen(Screen[ResultType]):
    """A screen of the game; its `app` has the game's settings, store, progress and palette."""

    if TYPE_CHECKING:
        app = getters.app(MesaMazeApp)


class GameModal(ModalScreen[ResultType]):
    """A modal screen of the game, typed like `GameScreen`."""

    if TYPE_CHECKING:
        app = getters.app(MesaMazeApp)


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """A screen whose work is lost if the game quits now (an edited level, a run in progress)."""

    def unsaved_work(self) -> str | None:
        """What would be lost, in words for a question ("your run of ..."), or None."""
        ...
