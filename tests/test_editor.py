"""The level editor: live problems and preview, painting, the strategies, playing and saving, by keys."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from game.core.loader import check_file
from game.core.packs import files_to_check
from game.editor.disk import KEEP_VERSIONS, keep_version, list_versions, versions_folder
from game.editor.draft import analyse
from game.editor.paint import PaintError, apply, paint
from game.tui.screens import editor
from game.tui.screens.disk_changed import DiskChangedScreen, SaveAsScreen
from game.tui.screens.editor import EditorScreen
from game.tui.screens.play import PlayScreen
from tests.conftest import CAMPAIGN, ROOT
from tests.tui_helpers import TOY, make_app, wait_for_screen


async def until(pilot, condition, tries: int = 200) -> None:
    """Pause until `condition()` holds (or fail saying so)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def problems_listed(screen) -> list[str]:
    listing = screen.query_one("#editor-problems")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


@pytest.fixture
def toy(tmp_path):
    path = tmp_path / "toy.toml"
    shutil.copy(TOY, path)
    return path


def test_the_draft_finds_maps_and_previews_the_one_under_the_cursor():
    text = TOY.read_text()
    draft = analyse(text, TOY)
    assert draft.problems == [] and draft.level is not None
    room_line = text[: text.index("#A.@.E#")].count("\n") + 1
    preview = draft.preview_at(room_line, 3)
    assert preview.label == "Map `room`" and preview.grid.to_text() == "#######\n#A.@.E#\n#######"
    episode_line = text[: text.index("[[episode]]")].count("\n") + 2
    assert draft.preview_at(episode_line, 1).source is preview.source  # the episode's named map


def test_a_generated_episode_previews_its_maze_and_seed():
    path = ROOT / "levels" / "examples" / "generated.toml"
    draft = analyse(path.read_text(), path)
    previews = [draft.episode_preview(i) for i in range(len(draft.document["episode"]))]
    assert all(p.grid is not None for p in previews)
    assert "seed 1234" in previews[1].label and "run seed" in previews[0].label


def test_painting_writes_the_cell_into_the_map_text():
    text = TOY.read_text()
    source = analyse(text, TOY).maps[("maps", "room")]
    walled = apply(text, paint(text, source, 1, 2, "#"))
    assert "#A#@.E#" in walled
    moved = apply(walled, paint(walled, analyse(walled, TOY).maps[("maps", "room")], 1, 4, "@"))
    assert "#A#.@E#" in moved  # the start moved: the old one became floor
    longer = apply(moved, paint(moved, analyse(moved, TOY).maps[("maps", "room")], 0, 9, "A"))
    assert "#########A\n" in longer  # past the row's end: walls up to the cell
    with pytest.raises(PaintError):
        paint(text, source, 5, 0, "#")
    with pytest.raises(PaintError):
        paint(text, source, 0, 0, '"')


