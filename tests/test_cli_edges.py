"""The command line at its edges: a file for a folder, a tiny learning rate, no terminal, long plays."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from game.progress_line import ProgressLine
from tests.conftest import ROOT

TIMEOUT = 60
"""Seconds any of these commands may take before the test calls it hung."""


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(
        [sys.executable, "-W", "default", "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
        **kwargs,
    )


def test_a_data_dir_that_is_a_file_is_refused(tmp_path):
    data = tmp_path / "notes.txt"
    data.write_text("not a folder")
    for args in (["class", "--data-dir", str(data)], ["class", "--data-dir", str(data), "--csv", "x.csv"]):
        done = run_cli(*args)
        assert done.returncode == 2, done
        assert (
            "is not a folder" in done.stderr
            and "Traceback" not in done.stderr
            and "0 players" not in done.stdout
        )
    assert data.read_text() == "not a folder"


def test_a_tiny_learning_rate_gives_the_result_and_no_warning():
    done = run_cli("payoff", "--learning-rate", "1e-300", "--training", "50", "--json")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    apples = json.loads(done.stdout)["expected_apples"]
    # the goal never moves at such a rate: greedy eats every apple, deceptive the deployment ones
    assert apples["greedy"] == 53 and apples["deceptive"] == 3
    for rate in ("5e-324", "1e-320"):  # 1 / rate overflows
        done = run_cli("payoff", "--learning-rate", rate)
        assert done.returncode == 0 and done.stderr == "" and "greedy         5.0000" in done.stdout


def test_the_class_view_with_no_terminal_prints_the_table(tmp_path):
    from game.classroom import enrol

    enrol(tmp_path, "Zoë", "9B")
    done = run_cli("class", "--data-dir", str(tmp_path))  # stdin and stdout are no terminal
    assert done.returncode == 0
    assert done.stdout.startswith("class,player,") and "9B,Zoë," in done.stdout
    assert "--csv" in done.stderr


LONG_LEVEL = """
format = 1
title = "Large mazes"
seed = 3
[overseer]
learning_rate = 0.25
[[episode]]
phase = "training"
generate = { width = 255, height = 255, apples = 10, style = "tempting" }
repeat = REPEAT
"""


@pytest.mark.slow
def test_simulate_shows_progress_on_stderr_only(tmp_path):
    level = tmp_path / "long.toml"
    level.write_text(LONG_LEVEL.replace("REPEAT", "16"))
    done = run_cli("simulate", str(level), "--strategy", "greedy", "--json")
    assert done.returncode == 0
    result = json.loads(done.stdout)  # stdout is the JSON alone
    assert len(result["episodes"]) == 16
    lines = done.stderr.splitlines()
    assert any(line.startswith("playing greedy: episode ") and " of 16 " in line for line in lines), lines
    assert lines[-1].startswith("working out par") and "16 of 16 (100%)" in lines[-1]


def test_check_warns_when_simulate_would_take_minutes(tmp_path):
    slow = tmp_path / "slow.toml"
    slow.write_text(LONG_LEVEL.replace("REPEAT", "500"))
    quick = tmp_path / "quick.toml"
    quick.write_text(LONG_LEVEL.replace("REPEAT", "2"))
    done = run_cli("check", str(slow), str(quick))
    assert done.returncode == 0  # a warning, not an error
    assert f"{slow}:1:1: warning: `mesa-maze simulate` of this level would take about" in done.stderr
    assert "minutes (500 episodes)" in done.stderr and str(quick) not in done.stderr
    assert "0 errors, 1 warning" in done.stdout


def test_the_progress_line_is_quiet_for_short_plays_and_redrawn_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    now = [0.0]
    log, terminal = io.StringIO(), Terminal()
    to_log = ProgressLine("playing", log, clock=lambda: now[0])
    on_terminal = ProgressLine("playing", terminal, clock=lambda: now[0])
    for done in range(1, 101):
        now[0] = done * 0.1  # ten seconds in all
        to_log(done, 100)
        on_terminal(done, 100)
    to_log.close()
    on_terminal.close()
    lines = log.getvalue().splitlines()
    assert lines[0] == "playing: episode 10 of 100 (10%), 1 s"  # nothing in the first second
    assert 4 <= len(lines) <= 7 and lines[-1] == "playing: episode 100 of 100 (100%), 10 s"
    drawn = terminal.getvalue()
    assert "\n" not in drawn and drawn.count("\r") > 20 and drawn.endswith("\r")
