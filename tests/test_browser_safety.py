"""A student's tab in Chromium: it sees only its own folder, and any name signs in and is shown as typed."""

from __future__ import annotations

import os
import time

import pytest

from game.classroom import class_records, enrol
from game.tui.screens.menu import ENTRIES
from tests.browser import chromium_path, headless_browser, new_tab, open_game, served_game
from tests.conftest import CAMPAIGN

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

KEYS = [key for key, _, _ in ENTRIES if key != "class"]  # a student's menu has no class view


class Screen:
    """Everything the game sent to one tab, as text (the terminal's bytes, escapes and all)."""

    def __init__(self, page) -> None:
        self.sent = ""
        self.page = page
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.sent += payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload

    def settled(self, before: int, seconds: float = 20) -> None:
        """Wait until the game has drawn something since `before` (a length of `sent`) and then paused."""
        deadline = time.monotonic() + seconds
        quiet_since, length = time.monotonic(), len(self.sent)
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            if len(self.sent) != length:
                quiet_since, length = time.monotonic(), len(self.sent)
            elif length > before and time.monotonic() - quiet_since > 0.5:
                return

    def wait_for(self, words: str, seconds: float = 20) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if words in self.sent:
                return True
            self.page.wait_for_timeout(100)  # Playwright hands over frames only while it is called
        return False


def sign_in(page, screen: Screen, name: str, class_code: str) -> None:
    """The name, enter, and once the class code field has the focus (it is drawn so), the code and enter."""
    assert screen.wait_for("Who is playing", 60), screen.sent[-500:]
    page.click("#terminal", position={"x": 4, "y": 60})
    page.keyboard.type(name)
    before = len(screen.sent)
    page.keyboard.press("Enter")
    screen.settled(before)
    page.keyboard.type(class_code)
    page.keyboard.press("Enter")


def open_entry(page, screen: Screen, key: str, words: str) -> None:
    page.keyboard.press("Home")
    for _ in range(KEYS.index(key)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert screen.wait_for(words), screen.sent[-500:]
    screen.settled(len(screen.sent) - 1, 5)  # the screen has finished opening (its field has the focus)


def type_path(page, screen: Screen, path: str, words: str) -> None:
    """Empty the path field (end, then delete everything to its left), let the game draw that, and type."""
    before = len(screen.sent)
    page.keyboard.press("End")
    page.keyboard.press("Control+u")
    screen.settled(before, seconds=3)  # an empty field draws nothing new: then only these seconds pass
    page.keyboard.type(path)
    page.keyboard.press("Enter")
    assert screen.wait_for(words), screen.sent[-800:]


def test_a_students_tab_cannot_list_open_or_save_outside_its_folder(tmp_path):
    work = tmp_path / "teacher-folder"
    work.mkdir()
    (work / "teachers-answers.toml").write_text((CAMPAIGN / "01-first-steps.toml").read_text())
    data = tmp_path / "data"
    home = enrol(data, "Ada", "9B").folder
    (home / "levels").mkdir()
    (home / "levels" / "adas-own.toml").write_text((CAMPAIGN / "01-first-steps.toml").read_text())
    outside = tmp_path / "outside.toml"
    with served_game(data, cwd=work) as url, headless_browser() as browser:
        page = new_tab(browser)
        screen = Screen(page)
        open_game(page, url)
        sign_in(page, screen, "Ada", "9B")
        assert screen.wait_for("Welcome back, Ada."), screen.sent[-500:]
        open_entry(page, screen, "custom", "adas-own")  # the player's own levels are listed...
        page.wait_for_timeout(1000)
        assert "teachers-answers" not in screen.sent  # ...and never the server's working folder
        type_path(page, screen, "/etc/passwd", "outside your own folder")
        type_path(page, screen, str(work), "outside your own folder")
        assert "root:" not in screen.sent and "teachers-answers" not in screen.sent
        before = len(screen.sent)
        page.keyboard.press("Escape")
        screen.settled(before)  # back at the menu before its keys are pressed
        open_entry(page, screen, "edit", "Type the path of a level file to edit")
        screen.sent = ""
        type_path(page, screen, str(outside), "outside your own folder")
        assert not outside.exists()
    assert not outside.exists()


def test_names_with_markup_and_in_any_alphabet_sign_in_in_the_browser(tmp_path):
    data = tmp_path / "data"
    names = [("Ann [/]", "[/]9B"), ("Михаил", "7А"), ("李雷", "9B")]
    with served_game(data) as url, headless_browser() as browser:
        for name, class_code in names:
            page = new_tab(browser)
            screen = Screen(page)
            open_game(page, url)
            sign_in(page, screen, name, class_code)
            assert screen.wait_for("Welcome"), screen.sent[-500:]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(class_records(data)) < len(names):
            time.sleep(0.2)
    assert sorted((r.name, r.class_code) for r in class_records(data)) == sorted(names)
