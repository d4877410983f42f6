"""The game in a real browser: `mesa-maze serve`, headless Chromium, keys pressed in the page."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from game.classroom import class_records
from game.tui.screens.menu import ENTRIES
from tests.browser import (
    STRATEGY_COLOURS,
    WALL_GREY,
    chromium_path,
    free_port,
    game_processes,
    headless_browser,
    image_size,
    new_tab,
    open_game,
    pixels_like,
    served_game,
    sign_in,
)

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
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
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
        # the zoom: a small maze fills its box, its walls spanning most of the page's width and height
        left, top, right, bottom = pixels_like(level, WALL_GREY, tolerance=2, solid=60).bbox
        width, height = image_size(level)
        assert right - left > 0.4 * width and bottom - top > 0.4 * height, (left, top, right, bottom)


def test_the_payoff_chart_in_the_browser(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        page = new_tab(browser)
        open_game(page, url)
        page.click("#terminal", position={"x": 4, "y": 60})
        settled_shot(page, tmp_path / "menu.png")
        for _ in range([key for key, _, _ in ENTRIES].index("payoff")):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")  # the payoff lab
        chart = settled_shot(page, tmp_path / "payoff.png")
        # one colour per strategy, each drawn as a line of dozens of cells (the legend alone is a few), not one merged shape
        lines = [colour for colour in STRATEGY_COLOURS if pixels_like(chart, colour).count > 400]
        assert len(lines) == len(STRATEGY_COLOURS), [pixels_like(chart, c).count for c in STRATEGY_COLOURS]


def test_each_tab_runs_a_game_of_its_own(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
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


def test_each_tab_asks_who_plays_and_keeps_their_record_apart(tmp_path):
    data = tmp_path / "data"
    with served_game(data) as url, headless_browser() as browser:
        first, second = new_tab(browser), new_tab(browser)
        open_game(first, url)
        open_game(second, url)
        asking = settled_shot(first, tmp_path / "who.png")
        sign_in(first, "Ada", "9B")
        sign_in(second, "Grace", "9B")
        menu = settled_shot(first, tmp_path / "ada-menu.png")
        assert menu != asking
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(list((data / "players").glob("*/player.json"))) < 2:
            time.sleep(0.2)
        assert sorted((r.name, r.class_code) for r in class_records(data)) == [("Ada", "9B"), ("Grace", "9B")]
        assert len(game_processes(data)) == 2
        second.close()  # a student closes the tab
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(game_processes(data)) > 1:
            time.sleep(0.2)
        assert len(game_processes(data)) == 1  # that tab's game is gone; the other plays on
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and game_processes(data):
        time.sleep(0.2)
    assert game_processes(data) == []  # the server stopped: no game left behind


def test_the_served_page_fetches_nothing_from_outside(tmp_path):
    from game.serve_page import offline_page

    assert "googleapis" not in offline_page('<link rel="stylesheet" href="https://fonts.googleapis.com/x" />')
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        page = new_tab(browser)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        open_game(page, url)
        settled_shot(page, tmp_path / "menu.png")
        assert asked and all(
            address.startswith(("http://127.0.0.1", "ws://127.0.0.1")) for address in asked
        ), [a for a in asked if "127.0.0.1" not in a]
        fonts = page.evaluate("Array.from(document.fonts).map(f => f.family + ' ' + f.status)")
        assert any("Roboto Mono" in font for font in fonts)
