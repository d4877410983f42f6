"""Settings and progress in the user's data folder.

Every write is atomic. A file that cannot be read back (damaged, not JSON,
the wrong shape) is renamed aside, never deleted, and the game goes on with
defaults; the notice says where the damaged file went.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from game.fileio import write_atomic

APP_NAME = "mesa-maze"
PALETTES = ("standard", "colour-blind", "monochrome")
AUTOPILOT_SPEEDS = {"slow": 0.25, "normal": 0.08, "fast": 0.02}
"""Seconds between two autopilot steps."""
MOVE_REPEATS = (0, 40, 70, 110)
"""Least milliseconds between two moves from a held key (0: no limit)."""


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

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        if not isinstance(data, dict):
            raise ValueError("settings are not a JSON object")
        settings = cls()
        for f in fields(cls):
            if f.name in data:
                value = data[f.name]
                if type(value) is not type(getattr(settings, f.name)):
                    raise ValueError(f"setting {f.name!r} has the wrong type")
                setattr(settings, f.name, value)
        if settings.palette not in PALETTES or settings.autopilot_speed not in AUTOPILOT_SPEEDS:
            raise ValueError("unknown palette or autopilot speed")
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

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        if not isinstance(data, dict) or not isinstance(data.get("levels"), dict):
            raise ValueError("progress is not a JSON object with levels")
        levels = {}
        for key, entry in data["levels"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("finished"), bool):
                raise ValueError(f"progress of {key!r} is damaged")
            best = entry.get("best")
            if best is not None and (not isinstance(best, int) or isinstance(best, bool)):
                raise ValueError(f"best score of {key!r} is damaged")
            levels[key] = LevelProgress(entry["finished"], best)
        return cls(levels)


class Store:
    """The data folder: settings.json, progress.json and replays/."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_data_dir()
        self.notices: list[str] = []
        """What went wrong while reading, for the game to show once."""

    @property
    def replays(self) -> Path:
        return self.folder / "replays"

    def _read(self, name: str, parse):
        path = self.folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            self.notices.append(f"Could not read {path}: {error.strerror or error}. Using defaults.")
            return None
        try:
            return parse(json.loads(text))
        except (ValueError, UnicodeDecodeError) as error:
            aside = path.with_name(f"{name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                os.replace(path, aside)
                where = f"it was kept as {aside.name}"
            except OSError:
                where = "it could not be moved aside and will be left as it is"
            self.notices.append(f"{path.name} was damaged ({error}); {where}. Starting afresh.")
            return None

    def _write(self, name: str, data: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / name, json.dumps(data, indent=2, sort_keys=True) + "\n")
        except OSError as error:
            self.notices.append(f"Could not save {name}: {error.strerror or error}.")

    def load_settings(self) -> Settings:
        return self._read("settings.json", Settings.from_json) or Settings()

    def save_settings(self, settings: Settings) -> None:
        self._write("settings.json", asdict(settings))

    def load_progress(self) -> Progress:
        return self._read("progress.json", Progress.from_json) or Progress()

    def save_progress(self, progress: Progress) -> None:
        self._write(
            "progress.json", {"version": 1, "levels": {k: asdict(v) for k, v in progress.levels.items()}}
        )
