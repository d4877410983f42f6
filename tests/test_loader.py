"""Level files (docs/levels.md): what loads, and every error at its line and column."""

from __future__ import annotations

import time

import numpy as np
import pytest

from game.core.level import Announcement, EndRule, Phase, Style
from game.core.loader import MAX_FILE_BYTES, check_file, load_level
from game.core.problems import LevelError
from game.core.tiles import Colour, Kind
from tests.conftest import CONTRACT

HEAD = 'format = 1\ntitle = "t"\n'


def lines(result) -> list[str]:
    """Problems without the path: 'LINE:COL: severity: message'."""
    return [line.split(":", 1)[1] for line in result.lines()]


def test_contract_bad_symbol_points_at_the_cell():
    result = check_file(CONTRACT / "bad-symbol.toml")
    assert result.lines()[0].startswith(f"{CONTRACT / 'bad-symbol.toml'}:8:4: error: unknown symbol `Z`")
    assert result.level is None


def test_a_full_level_loads(level_from):
    level = level_from(
        HEAD
        + """
seed = 7
par = 3
summary = "s"
lesson = "l"
author = "a"
[overseer]
learning_rate = 0.5
tolerance = 2
watch = 0.75
intro = "hi"
[legend]
"B" = { kind = "apple", color = "blue" }
"G" = { kind = "wall", color = "gray" }
[maps]
corridor = \"\"\"
#######
#A.@BE#
#######
\"\"\"
[[episode]]
phase = "training"
announce = "hidden"
map = "corridor"
repeat = 2
max_steps = 20
ends_on = ["exit", "apple"]
say = "go"
learning_rate = 0.25
[[episode]]
phase = "deployment"
generate = { width = 21, height = 11, apples = 3, style = "tempting" }
"""
    )
    assert (level.seed, level.par, level.intro, level.author) == (7, 3, "hi", "a")
    assert len(level.episodes) == 3
    first = level.episodes[0]
    assert first.phase is Phase.TRAINING and first.announce is Announcement.HIDDEN
    assert first.ends_on == {EndRule.EXIT, EndRule.APPLE}
    assert first.overseer.learning_rate == 0.25 and first.overseer.tolerance == 2
    assert first.overseer.watch == 0.75 and first.max_steps == 20 and first.say == "go"
    assert first.grid.tile(1, 4).describe() == "blue apple"
    last = level.episodes[2]
    assert last.announce is Announcement.DEPLOYMENT  # default: the phase
    assert last.generate.style is Style.TEMPTING and last.overseer.learning_rate == 0.5
    assert len(level.digest) == 64


def test_map_text_rules(level_from):
    # newline after the opening quotes dropped; final newline adds no row;
    # ragged rows are padded with wall; an empty row is all wall
    level = level_from(HEAD + '[[episode]]\nphase = "training"\nmap = """\n#@.E\n\n#.\n"""\n')
    grid = level.episodes[0].grid
    assert (grid.height, grid.width) == (3, 4)
    assert grid.start == (0, 1)
    assert grid.kind[1].tolist() == [Kind.WALL] * 4
    assert grid.kind[2].tolist() == [Kind.WALL, Kind.FLOOR, Kind.WALL, Kind.WALL]


def test_default_legend(level_from):
    level = level_from(HEAD + '[[episode]]\nphase = "training"\nmap = """\n#%. @AaEe\n"""\n')
    tiles = [level.episodes[0].grid.tile(0, c).describe() for c in range(9)]
    assert tiles == [
        "grey wall",
        "green wall",
        "floor",
        "floor",
        "floor",
        "green apple",
        "red apple",
        "green exit",
        "grey exit",
    ]


