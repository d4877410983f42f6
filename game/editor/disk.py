"""The edited file on disk: what it was when the editor read or wrote it, and the versions it replaced.

The editor keeps the `Seen` state (modification time, size and a digest of the
bytes) of the file as it last read or saved it. Before a save it asks whether
the file is still that one: a change made outside (another editor, a second
tab) is then never overwritten without asking. Every save first keeps the text
it replaces in a versions folder beside the file (`.versions/NAME/`), the
newest `KEEP_VERSIONS` of them, so no save loses what was there.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from game.fileio import read_bounded, write_new

VERSIONS = ".versions"
"""The folder beside an edited file that holds its earlier versions (hidden from the level picker)."""
KEEP_VERSIONS = 20
"""How many earlier versions of one file are kept; the oldest beyond that are removed."""


@dataclass(frozen=True)
class Seen:
    """A file as the editor last saw it: its modification time (ns), its size and its bytes' digest."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of_bytes(cls, path: Path, data: bytes) -> Seen:
        """The state of `path`, whose bytes were just read (or written) as `data`."""
        status = path.stat()
        return cls(status.st_mtime_ns, status.st_size, _digest(data))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_seen(path: Path, limit: int) -> tuple[bytes, Seen]:
    """The bytes of `path` (bounded, regular files only) and its state as read."""
    data = read_bounded(path, limit)
    return data, Seen.of_bytes(path, data)


def changed_since(path: Path, seen: Seen | None, limit: int) -> bool:
    """Whether `path` is no longer the file `seen` (None: the file did not exist then).

    Time and size are compared first; when either differs the bytes decide, so a file
    only touched (same bytes) is not a change. A file that is gone is not a change to
    protect (saving writes it again); one that appeared where there was none is.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        return False
    if seen is None:
        return True
    if status.st_mtime_ns == seen.mtime_ns and status.st_size == seen.size:
        return False
    try:
        return _digest(read_bounded(path, limit)) != seen.digest
    except OSError:
        return True  # it can no longer be read as it was: something else is there


def versions_folder(path: Path) -> Path:
    """Where the earlier versions of `path` are kept: `.versions/NAME/` beside it."""
    return path.parent / VERSIONS / path.name


def keep_version(path: Path, data: bytes, keep: int = KEEP_VERSIONS) -> Path:
    """Keep `data` (the text `path` holds before a save) as a new version of it; the version's path.

    Each version has its own name (the time of the save; `-2`, `-3`... if two share it,
    claimed atomically), so none overwrites another. Only the newest `keep` are left.
    """
    folder = versions_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + f".{int(now * 1e6) % 1_000_000:06d}"
    kept = write_new(folder, f"{path.stem}-{stamp}", path.suffix, data.decode("utf-8", errors="replace"))
    prune_versions(folder, keep)
    return kept


def list_versions(path: Path) -> list[Path]:
    """The kept versions of `path`, oldest first."""
    folder = versions_folder(path)
    if not folder.is_dir():
        return []
    found = []
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
            found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name, Path(entry.path)))
    return [p for _, _, p in sorted(found)]


def prune_versions(folder: Path, keep: int) -> None:
    """Remove the oldest versions in `folder` beyond the newest `keep`."""
    versions = list_versions(folder.parent.parent / folder.name)
    for old in versions[: max(0, len(versions) - keep)]:
        old.unlink(missing_ok=True)
