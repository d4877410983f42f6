"""Whether a screen is still there for a worker's result to land on."""

from __future__ import annotations

from textual.screen import Screen


def still_shown(screen: Screen) -> bool:
    """True while `screen` is on the app's stack: a worker's result may arrive after the player left."""
    return screen.is_attached and screen in screen.app.screen_stack
