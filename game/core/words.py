"""Counted words for what the game says: "1 green apple", "3 green apples"."""

from __future__ import annotations


def count(n: int, word: str, plural: str | None = None) -> str:
    """`n` and `word`, plural unless `n` is one ("1 error", "2 errors", "0 errors")."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def sentence(text: str) -> str:
    """`text` with its first letter made a capital, the rest as it is (unlike `str.capitalize`)."""
    return text[:1].upper() + text[1:]