def test_inline_map_needs_a_newline_else_it_names_a_map(check_text):
    result = check_text(HEAD + '[maps]\nroom = "#@E#"\n[[episode]]\nphase = "training"\nmap = "rooom"\n')
    assert (
        lines(result)
        == [
            "7:7: error: no map named `rooom` in [maps] (did you mean `room`?)",
            "4:1: warning: map `room` is never used by an episode",
        ][::-1]
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[[episode]]\nphase = "training"\nmap = """\n#@\tE#\n"""\n', "6:3: error: unknown symbol a tab"),
        (
            '[[episode]]\nphase = "training"\nmap = """\n#@.E#\n#.@.#\n"""\n',
            "7:3: error: a second start `@` (the first is at row 1, column 2 of the map)",
        ),
        ('[[episode]]\nphase = "training"\nmap = """\n#..E#\n"""\n', "5:7: error: the map has no start `@`"),
        ('[[episode]]\nphase = "training"\nmap = """\n#@.#\n"""\n', "5:7: error: the map has no exit"),
        (
            '[[episode]]\nphase = "training"\nmap = """\n#@#E#\n"""\n',
            "6:2: error: no exit can be reached from the start `@`",
        ),
        (
            '[[episode]]\nphase = "training"\nmax_steps = 2\nmap = """\n#@..E#\n"""\n',
            "5:13: error: `max_steps = 2` is too small: the exit is 3 steps from the start",
        ),
        (
            '[[episode]]\nphase = "training"\nmax_step = 2\nmap = """\n#@..E#\n"""\n',
            "5:1: error: unknown key `max_step` in episode 1 (did you mean `max_steps`?)",
        ),
        (
            '[[episode]]\nphase = "trainning"\nmap = """\n#@E#\n"""\n',
            '4:9: error: `phase` must be one of training, deployment, not "trainning" (did you mean `training`?)',
        ),
        (
            '[[episode]]\nmap = """\n#@E#\n"""\n',
            "3:1: error: episode 1 needs a `phase`: training or deployment",
        ),
        (
            '[[episode]]\nphase = "training"\n',
            "3:1: error: episode 1 needs a `map` (a name from [maps] or a drawn map) or `generate`",
        ),
        (
            '[[episode]]\nphase = "training"\nrepeat = 0\nmap = """\n#@E#\n"""\n',
            "5:10: error: `repeat` must be >= 1, not 0",
        ),
        (
            '[[episode]]\nphase = "training"\nrepeat = 501\nmap = """\n#@E#\n"""\n',
            "5:10: error: the run has 501 episodes here; at most 500 are allowed",
        ),
        (
            '[[episode]]\nphase = "training"\nends_on = ["exit", "apples"]\nmap = """\n#@E#\n"""\n',
            '5:20: error: `ends_on[1]` must be one of exit, apple, all_apples, not "apples" (did you mean `apple`?)',
        ),
        (
            '[[episode]]\nphase = "training"\nlearning_rate = 0\nmap = """\n#@E#\n"""\n',
            "5:17: error: `learning_rate` must be a number with 0.0 < x <= 1.0, not 0",
        ),
        (
            '[[episode]]\nphase = "training"\nwatch = "often"\nmap = """\n#@E#\n"""\n',
            "5:9: error: `watch` must be a number, not a string",
        ),
        (
            '[overseer]\ntolerance = -1\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            "4:13: error: `tolerance` must be >= 0, not -1",
        ),
        (
            '[overseer]\nlearning_rat = 1\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            "4:1: error: unknown key `learning_rat` in [overseer] (did you mean `learning_rate`?)",
        ),
        (
            'par = -1\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            "3:7: error: `par` must be >= 0, not -1",
        ),
        (
            'seed = "x"\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            "3:8: error: `seed` must be an integer, not a string",
        ),
        (
            'episodes = 1\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            "3:1: error: unknown key `episodes` in the level (did you mean `episode`?)",
        ),
        (
            '[legend]\n"@" = { kind = "wall" }\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            "4:1: error: `@` is the start and cannot be redefined",
        ),
        (
            '[legend]\n"XY" = { kind = "wall" }\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            '4:1: error: a legend symbol is one character, not "XY"',
        ),
        (
            '[legend]\n"X" = { kind = "wal", colour = "red" }\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n',
            '4:23: error: unknown key `colour` in the legend entry for "X" (did you mean `color`?)',
        ),
        (
            '[[episode]]\nphase = "training"\ngenerate = { width = 20, height = 11 }\n',
            "5:22: error: `width` must be odd, not 20",
        ),
        (
            '[[episode]]\nphase = "training"\ngenerate = { width = 5, height = 5, apples = 9 }\n',
            "5:46: error: `apples` must be from 0 to 2, not 9",
        ),
        (
            '[[episode]]\nphase = "training"\ngenerate = { width = 5, height = 5, exit = "A" }\n',
            '5:44: error: `exit` must be a legend symbol of kind exit, not "A"',
        ),
        (
            '[[episode]]\nphase = "training"\ngenerate = { width = 5, heigth = 5 }\n',
            "5:25: error: unknown key `heigth` in `generate` (did you mean `height`?)",
        ),
        (
            '[[episode]]\nphase = "training"\nmap = "x"\ngenerate = { width = 5, height = 5 }\n',
            "6:1: error: episode 1 has both `map` and `generate`; keep one",
        ),
        (
            'format = 2\n[[episode]]\nphase = "training"\nmap = """\n#@E#\n"""\n'.replace("format = 2\n", ""),
            None,
        ),
    ],
)
def test_each_error_points_at_its_key_or_cell(check_text, body, expected):
    result = check_text(HEAD + body)
    if expected is None:
        assert result.problems == [] and result.level is not None
    else:
        assert expected in "\n".join(lines(result)), lines(result)
        assert result.level is None


