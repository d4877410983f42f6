"""The served page itself: the keyboard is the game's from the start, the tab has a title and an icon."""

from __future__ import annotations

import os
import time

import pytest

from game.classroom import class_records
from tests.browser import DEADLINE, chromium_path, headless_browser, new_tab, served_game, settled_canvas

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


def test_a_name_typed_as_the_page_opens_reaches_the_game_without_a_click(tmp_path):
    data = tmp_path / "data"
    with served_game(data) as url, headless_browser() as browser:
        page = new_tab(browser, 1280, 720)
        page.goto(url, wait_until="load")
        assert page.evaluate("document.activeElement.matches('#terminal textarea')")
        page.keyboard.type("Ada")  # at once: the game has not even drawn yet
        page.keyboard.press("Enter")
        page.wait_for_selector("body.-first-byte", timeout=DEADLINE * 1000)
        asked = settled_canvas(page)  # the class code field has the focus
        page.keyboard.type("9B")
        page.keyboard.press("Enter")
        settled_canvas(page, asked)
        deadline = time.monotonic() + DEADLINE
        while not class_records(data) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [(r.name, r.class_code) for r in class_records(data)] == [("Ada", "9B")]


def test_the_page_has_a_title_and_an_icon(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        page = new_tab(browser)
        page.goto(url, wait_until="load")
        assert page.title() == "Mesa Maze"
        icon = page.evaluate(
            """async () => {
                const image = new Image();
                image.src = document.querySelector("link[rel=icon]").href;
                await image.decode();
                return [image.naturalWidth, image.naturalHeight];
            }"""
        )
        assert icon[0] > 0 and icon[1] > 0
