"""Only regular files are read, and never more than a bound: a pipe or a link to /dev/zero ends at once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from game import replay
from game.classroom import class_records, enrol
from game.core.loader import check_file
from game.desk.plan import check_plan
from game.fileio import NotReadable, read_bounded, read_log
from game.storage import Settings, Store

if not hasattr(os, "mkfifo"):
    pytest.skip("pipes in the file system need a POSIX system", allow_module_level=True)

KINDS = ("fifo", "zero")


def strange_file(folder: Path, name: str, kind: str) -> Path:
    """A FIFO nobody writes to, or a link to /dev/zero, under `name`."""
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


def within(seconds: float, job):
    """`job()`'s result, failing the test when it has not returned after `seconds`."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = job()
        except BaseException as error:
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    began = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    assert time.monotonic() - began < seconds
    return box["value"]


def test_read_bounded_reads_a_regular_file_and_refuses_one_byte_too_many(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_bounded(path, 10) == b"x" * 10
    with pytest.raises(NotReadable, match="larger than 9 bytes") as raised:
        read_bounded(path, 9)
    assert raised.value.size == 10
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "missing", 10)


@pytest.mark.parametrize("kind", KINDS)
def test_read_bounded_refuses_pipes_devices_and_folders_at_once(tmp_path, kind):
    path = strange_file(tmp_path, "odd", kind)
    with pytest.raises(NotReadable, match="not a regular file"):
        within(2, lambda: read_bounded(path, 1 << 30))
    with pytest.raises(NotReadable, match="a folder"):
        read_bounded(tmp_path, 100)


@pytest.mark.parametrize("kind", KINDS)
def test_a_level_that_is_no_regular_file_is_an_error_at_once(tmp_path, kind):
    path = strange_file(tmp_path, "level.toml", kind)
    result = within(2, lambda: check_file(path))
    assert result.level is None
    [line] = result.lines()
    assert "not a regular file" in line and line.startswith(f"{path}:1:1: error:")


@pytest.mark.parametrize("kind", KINDS)
def test_a_replay_that_is_no_regular_file_is_refused_at_once(tmp_path, kind):
    path = strange_file(tmp_path, "run.json", kind)
    with pytest.raises(replay.ReplayError, match="not a regular file"):
        within(2, lambda: replay.load(path))


@pytest.mark.parametrize("kind", KINDS)
def test_a_desk_plan_that_is_no_regular_file_is_an_error_at_once(tmp_path, kind):
    path = strange_file(tmp_path, "plan.toml", kind)
    plan, problems = within(2, lambda: check_plan(path))
    assert plan is None and "not a regular file" in problems[0].message


@pytest.mark.parametrize("name", ["settings.json", "progress.json"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_save_that_is_no_regular_file_is_set_aside_at_once(tmp_path, kind, name):
    strange_file(tmp_path, name, kind)
    store = Store(tmp_path)
    loaded = within(2, store.load_settings if name == "settings.json" else store.load_progress)
    assert loaded is not None and (name != "settings.json" or loaded == Settings())
    [notice] = store.notices
    assert notice.startswith(f"{name} was damaged (it is ") and "not a regular file" in notice
    assert not (tmp_path / name).exists() and not (tmp_path / name).is_symlink()
    [aside] = tmp_path.glob(f"{name}.damaged-*")
    assert aside.is_fifo() if kind == "fifo" else aside.is_symlink()  # kept as it was, not deleted


@pytest.mark.parametrize("kind", KINDS)
def test_the_class_view_marks_a_player_whose_progress_is_no_regular_file(tmp_path, kind):
    folder = enrol(tmp_path, "Ann").folder
    strange_file(folder, "progress.json", kind)
    [record] = within(2, lambda: class_records(tmp_path))
    assert record.name == "Ann" and record.damaged


def test_a_log_to_append_to_is_refused_when_it_is_a_pipe(tmp_path):
    path = strange_file(tmp_path, "class.csv", "fifo")
    with pytest.raises(NotReadable):
        within(2, lambda: read_log(path))
    assert read_log(tmp_path / "new.csv") == ""


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "command, name",
    [
        (["check"], "level.toml"),
        (["simulate", "{}", "--strategy", "aligned"], "level.toml"),
        (["replay"], "run.json"),
        (["desk", "--plan"], "plan.toml"),
        (["edit"], "level.toml"),
    ],
)
def test_commands_end_with_a_message_on_a_pipe_or_dev_zero(tmp_path, kind, command, name):
    path = strange_file(tmp_path, name, kind)
    argv = [str(path) if part == "{}" else part for part in command]
    if "{}" not in command:
        argv.append(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "game", "--data-dir", str(tmp_path / "data"), *argv],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 1
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_a_save_with_wrong_keys_keeps_the_rest_gives_defaults_and_says_so(tmp_path):
    text = (
        '{"palette": 7, "move_repeat_ms": 40, "keymap": {"play.up": 3}, '
        '"levels": {"campaign/a.toml": {"finished": "yes"}, "campaign/b.toml": {"finished": true, "best": "x"},'
        ' "campaign/c.toml": {"finished": true, "best": 4}}}'
    )
    for name in ("settings.json", "progress.json"):
        (tmp_path / name).write_text(text)
    store = Store(tmp_path)
    settings = store.load_settings()
    assert settings == Settings(move_repeat_ms=40)  # the good key kept, the wrong ones at their defaults
    progress = store.load_progress()
    assert set(progress.levels) == {"campaign/b.toml", "campaign/c.toml"}
    assert progress.get("campaign/c.toml").best == 4 and progress.get("campaign/b.toml").best is None
    assert "campaign/a.toml" not in progress.levels
    settings_notice, progress_notice = store.notices
    assert settings_notice.startswith("settings.json: the setting palette") and "keymap" in settings_notice
    assert "the progress of campaign/a.toml was damaged" in progress_notice
    assert "kept as progress.json.damaged-" in progress_notice
    [copy] = tmp_path.glob("progress.json.damaged-*")
    assert copy.read_text() == text  # the file as it was, before the next save rewrites it


def test_a_desk_record_missing_its_mistakes_gives_defaults_not_a_crash(tmp_path):
    from game.desk.queue import Score
    from game.desk.rounds import better
    from game.tui.screens.desk import load_best

    (tmp_path / "desk.json").write_text('{"rounds": {"1": {"apples": 2}, "2": {"mistakes": 1, "apples": 0}}}')
    store = Store(tmp_path)
    best = load_best(store)
    assert best == {"rounds": {"2": {"mistakes": 1, "apples": 0}}}
    assert "the best score of round 1 was damaged" in store.notices[0]
    # the reveal compares this round's score with the saved best: round 1 has none now, round 2 a whole one
    assert better(Score(0, 1, 3), best["rounds"].get("1"))
    assert not better(Score(1, 1, 0), best["rounds"].get("2"))
