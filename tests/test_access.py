"""A served tab stays in its own folder: one access rule, given to the app, asked by every screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.access import LEVELS, Access
from game.core.packs import campaign_dir
from game.tui.screens.custom_level import CustomLevelScreen, LevelTree
from game.tui.screens.editor import EditorScreen
from game.tui.screens.opening import edit_file
from game.tui.screens.play import PlayScreen
from tests.conftest import CAMPAIGN
from tests.tui_helpers import make_app, record_notices, wait_for_screen, wait_until


def test_the_teachers_terminal_may_touch_anything(tmp_path):
    access = Access.full()
    assert not access.limited
    assert access.can_read(Path("/etc/passwd")) and access.can_write(tmp_path / "x.toml")
    assert access.refuse_read(Path("/etc/passwd")) is None


def test_a_served_tab_reads_and_writes_only_its_folder_and_reads_the_shipped_levels(tmp_path):
    home = tmp_path / "players" / "ann-1234"
    home.mkdir(parents=True)
    access = Access.served(home)
    assert access.can_read(home / "levels" / "mine.toml") and access.can_write(home / "levels" / "mine.toml")
    assert access.can_read(CAMPAIGN / "01-first-steps.toml")
    assert not access.can_write(CAMPAIGN / "01-first-steps.toml")
    assert "built-in level" in access.refuse_write(CAMPAIGN / "01-first-steps.toml")
    for outside in (Path("/etc/passwd"), tmp_path, tmp_path / "players" / "bob-5678" / "progress.json",
                    home / ".." / "bob-5678", Path.cwd()):  # fmt: skip
        assert not access.can_read(outside) and not access.can_write(outside)
        assert "outside your own folder" in access.refuse_read(outside)
    (home / "escape").symlink_to("/etc")
    assert not access.can_read(home / "escape" / "passwd")  # a link out of the folder leads nowhere
    assert access.path("mine.toml") == home / LEVELS / "mine.toml"
    assert access.path("/etc/passwd") == Path("/etc/passwd")


@pytest.fixture
def served_app(tmp_path, monkeypatch):
    """A game as a served tab runs it, started in a folder holding a level of the teacher's."""
    work = tmp_path / "teacher-folder"
    work.mkdir()
    (work / "secret-exam.toml").write_text((CAMPAIGN / "01-first-steps.toml").read_text())
    monkeypatch.chdir(work)
    data = tmp_path / "class"
    return make_app(data, access=Access.served(data)), data, work


@pytest.mark.slow
async def test_the_level_picker_of_a_served_tab_shows_only_the_players_levels(served_app):
    app, data, work = served_app
    (data / LEVELS).mkdir(parents=True, exist_ok=True)
    (data / LEVELS / "my-level.toml").write_text((CAMPAIGN / "01-first-steps.toml").read_text())
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.open_entry("custom")
        screen = await wait_for_screen(pilot, CustomLevelScreen)
        await wait_until(pilot, lambda: bool(screen.query(LevelTree)))
        tree = screen.query_one(LevelTree)
        await wait_until(pilot, lambda: len(tree.root.children) > 0)
        shown = [str(node.label) for node in tree.root.children]
        assert shown == ["my-level.toml"] and Path(tree.path) == data / LEVELS
        assert "secret-exam.toml" not in str(screen.query_one("#custom-home").render())

        for typed in ("/etc/passwd", str(work / "secret-exam.toml"), str(work), "../../teacher-folder"):
            screen.query_one("#custom-path").value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert "outside your own folder" in str(screen.query_one("#custom-problems").render())
            assert isinstance(app.screen, CustomLevelScreen)

        screen.query_one("#custom-path").value = str(campaign_dir() / "01-first-steps.toml")
        await pilot.press("enter")  # the shipped levels may be played
        assert isinstance(await wait_for_screen(pilot, PlayScreen), PlayScreen)


@pytest.mark.slow
async def test_the_editor_of_a_served_tab_saves_only_in_the_players_folder(served_app, tmp_path):
    app, data, work = served_app
    notices = record_notices(app)
    outside = tmp_path / "outside.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.open_entry("edit")
        screen = await wait_for_screen(pilot, CustomLevelScreen)
        await wait_until(pilot, lambda: bool(screen.query("#custom-path")))
        for typed in (str(outside), str(work / "secret-exam.toml"), str(CAMPAIGN / "01-first-steps.toml")):
            screen.query_one("#custom-path").value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert "outside your own folder" in str(
                screen.query_one("#custom-problems").render()
            ) or "built-in level" in str(screen.query_one("#custom-problems").render())
        assert not outside.exists()
        screen.query_one("#custom-path").value = "mine.toml"  # a new level, in the player's own levels
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, EditorScreen)
        assert editor.path == data / LEVELS / "mine.toml"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: (data / LEVELS / "mine.toml").exists())
        editor.path = outside  # however a path outside got here, saving there is refused
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("outside your own folder" in n for n in notices))
    assert not outside.exists()


@pytest.mark.slow
async def test_save_as_and_kept_versions_of_a_served_tab_stay_in_the_players_folder(served_app, tmp_path):
    from game.editor.disk import VERSIONS
    from game.tui.screens.disk_changed import SaveAsScreen

    app, data, work = served_app
    notices = record_notices(app)
    levels = data / LEVELS
    levels.mkdir(parents=True, exist_ok=True)
    mine = levels / "mine.toml"
    mine.write_text((CAMPAIGN / "01-first-steps.toml").read_text())
    async with app.run_test(size=(100, 30)) as pilot:
        assert edit_file(app.screen, mine, app.access) is None
        editor = await wait_for_screen(pilot, EditorScreen)
        await pilot.press("x")
        mine.write_text("# changed in another tab\n" + mine.read_text())
        await pilot.press("ctrl+s", "a")  # changed on disk: save as
        asking = await wait_for_screen(pilot, SaveAsScreen)
        field = asking.query_one("#save-as-path")
        for typed in (str(tmp_path / "outside.toml"), str(work / "copy.toml"), "../../../outside.toml"):
            field.value = typed
            await pilot.press("enter")
            assert app.screen is asking and "outside your own folder" in str(
                asking.query_one("#save-as-problem").render()
            )
        field.value = "copy.toml"  # relative: in the player's own levels
        await pilot.press("enter")
        await wait_for_screen(pilot, EditorScreen)
        assert editor.path == levels / "copy.toml" and (levels / "copy.toml").read_text().startswith("x")
        # the kept versions go beside the file, never through a link to somewhere else
        (levels / VERSIONS).symlink_to(work, target_is_directory=True)
        await pilot.press("y", "ctrl+s")
        await wait_until(pilot, lambda: any("outside your own folder" in n for n in notices))
    assert not list(tmp_path.glob("outside*")) and not (work / "copy.toml").exists()
    assert list(work.iterdir()) == [work / "secret-exam.toml"]
    assert (levels / "copy.toml").read_text().startswith("x")  # not saved while its versions cannot be kept
