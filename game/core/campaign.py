"""The campaign, read once: its level files in order, each checked, and the key progress keeps them by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game.core.level import Level
from game.core.packs import campaign_dir, levels_root, pack_files


def level_key(path: Path) -> str:
    """Progress key of a level: its place in the built-in levels (`campaign/04-toy-example.toml`), or
    its full path for a level of the player's own."""
    resolved = path.resolve()
    root = levels_root().resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(resolved)


def campaign_keys() -> list[str]:
    """The progress keys of the campaign's levels in order, without checking their files."""
    return [level_key(path) for path in pack_files(campaign_dir())]


@dataclass(frozen=True)
class CampaignLevel:
    """One level of the campaign: its file, its progress key and the level (None: it has errors)."""

    path: Path
    key: str
    level: Level | None


@dataclass(frozen=True)
class Campaign:
    """The campaign's levels in the order they are played."""

    levels: tuple[CampaignLevel, ...]

    @property
    def files(self) -> list[Path]:
        return [entry.path for entry in self.levels]

    def is_open(self, n: int, finished: Callable[[str], bool]) -> bool:
        """Level `n` (from 0) may be played: the first, a finished one, or the one after a finished
        one; `finished(key)` says which levels are finished."""
        return n == 0 or any(finished(self.levels[k].key) for k in (n - 1, n))


@cache
def campaign() -> Campaign:
    """The built-in campaign, read and checked the first time it is asked for."""
    from game.core.loader import check_file

    files = pack_files(campaign_dir())
    return Campaign(tuple(CampaignLevel(path, level_key(path), check_file(path).level) for path in files))
