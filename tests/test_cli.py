"""The command line (README, docs/levels.md): exit codes, messages and the JSON shape."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from game import __version__
from game.arguments import ranged
from game.cli import main
from game.core.loader import check_file
from tests.conftest import CAMPAIGN, CONTRACT, LEVELS, ROOT


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd or ROOT
    )


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"mesa-maze {__version__}"


def test_check_all_shipped_levels_passes(capsys):
    assert main(["check", str(LEVELS)]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "0 errors" in out.out


def test_check_reports_errors_on_stderr_and_exits_1():
    result = run_cli("check", str(CONTRACT / "bad-symbol.toml"), str(CONTRACT / "toy-example.toml"))
    assert result.returncode == 1
    assert f"{CONTRACT / 'bad-symbol.toml'}:8:4: error: unknown symbol `Z`" in result.stderr
    assert "Traceback" not in result.stderr
    assert "checked 2 level files: 1 error" in result.stdout


def test_check_a_value_nested_5000_deep_gives_a_positioned_error(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text('format = 1\ntitle = "deep"\nx = ' + "[" * 5000 + "]" * 5000 + "\n")
    result = run_cli("check", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}:3:37: error: arrays and inline tables are nested more than 32 deep" in result.stderr


def test_check_missing_paths_and_empty_folders(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.toml"), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'missing.toml'}:1:1: error: no such file" in err
    assert f"{tmp_path}:1:1: error: no level files (*.toml) in this folder" in err


def test_simulate_json_has_the_contract_shape(capsys):
    assert main(["simulate", str(CONTRACT / "toy-example.toml"), "--strategy", "greedy", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {
        "level",
        "strategy",
        "seed",
        "apples",
        "exits",
        "updates",
        "goal",
        "par",
        "episodes",
    }
    assert (result["level"], result["strategy"], result["seed"]) == ("Contract: toy example", "greedy", 0)
    assert (result["apples"], result["exits"], result["updates"], result["goal"], result["par"]) == (
        1,
        4,
        1,
        0.0,
        3,
    )
    first = result["episodes"][0]
    assert first == {
        "index": 1,
        "phase": "training",
        "announced": "training",
        "watched": True,
        "apples": 1,
        "reached_exit": False,
        "steps": 1,
        "updated": True,
        "goal_after": 0.0,
    }
    assert result["episodes"][2]["watched"] is False and len(result["episodes"]) == 5


def test_simulate_seed_defaults_to_the_levels_and_can_be_set(capsys):
    path = str(CAMPAIGN / "10-spot-checks.toml")
    main(["simulate", path, "--strategy", "greedy", "--json"])
    assert json.loads(capsys.readouterr().out)["seed"] == 10
    main(["simulate", path, "--strategy", "greedy", "--json", "--seed", "99"])
    assert json.loads(capsys.readouterr().out)["seed"] == 99


def test_simulate_prints_a_table_without_json(capsys):
    assert main(["simulate", str(CONTRACT / "honeypot.toml"), "--strategy", "oracle"]) == 0
    out = capsys.readouterr().out
    assert "score 2 (par 1)" in out and out.count("\n") == 7


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["simulate", "x.toml"], 2, "the following arguments are required: --strategy"),
        (["simulate", "x.toml", "--strategy", "sneaky"], 2, "invalid choice: 'sneaky'"),
        (["simulate", "nope.toml", "--strategy", "greedy"], 1, "nope.toml:1:1: error: no such file"),
        (["simulate", "levels", "--strategy", "greedy"], 1, "levels is a folder; give one level file"),
        (["simulate", "x.toml", "--strategy", "greedy", "--seed", "-3"], 2, "must be from 0 to 2**63 - 1"),
        (["simulate", "x.toml", "--strategy", "greedy", "--seed", "ten"], 2, "must be a whole number"),
        (["play", "nowhere.toml"], 1, "nowhere.toml: no such file or folder"),
        (["play", "campain/4"], 1, "Did you mean campaign/4 (The toy example)?"),
        (["simulate", "The toy exampel", "--strategy", "greedy"], 1, "Did you mean campaign/4 (The toy"),
        (["demo", "honey pots"], 1, "Did you mean campaign/9 (Honeypots)?"),
        (["play", "campaign/99"], 1, "The campaign's levels are campaign/1 to campaign/12."),
        (["fly"], 2, "invalid choice: 'fly'"),
        (["check"], 2, "the following arguments are required: PATH"),
    ],
)
def test_bad_arguments_get_clean_messages(args, code, message):
    result = run_cli(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_new_writes_a_valid_commented_level_and_never_overwrites(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    assert main(["new", str(path)]) == 0
    text = path.read_text()
    assert text.count("#") > 10 and "mesa-maze check" in text
    result = check_file(path)
    assert result.problems == [] and result.level.title == "My first level"
    path.write_text("mine")
    assert main(["new", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err and path.read_text() == "mine"
    assert main(["new", str(path), "--force"]) == 0 and check_file(path).level is not None
    assert main(["new", str(tmp_path / "no" / "such" / "x.toml")]) == 1
    assert main(["new", str(tmp_path / "x.txt")]) == 2


def test_light_commands_do_not_import_textual():
    code = (
        "import sys; from game.cli import main; "
        f"main(['check', {str(CAMPAIGN)!r}]); "
        f"main(['simulate', {str(CONTRACT / 'toy-example.toml')!r}, '--strategy', 'aligned']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'LIGHT')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip().endswith("LIGHT")
    code = "import sys; from game.cli import build_parser; print('numpy' in sys.modules, 'textual' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
        == "False False"
    )


def test_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("play", "check", "simulate", "new", "--data-dir", "--version"):
        assert command in result.stdout


def test_data_dir_is_accepted_before_and_after_play():
    from game.cli import build_parser

    parser = build_parser()
    before = parser.parse_args(["--data-dir", "/tmp/a", "play", "x.toml"])
    after = parser.parse_args(["play", "x.toml", "--data-dir", "/tmp/b"])
    assert str(before.data_dir) == "/tmp/a" and str(after.data_dir) == "/tmp/b"
    assert str(parser.parse_args(["replay", "r.json", "--data-dir", "/tmp/c"]).data_dir) == "/tmp/c"
    assert parser.parse_args(["play", "x.toml"]).data_dir is None


def test_play_refuses_a_broken_level_before_opening_the_game():
    result = run_cli("play", str(CONTRACT / "bad-symbol.toml"))
    assert result.returncode == 1 and "bad-symbol.toml:8:4: error" in result.stderr


def test_serve_tells_browsers_an_address_they_can_reach(monkeypatch):
    import socket

    from game.cli import public_url_for

    assert public_url_for("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert public_url_for("::1", 8001, None) == "http://[::1]:8001"
    assert public_url_for("0.0.0.0", 8000, "http://192.0.2.10:8000/") == "http://192.0.2.10:8000"
    monkeypatch.setattr(socket, "getfqdn", lambda: "teacher-laptop")
    assert public_url_for("0.0.0.0", 9000, None) == "http://teacher-laptop:9000"


def test_levels_lists_the_built_in_levels_by_name(capsys):
    assert main(["levels"]) == 0
    out = capsys.readouterr().out
    assert "campaign/4" in out and "The toy example" in out and "examples/generated" in out


@pytest.mark.parametrize(
    "name", ["campaign/4", "04-toy-example", "The Toy Example", "campaign/04-toy-example.toml"]
)
def test_built_in_levels_can_be_named_instead_of_given_by_path(name, capsys):
    assert main(["simulate", name, "--strategy", "deceptive", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "The toy example"


def test_an_unknown_level_name_is_still_a_clear_error(capsys):
    assert main(["check", "campaign/99"]) == 1
    assert "campaign/99:1:1: error: no such file" in capsys.readouterr().err


def test_docs_prints_the_level_guide(capsys):
    assert main(["docs", "levels"]) == 0
    assert capsys.readouterr().out.startswith("# Writing Mesa Maze levels")


@pytest.mark.parametrize(
    ("converter", "text", "message"),
    [
        (ranged(int, 1, 500), "501", "must be from 1 to 500, not 501"),
        (ranged(int, 1, 500), "1.5", "must be a whole number, not '1.5'"),
        (ranged(float, 0.0, 1.0), "nan", "must be from 0 to 1, not nan"),
        (ranged(float, 0.0, 1.0), "x", "must be a number, not 'x'"),
        (ranged(float, 0.0, 1.0, low_open=True), "0", "must be above 0 and at most 1, not 0"),
        (ranged(float, 0.0, 1.0, high_open=True, note=" (why)"), "1.0", "must be from 0 to below 1 (why), not 1.0"),
    ],
)
def test_a_ranged_number_outside_its_range_is_refused_with_the_range(converter, text, message):
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        converter(text)
    assert str(refused.value) == message


def test_a_ranged_number_takes_both_ends_of_a_closed_range():
    assert ranged(int, 1, 500)("1") == 1 and ranged(int, 1, 500)(" 500 ") == 500
    assert ranged(float, 0.0, 1.0)("1") == 1.0 and isinstance(ranged(float, 0.0, 1.0)("1"), float)
