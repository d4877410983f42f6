"""Files on disk: written so that a crash or a full disk never leaves half a file behind, and read
only when they are regular files, never more than a bound (a pipe or /dev/zero never hangs a read)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` to `path` via a temporary file in the same folder and an atomic rename.

    The file is private to its owner (0600) unless `mode` says otherwise.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write `text` to a new file `stem+suffix` in `folder` (or `stem-2`, `stem-3`... when taken); its path.

    The name is claimed atomically: the whole file is written under a temporary
    name and then hard-linked to its name, which fails when another process
    took the name first, so two writers at the same moment both keep theirs.
    """
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        n = 1
        while True:
            path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            try:
                os.link(temporary, path)
                return path
            except FileExistsError:
                n += 1
            except OSError:  # no hard links here: claim the name exclusively, then move the text in
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    n += 1
                    continue
                os.replace(temporary, path)
                return path
    finally:
        Path(temporary).unlink(missing_ok=True)


class NotReadable(OSError):
    """A file the game will not read: not a regular file, or larger than its limit.

    Its `strerror` is the plain reason, so every `except OSError` that already
    reports `error.strerror` says it as it is.
    """

    def __init__(self, reason: str, size: int | None = None) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.size = size
        """For a file too large: its size in bytes (None for any other reason)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "an unusual kind of file"


_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
"""Open flags: a pipe or a terminal opens without waiting for a writer (it is then refused)."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, read at most `limit` + 1 bytes.

    Pipes, devices (a link to /dev/zero), sockets and folders are refused at
    once, before a single byte is read: the file is opened without blocking
    and checked with fstat, not by name. A file longer than `limit` raises
    `NotReadable` saying so. A missing file raises FileNotFoundError as usual.
    """
    fd = os.open(path, os.O_RDONLY | _NO_WAIT)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotReadable(f"it is {_kind(status.st_mode)}, not a regular file")
        if status.st_size > limit:
            raise NotReadable(_too_large(limit), status.st_size)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise NotReadable(_too_large(limit), len(data))
    return data


def read_bounded_text(path: Path, limit: int) -> str:
    """`read_bounded` decoded as UTF-8 (a byte-order mark dropped); UnicodeDecodeError when it is not text."""
    return read_bounded(path, limit).decode("utf-8").removeprefix("\ufeff")


def _too_large(limit: int) -> str:
    return f"it is larger than {_size(limit)}, the most this file may hold"


def _size(limit: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit:,} bytes"


LOG_LIMIT = 64 << 20
"""The most bytes of a class log (CSV) the game appends to."""


def read_log(path: Path) -> str:
    """The text of a log the game appends to: "" when it does not exist yet (bounded, regular files only)."""
    try:
        return read_bounded(path, LOG_LIMIT).decode("utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError:
        raise NotReadable("it is not UTF-8 text") from None
