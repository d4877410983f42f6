"""The player's own keys (`"keymap"` in settings.json), checked before Textual applies them."""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from difflib import get_close_matches

from textual.binding import Binding
from textual.keys import KEY_ALIASES, KEY_NAME_REPLACEMENTS, Keys

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
NAMED_KEYS = (
    {key.value.rsplit("+", 1)[-1] for key in Keys} | set(KEY_ALIASES) | set(KEY_NAME_REPLACEMENTS.values())
)
"""Key names Textual knows besides single characters and characters' names (question_mark)."""


def is_key(name: str) -> bool:
    """Whether `name` is one key as Textual spells it: "x", "f5", "ctrl+s", "question_mark"."""
    *modifiers, base = name.strip().lower().split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in NAMED_KEYS:
        return True
    try:
        unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return False
    return True


def binding_ids(*extra: list[Binding | tuple]) -> set[str]:
    """The id of every binding of the game's screens and widgets (and of `extra` lists)."""
    from game.tui import screens, widgets

    ids = {b.id for bindings in extra for b in bindings if isinstance(b, Binding) and b.id}
    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and value.__module__ == module.__name__:
                    bindings = getattr(value, "BINDINGS", [])
                    ids |= {b.id for b in bindings if isinstance(b, Binding) and b.id}
    return ids


def check_keymap(keymap: dict[str, str], ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The entries that can be applied, and a sentence for each one that cannot (it is left out)."""
    usable: dict[str, str] = {}
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in ids:
            near = get_close_matches(binding_id, sorted(ids), n=1)
            guess = f" (did you mean {near[0]}?)" if near else ""
            problems.append(f"{binding_id!r} is not the id of any of the game's keys{guess}")
            continue
        bad = [key for key in keys.split(",") if not is_key(key)]
        if bad or not keys.strip():
            problems.append(f"{keys!r} (for {binding_id}) is not a key name, such as x, f5 or ctrl+s")
            continue
        usable[binding_id] = keys
    return usable, problems
