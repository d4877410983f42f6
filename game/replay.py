"""Replays: a finished run as a small JSON file, and playing it back exactly.

A replay holds the level's path and content hash, the seed and the actions
as a string (`u d l r w` for steps, `g` for giving up). A replay whose level
file has changed is refused with a message, never played into a different
run.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from game.core.events import Action, Event
from game.core.level import Level
from game.core.loader import check_file
from game.core.packs import levels_root
from game.core.run import Run
from game.core.words import count
from game.fileio import read_bounded, write_new

FORMAT = 1
_CODES = frozenset("udlrwg")
REPLAY_LIMIT = 64 << 20
"""The most bytes a replay file may hold (500 long episodes fit many times over)."""


class ReplayError(Exception):
    """A replay that cannot be played back; the message says why."""


@dataclass(frozen=True)
class Replay:
    level_path: str
    level_digest: str
    level_title: str
    seed: int
    actions: str
    score: int
    exits: int
    updates: int
    recorded: str = ""
    builtin: str = ""
    """The level's path inside the built-in levels, so a replay survives a reinstall."""

    @classmethod
    def of(cls, run: Run) -> Replay:
        level = run.level
        path = level.path.resolve() if level.path else Path("")
        builtin = ""
        root = levels_root().resolve()
        if path.is_relative_to(root):
            builtin = path.relative_to(root).as_posix()
        return cls(
            level_path=str(path),
            level_digest=level.digest,
            level_title=level.title,
            seed=run.seed,
            actions="".join(run.actions),
            score=run.score,
            exits=run.exits,
            updates=run.updates,
            recorded=time.strftime("%Y-%m-%d %H:%M:%S"),
            builtin=builtin,
        )

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> Replay:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ReplayError("not a Mesa Maze replay (format 1)")
        values: dict[str, Any] = {}
        for name, kind in _FIELDS.items():
            if name not in data:
                if name in _OPTIONAL:
                    continue
                raise ReplayError(f"the replay is damaged: it has no {_WORDS[name]}")
            value = data[name]
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ReplayError(f"the replay is damaged: its {_WORDS[name]} is not {_KINDS[kind]}")
            values[name] = value
        replay = cls(**values)
        if set(replay.actions) - _CODES:
            raise ReplayError("the replay is damaged: its actions hold letters that are no moves")
        if replay.seed < 0:
            raise ReplayError("the replay is damaged: its seed is negative")
        return replay


_FIELDS = {
    "level_path": str,
    "level_digest": str,
    "level_title": str,
    "seed": int,
    "actions": str,
    "score": int,
    "exits": int,
    "updates": int,
    "recorded": str,
    "builtin": str,
}
_OPTIONAL = frozenset({"recorded", "builtin"})
_WORDS = {
    "level_path": "level file",
    "level_digest": "level fingerprint",
    "level_title": "level title",
    "seed": "seed",
    "actions": "actions",
    "score": "score",
    "exits": "count of exits",
    "updates": "count of updates",
    "recorded": "date",
    "builtin": "built-in level name",
}
_KINDS = {str: "text", int: "a whole number"}


def save(run: Run, folder: Path) -> Path:
    """Write the finished run's replay into `folder`; returns the new file."""
    replay = Replay.of(run)
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", run.level.title.lower()).strip("-") or "level"
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{slug}"
    return write_new(folder, stem, ".json", json.dumps(replay.to_json(), indent=2) + "\n")


def load(path: Path) -> Replay:
    try:
        data = read_bounded(Path(path), REPLAY_LIMIT)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except OSError as error:
        raise ReplayError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        return Replay.from_json(json.loads(data.decode("utf-8")))
    except UnicodeDecodeError:
        raise ReplayError(f"{path}: not a replay (it is not text)") from None
    except json.JSONDecodeError as error:
        raise ReplayError(f"{path}: not JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise ReplayError(f"{path}: not a replay (nested too deep)") from None
    except ReplayError as error:
        raise ReplayError(f"{path}: {error}") from None


def level_of(replay: Replay, may_read: Callable[[Path], bool] = lambda path: True) -> Level:
    """The replay's level, if it is still exactly the file that was played (and `may_read` allows it)."""
    candidates = [Path(replay.level_path)]
    if replay.builtin:
        candidates.insert(0, levels_root() / replay.builtin)
    path = next((p for p in candidates if may_read(p) and p.is_file()), None)
    if path is None:
        raise ReplayError(f"the level of this replay is gone: {replay.level_path}")
    result = check_file(path)
    if result.level is None:
        raise ReplayError(f"the level {path} no longer loads: {result.lines()[0]}")
    if result.level.digest != replay.level_digest:
        raise ReplayError(
            f"the level file {path} has changed since this replay was recorded, "
            "so the replay would not show what happened"
        )
    return result.level


def apply(run: Run, code: str) -> list[Event]:
    """Play one recorded action; starts the next episode first when one is due."""
    events = run.begin_if_due()
    if code == "g":
        events += run.give_up()
    else:
        events += run.step(Action(code))
    return events


def play_back(replay: Replay, level: Level) -> Run:
    """The whole run the replay recorded, played again."""
    run = Run(level, replay.seed)
    for code in replay.actions:
        if run.finished:
            break
        apply(run, code)
    run.begin_if_due()
    return run


def end_words(run: Run, replay: Replay) -> str:
    """What the end of a playback compares: what it played against what the replay recorded."""
    return compared_words(run.score, run.updates, replay.score, replay.updates)


def compared_words(apples: int, updates: int, recorded_apples: int, recorded_updates: int) -> str:
    """'Replayed: 3 green apples; the recording says 3. 0 updates; it says 0.'"""
    text = (
        f"Replayed: {count(apples, 'green apple')}; the recording says {recorded_apples}. "
        f"{count(updates, 'update')}; it says {recorded_updates}."
    )
    if (apples, updates) != (recorded_apples, recorded_updates):
        text += " Not the recorded run!"
    return text
