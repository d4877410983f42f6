"""The served page itself: the keyboard is the game's from the start, the tab has a title and an icon."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time

import pytest

from game.classroom import class_records
from tests.browser import (
    DEADLINE,
    chromium_path,
    free_port,
    headless_browser,
    new_tab,
    served_game,
    settled_canvas,
)

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


def test_a_name_typed_as_the_page_opens_reaches_the_game_without_a_click(tmp_path):
    data = tmp_path / "data"
    with served_game(data) as url, headless_browser() as browser:
        page = new_tab(browser, 1280, 720)
        page.goto(url, wait_until="load")
        # the keyboard is the terminal's by itself, with no click
        page.wait_for_function("document.activeElement.matches('#terminal textarea')", timeout=DEADLINE * 1000)
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


def test_serve_prints_a_projector_address_whose_larger_text_still_holds_the_game(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    command = [sys.executable, "-m", "game", "--data-dir", str(tmp_path), "serve", "--port", str(port), "--shared"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert server.stdout is not None
        printed = [server.stdout.readline() for _ in range(2)]
        assert printed[0].startswith(f"Mesa Maze is served at http://127.0.0.1:{port} ")
        projector = re.search(r"For a projector: (\S+)", printed[1])
        assert projector, printed
        assert projector[1] == f"http://127.0.0.1:{port}/?fontsize=20"
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.1)
        sizes = {}
        with headless_browser() as browser:
            for address in (f"http://127.0.0.1:{port}", projector[1]):
                page = new_tab(browser, 1280, 720)
                with page.expect_websocket() as opened:
                    page.goto(address, wait_until="load")
                query = dict(part.split("=") for part in opened.value.url.split("?")[1].split("&"))
                sizes[address] = (int(query["width"]), int(query["height"]))
                page.context.close()
        (columns, rows), (default_columns, default_rows) = sizes[projector[1]], sizes[f"http://127.0.0.1:{port}"]
        assert columns < default_columns and rows < default_rows  # larger text
        assert columns >= 80 and rows >= 24  # and the game's smallest screen still fits
    finally:
        server.terminate()
        server.wait(timeout=30)
