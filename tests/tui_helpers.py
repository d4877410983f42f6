"""Helpers for driving the game through Textual's Pilot."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path

from textual import events

from game import replay
from game.access import Access
from game.core.loader import check_file
from game.core.packs import pack_files
from game.tui import launch
from game.tui.app import FirstScreen, MesaMazeApp
from game.tui.held_key import clock
from tests.conftest import CAMPAIGN

TOY = CAMPAIGN / "04-toy-example.toml"


def make_app(
    data_dir: Path,
    *,
    repeat_ms: int = 0,
    autopilot: str = "fast",
    ask_player: bool = False,
    access: Access | None = None,
    **start,
) -> MesaMazeApp:
    """An app with its own data folder; held-key limits off so Pilot's presses all count. `start`
    names what a command would open over the menu (see `first_screen`)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = data_dir / "settings.json"
    if not settings.exists():
        settings.write_text(json.dumps({"move_repeat_ms": repeat_ms, "autopilot_speed": autopilot}))
    return MesaMazeApp(first_screen(**start), data_dir=data_dir, ask_player=ask_player, access=access)


def first_screen(
    play_path: Path | None = None,
    seed: int | None = None,
    replay_path: Path | None = None,
    edit_path: Path | None = None,
    tournament: tuple | None = None,
    lab=None,
    sleeper=None,
    class_view: Path | None = None,
    quiz: tuple | None = None,
    desk: int | None = None,
) -> FirstScreen | None:
    """The screen the command line would open over the menu, from files a test has made good."""
    if play_path is not None:
        pack = pack_files(play_path) if play_path.is_dir() else [play_path]
        level = check_file(pack[0]).level
        assert level is not None, pack[0]
        return launch.play(level, pack, seed)
    if replay_path is not None:
        record = replay.load(replay_path)
        return launch.replay(record, replay.level_of(record))
    if edit_path is not None:
        return launch.editor(edit_path)
    if tournament is not None:
        path, names, tournament_seed, csv_path = tournament
        level = check_file(path).level
        assert level is not None, path
        return launch.tournament(level, names, tournament_seed, csv_path)
    if lab is not None:
        return launch.lab(lab)
    if sleeper is not None:
        return launch.sleeper(sleeper)
    if class_view is not None:
        return launch.class_view(class_view)
    if quiz is not None:
        return launch.quiz(*quiz)
    if desk is not None:
        return launch.desk(desk)
    return None


KEY_CHARACTERS = {"full_stop": ".", "space": " "}
PRESS_GAP = 0.1
"""Seconds between two fews of keys that `type_keys` sends: a quick finger's pace."""


async def type_keys(pilot, keys: list[str], handled: Callable[[], int], chunk: int = 4) -> None:
    """Press many keys quickly: a few at a time into the app's event queue, as the terminal driver
    sends them, each few as soon as the ones before are handled (`handled()` counts them).

    Each key is a real Key event (bindings, handlers and the game's held-key rule all see it);
    only Pilot's wait for a whole idle app after every single key is saved. A few keys posted
    together arrive together, as a terminal's backlog does: every one must be taken. Each few
    is stamped as arriving at least `PRESS_GAP` after the few before (as a quick finger's
    would), so the same key in several fews in a row is not a held key's stream.
    """
    start_count = handled()
    stamp = float("-inf")
    for position in range(0, len(keys), chunk):
        batch = keys[position : position + chunk]
        stamp = max(clock(), stamp + PRESS_GAP)
        for key in batch:
            character = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
            event = events.Key(key, character)
            event.time = stamp
            pilot.app.post_message(event)
        target = start_count + position + len(batch)
        deadline = time.monotonic() + 10
        while handled() < target and time.monotonic() < deadline:
            await asyncio.sleep(0.001)
        if handled() < target:
            raise AssertionError(
                f"only {handled() - start_count} of the first {position + len(batch)} keys were taken "
                f"on {type(pilot.app.screen).__name__}"
            )
    await pilot.pause()


def drawn(widget) -> str:
    """The text a widget draws, line by line, as the player sees it."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


async def press_all(pilot, keys: str | list[str]) -> None:
    for key in keys.split() if isinstance(keys, str) else keys:
        await pilot.press(key)


async def wait_for_screen(pilot, screen_type, seconds: float = 20):
    """Pause until the app shows a screen of `screen_type` (or `seconds` pass); returns the screen."""
    deadline = time.monotonic() + seconds
    while not isinstance(pilot.app.screen, screen_type) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return pilot.app.screen


async def wait_until(pilot, condition: Callable[[], bool], seconds: float = 20) -> bool:
    """Pause until `condition()` holds (or `seconds` pass); returns whether it held."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.01)
    return condition()


def record_notices(app) -> list[str]:
    """Every message the app shows as a notification from now on (title and message)."""
    notices: list[str] = []
    notify = app.notify

    def recording(message, *, title="", **kwargs):
        notices.append(f"{title}: {message}" if title else str(message))
        return notify(message, title=title, **kwargs)

    app.notify = recording
    return notices


def keys_arrived(app, key: str, stamps: list[float]) -> None:
    """Post one Key event per stamp, as if the terminal's bytes had been read at those moments."""
    for stamp in stamps:
        event = events.Key(key, None)
        event.time = stamp
        app.post_message(event)
