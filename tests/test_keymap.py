"""The player's own keys: which names are keys, which ids are bindings."""

import re

import pytest

from game.tui.app import MesaMazeApp
from game.tui.keymap import binding_ids, check_keymap, is_key
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "name", ["x", "X", "5", "f5", "ctrl+s", "shift+tab", "question_mark", "minus", "space", "enter", "pageup"]
)
def test_key_names_textual_knows(name):
    assert is_key(name)


@pytest.mark.parametrize("name", ["", "not a key!!", "ctrl+", "hyper+nothing_such", "cntrl+s", " "])
def test_names_that_are_not_keys(name):
    assert not is_key(name)


def test_every_binding_id_the_readme_names_is_a_real_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("Keys can be remapped") :].split("\n\n")[0]
    named = set(re.findall(r"`([a-z]+\.[a-z_0-9]+)`", paragraph)) - {"settings.json"}
    assert len(named) >= 10 and named <= binding_ids(MesaMazeApp.BINDINGS)


def test_a_keymap_keeps_what_works_and_says_what_does_not():
    usable, problems = check_keymap(
        {"play.give_up": "x", "play.zoom": "f5,ctrl+z", "play.giveup": "q", "play.restart": "??"},
        {"play.give_up", "play.zoom", "play.restart"},
    )
    assert usable == {"play.give_up": "x", "play.zoom": "f5,ctrl+z"}
    assert problems == [
        "'play.giveup' is not the id of any of the game's keys (did you mean play.give_up?)",
        "'??' (for play.restart) is not a key name, such as x, f5 or ctrl+s",
    ]
