"""Replays: golden action strings that must reproduce known scores, and the replay file format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game import replay
from game.core.loader import load_level
from game.core.run import Run
from tests.conftest import LEVELS

GOLDEN = json.loads((Path(__file__).parent / "golden" / "replays.json").read_text())


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda g: f"{g['level']}-{g['played_like']}")
def test_golden_replays_reproduce_known_scores(golden):
    run = Run(load_level(LEVELS / golden["level"]), golden["seed"])
    for code in golden["actions"]:
        replay.apply(run, code)
    assert run.finished
    assert (run.score, run.updates, run.exits) == (golden["score"], golden["updates"], golden["exits"])


def test_toy_example_by_hand():
    level = load_level(LEVELS / "campaign" / "04-toy-example.toml")
    deceptive = replay.play_back(replay.Replay("", level.digest, "", 4, "rrrrllllll", 0, 0, 0), level)
    greedy = replay.play_back(replay.Replay("", level.digest, "", 4, "ll" + "w" * 8, 0, 0, 0), level)
    assert (deceptive.score, greedy.score) == (3, 1)


def test_the_end_of_a_replay_says_what_it_compares():
    level = load_level(LEVELS / "campaign" / "04-toy-example.toml")
    record = replay.Replay("", level.digest, "", 4, "rrrrllllll", 3, 2, 0)
    run = replay.play_back(record, level)
    said = replay.end_words(run, record)
    assert said == "Replayed: 3 green apples; the recording says 3. 0 updates; it says 0."
    wrong = replay.end_words(run, replay.Replay("", level.digest, "", 4, "rrrrllllll", 1, 2, 1))
    assert wrong == "Replayed: 3 green apples; the recording says 1. 0 updates; it says 1. Not the recorded run!"


def test_a_replay_file_round_trips_and_damage_is_reported(tmp_path):
    level = load_level(LEVELS / "campaign" / "04-toy-example.toml")
    run = Run(level)
    for code in "rrg":
        replay.apply(run, code)
    path = replay.save(run, tmp_path)
    record = replay.load(path)
    assert record.actions == "rrg" and record.builtin == "campaign/04-toy-example.toml"
    assert replay.level_of(record).digest == level.digest
    second = replay.save(run, tmp_path)
    assert second != path  # never overwrites
    path.write_text("{")
    with pytest.raises(replay.ReplayError, match="not JSON"):
        replay.load(path)
    path.write_text(json.dumps({"format": 1, "actions": "x"}))
    with pytest.raises(replay.ReplayError, match="damaged"):
        replay.load(path)
    with pytest.raises(replay.ReplayError, match="no such file"):
        replay.load(tmp_path / "missing.json")


def test_cli_replay_refuses_a_changed_level(tmp_path, write_level, capsys):
    from game.cli import main

    path = write_level('format = 1\ntitle = "x"\n[[episode]]\nphase = "training"\nmap = """\n#@.E#\n"""\n')
    run = Run(load_level(path))
    replay.apply(run, "r")
    saved = replay.save(run, tmp_path / "r")
    path.write_text(path.read_text().replace("#@.E#", "#@E.#"))
    assert main(["replay", str(saved)]) == 1
    assert "has changed since this replay was recorded" in capsys.readouterr().err


RECORD_AT_ONCE = """
import sys, time
from pathlib import Path
from game import replay
from game.core.loader import load_level
from game.core.run import Run

folder, go, actions = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
run = Run(load_level(Path(sys.argv[4])), 4)
for code in actions:
    replay.apply(run, code)
assert run.finished
time.strftime = lambda *_: "20260101-120000"  # the same second for every game
deadline = time.monotonic() + 30
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.001)
print(replay.save(run, folder).name)
"""


@pytest.mark.slow
def test_games_finishing_the_same_level_in_the_same_second_keep_every_replay(tmp_path):
    """Two students in one shared folder (or one in two tabs) finish together: one replay each."""
    import subprocess
    import sys

    folder, go = tmp_path / "replays", tmp_path / "go"
    level = LEVELS / "campaign" / "04-toy-example.toml"
    plays = ["rrrrllllll", "ll" + "w" * 8] * 3
    games = [
        subprocess.Popen(
            [sys.executable, "-c", RECORD_AT_ONCE, str(folder), str(go), actions, str(level)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for actions in plays
    ]
    go.touch()  # all of them save at once
    names = [game.communicate(timeout=60)[0].strip() for game in games]
    assert all(game.returncode == 0 for game in games)
    assert len(set(names)) == len(plays) and sorted(p.name for p in folder.glob("*.json")) == sorted(names)
    kept = sorted(replay.load(folder / name).actions for name in names)
    assert kept == sorted(plays)  # each game's own actions, none overwritten or mixed
    assert not list(folder.glob(".*"))  # no temporary file left behind
