"""Helpers for driving the game through Textual's Pilot."""

from __future__ import annotations

import json
from pathlib import Path

from game.tui.app import MesaMazeApp
from tests.conftest import CAMPAIGN

TOY = CAMPAIGN / "04-toy-example.toml"


def make_app(data_dir: Path, *, repeat_ms: int = 0, autopilot: str = "fast", **kwargs) -> MesaMazeApp:
    """An app with its own data folder; held-key limits off so Pilot's presses all count."""
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = data_dir / "settings.json"
    if not settings.exists():
        settings.write_text(json.dumps({"move_repeat_ms": repeat_ms, "autopilot_speed": autopilot}))
    return MesaMazeApp(data_dir=data_dir, **kwargs)


async def press_all(pilot, keys: str | list[str]) -> None:
    for key in keys.split() if isinstance(keys, str) else keys:
        await pilot.press(key)


async def wait_for_screen(pilot, screen_type, tries: int = 50):
    """Pause until the app shows a screen of `screen_type` (or give up); returns the screen."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, screen_type):
            break
        await pilot.pause(0.05)
    return pilot.app.screen


def record_notices(app) -> list[str]:
    """Every message the app shows as a notification from now on (title and message)."""
    notices: list[str] = []
    notify = app.notify

    def recording(message, *, title="", **kwargs):
        notices.append(f"{title}: {message}" if title else str(message))
        return notify(message, title=title, **kwargs)

    app.notify = recording
    return notices
