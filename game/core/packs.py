"""Where level files are: packs (folders played in file-name order) and the built-in levels."""

from __future__ import annotations

from pathlib import Path

PACKAGED_LEVELS = Path(__file__).resolve().parent.parent / "levels"
"""Where a wheel installs the levels (`game/levels`)."""

CHECKOUT_LEVELS = Path(__file__).resolve().parent.parent.parent / "levels"
"""Where the levels are in a source checkout or an editable install."""


def levels_root(packaged: Path = PACKAGED_LEVELS, checkout: Path = CHECKOUT_LEVELS) -> Path:
    """The built-in levels folder: the packaged copy, or the checkout's when there is none."""
    if packaged.is_dir():
        return packaged
    return checkout


def campaign_dir() -> Path:
    return levels_root() / "campaign"


def examples_dir() -> Path:
    return levels_root() / "examples"


def pack_files(folder: Path) -> list[Path]:
    """The level files of a pack, in file-name order."""
    return sorted((p for p in folder.glob("*.toml") if p.is_file()), key=lambda p: p.name)


def files_to_check(path: Path) -> list[Path]:
    """A level file itself, or every level file under a folder (sub-folders too)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.toml") if p.is_file())
    return [path]
