"""The command palette (ctrl+p): the game's own commands and each screen's, one `Provider` each.

A screen lists its commands in `COMMANDS = {ItsCommands}` (Textual asks the screen
under the palette for them); the game's own are in the app's `COMMANDS`. Every
provider here is a `GameCommands`: a list of `Command`s, offered when the palette
opens and matched as the player types, and a few words for the help's ctrl+p line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from game.core.campaign import campaign
from game.storage import PALETTE_NAMES
from game.tui.screens.menu import entry_screen
from game.tui.screens.opening import play_file, tournament_on

if TYPE_CHECKING:
    from textual.screen import Screen

    from game.tui.app import MesaMazeApp


@dataclass(frozen=True)
class Command:
    """One line of the palette: what it says, a line of help below it, and what it does."""

    title: str
    help: str
    callback: Callable[[], object]


class GameCommands(Provider):
    """Commands that are a list; subclasses say which in `commands()`."""

    WORDS: ClassVar[str] = ""
    """What these commands are, in a few words for the help ("restart", "levels, tournaments")."""

    @property
    def game(self) -> MesaMazeApp:
        return cast("MesaMazeApp", self.app)  # every screen of the game is in its app

    def commands(self) -> Iterable[Command]:
        """The commands offered over `self.screen` now."""
        return ()

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            if (score := matcher.match(command.title)) > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)


class CampaignCommands(GameCommands):
    """A jump to each open campaign level, and a tournament on each level."""

    WORDS = "levels, tournaments"

    def commands(self) -> Iterator[Command]:
        app, screen = self.game, self.screen
        levels = campaign()
        width = len(str(len(levels.levels)))
        finished = lambda key: app.progress.get(key).finished  # noqa: E731
        for n, entry in enumerate(levels.levels):
            level = entry.level
            if level is None:
                continue
            if levels.is_open(n, finished):  # the campaign's locks hold here too
                yield Command(
                    f"Jump to level {n + 1:0{width}}: {level.title}",
                    level.summary,
                    partial(play_file, screen, entry.path, app.access, levels.files, n),
                )
            yield Command(
                f"Tournament on level {n + 1}: {level.title}",
                "The strategies side by side on this level",
                partial(tournament_on, screen, entry.path, app.access),
            )


class AppCommands(GameCommands):
    """The palette, and the screens to read at any time: settings, glossary, how to play."""

    WORDS = "palette"

    def commands(self) -> Iterator[Command]:
        app = self.game
        yield Command("Toggle palette", ", ".join(PALETTE_NAMES).capitalize(), app.action_toggle_palette)
        readings = (("settings", "Settings"), ("glossary", "Glossary"), ("how-to-play", "How to play"))
        for key, title in readings:
            yield Command(title, f"Open {title.lower()}", partial(self._open, key))

    def _open(self, key: str) -> None:
        if (screen := entry_screen(key)) is not None:
            self.app.push_screen(screen)


GAME_COMMANDS: tuple[type[GameCommands], ...] = (CampaignCommands, AppCommands)
"""The game's own providers, offered over every screen, in the order the help names them."""


def providers_over(screen: Screen) -> list[type[GameCommands]]:
    """The game's providers the palette asks over `screen`: the screen's own first, then the game's."""
    own = [p for p in screen.COMMANDS if isinstance(p, type) and issubclass(p, GameCommands)]
    return [*own, *GAME_COMMANDS]


def command_words(screen: Screen) -> str:
    """What ctrl+p offers over `screen`, in words: "restart, levels, tournaments, palette"."""
    return ", ".join(words for provider in providers_over(screen) if (words := provider.WORDS))


def commands_over(screen: Screen) -> list[Command]:
    """Every command of the game's providers over `screen`, as the palette lists them when it opens."""
    return [command for provider in providers_over(screen) for command in provider(screen).commands()]
