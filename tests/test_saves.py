"""Saves that survive a classroom: any bytes, several processes, kills mid-save, full folders."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from game import replay
from game.classroom import class_records, enrol
from game.core.campaign import campaign
from game.storage import TEMPORARY_AGE, Progress, Settings, Store
from game.tui.screens.class_view import ClassViewScreen
from game.tui.screens.menu import MenuScreen
from game.tui.screens.player import PlayerScreen
from tests.conftest import ROOT
from tests.tui_helpers import TOY, make_app, record_notices, wait_for_screen

DAMAGE = {
    "binary": b"\x89PNG\r\n\x1a\n\x00\xff\xfe",
    "not json": b"{'levels': ",
    "deep": b"[" * 100_000,
    "wrong shape": b'{"palette": 7, "levels": {"campaign/x.toml": {"finished": "yes"}}}',
    "a list": b"[1, 2, 3]",
    "empty": b"",
}


@pytest.mark.parametrize("name", ["settings.json", "progress.json"])
@pytest.mark.parametrize("damage", sorted(set(DAMAGE) - {"wrong shape"}))  # a wrong shape is repaired: below
def test_any_bytes_in_a_save_give_defaults_and_are_kept_aside(tmp_path, name, damage):
    (tmp_path / name).write_bytes(DAMAGE[damage])
    store = Store(tmp_path)
    loaded = store.load_settings() if name == "settings.json" else store.load_progress()
    assert loaded == (Settings() if name == "settings.json" else Progress())
    [notice] = store.notices
    assert notice.startswith(f"{name} was damaged (") and "Starting afresh" in notice
    assert "Traceback" not in notice and "Expecting" not in notice and "codec" not in notice
    [aside] = tmp_path.glob(f"{name}.damaged-*")
    assert aside.read_bytes() == DAMAGE[damage]  # kept, byte for byte
    assert not (tmp_path / name).exists()


async def test_the_game_starts_with_a_binary_progress_file(tmp_path):
    (tmp_path / "progress.json").write_bytes(DAMAGE["binary"])
    app = make_app(tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert any("progress.json was damaged (it is not text)" in notice for notice in notices)
    assert list(tmp_path.glob("progress.json.damaged-*"))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({"format": 1, "actions": "x"}, "it has no level file"),
        ({"format": 1, "level_path": 3}, "its level file is not text"),
        (
            {
                "format": 1, "level_path": "a", "level_digest": "b", "level_title": "c", "seed": "7",
                "actions": "rr", "score": 0, "exits": 0, "updates": 0,
            },
            "its seed is not a whole number",
        ),
    ],
)  # fmt: skip
def test_a_damaged_replay_is_described_in_the_games_words(tmp_path, content, words):
    path = tmp_path / "replay.json"
    path.write_text(json.dumps(content))
    with pytest.raises(replay.ReplayError) as caught:
        replay.load(path)
    message = str(caught.value)
    assert words in message and "__init__" not in message and "positional" not in message
    path.write_bytes(DAMAGE["binary"])
    with pytest.raises(replay.ReplayError, match="not a replay"):
        replay.load(path)


def test_two_stores_on_one_folder_keep_both_results(tmp_path):
    first, second = Store(tmp_path), Store(tmp_path)
    early = second.load_progress()  # loaded before the first one saves
    progress, _ = first.record_result(first.load_progress(), "campaign/01.toml", 3)
    assert progress.get("campaign/01.toml").best == 3
    merged, new_best = second.record_result(early, "campaign/02.toml", 5)
    assert new_best
    on_disk = Store(tmp_path).load_progress()
    assert on_disk.get("campaign/01.toml").best == 3 and on_disk.get("campaign/02.toml").best == 5
    # the best score wins, whoever saves last
    second.record_result(merged, "campaign/01.toml", 1)
    assert Store(tmp_path).load_progress().get("campaign/01.toml").best == 3


RECORDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from game.storage import Store
    folder, who, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    while time.time() < start:
        time.sleep(0.001)
    store = Store(folder)
    progress = store.load_progress()
    for n in range(25):
        progress, _ = store.record_result(progress, f"{who}/{n}.toml", n)
    """
)


@pytest.mark.slow
def test_processes_saving_at_the_same_moment_all_keep_their_results(tmp_path):
    start = time.time() + 1.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen([sys.executable, "-c", RECORDER, str(tmp_path), f"p{k}", str(start)], env=env)
        for k in range(4)
    ]
    assert all(worker.wait(timeout=60) == 0 for worker in workers)
    progress = Store(tmp_path).load_progress()
    assert len(progress.levels) == 4 * 25
    assert all(progress.get(f"p{k}/{n}.toml").best == n for k in range(4) for n in range(25))


SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from game.storage import Progress, LevelProgress, Store
    store = Store(Path(sys.argv[1]))
    versions = [
        Progress({f"level-{n}": LevelProgress(True, which) for n in range(3000)}) for which in (1, 2)
    ]
    print("ready", flush=True)
    n = 0
    while True:
        store.write_json("progress.json", versions[n % 2].to_json())
        n += 1
    """
)


@pytest.mark.slow
def test_a_save_killed_at_any_moment_is_the_old_or_the_new_version(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kills, deadline, last_chance = 0, time.monotonic() + 4.0, time.monotonic() + 60.0
    seen = set()
    while time.monotonic() < deadline or (not seen and time.monotonic() < last_chance):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(tmp_path)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert saver.stdout.readline().strip() == "ready"
        # on a loaded machine a save can take longer than these pauses: wait longer until one lands
        time.sleep(0.01 + (kills % 7) * 0.013 + (0 if seen else min(kills * 0.02, 1.0)))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        kills += 1
        if (tmp_path / "progress.json").exists():
            store = Store(tmp_path)
            progress = store.load_progress()
            assert not store.notices, store.notices
            bests = {entry.best for entry in progress.levels.values()}
            assert len(progress.levels) == 3000 and len(bests) == 1
            seen |= bests
    assert kills >= 5 and seen  # really killed, really saved


def test_temporary_files_left_by_a_crash_are_removed_on_the_next_start(tmp_path):
    (tmp_path / "replays").mkdir()
    old = [tmp_path / ".progress.json.abc.tmp", tmp_path / "replays" / ".x.json.def.tmp"]
    fresh = tmp_path / ".settings.json.ghi.tmp"  # perhaps another game saving right now
    for path in [*old, fresh]:
        path.write_text("half a file")
    long_ago = time.time() - TEMPORARY_AGE - 60
    for path in old:
        os.utime(path, (long_ago, long_ago))
    Store(tmp_path)
    assert not any(path.exists() for path in old) and fresh.exists()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.slow
async def test_a_full_or_read_only_folder_gives_a_notice_and_the_game_plays_on(tmp_path, monkeypatch, code):
    import game.storage

    def refuse(path, text):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(game.storage, "write_atomic", refuse)
    app = make_app(tmp_path, play_path=TOY)
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_palette("colour-blind")  # a settings save, refused
        play = app.screen
        while not play.run.finished:  # any keys will do: the run just has to end
            await pilot.press("enter" if play.run.awaiting_episode else "right")
        from game.tui.screens.debrief import DebriefScreen

        assert isinstance(await wait_for_screen(pilot, DebriefScreen), DebriefScreen)
        saves = [notice for notice in notices if "Could not save" in notice]
        assert any("settings.json" in n for n in saves) and any("progress.json" in n for n in saves)
        assert all(os.strerror(code) in notice for notice in saves)
        kept = app.progress.get("campaign/04-toy-example.toml")  # kept for this session, if not on disk
        assert kept.finished and kept.best == app.screen.run.score


@pytest.mark.slow
async def test_each_player_of_a_served_class_keeps_a_record_of_their_own(tmp_path):
    app = make_app(tmp_path, ask_player=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(await wait_for_screen(pilot, PlayerScreen), PlayerScreen)
        await pilot.press("enter")  # no name yet
        assert isinstance(app.screen, PlayerScreen)
        assert "Type your name" in str(app.screen.query_one("#player-problem").render())
        await pilot.press(*"Ada L.", "enter", *"9B", "enter")
        assert isinstance(await wait_for_screen(pilot, MenuScreen), MenuScreen)
        menu = app.screen.query_one("OptionList")
        assert "class" not in [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        folder = app.store.folder
        assert folder.parent == tmp_path / "players" and folder.name.startswith("9b-ada-l-")
        assert json.loads((folder / "player.json").read_text()) == {"name": "Ada L.", "class": "9B"}
        app.store.record_result(app.progress, "campaign/01-first-steps.toml", 4)
    assert not (tmp_path / "progress.json").exists()  # nothing in the shared record
    [record] = class_records(tmp_path)
    assert (record.name, record.class_code, record.best) == (
        "Ada L.",
        "9B",
        {"campaign/01-first-steps.toml": 4},
    )


@pytest.mark.slow
async def test_the_class_view_lists_every_player_and_refreshes(tmp_path):
    for name, score in (("Ada", 4), ("Grace", 2)):
        store = Store(enrol(tmp_path, name, "9B").folder)
        store.record_result(store.load_progress(), "campaign/01-first-steps.toml", score)
    app = make_app(tmp_path / "teacher", class_view=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, ClassViewScreen)
        table = screen.query_one("DataTable")
        assert table.row_count == 2
        rows = [table.get_row_at(n) for n in range(2)]
        assert [str(row[1]) for row in rows] == ["Ada", "Grace"] and [row[4] for row in rows] == ["4", "2"]
        store = Store(enrol(tmp_path, "Alan", "9C").folder)
        store.record_result(store.load_progress(), "campaign/02-two-objectives.toml", 1)
        deadline = time.monotonic() + 10
        while table.row_count < 3 and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert table.row_count == 3
        await pilot.press("c")
    csv_text = (tmp_path / "class.csv").read_text()
    assert csv_text.splitlines()[0].startswith("class,player,levels_finished,apples,campaign/01")
    assert "9C,Alan,1,1,,1" in csv_text


def test_the_class_command_writes_csv(tmp_path):
    store = Store(enrol(tmp_path, "Ada").folder)
    store.record_result(store.load_progress(), "campaign/04-toy-example.toml", 3)
    out = tmp_path / "out.csv"
    result = subprocess.run(
        [sys.executable, "-m", "game", "class", "--data-dir", str(tmp_path), "--csv", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0 and "1 player " in result.stdout
    header, ada = out.read_text().splitlines()[:2]
    assert ",Ada,1,3,,,,3," in ada
    assert header.split(",")[4:] == [level.key for level in campaign().levels]  # progress's own keys


def test_serve_runs_the_installed_game_whatever_the_current_folder_holds(tmp_path):
    import shlex

    from game.cli import serve_command

    (tmp_path / "game.py").write_text("raise SystemExit('the wrong game')\n")
    (tmp_path / "game").mkdir()
    (tmp_path / "game" / "__main__.py").write_text("raise SystemExit('the wrong game')\n")
    command = shlex.split(serve_command(tmp_path / "data", shared=False))
    assert command[-1] == "--ask-player" and "--ask-player" not in serve_command(None, shared=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the game as installed: here, the checkout
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0 and result.stdout.startswith("mesa-maze "), result.stderr
