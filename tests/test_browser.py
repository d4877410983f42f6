"""The game in a real browser: `mesa-maze serve`, headless Chromium, keys pressed in the page."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.browser import chromium_path, free_port, headless_browser, new_tab, open_game, served_game

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


def settled_shot(page, path) -> bytes:
    """A screenshot once the canvas has stopped changing."""
    previous = b""
    for _ in range(30):
        time.sleep(0.2)
        shot = page.locator("#terminal").screenshot()
        if shot == previous:
            break
        previous = shot
    path.write_bytes(previous)
    return previous


def test_play_in_the_browser(tmp_path):
    with served_game(tmp_path / "data") as url, headless_browser() as browser:
        page = new_tab(browser)
        first_frame = open_game(page, url)
        assert first_frame < 5.0
        page.click("#terminal", position={"x": 4, "y": 60})  # focus it, on the title's blank margin
        menu = settled_shot(page, tmp_path / "menu.png")
        page.keyboard.press("Enter")  # campaign
        campaign = settled_shot(page, tmp_path / "campaign.png")
        assert campaign != menu
        page.keyboard.press("Enter")  # the first level
        level = settled_shot(page, tmp_path / "level.png")
        assert level != campaign
        assert level != menu
        page.keyboard.press("ArrowRight")
        moved = settled_shot(page, tmp_path / "moved.png")
        assert moved != level  # the agent moved and the steps left changed
        page.keyboard.press("i")
        described = settled_shot(page, tmp_path / "described.png")
        assert described != moved
        assert (tmp_path / "moved.png").stat().st_size > 10_000  # a real picture of the game


def test_each_tab_runs_a_game_of_its_own(tmp_path):
    with served_game(tmp_path / "data") as url, headless_browser() as browser:
        first, second = new_tab(browser), new_tab(browser)
        open_game(first, url)
        open_game(second, url)
        first.click("#terminal", position={"x": 4, "y": 60})
        before = settled_shot(second, tmp_path / "second-before.png")
        first.keyboard.press("Enter")
        settled_shot(first, tmp_path / "first-after.png")
        assert settled_shot(second, tmp_path / "second-after.png") == before


def test_a_taken_port_gets_a_clear_error(tmp_path):
    port = free_port()
    with served_game(tmp_path, port):
        result = subprocess.run(
            [sys.executable, "-m", "game", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1 port {port}" in result.stderr and "Traceback" not in result.stderr