@pytest.mark.slow
async def test_break_fix_paint_play_and_save_by_keys(toy):
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await until(pilot, lambda: "par 3" in shown(screen, "#editor-strategies"))
        assert "deceptive 3" in shown(screen, "#editor-strategies") and "greedy 1" in shown(
            screen, "#editor-strategies"
        )
        area = screen.text_area
        # break it: a second start in the map
        line = area.text[: area.text.index("#A.@.E#")].count("\n")
        area.move_cursor((line, 2))
        await pilot.press("@")
        await until(pilot, lambda: problems_listed(screen))
        assert any("second `@`" in p or "@" in p for p in problems_listed(screen))
        assert screen.query_one("#editor-problems").border_title.startswith("1 error")
        assert area.marks == {line: area.marks[line]}  # the line is marked in the gutter
        await until(pilot, lambda: "fix the errors" in shown(screen, "#editor-strategies"))
        # jump to it: the cursor lands on the exact cell
        area.move_cursor((0, 0))
        await pilot.press("f8")
        problem = screen.draft.problems[0]
        assert area.cursor_location == (problem.line - 1, problem.col - 1)
        # fix it by undoing the keystroke
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not problems_listed(screen) and screen.checked_version == screen.version)
        # paint a wall on the way to the exit
        area.move_cursor((line, 3))  # the text cursor on the start: paint mode starts on that cell
        await pilot.press("f2")
        assert screen.painting and "# wall" in shown(screen, "#editor-paint-help")
        assert screen.query_one("#editor-preview").cursor == (1, 3)
        await pilot.press("right")  # the cell between the start and the exit
        assert area.cursor_location == (line, 4)  # the text cursor follows the paint cursor
        await pilot.press("#")
        await until(pilot, lambda: "#A.@#E#" in area.text and screen.checked_version == screen.version)
        assert any("no exit can be reached" in p for p in problems_listed(screen))  # the wall cut it off
        await pilot.press("escape")  # back to the text
        assert not screen.painting and area.has_focus
        assert screen.dirty and "modified" in shown(screen, "#editor-status")
        await pilot.press("ctrl+z")  # one undo takes the painted wall back
        await until(pilot, lambda: "#A.@.E#" in area.text and screen.scored_version == screen.version)
        await pilot.press("f2", "left", "left", "left")  # to the apple, and paint floor over it
        await pilot.press(".")
        await pilot.press("escape")
        await until(pilot, lambda: screen.scored_version == screen.version)
        assert "deceptive 0" in shown(screen, "#editor-strategies")
        preview = screen.query_one("#editor-preview")
        await pilot.press("f3")
        assert preview.chosen is not None and "F3 larger" in shown(
            screen, "#editor-preview-label"
        )  # F3 zooms the preview
        # play it as it stands (not saved), and come back to the same place
        where = area.cursor_location
        await pilot.press("f5")
        assert isinstance(await wait_for_screen(pilot, PlayScreen), PlayScreen)
        assert "#..@.E#" in app.screen.run.level.episodes[0].grid.to_text()
        await pilot.press("escape")
        await wait_for_screen(pilot, EditorScreen)
        assert app.screen is screen and area.cursor_location == where
        # save: atomically, the old version kept beside it
        before = toy.read_text()
        await pilot.press("ctrl+s")
        assert toy.read_text() == area.text and [p.read_text() for p in list_versions(toy)] == [before]
        assert not screen.dirty
    assert check_file(toy).level is not None  # the saved file passes the checker


@pytest.mark.slow
async def test_leaving_with_unsaved_changes_asks(toy):
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("x")
        await pilot.press("escape")
        assert app.screen is not screen and "not saved" in shown(app.screen, "#confirm-question")
        await pilot.press("n")
        assert app.screen is screen and "x" in screen.text_area.text
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, EditorScreen)
    assert "x" not in toy.read_text()[:1]  # nothing was written


async def test_quitting_the_game_with_unsaved_changes_asks(toy):
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "ctrl+q")
        assert "not saved" in shown(app.screen, "#confirm-question")
        await pilot.press("n")
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+q", "y")
    assert app.return_value == 0


async def test_a_new_file_starts_from_the_starter_level(tmp_path):
    path = tmp_path / "mine.toml"
    app = make_app(tmp_path / "data", edit_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen) and screen.dirty and not path.exists()
        await until(pilot, lambda: screen.checked_version == screen.version)
        assert not screen.draft.result.errors
        await pilot.press("ctrl+s")
    assert check_file(path).level is not None
    assert path.stat().st_mode & 0o777 == 0o644 and not list_versions(path)


async def test_edit_from_the_menu(tmp_path, toy):
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.open_entry("edit")
        await pilot.pause()
        app.screen.query_one("#custom-path").value = str(toy)
        await pilot.press("enter")
        assert isinstance(await wait_for_screen(pilot, EditorScreen), EditorScreen)


def test_edit_on_the_command_line_refuses_what_it_cannot_edit(tmp_path):
    for args, words in (
        (["edit", str(tmp_path)], "is a folder"),
        (["edit", str(tmp_path / "x.txt")], ".toml"),
    ):
        done = subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode in (1, 2) and words in done.stderr and "Traceback" not in done.stderr


def test_the_largest_campaign_level_is_analysed_into_a_level_and_its_maps():
    path = max(CAMPAIGN.glob("*.toml"), key=lambda p: p.stat().st_size)
    draft = analyse(path.read_text(), path)
    assert (draft.level is not None and draft.maps) or draft.document["episode"]


OUTSIDE = "# changed by another program\n"


