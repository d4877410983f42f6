"""A held key's repeats as the served page marks them.

A terminal sends a held key as the same key again and again, so the play screen
has to tell repeats from presses by timing (game/tui/held_key.py), and on a
busy machine, or through a served tab's websocket, presses that arrive close
together can look like a repeat. A browser knows: each key press comes with a
`repeat` flag. The served page (game/serve_page.py) sends a repeat with the
terminal's *hyper* modifier, which no browser terminal sends otherwise, and the
app turns it back into the plain key, as a `Key` of this module, before any
widget sees it. A held letter still types in a text field; the play screen
knows for certain which movement keys are repeats, and every other key is a
press.
"""

from __future__ import annotations

from textual import events

MARK = "hyper+"
"""The modifier the served page puts on a held key's repeats."""


class Key(events.Key):
    """A key that is a held key's repeat (the served page said so); handled as any other key."""


def unmark(event: events.Key) -> events.Key | None:
    """The plain key a marked repeat stands for (with its arrival time), or None for other keys."""
    if not event.key.startswith(MARK):
        return None
    plain = Key(event.key.removeprefix(MARK), event.character)
    plain.time = event.time
    return plain
