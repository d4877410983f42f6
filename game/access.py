"""What the game may touch on disk: everything in the teacher's own terminal, one folder in a served tab.

A served browser tab belongs to a stranger: it reads, lists and writes only
inside its player's data folder (or the class's, with `--shared`), and reads
the shipped levels. The app is given one `Access` when it starts and asks it
before every path a person typed or picked; screens never decide this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from game.core.packs import levels_root

LEVELS = "levels"
"""The folder inside a served player's data folder for their own level files."""


def _real(path: Path) -> Path:
    """The path with every link followed and `..` removed (also for a path that does not exist yet)."""
    return Path(os.path.realpath(path))


@dataclass(frozen=True)
class Access:
    """The rule for paths: `home` None means the whole disk (the teacher's terminal)."""

    home: Path | None = None

    @classmethod
    def full(cls) -> Access:
        return cls(None)

    @classmethod
    def served(cls, folder: Path) -> Access:
        """A served tab: only `folder` (read and write) and the shipped levels (read)."""
        return cls(_real(folder))

    @property
    def limited(self) -> bool:
        return self.home is not None

    def levels_folder(self) -> Path:
        """Where the custom-level picker and the editor start: the player's own levels (or this folder)."""
        if self.home is None:
            return Path.cwd()
        folder = self.home / LEVELS
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return self.home
        return folder

    def path(self, typed: str) -> Path:
        """A path as typed: `~` expanded; in a served tab, a relative path starts in the player's levels."""
        path = Path(typed).expanduser() if self.home is None else Path(typed)
        return path if path.is_absolute() or self.home is None else self.levels_folder() / path

    def _inside(self, path: Path, *roots: Path) -> bool:
        real = _real(path)
        return any(real == root or real.is_relative_to(root) for root in roots)

    def can_read(self, path: Path) -> bool:
        if self.home is None:
            return True
        return self._inside(path, self.home, _real(levels_root()))

    def can_write(self, path: Path) -> bool:
        if self.home is None:
            return True
        return self._inside(path, self.home)

    def refuse_read(self, path: Path) -> str | None:
        """Why `path` may not be read or listed here, in plain words; None when it may."""
        if self.can_read(path):
            return None
        return f"{path} is outside your own folder. Here you can open your levels in {self.levels_folder()}."

    def refuse_write(self, path: Path) -> str | None:
        """Why `path` may not be written here, in plain words; None when it may."""
        if self.can_write(path):
            return None
        if self.can_read(path):
            return (
                f"{path} is a built-in level: it can be read but not changed. "
                f"Save a copy in {self.levels_folder()}."
            )
        return f"{path} is outside your own folder. Here you can save levels in {self.levels_folder()}."
