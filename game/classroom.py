"""A served classroom: one record per player in the data folder, and the teacher's class view.

When `mesa-maze serve` hands out one game per browser tab, each tab asks for
a player's name (and perhaps a class code) and keeps that player's settings,
progress and replays in a folder of its own, `players/<class>-<name>-<fingerprint>/`
below the server's data folder, with `player.json` saying who it is (the name and
class code exactly as typed). A folder's name is the readable part of the class
code and name plus a short fingerprint of both as typed, so two students whose
names differ never share a record, whatever alphabet they write in. The
class view reads every player's folder; it never changes or moves a file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from game.fileio import read_bounded, write_atomic
from game.storage import SAVE_LIMIT, Progress

PLAYERS = "players"
MAX_NAME = 40
MAX_CLASS = 20
READABLE = 24
"""Characters of a name (and of a class code) kept readable in its folder's name."""
PLAYER_LIMIT = 64 << 10
"""player.json is small: a name and a class code."""


def typed(text: str) -> str:
    """A name or class code as kept: the text typed, trimmed, in one Unicode form (NFC)."""
    return unicodedata.normalize("NFC", text.strip())


def slug(text: str) -> str:
    """The readable part of a folder name: letters and digits of any script, dashes between words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "-", folded).strip("-")[:READABLE].strip("-")


def check_name(name: str) -> str | None:
    """What is wrong with a player's name, or None when it will do."""
    name = typed(name)
    if not name:
        return "Type your name (any name your teacher will recognise)."
    if len(name) > MAX_NAME:
        return f"A name is at most {MAX_NAME} characters."
    if not any(ch.isalnum() for ch in name):
        return "Use at least one letter or digit (of any alphabet)."
    if not name.isprintable():
        return "A name cannot hold control characters."
    return None


def digest(name: str, class_code: str, length: int = 8) -> str:
    """A short stable fingerprint of the name and class code exactly as typed."""
    who = json.dumps([typed(class_code), typed(name)], ensure_ascii=False)
    return hashlib.sha256(who.encode("utf-8")).hexdigest()[:length]


def player_folder(base: Path, name: str, class_code: str = "", length: int = 8) -> Path:
    """The folder that keeps one player's record: readable words and a fingerprint of the name as typed.

    Different names (or class codes) give different folders even when their
    readable parts agree: `Zoë` and `😀 Zoë`, `ANN` in 9b and `Ann [/]` in [/]9B.
    """
    stem = "-".join(part for part in (slug(class_code), slug(name)) if part) or "player"
    return base / PLAYERS / f"{stem}-{digest(name, class_code, length)}"


def _old_folder(base: Path, name: str, class_code: str) -> Path | None:
    """Where a record was kept before folders had fingerprints (`<class>--<name>`), if it exists."""
    old = re.sub(r"[^a-z0-9]+", "-", typed(name).lower()).strip("-")
    code = re.sub(r"[^a-z0-9]+", "-", typed(class_code).lower()).strip("-")
    if not old:
        return None
    return base / PLAYERS / (f"{code}--{old}" if code else old)


def _who(folder: Path) -> tuple[str, str] | None:
    try:
        data = json.loads(read_bounded(folder / "player.json", PLAYER_LIMIT).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    return typed(str(data.get("name", ""))), typed(str(data.get("class", "")))


@dataclass(frozen=True)
class Enrolment:
    """A player's folder, and whether they had signed in before."""

    folder: Path
    returning: bool


def enrol(base: Path, name: str, class_code: str = "") -> Enrolment:
    """Make (or find) a player's folder, saying who it belongs to in player.json.

    The same name and class code, typed again, reach the same folder. A record
    kept before folders had fingerprints is used when its player.json names
    exactly this player (never another player whose name looks alike).
    """
    name, class_code = typed(name), typed(class_code)
    me = (name, class_code)
    old = _old_folder(base, name, class_code)
    if old is not None and not player_folder(base, name, class_code).exists() and _who(old) == me:
        return Enrolment(old, True)
    for length in (8, 16, 64):  # a longer fingerprint in the unlikely case two names share a short one
        folder = player_folder(base, name, class_code, length)
        who = _who(folder) if (folder / "player.json").exists() else None
        if who is None or who == me:
            break
    returning = who == me
    folder.mkdir(parents=True, exist_ok=True)
    if not returning:
        write_atomic(folder / "player.json", json.dumps({"name": name, "class": class_code}) + "\n")
    return Enrolment(folder, returning)


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