async def change_outside_then_save(pilot, screen, toy) -> str:
    """Type in the editor, change the file on disk, press ctrl+s: the question is asked; the outside text."""
    await pilot.press("x")
    outside = OUTSIDE + toy.read_text()
    toy.write_text(outside)
    await pilot.press("ctrl+s")
    assert isinstance(pilot.app.screen, DiskChangedScreen)
    assert "changed on disk" in shown(pilot.app.screen, "#disk-question")
    assert toy.read_text() == outside  # nothing written yet
    return outside


@pytest.mark.slow
async def test_an_outside_change_is_noticed_and_overwriting_keeps_it(toy, monkeypatch):
    monkeypatch.setattr(editor, "DISK_LOOK", 0.2)  # the editor's look at its file, every 2 s in play
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        toy.write_text(OUTSIDE + toy.read_text())
        await until(pilot, lambda: screen.changed_outside, tries=1000)  # noticed without a key
        assert "CHANGED ON DISK" in shown(screen, "#editor-status")
        toy.write_text(toy.read_text().removeprefix(OUTSIDE))  # put back: reading the file again
        outside = await change_outside_then_save(pilot, screen, toy)
        await pilot.press("o")
        assert app.screen is screen and toy.read_text() == screen.text_area.text != outside
        assert outside in [p.read_text() for p in list_versions(toy)]  # the outside change is kept
        assert not screen.dirty and "CHANGED ON DISK" not in shown(screen, "#editor-status")
        await pilot.press("y", "ctrl+s")  # saved here since: no question
        assert app.screen is screen and toy.read_text().startswith("xy")


@pytest.mark.slow
async def test_reloading_shows_the_outside_change_and_keeps_the_text_in_the_editor(toy):
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        outside = await change_outside_then_save(pilot, screen, toy)
        mine = screen.text_area.text
        await pilot.press("r")
        assert app.screen is screen and screen.text_area.text == outside and not screen.dirty
        assert toy.read_text() == outside and mine in [p.read_text() for p in list_versions(toy)]


@pytest.mark.slow
async def test_save_as_leaves_the_changed_file_alone(toy):
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        outside = await change_outside_then_save(pilot, screen, toy)
        await pilot.press("a")
        assert isinstance(app.screen, SaveAsScreen)
        field = app.screen.query_one("#save-as-path")
        assert field.value == str(toy.parent / "toy-2.toml")
        field.value = "notes.txt"
        await pilot.press("enter")
        assert isinstance(app.screen, SaveAsScreen) and ".toml" in shown(app.screen, "#save-as-problem")
        field.value = "toy.toml"
        await pilot.press("enter")
        assert isinstance(app.screen, SaveAsScreen) and "already exists" in shown(
            app.screen, "#save-as-problem"
        )
        field.value = "mine.toml"
        await pilot.press("enter")
        assert app.screen is screen and screen.path == toy.parent / "mine.toml"
        assert (toy.parent / "mine.toml").read_text() == screen.text_area.text and toy.read_text() == outside


@pytest.mark.slow
async def test_cancelling_the_question_saves_nothing(toy):
    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        outside = await change_outside_then_save(pilot, screen, toy)
        await pilot.press("escape")
        assert app.screen is screen and screen.dirty and toy.read_text() == outside
        assert not list_versions(toy)


@pytest.mark.slow
async def test_a_file_only_touched_is_not_a_change(toy):
    import os

    app = make_app(toy.parent / "data", edit_path=toy)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        os.utime(toy, ns=(1, 1))  # another time, the same bytes
        await pilot.press("x", "ctrl+s")
        assert app.screen is screen and toy.read_text().startswith("x")


def test_versions_are_kept_apart_and_bounded(toy):
    texts = [f"# version {n}\n" for n in range(KEEP_VERSIONS + 5)]
    kept = [keep_version(toy, text.encode()) for text in texts]  # all within a second or so
    assert len(set(kept)) == len(kept)
    left = list_versions(toy)
    assert [p.read_text() for p in left] == texts[-KEEP_VERSIONS:]  # the newest, oldest first
    assert all(p.parent == versions_folder(toy) for p in left)
    assert files_to_check(toy.parent) == [toy]  # a folder's check skips the kept versions
