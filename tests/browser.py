"""Drive the served game in headless Chromium (Debian's `chromium`) with Playwright."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served_game(
    data_dir: Path, port: int | None = None, shared: bool = False, cwd: Path | None = None
) -> Iterator[str]:
    """`mesa-maze serve` on a free loopback port (started in `cwd`); yields its address, stops it afterwards."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    command = [sys.executable, "-m", "game", "--data-dir", str(data_dir), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command + (["--shared"] if shared else []), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped: {server.stderr.read().decode()[-500:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@contextlib.contextmanager
def headless_browser():
    """Debian's Chromium, headless, started by Playwright (which downloads no browser of its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def new_tab(browser, width: int = 1280, height: int = 800):
    return browser.new_context(viewport={"width": width, "height": height}).new_page()


def open_game(page, url: str) -> float:
    """Load the page and wait for the game's first frame; returns seconds from load to first frame."""
    page.goto(url, wait_until="domcontentloaded")
    began = time.perf_counter()
    page.wait_for_selector("body.-first-byte", timeout=20_000)
    return time.perf_counter() - began


DEADLINE = 30.0
"""Seconds any one wait in the page may take: long enough for a machine busy with other work."""


def blank(png: bytes) -> bool:
    """Whether a screenshot is one colour all over (the canvas before the game draws on it)."""
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1) is not None


def changed_canvas(page, since: bytes | None = None) -> bytes:
    """A screenshot of the game's canvas once it is drawn and differs from `since` (or the deadline passes)."""
    deadline = time.monotonic() + DEADLINE
    shot = page.locator("#terminal").screenshot()
    while (blank(shot) or shot == since) and time.monotonic() < deadline:
        time.sleep(0.1)
        shot = page.locator("#terminal").screenshot()
    return shot


def settled_canvas(page, changed_from: bytes | None = None, quiet: float = 0.6) -> bytes:
    """A screenshot once the canvas is drawn, differs from `changed_from` (when given) and has
    then not changed for `quiet` seconds; on a busy machine a key's effect can take a while."""
    deadline = time.monotonic() + DEADLINE
    shot = changed_canvas(page, changed_from)
    still_since = time.monotonic()
    while time.monotonic() - still_since < quiet and time.monotonic() < deadline:
        time.sleep(0.15)
        latest = page.locator("#terminal").screenshot()
        if latest != shot:
            shot, still_since = latest, time.monotonic()
    return shot


def sign_in(page, name: str, class_code: str = "") -> None:
    """Answer the served game's first question: who is playing."""
    page.click("#terminal", position={"x": 4, "y": 60})
    asked = settled_canvas(page)
    page.keyboard.type(name)
    typed = settled_canvas(page, asked)
    page.keyboard.press("Enter")
    settled_canvas(page, typed)  # the class code field takes the focus before the next keys
    page.keyboard.type(class_code)
    page.keyboard.press("Enter")


def game_processes(data_dir: Path, spares: bool = False) -> list[int]:
    """Process ids of the games serving `data_dir`, one per open tab, from the process table;
    with `spares`, those of the games started ahead of a tab and not yet given one (game/spare.py)."""
    from game.spare import GAME_NAME, SPARE_VARIABLE

    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            marked = f"{SPARE_VARIABLE}=1".encode() in (entry / "environ").read_bytes().split(b"\0")
            spare = marked and (entry / "comm").read_text().strip() != GAME_NAME
        except OSError:
            continue
        if b"--ask-player" in command and str(data_dir.resolve()).encode() in command and spare == spares:
            found.append(int(entry.name))
    return found


WALL_GREY = (148, 148, 148)
"""grey58, the standard palette's grey walls."""
STRATEGY_COLOURS = ((88, 209, 235), (253, 151, 31), (152, 224, 36), (244, 0, 95))
"""The payoff chart's line colours in the browser's terminal: cyan, orange, green and magenta."""


@dataclass(frozen=True)
class Pixels:
    count: int
    bbox: tuple[int, int, int, int]
    """left, top, right, bottom of the matching pixels (all 0 when none match)."""


def image_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(png)).size


def pixels_like(png: bytes, colour: tuple[int, int, int], tolerance: int = 40, solid: int = 1) -> Pixels:
    """The pixels of a screenshot within `tolerance` of `colour` on every channel.

    With `solid` above 1, the box counts only rows and columns holding at
    least that many such pixels: solid blocks, not the edges of letters.
    """
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    match = (np.abs(rgb - np.array(colour)) <= tolerance).all(axis=2)
    rows = np.flatnonzero(match.sum(axis=1) >= solid)
    cols = np.flatnonzero(match.sum(axis=0) >= solid)
    if rows.size == 0 or cols.size == 0:
        return Pixels(0, (0, 0, 0, 0))
    return Pixels(int(match.sum()), (int(cols.min()), int(rows.min()), int(cols.max()), int(rows.max())))
