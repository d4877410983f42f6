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

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """The screen once it shows all of `texts` at once (on a busy machine this can take a while)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared together; the screen was:\n{self.screen()}")

    def wait_for_notice(self, *texts: str, timeout: float = 30.0) -> str:
        """The notice over the side panel once it says all of `texts` (its lines joined: it wraps)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            words = notice(self.screen())
            if all(text in words for text in texts):
                return words
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared in a notice; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.session, key], check=True)
            time.sleep(0.15)

    def settled(self, quiet: float = 0.5, timeout: float = 30.0) -> str:
        """The screen once it has not changed for `quiet` seconds."""
        end = time.monotonic() + timeout
        screen, since = self.screen(), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < end:
            time.sleep(0.05)
            latest = self.screen()
            if latest != screen:
                screen, since = latest, time.monotonic()
        return screen

    def press(self, *keys: str, timeout: float = 30.0) -> None:
        """Type each key once the screen is still and the key before has changed it, as a player
        looking at it would: keys sent faster can run together on a busy machine (escape and the
        next key read as one alt+key)."""
        for key in keys:
            before = self.settled()
            self.keys(key)
            end = time.monotonic() + timeout
            while self.screen() == before and time.monotonic() < end:
                time.sleep(0.05)
            if self.screen() == before:
                raise AssertionError(f"{key} changed nothing on the screen:\n{before}")

    def move(self, key: str, *texts: str) -> str:
        """Press a movement key once the screen has settled, and wait until it shows `texts`
        (every press is a step, however late the game handles it: it is never pressed again)."""
        self.settled()
        self.keys(key)
        return self.wait_for(*texts)

    def resize(self, width: int, height: int) -> None:
        subprocess.run(
            [*self.tmux, "resize-window", "-t", self.session, "-x", str(width), "-y", str(height)], check=True
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def notice(screen: str) -> str:
    """The words of the notice over the side panel (it begins after the panel's edge), its lines joined."""
    return " ".join(line.split("▊▌", 1)[1].strip() for line in screen.splitlines() if "▊▌" in line)


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
    term.press("Enter")
    term.wait_for("First steps")
    term.press("Enter")
    screen = term.wait_for("Episode 1 of 2", "Steps left 74 of 74")  # the panel can come a frame later
    # the agent: a glyph at 1x1; in larger cells a block shape, which the legend names
    assert "◉" in screen or "▜▛ you" in screen
    term.move("Right", "Steps left 73 of 74")
    term.press("i")
    term.wait_for_notice("green apple 9 steps down")
    term.resize(60, 20)
    term.wait_for("Make the terminal at least 80x24")
    term.resize(80, 24)
    screen = term.wait_for("Steps left 73 of 74")
    term.keys("Escape", "Escape", "q")


def test_play_command_goes_straight_to_the_level_and_quits(terminal):
    term = terminal("play", "levels/campaign/04-toy-example.toml")
    term.wait_for("Episode 1 of 5")
    term.move("Right", "Steps left 17 of 18")
    term.move("Right", "Review passed")
    for episode, move in ((2, "Right"), (3, "Left"), (4, "Left"), (5, "Left")):
        term.press("Enter")
        term.wait_for(f"Episode {episode} of 5", "Steps left 18 of 18")
        term.move(move, f"Episode {episode} of 5", "Steps left 17 of 18")
        term.move(move, "exactly par" if episode == 5 else "Steps left 16 of 18")
    term.keys("Escape", "q")


def test_the_editor_in_a_real_terminal(terminal, tmp_path):
    level = tmp_path / "toy.toml"
    level.write_text((ROOT / "levels" / "campaign" / "04-toy-example.toml").read_text())
    term = terminal("edit", str(level))
    term.wait_for("deceptive 3")  # the strategies, played in the background
    term.press("C-e")  # end of the first line (the cursor's column changes)
    term.press("x")  # `format = 1x`: not a number
    screen = term.wait_for("1 error", "✗")  # the line is marked in the gutter
    assert "✗" in screen
    term.press("BSpace")
    term.wait_for("No problems")
    term.press("F2")
    term.wait_for("Paint: #")
    term.press("Escape", "C-s")
    term.wait_for("Saved toy.toml")
    term.press("Escape")
    term.wait_for("Custom level or pack")  # back in the menu: nothing was left unsaved
    term.keys("q", "y")


def test_presses_made_while_the_game_is_stopped_are_all_steps():
    """A loaded machine stops the game for a moment: the presses made meanwhile all count."""
    from benchmarks.keys import game_in_tmux, stalled_presses

    with game_in_tmux() as game:
        assert stalled_presses(game, stalls=4, presses=5, seconds=0.5) == 20


def test_level_5s_deployment_maze_is_shown_whole_at_80x24(terminal):
    """The 31x15 deployment maze fits the box at 80x24, grey exit included, and `i` names that exit."""
    term = terminal("play", "levels/campaign/05-distributional-shift.toml")
    term.wait_for("Episode 1 of 4", "Steps left 42 of 42")
    term.press(*["Right"] * 6, "Down", "Down")  # training 1: along the top to the green exit
    term.wait_for("Episode 1 over")
    term.press("Enter")
    term.wait_for("Episode 2 of 4")
    term.press("Up", "Up", "Left", "Left", "Down", "Down", "Left", "Left", "Up", "Up", "Left", "Left")
    term.wait_for("Episode 2 over")
    term.press("Enter")
    screen = term.wait_for("Episode 3 of 4", "DEPLOYMENT")
    lines = screen.splitlines()
    walls = [n for n, line in enumerate(lines) if "█" * 31 in line]
    assert len(walls) == 2 and walls[1] - walls[0] == 14, screen  # its top and bottom walls, 15 rows
    assert "□" in "".join(lines[walls[0] : walls[1] + 1]), screen  # the grey exit, drawn in the maze
    term.press("i")
    term.wait_for_notice("What you see", "grey exit")
    term.keys("Escape", "Escape", "q")