def test_wrong_format_missing_title_and_missing_episodes(check_text):
    assert lines(
        check_text('format = 2\ntitle = "t"\n[[episode]]\nphase = "training"\nmap = "a\\n@E"\n')
    ) == ["1:10: error: this game reads `format = 1`, not 2"]
    assert lines(check_text('title = "t"\n')) == [
        "1:1: error: a level needs at least one [[episode]]",
        "1:1: error: missing `format = 1` (every level file starts with it)",
    ]
    assert "1:1: error: missing `title`, the level's name" in lines(
        check_text('format = 1\n[[episode]]\nphase = "training"\nmap = "a\\n@E"\n')
    )


def test_all_errors_of_a_file_at_once(check_text):
    result = check_text(
        HEAD
        + '[[episode]]\nphase = "x"\nmap = """\n#@Z.E#\n"""\n[[episode]]\nphase = "training"\nrepeet = 2\nmap = "nowhere"\n'
    )
    got = lines(result)
    assert len(result.errors) == 4, got
    assert got[0].startswith("4:9: error: `phase`")
    assert got[1].startswith("6:3: error: unknown symbol `Z`")


def test_unreachable_green_apples_are_warnings(check_text):
    result = check_text(HEAD + '[[episode]]\nphase = "training"\nmap = """\n#@.E#A#\n"""\n')
    assert lines(result) == ["6:6: warning: this green apple can never be reached"]
    assert result.level is not None


def test_cells_of_named_maps_point_into_maps(check_text):
    result = check_text(
        HEAD + '[maps]\nroom = """\n####\n#@?E\n"""\n[[episode]]\nphase = "training"\nmap = "room"\n'
    )
    assert lines(result) == [
        "6:3: error: unknown symbol `?`: add it to [legend] or use one of # % . A E a e @"
    ]


def test_map_cells_with_escapes_and_literal_strings(check_text):
    # a basic string with an escape before the bad cell, and a literal string
    basic = check_text(HEAD + '[[episode]]\nphase = "training"\nmap = "\\u0023@E\\n#Q#"\n')
    assert lines(basic) == [
        "5:19: error: unknown symbol `Q`: add it to [legend] or use one of # % . A E a e @"
    ]
    literal = check_text(HEAD + "[[episode]]\nphase = \"training\"\nmap = '''\n#@E\n#Q#\n'''\n")
    assert lines(literal)[0].startswith("7:2: error: unknown symbol `Q`")


