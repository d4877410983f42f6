"""Where level files are: packs (folders played in file-name order) and the built-in levels."""

from __future__ import annotations

import re
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
    """A level file itself, or every level file under a folder (sub-folders too, not hidden ones such
    as the editor's `.versions`)."""
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*.toml") if p.is_file() and not _hidden(p.relative_to(path).parent)
        )
    return [path]


def _hidden(folder: Path) -> bool:
    return any(part.startswith(".") for part in folder.parts)


def builtin_levels() -> list[tuple[str, Path]]:
    """Every built-in level as (short name, path): `campaign/4`, `examples/generated`…"""
    found = [(f"campaign/{n}", path) for n, path in enumerate(pack_files(campaign_dir()), 1)]
    found += [(f"examples/{path.stem}", path) for path in pack_files(examples_dir())]
    return found


def builtin_titles() -> dict[Path, str]:
    """The built-in levels' titles, by path (read from the files)."""
    from game.core.loader import check_file

    titles = {}
    for _, path in builtin_levels():
        level = check_file(path).level
        if level is not None:
            titles[path] = level.title
    return titles


NEAR_ENOUGH = 0.75
"""How alike a mistyped name must be to a level's name or title to be suggested (difflib's ratio)."""


def near_levels(name: str | Path, titles: dict[Path, str] | None = None) -> list[str]:
    """Built-in levels whose name or title is close to `name` (a typo), as "campaign/4 (The toy example)"."""
    from difflib import SequenceMatcher

    text = str(name).strip().removesuffix(".toml").lower()
    if re.fullmatch(r"campaign/\d+", text):  # a number out of range: no typo to guess at
        return []
    titles = builtin_titles() if titles is None else titles
    spelled: dict[str, str] = {}
    for short, path in builtin_levels():
        shown = f"{short} ({titles[path]})" if path in titles else short
        for key in (short, path.stem, titles.get(path, "")):
            if key:
                spelled.setdefault(key.lower(), shown)
    scored = sorted(((SequenceMatcher(None, text, key).ratio(), key) for key in spelled), reverse=True)
    best = scored[0][0] if scored else 0.0
    # the closest, and any as close (within a hair): "campain/4" is campaign/4, not campaign/9 too
    near = [key for ratio, key in scored[:3] if ratio >= NEAR_ENOUGH and ratio > best - 0.02]
    return list(dict.fromkeys(spelled[key] for key in near))


def find_level(name: str | Path, titles: dict[Path, str] | None = None) -> Path | None:
    """A built-in level named by its short name (`campaign/4`), its file name or its title.

    `titles` maps paths to titles when the caller has them; without it, a
    title is looked up by reading the built-in levels' `title` lines.
    """
    text = str(name).strip().removesuffix(".toml").lower()
    levels = builtin_levels()
    for short, path in levels:
        if text in (short, f"{short.split('/')[0]}/{path.stem}", path.stem):
            return path
    if titles is None:
        titles = builtin_titles()
    for _, path in levels:
        if titles.get(path, "").lower() == text:
            return path
    return None
