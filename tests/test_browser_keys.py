"""Keys in a served tab: every press is a step, however close together, and the page marks a
held key's repeats so the game can tell them apart (game/serve_page.py, game/tui/repeats.py)."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.browser import chromium_path, headless_browser, new_tab, open_game, served_game, settled_canvas

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

PAGE_KEYS = {"u": "ArrowUp", "d": "ArrowDown", "r": "ArrowRight", "l": "ArrowLeft", "w": "."}
"""A move's code in a replay -> the key pressed in the page."""

RECORD_FRAMES = """() => {
  const ours = WebSocket.prototype.send;
  window.sent = [];
  WebSocket.prototype.send = function (data) { window.sent.push(String(data)); return ours.call(this, data); };
}"""

HOLD_RIGHT = """() => {
  const keyboard = document.querySelector("#terminal textarea");
  const repeat = new KeyboardEvent("keydown", {key: "ArrowRight", code: "ArrowRight", repeat: true,
                                               bubbles: true, cancelable: true});
  keyboard.dispatchEvent(repeat);
  return [repeat.defaultPrevented, window.sent.filter((frame) => frame.includes("[1;17C")).length];
}"""


def level_one_episodes() -> tuple[list[str], list[list[str]]]:
    """The greedy strategy's moves through campaign level 1 (as its replay writes them), by episode."""
    from game.agents.simulate import simulate
    from game.core.loader import load_level
    from game.core.packs import campaign_dir, pack_files
    from game.core.run import Run
    from game.replay import Replay, apply

    level = load_level(pack_files(campaign_dir())[0])
    moves = Replay.of(simulate(level, "greedy", level.seed)).actions
    run, episodes = Run(level, level.seed), []
    for code in moves:
        if run.awaiting_episode:
            episodes.append([])
        apply(run, code)
        episodes[-1].append(code)
    return moves, episodes


def replays(data) -> list[list[str]]:
    return [json.loads(path.read_text())["actions"] for path in data.rglob("replays/*.json")]


def test_presses_close_together_are_all_steps_and_a_repeat_goes_marked(tmp_path):
    data = tmp_path / "data"
    moves, episodes = level_one_episodes()
    with served_game(data, shared=True) as url, headless_browser() as browser:
        page = new_tab(browser)
        open_game(page, url)
        page.evaluate(RECORD_FRAMES)
        shot = settled_canvas(page)
        page.keyboard.press("Enter")  # the campaign
        shot = settled_canvas(page, shot)
        page.keyboard.press("Enter")  # its first level
        shot = settled_canvas(page, shot)
        for number, episode in enumerate(episodes):
            if number:
                page.keyboard.press("Enter")  # the next episode, once its maze is on screen
                shot = settled_canvas(page, shot)
            for code in episode:  # as fast as the page can press: no pause between keys
                page.keyboard.press(PAGE_KEYS[code])
            shot = settled_canvas(page, shot)
        (tmp_path / "end.png").write_bytes(shot)
        deadline = time.monotonic() + 60
        while moves not in replays(data) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert replays(data) == [moves]  # every press a step, none lost, none doubled
        assert not any("[1;17" in frame for frame in page.evaluate("() => window.sent"))  # no press marked
        prevented, marked = page.evaluate(HOLD_RIGHT)
        assert prevented and marked == 1  # a repeat goes as the marked key, and only that
