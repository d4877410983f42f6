"""A served classroom: one record per player in the data folder, and the teacher's class view.

When `mesa-maze serve` hands out one game per browser tab, each tab asks for
a player's name (and perhaps a class code) and keeps that player's settings,
progress and replays in a folder of its own, `players/<class>--<name>/`
below the server's data folder, with `player.json` saying who it is. The
class view reads every player's folder; it never changes or moves a file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from game.fileio import read_bounded, write_atomic
from game.storage import SAVE_LIMIT, Progress

PLAYERS = "players"
MAX_NAME = 40


def slug(text: str) -> str:
    """A name as a folder name: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def check_name(name: str) -> str | None:
    """What is wrong with a player's name, or None when it will do."""
    if not name.strip():
        return "Type your name (any name your teacher will recognise)."
    if len(name.strip()) > MAX_NAME:
        return f"A name is at most {MAX_NAME} characters."
    if not slug(name):
        return "Use at least one letter or digit."
    return None


def player_folder(base: Path, name: str, class_code: str = "") -> Path:
    """The folder that keeps one player's record."""
    stem = slug(name)
    if slug(class_code):
        stem = f"{slug(class_code)}--{stem}"
    return base / PLAYERS / stem


def enrol(base: Path, name: str, class_code: str = "") -> Path:
    """Make (or find) a player's folder and say who it belongs to; returns the folder."""
    folder = player_folder(base, name, class_code)
    folder.mkdir(parents=True, exist_ok=True)
    who = folder / "player.json"
    if not who.exists():
        write_atomic(who, json.dumps({"name": name.strip(), "class": class_code.strip()}) + "\n")
    return folder


@dataclass
class PlayerRecord:
    """One player's line in the class view."""

    name: str
    class_code: str
    best: dict[str, int] = field(default_factory=dict)
    """Best score of each finished level, by level key."""
    finished: int = 0
    damaged: bool = False
    """True when the player's progress could not be read (shown, never changed)."""

    @property
    def apples(self) -> int:
        return sum(self.best.values())


def _read(path: Path):
    try:
        return json.loads(read_bounded(path, SAVE_LIMIT).decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        raise ValueError(path.name) from None


def class_records(base: Path) -> list[PlayerRecord]:
    """Every player below `base`, by class then name."""
    records = []
    try:
        folders = sorted(p for p in (base / PLAYERS).iterdir() if p.is_dir())
    except OSError:
        return []
    for folder in folders:
        record = PlayerRecord(folder.name, "")
        try:
            who = _read(folder / "player.json")
            if isinstance(who, dict):
                record.name = str(who.get("name") or folder.name)
                record.class_code = str(who.get("class") or "")
            data = _read(folder / "progress.json")
            if data is not None:
                progress = Progress.from_json(data)
                record.best = {k: e.best for k, e in progress.levels.items() if e.best is not None}
                record.finished = sum(1 for e in progress.levels.values() if e.finished)
        except ValueError:
            record.damaged = True
        records.append(record)
    records.sort(key=lambda r: (r.class_code.lower(), r.name.lower()))
    return records


def class_csv(records: list[PlayerRecord], levels: list[str]) -> str:
    """The class view as CSV: one row per player, a column per level's best score."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["class", "player", "levels_finished", "apples", *levels])
    for record in records:
        best = [str(record.best.get(level, "")) for level in levels]
        writer.writerow([record.class_code, record.name, record.finished, record.apples, *best])
    return out.getvalue()
