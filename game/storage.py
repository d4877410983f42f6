"""Settings and progress in the user's data folder.

Every write is atomic. A file that cannot be read back (any bytes at all:
not UTF-8, not JSON, the wrong shape) is renamed aside, never deleted, and
the game goes on with defaults; the notice says where the damaged file went.
Progress is saved under a lock and merged with what is on disk (the best
score of each level, every finished level), so several game processes on
one folder (a served classroom with `--shared`) never lose each other's
results. Temporary files left by a crash are cleaned up on the next start.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # not on Windows: saves there are atomic but not locked
    fcntl = None  # type: ignore[assignment]

from game.fileio import NotReadable, read_bounded, write_atomic

T = TypeVar("T")
APP_NAME = "mesa-maze"
PALETTE_NAMES = ("standard", "colour-blind", "monochrome", "high-contrast")
QUIZ_ANSWERS = ("end", "after")
"""When the class quiz shows its answers (see `Settings.quiz_answers`)."""
AUTOPILOT_SPEEDS = {"slow": 0.4, "normal": 0.2, "fast": 0.02}
"""Seconds between two autopilot steps ("normal": five a second, a pace a class can follow)."""
SAVE_LIMIT = 16 << 20
"""The most bytes a save file may hold; a longer one is taken for damaged and set aside."""
MOVE_REPEATS = (0, 40, 70, 110)
"""Least milliseconds between two moves from a held key (0: no limit)."""


class Repaired(Exception):
    """A save file's parser kept what it could: `value`, with defaults where the `problems` were."""

    def __init__(self, value: Any, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.value = value
        self.problems = problems


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


@dataclass
class Settings:
    """What the player chose on the settings screen."""

    palette: str = "standard"
    move_repeat_ms: int = 70
    autopilot_speed: str = "normal"
    describe_events: bool = False
    presenter: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    """Keys remapped by binding id, e.g. {"play.give_up": "x"} (see the README)."""
    quiz_answers: str = "end"
    """When the class quiz shows its answers: at the "end" of each set, or only "after" the after set."""

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        if not isinstance(data, dict):
            raise ValueError("settings are not a JSON object")
        settings = cls()
        wrong = []
        for f in fields(cls):
            if f.name in data:
                value = data[f.name]
                if type(value) is not type(getattr(settings, f.name)):
                    wrong.append(f.name)
                    continue
                setattr(settings, f.name, value)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in settings.keymap.items()):
            wrong.append("keymap")
            settings.keymap = {}
        for name, known in (
            ("palette", PALETTE_NAMES),
            ("autopilot_speed", AUTOPILOT_SPEEDS),
            ("quiz_answers", QUIZ_ANSWERS),
        ):
            if getattr(settings, name) not in known:
                wrong.append(name)
                setattr(settings, name, getattr(cls(), name))
        if wrong:
            raise Repaired(
                settings, [f"the setting {name} held a value the game does not know" for name in wrong]
            )
        return settings


@dataclass
class LevelProgress:
    finished: bool = False
    best: int | None = None


@dataclass
class Progress:
    """Finished levels and best scores, by level key (a campaign file name, or a path)."""

    levels: dict[str, LevelProgress] = field(default_factory=dict)

    def get(self, key: str) -> LevelProgress:
        return self.levels.get(key, LevelProgress())

    def record(self, key: str, score: int) -> bool:
        """Note a finished run; True when it is a new best."""
        entry = self.levels.setdefault(key, LevelProgress())
        entry.finished = True
        if entry.best is None or score > entry.best:
            entry.best = score
            return True
        return False

    def merged(self, other: Progress) -> Progress:
        """Both records at once: every finished level and the best score of each."""
        levels = {key: LevelProgress(entry.finished, entry.best) for key, entry in self.levels.items()}
        for key, entry in other.levels.items():
            mine = levels.setdefault(key, LevelProgress())
            mine.finished = mine.finished or entry.finished
            if entry.best is not None and (mine.best is None or entry.best > mine.best):
                mine.best = entry.best
        return Progress(levels)

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "levels": {k: asdict(v) for k, v in self.levels.items()}}

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        if not isinstance(data, dict) or not isinstance(data.get("levels"), dict):
            raise ValueError("progress is not a JSON object with levels")
        levels = {}
        problems = []
        for key, entry in data["levels"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("finished"), bool):
                problems.append(f"the progress of {key} was damaged")
                continue
            best = entry.get("best")
            if best is not None and (not isinstance(best, int) or isinstance(best, bool)):
                problems.append(f"the best score of {key} was damaged")
                best = None
            levels[key] = LevelProgress(entry["finished"], best)
        if problems:
            raise Repaired(cls(levels), problems)
        return cls(levels)


