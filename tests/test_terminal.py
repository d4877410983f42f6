"""The game in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import ROOT

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the terminal tests: install tmux (.ci/run does)")
    pytest.skip("tmux is not installed (apt-get install tmux)", allow_module_level=True)


class Terminal:
    def __init__(self, command: list[str], width: int = 80, height: int = 24) -> None:
        self.session = f"mesa-{uuid.uuid4().hex[:8]}"
        # a server of our own (no user config), so sizes and options are the same everywhere
        self.tmux = ["tmux", "-L", self.session, "-f", "/dev/null"]
        shell_command = " ".join(command)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height),
             f"cd {ROOT} && TERM=xterm-256color {shell_command}"],
            check=True,
            env=env,
        )  # fmt: skip
        subprocess.run([*self.tmux, "set-option", "-g", "window-size", "manual"], check=True)

    def screen(self) -> str:
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.session], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.session, key], check=True)
            time.sleep(0.15)

    def resize(self, width: int, height: int) -> None:
        subprocess.run(
            [*self.tmux, "resize-window", "-t", self.session, "-x", str(width), "-y", str(height)], check=True
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    made = []

    def start(*args: str, width: int = 80, height: int = 24) -> Terminal:
        term = Terminal([sys.executable, "-m", "game", "--data-dir", str(tmp_path), *args], width, height)
        made.append(term)
        return term

    yield start
    for term in made:
        term.close()


def test_menu_to_playing_the_first_level(terminal):
    term = terminal()
    term.wait_for("Custom level or pack")
    term.keys("Enter")
    term.wait_for("First steps")
    term.keys("Enter")
    screen = term.wait_for("Episode 1 of 2")
    assert "Steps left 74 of 74" in screen and "◉" in screen
    term.keys("Right")
    term.wait_for("Steps left 73 of 74")
    term.keys("i")
    term.wait_for("green apple 9 steps down")
    term.resize(60, 20)
    term.wait_for("Make the terminal at least 80x24")
    term.resize(80, 24)
    screen = term.wait_for("Steps left 73 of 74")
    term.keys("Escape", "Escape", "q")


def test_play_command_goes_straight_to_the_level_and_quits(terminal):
    term = terminal("play", "levels/campaign/04-toy-example.toml")
    term.wait_for("Episode 1 of 5")
    term.keys("Right")
    term.wait_for("Steps left 17 of 18")
    term.keys("Right")
    term.wait_for("Review passed")
    term.keys(
        "Enter", "Right", "Right", "Enter", "Left", "Left", "Enter", "Left", "Left", "Enter", "Left", "Left"
    )
    term.wait_for("exactly par")
    term.keys("Escape", "q")


def test_the_editor_in_a_real_terminal(terminal, tmp_path):
    level = tmp_path / "toy.toml"
    level.write_text((ROOT / "levels" / "campaign" / "04-toy-example.toml").read_text())
    term = terminal("edit", str(level))
    term.wait_for("deceptive 3")  # the strategies, played in the background
    term.keys("C-e")  # end of the first line
    term.keys("x")  # `format = 1x`: not a number
    screen = term.wait_for("1 error")
    assert "✗" in screen  # the line is marked in the gutter
    term.keys("BSpace")
    term.wait_for("No problems")
    term.keys("F2")
    term.wait_for("Paint: #")
    term.keys("Escape", "C-s")
    term.wait_for("Saved toy.toml")
    term.keys("Escape")
    term.wait_for("Custom level or pack")  # back in the menu: nothing was left unsaved
    term.keys("q", "y")


def test_presses_made_while_the_game_is_stopped_are_all_steps():
    """A loaded machine stops the game for a moment: the presses made meanwhile all count."""
    from benchmarks.keys import game_in_tmux, stalled_presses

    with game_in_tmux() as game:
        assert stalled_presses(game, stalls=4, presses=5, seconds=0.5) == 20