def test_map_size_limits(check_text):
    wide = "#@E" + "." * 300
    assert lines(check_text(HEAD + f'[[episode]]\nphase = "training"\nmap = """\n{wide}\n"""\n')) == [
        "6:257: error: this row is 303 columns wide; at most 256 are allowed"
    ]
    tall = "#@E\n" + "#\n" * 300
    result = check_text(HEAD + f'[[episode]]\nphase = "training"\nmap = """\n{tall}"""\n')
    assert lines(result) == ["262:1: error: the map has 301 rows; at most 256 are allowed"]


def test_not_toml_not_utf8_missing_and_folders(tmp_path, check_text):
    assert lines(check_text(HEAD + "seed = = 3\n")) == ["3:8: error: not valid TOML: invalid value"]
    bad = tmp_path / "latin.toml"
    bad.write_bytes(HEAD.encode() + b'summary = "caf\xe9"\n')
    assert lines(check_file(bad)) == ["3:15: error: the file is not UTF-8 text (byte 0xe9)"]
    assert lines(check_file(tmp_path / "nope.toml")) == ["1:1: error: no such file"]
    assert lines(check_file(tmp_path)) == ["1:1: error: this is a folder, not a level file"]


def test_a_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MiB, sparse
    monkeypatch.setattr(type(huge), "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    began = time.perf_counter()
    result = check_file(huge)
    assert time.perf_counter() - began < 0.5
    assert lines(result) == [
        f"1:1: error: the file is 52,428,800 bytes; a level file is at most {MAX_FILE_BYTES:,} bytes (1 MiB)"
    ]


def test_load_level_raises_with_every_problem(write_level):
    path = write_level(HEAD + '[[episode]]\nphase = "x"\nmap = """\n#@Z.E#\n"""\n')
    with pytest.raises(LevelError) as caught:
        load_level(path)
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith(f"{path}:4:9: error:") and "(and 1 more)" in str(caught.value)


def test_generate_defaults_and_custom_symbols(level_from):
    level = level_from(
        HEAD + '[legend]\n"x" = { kind = "exit", color = "purple" }\n'
        '[[episode]]\nphase = "training"\ngenerate = { width = 9, height = 7, exit = "x", apple = "a" }\n'
    )
    spec = level.episodes[0].generate
    assert (spec.width, spec.height, spec.apples, spec.style, spec.seed) == (9, 7, 0, Style.MAZE, None)
    assert spec.exit.colour is Colour.PURPLE and spec.apple.colour is Colour.RED


def test_repeats_expand_into_the_run(level_from):
    level = level_from(
        HEAD + '[[episode]]\nphase = "training"\nrepeat = 3\nmap = "#\\n@E"\n'
        '[[episode]]\nphase = "deployment"\nmap = "#\\n@E"\n'
    )
    assert [e.phase.value for e in level.episodes] == ["training"] * 3 + ["deployment"]
    assert np.array_equal(level.episodes[0].grid.kind, level.episodes[3].grid.kind)


def test_the_campaign_is_read_once_and_keyed_by_its_place(monkeypatch):
    from game.core import campaign as module
    from game.core import loader

    module.campaign.cache_clear()
    read: list = []
    real = loader.check_file
    monkeypatch.setattr(loader, "check_file", lambda path: read.append(path) or real(path))
    first = module.campaign()
    assert module.campaign() is first and len(read) == len(first.levels) == 12
    assert first.levels[3].key == module.level_key(first.files[3]) == "campaign/04-toy-example.toml"
    assert all(entry.level is not None for entry in first.levels)
    finished = {"campaign/01-first-steps.toml"}
    assert [first.is_open(n, finished.__contains__) for n in range(3)] == [True, True, False]
