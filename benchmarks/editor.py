"""Figures for the level editor: `python -m benchmarks.editor` prints them.

Typing into the largest campaign level through Textual's Pilot (headless,
so the terminal's own drawing is not counted):

- key to echoed character: from the key press to the text area's change;
- key to updated problems and preview: from the key press until the
  problem list and the preview show the checked text (the checker runs in
  a worker thread);

and the same for a level with a 255x255 drawn map, the largest the format allows.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from pathlib import Path

import numpy as np
from textual import events
from textual.message import Message
from textual.widgets import TextArea

from game.core.packs import campaign_dir
from game.tui import launch
from game.tui.app import MesaMazeApp

KEYS = 80


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95)) * 1000


async def measure(level: Path, data: Path) -> tuple[list[float], list[float]]:
    """(echo, check) latencies in seconds, each from the key event's own timestamp."""
    keys: list[float] = []
    echoes: list[float] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Key):
            keys.append(message.time)
        elif isinstance(message, TextArea.Changed) and keys:
            echoes.append(message.time - keys[-1])

    app = MesaMazeApp(launch.editor(level), data_dir=data)
    checks: list[float] = []
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        screen = app.screen
        area = screen.text_area
        while screen.checked_version != screen.version:
            await pilot.pause(0.01)
        area.move_cursor((0, 0))
        await pilot.press("#", " ")  # type into a comment on the first line
        keys.clear()
        echoes.clear()
        for n in range(KEYS):
            await pilot.press("x" if n % 8 else "space")
            while screen.checked_version != screen.version:
                await asyncio.sleep(0.0005)
            checks.append(screen.checked_at - keys[-1])
            await pilot.pause(0.02)  # about the pace of fast typing
    return echoes, checks


def big_level(folder: Path) -> Path:
    """A level with one 255x255 drawn map: the largest map the format allows."""
    rng = np.random.default_rng(0)
    rows = []
    for r in range(255):
        row = ["#" if r in (0, 254) or c in (0, 254) or rng.random() < 0.2 else "." for c in range(255)]
        rows.append(row)
    rows[1][1], rows[253][253] = "@", "E"
    for r in range(1, 254):
        rows[r][1] = rows[r][1] if rows[r][1] == "@" else "."
    for c in range(1, 254):
        rows[253][c] = "E" if c == 253 else "."
    text = "\n".join("".join(row) for row in rows)
    path = folder / "big.toml"
    path.write_text(f'format = 1\ntitle = "Big"\n[[episode]]\nphase = "training"\nmap = """\n{text}\n"""\n')
    return path


def main() -> None:
    largest = max(campaign_dir().glob("*.toml"), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as folder:
        cases = [
            (f"largest campaign level ({largest.name})", largest),
            ("255x255 drawn map", big_level(Path(folder))),
        ]
        for name, path in cases:
            echoes, checks = asyncio.run(measure(path, Path(folder) / "data"))
            print(f"{name}, {KEYS} keys:")
            for what, values, target in (
                ("key to echoed character", echoes, 16),
                ("key to updated problems and preview", checks, 50),
            ):
                median = statistics.median(values) * 1000
                print(f"  {what:<36} p95 {p95(values):6.1f} ms  median {median:6.1f} ms  [< {target} ms]")


if __name__ == "__main__":
    main()