TEMPORARY_AGE = 600
"""Seconds after which a leftover temporary file is taken for a crash's and removed."""


class Store:
    """The data folder: settings.json, progress.json and replays/."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_data_dir()
        self.notices: list[str] = []
        """What went wrong while reading or writing, for the game to show once."""
        self.clean_up()

    @property
    def replays(self) -> Path:
        return self.folder / "replays"

    # -- any save file -------------------------------------------------------------

    def read_json(self, name: str, parse: Callable[[Any], T]) -> T | None:
        """The save file `name` parsed, or None when it is missing or damaged (set aside, with a notice)."""
        path = self.folder / name
        try:
            data = read_bounded(path, SAVE_LIMIT)
        except FileNotFoundError:
            return None
        except NotReadable as error:
            self._damaged(path, str(error))
            return None
        except OSError as error:
            self.notices.append(f"Could not read {path}: {error.strerror or error}. Using defaults.")
            return None
        try:
            return parse(json.loads(data.decode("utf-8")))
        except Repaired as repaired:
            kept = self.keep_copy(path)
            more = len(repaired.problems) - 3
            others = f" (and {more} more)" if more > 0 else ""
            self.notices.append(
                f"{path.name}: {'; '.join(repaired.problems[:3])}{others}. "
                f"Those parts start afresh; the rest is kept ({kept})."
            )
            return repaired.value
        except UnicodeDecodeError:
            problem = "it is not text"
        except json.JSONDecodeError as error:
            problem = f"it is not readable JSON (line {error.lineno}, column {error.colno})"
        except RecursionError:
            problem = "it is nested too deep"
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            problem = str(error) or "its contents have the wrong shape"
        self._damaged(path, problem)
        return None

    def _damaged(self, path: Path, problem: str) -> None:
        self.notices.append(f"{path.name} was damaged ({problem}); {self.set_aside(path)}. Starting afresh.")

    def set_aside(self, path: Path) -> str:
        """Rename a damaged file out of the way (never delete it); says where it went."""
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
        try:
            os.replace(path, aside)
        except OSError:
            return "it could not be moved aside and is left as it is"
        return f"it was kept as {aside.name}"

    def keep_copy(self, path: Path) -> str:
        """Copy a partly damaged file aside before it is saved again (never lost); says where it went."""
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            with open(aside, "xb") as handle:
                handle.write(read_bounded(path, SAVE_LIMIT))
        except OSError:
            return "the file as it was could not be copied aside"
        return f"the file as it was is kept as {aside.name}"

    def write_json(self, name: str, data: Any) -> bool:
        """Write a save file atomically; False (with a notice) when the folder refuses it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / name, json.dumps(data, indent=2, sort_keys=True) + "\n")
        except OSError as error:
            self.notices.append(
                f"Could not save {name} in {self.folder}: {error.strerror or error}. "
                "The game goes on, but this will not be kept."
            )
            return False
        return True

    @contextmanager
    def locked(self, name: str) -> Iterator[None]:
        """Hold the lock of save file `name` against other game processes on this folder."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / f".{name}.lock", "a+b")  # noqa: SIM115 (held across the yield)
        except OSError:
            yield  # a folder we cannot write to: nothing will be saved, nothing to guard
            return
        with handle:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def clean_up(self) -> None:
        """Remove temporary files that a crash left behind (only old ones: another game may be saving)."""
        now = time.time()
        for folder in (self.folder, self.replays):
            try:
                leftovers = list(folder.glob(".*.tmp"))
            except OSError:
                continue
            for path in leftovers:
                with suppress(OSError):
                    if now - path.stat().st_mtime > TEMPORARY_AGE:
                        path.unlink()

    # -- settings and progress -----------------------------------------------------

    def load_settings(self) -> Settings:
        return self.read_json("settings.json", Settings.from_json) or Settings()

    def save_settings(self, settings: Settings) -> None:
        self.write_json("settings.json", asdict(settings))

    def load_progress(self) -> Progress:
        return self.read_json("progress.json", Progress.from_json) or Progress()

    def save_progress(self, progress: Progress) -> Progress:
        """Save `progress` merged with what is on disk now; returns the merged progress."""
        with self.locked("progress.json"):
            merged = self.load_progress().merged(progress)
            self.write_json("progress.json", merged.to_json())
        return merged

    def record_result(self, progress: Progress, key: str, score: int) -> tuple[Progress, bool]:
        """Add a finished run to `progress` and save it merged; (the merged progress, a new best?)."""
        with self.locked("progress.json"):
            merged = self.load_progress().merged(progress)
            new_best = merged.record(key, score)
            self.write_json("progress.json", merged.to_json())
        return merged, new_best
