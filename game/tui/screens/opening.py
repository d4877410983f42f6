"""Opening a screen on a file chosen in the game: a level to play, a tournament, a replay, a level
to edit. Each road checks the file once (what the player may read or write, whether it loads) and
says why when it cannot open; the command line checks its own arguments before the game starts.

What these need (the loader, replays, the screens opened) is imported inside them, when they are
used: the menu, which opens most of them, is drawn without importing NumPy or any of them first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from game.access import Access

if TYPE_CHECKING:
    from game.core.level import Level


def level_or_notice(screen: Screen, path: Path, access: Access) -> Level | None:
    """The level in `path`, or None after saying why not (refused, or the file's first errors)."""
    from game.core.loader import check_file
    if (refused := access.refuse_read(path)) is not None:
        screen.notify(refused, title="Cannot open this", severity="error", timeout=15)
        return None
    result = check_file(path)
    if result.level is None:
        screen.notify(
            "\n".join(result.lines()[:6]), title="This level has errors", severity="error", timeout=15
        )
    return result.level


def play_file(
    screen: Screen, path: Path, access: Access, pack: list[Path] | None = None, index: int = 0
) -> None:
    """Play the level in `path` over `screen`; `pack` and `index` say where it sits, for "next level"."""
    from game.tui.screens.play import PlayScreen

    if (level := level_or_notice(screen, path, access)) is not None:
        screen.app.push_screen(PlayScreen(level, None, pack or [path], index))


def tournament_on(screen: Screen, path: Path, access: Access) -> None:
    """The classroom tournament (the default strategies) on the level in `path`."""
    from game.agents.tournament import DEFAULT_STRATEGIES
    from game.tui.screens.tournament import TournamentScreen

    if (level := level_or_notice(screen, path, access)) is not None:
        screen.app.push_screen(TournamentScreen(level, DEFAULT_STRATEGIES))


def watch_file(screen: Screen, path: Path, access: Access) -> None:
    """Watch the replay in `path`, or say why it cannot be watched."""
    from game import replay
    from game.tui.screens.replays import ReplayScreen

    try:
        if (refused := access.refuse_read(path)) is not None:
            raise replay.ReplayError(refused)
        record = replay.load(path)
        level = replay.level_of(record, access.can_read)
    except replay.ReplayError as error:
        screen.notify(str(error), title="Cannot play this replay", severity="error", timeout=15)
        return
    screen.app.push_screen(ReplayScreen(record, level))


def edit_file(screen: Screen, path: Path, access: Access) -> str | None:
    """Open the level editor on `path` (a new file starts from the starter level); None, or why not."""
    from game.tui.screens.editor import EditorScreen

    if (refused := access.refuse_write(path)) is not None:
        return refused
    if path.is_dir():
        return f"{path} is a folder: give the path of one level file."
    if path.suffix != ".toml":
        return f"{path}: a level file name ends in .toml"
    if not path.exists() and not path.parent.is_dir():
        return f"{path.parent}: no such folder"
    try:
        editor = EditorScreen.on_file(path)
    except (OSError, UnicodeDecodeError) as error:
        return f"{path}: cannot be read as text ({getattr(error, 'strerror', None) or error})"
    screen.app.push_screen(editor)
    return None
