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
    settled_canvas,
    sign_in,
)

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


def settled_shot(page, path, changed_from: bytes | None = None) -> bytes:
    """A screenshot once the canvas is drawn, differs from `changed_from` and is still; kept at `path`."""
    shot = settled_canvas(page, changed_from)
    path.write_bytes(shot)
    return shot


def test_play_in_the_browser(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        page = new_tab(browser)
        open_game(page, url)  # waits for the first frame; benchmarks/tui.py measures how soon it comes
        page.click("#terminal", position={"x": 4, "y": 60})  # focus it, on the title's blank margin
        menu = settled_shot(page, tmp_path / "menu.png")
        page.keyboard.press("Enter")  # campaign
        campaign = settled_shot(page, tmp_path / "campaign.png", changed_from=menu)
        assert campaign != menu
        page.keyboard.press("Enter")  # the first level
        level = settled_shot(page, tmp_path / "level.png", changed_from=campaign)
        width, height = image_size(level)

        def walls(png: bytes) -> tuple[int, int, int, int]:
            return pixels_like(png, WALL_GREY, tolerance=2, solid=60).bbox

        def fills(box: tuple[int, int, int, int]) -> bool:
            left, top, right, bottom = box
            return right - left > 0.4 * width and bottom - top > 0.4 * height

        deadline = time.monotonic() + 30  # on a busy machine the zoom to fit can come a while later
        while not fills(walls(level)) and time.monotonic() < deadline:
            level = settled_shot(page, tmp_path / "level.png", changed_from=level)
        assert level != campaign
        assert level != menu
        page.keyboard.press("ArrowRight")
        moved = settled_shot(page, tmp_path / "moved.png", changed_from=level)
        assert moved != level  # the agent moved and the steps left changed
        page.keyboard.press("i")
        described = settled_shot(page, tmp_path / "described.png", changed_from=moved)
        assert described != moved
        assert (tmp_path / "moved.png").stat().st_size > 10_000  # a real picture of the game
        # the zoom: a small maze fills its box, its walls spanning most of the page's width and height
        assert fills(walls(level)), walls(level)


def test_the_payoff_chart_in_the_browser(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        page = new_tab(browser)
        open_game(page, url)
        page.click("#terminal", position={"x": 4, "y": 60})
        menu = settled_shot(page, tmp_path / "menu.png")
        for _ in range([key for key, _, _ in ENTRIES].index("payoff")):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")  # the payoff lab
        chart = settled_shot(page, tmp_path / "payoff.png", changed_from=menu)

        def counts(png: bytes) -> list[int]:
            return [pixels_like(png, colour).count for colour in STRATEGY_COLOURS]

        # one colour per strategy, each drawn as a line of dozens of cells (the legend alone is a few),
        # not one merged shape; a busy machine may take a while to draw them all
        deadline = time.monotonic() + 30
        while min(counts(chart)) <= 400 and time.monotonic() < deadline:
            chart = settled_shot(page, tmp_path / "payoff.png", changed_from=chart)
        assert min(counts(chart)) > 400, counts(chart)


def test_each_tab_runs_a_game_of_its_own(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        first, second = new_tab(browser), new_tab(browser)
        open_game(first, url)
        open_game(second, url)
        first.click("#terminal", position={"x": 4, "y": 60})
        before = settled_shot(second, tmp_path / "second-before.png")
        first_before = settled_shot(first, tmp_path / "first-before.png")
        first.keyboard.press("Enter")
        assert settled_shot(first, tmp_path / "first-after.png", changed_from=first_before) != first_before
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
        menu = settled_shot(first, tmp_path / "ada-menu.png", changed_from=asking)
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
