"""A served class: a record for every student whatever their name, and names shown as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.text import Text

from game.classroom import check_name, class_records, enrol, player_folder
from game.storage import Store
from game.tui.screens.class_view import ClassViewScreen
from game.tui.screens.menu import MenuScreen
from game.tui.screens.player import PlayerScreen
from tests.tui_helpers import make_app, record_notices, wait_for_screen, wait_until

NAMES = [
    "Zoë",
    "😀 Zoë",
    "Михаил",
    "李雷",
    "Ann [/]",
    "[link=https://example.com]Teacher[/link]",
    "ANN",
    "O'Brien",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_in_any_alphabet_will_do(name):
    assert check_name(name) is None


@pytest.mark.parametrize("name", ["", "   ", "😀", "[/]", "x" * 41])
def test_a_name_without_a_letter_or_too_long_is_refused_in_words(name):
    problem = check_name(name)
    assert problem is not None and problem.endswith(".")


def test_different_names_never_share_a_record():
    pairs = [("Zoë", ""), ("😀 Zoë", ""), ("ANN", "9b"), ("Ann [/]", "[/]9B"), ("Михаил", ""), ("李雷", ""),
             ("Ann", "9B"), ("Ann", "9b"), ("Ann", "")]  # fmt: skip
    folders = {player_folder(Path("/b"), name, code) for name, code in pairs}
    assert len(folders) == len(pairs)
    assert player_folder(Path("/b"), "Михаил", "").name.startswith("михаил-")


def test_signing_in_again_reaches_the_same_record(tmp_path):
    first = enrol(tmp_path, "Zoë", "9B")
    assert not first.returning
    again = enrol(tmp_path, " Zoë ", "9B")
    assert again.returning and again.folder == first.folder
    other = enrol(tmp_path, "😀 Zoë", "9B")
    assert not other.returning and other.folder != first.folder
    assert json.loads((other.folder / "player.json").read_text(encoding="utf-8")) == {
        "name": "😀 Zoë",
        "class": "9B",
    }


def test_a_record_from_before_fingerprints_is_still_reached_by_its_own_player_only(tmp_path):
    old = tmp_path / "players" / "9b--ada"
    old.mkdir(parents=True)
    (old / "player.json").write_text(json.dumps({"name": "Ada", "class": "9B"}))
    assert enrol(tmp_path, "Ada", "9B") == type(enrol(tmp_path, "Ada", "9B"))(old, True)
    other = enrol(tmp_path, "ADA", "9b")  # the old scheme would have put this one in the same folder
    assert other.folder != old and not other.returning


async def sign_in(pilot, name: str, class_code: str) -> None:
    assert isinstance(await wait_for_screen(pilot, PlayerScreen), PlayerScreen)
    await pilot.press(*name, "enter", *class_code, "enter")
    assert isinstance(await wait_for_screen(pilot, MenuScreen), MenuScreen)


@pytest.mark.slow
@pytest.mark.parametrize("name, class_code", [("Ann [/]", "[/]9B"), ("Михаил", "7А"), ("李雷", "")])
async def test_a_player_signs_in_with_any_name_and_is_welcomed_back(tmp_path, name, class_code):
    for time in ("first", "again"):
        app = make_app(tmp_path, ask_player=True)
        notices = record_notices(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in(pilot, name, class_code)
            await wait_until(pilot, lambda notices=notices: any(name in n for n in notices))
            welcome = f"Welcome back, {name}." if time == "again" else f"Welcome, {name}."
            assert welcome in notices
            assert str(app.screen.query_one("Header").format_title()).endswith(name)
    [record] = class_records(tmp_path)
    assert (record.name, record.class_code) == (name, class_code)


async def test_the_class_view_shows_every_name_as_typed(tmp_path):
    for name in NAMES:
        store = Store(enrol(tmp_path, name, "[/]9B" if "[" in name else "9B").folder)
        store.record_result(store.load_progress(), "campaign/01-first-steps.toml", 3)
    app = make_app(tmp_path / "teacher", class_view=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, ClassViewScreen)
        table = screen.query_one("DataTable")
        await wait_until(pilot, lambda: table.row_count == len(NAMES))
        shown = {str(table.get_row_at(row)[1]) for row in range(table.row_count)}
        codes = {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
        assert shown == set(NAMES) and codes == {"[/]9B", "9B"}
        assert all(isinstance(table.get_row_at(row)[1], Text) for row in range(table.row_count))
        await pilot.pause()  # drawn without a markup error


def test_the_class_command_writes_every_name_as_typed(tmp_path):
    from game.cli import main

    for name in NAMES:
        enrol(tmp_path, name, "[/]9B")
    assert main(["class", "--data-dir", str(tmp_path), "--csv", str(tmp_path / "c.csv")]) == 0
    text = (tmp_path / "c.csv").read_text(encoding="utf-8")
    assert all(name in text for name in NAMES)
