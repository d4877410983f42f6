"""The position index the checker points with: keys, values and each character of a string."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.tomlpos import MAX_NESTING, index, too_deep

TEXT = """\
format = 1
"quoted key" = 'literal'
[maps]
room = \"\"\"
#A.@E#
\"\"\"
escaped = "a\\tb\\u00e9c"
[[episode]]
phase = "training"
generate = { width = 7, height = 5 }
[[episode]]
ends_on = ["exit", "apple"]
"""


@pytest.fixture(scope="module")
def positions():
    tomllib.loads(TEXT)  # the index is only asked about text tomllib accepts
    return index(TEXT)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def test_keys_and_values_are_found_where_they_stand(positions):
    assert positions.key(("format",)) == (1, 1)
    assert positions.value(("format",)) == at(TEXT, "1")
    assert positions.key(("quoted key",)) == (2, 1)
    assert positions.value(("quoted key",)) == at(TEXT, "'literal'")
    assert positions.key(("maps", "room")) == at(TEXT, "room")


def test_arrays_of_tables_count_from_zero_and_inline_tables_nest(positions):
    assert positions.key(("episode", 0, "phase")) == at(TEXT, "phase")
    assert positions.value(("episode", 0, "generate", "height")) == at(TEXT, "5 }")
    assert positions.value(("episode", 1, "ends_on", 1)) == at(TEXT, '"apple"')


def test_an_unknown_path_falls_back_to_the_nearest_enclosing_key(positions):
    assert positions.key(("episode", 0, "nothing", "here")) == positions.key(("episode", 0))
    assert positions.value(("maps", "missing")) == positions.key(("maps",))
    assert positions.key(("no", "such")) == (1, 1)


def test_each_character_of_a_multiline_string_has_its_offset(positions):
    value = tomllib.loads(TEXT)["maps"]["room"]
    offsets = positions.string_offsets(("maps", "room"), value)
    assert offsets is not None and len(offsets) == len(value)
    assert "".join(TEXT[o] for o in offsets) == value  # no escapes: each character is itself
    assert positions.line_col(offsets[value.index("@")]) == at(TEXT, "@")


def test_escapes_point_at_the_escape_sequence(positions):
    value = tomllib.loads(TEXT)["maps"]["escaped"]
    offsets = positions.string_offsets(("maps", "escaped"), value)
    assert value == "a\tb\u00e9c" and offsets is not None
    assert TEXT[offsets[1] : offsets[1] + 2] == "\\t"
    assert TEXT[offsets[3] : offsets[3] + 6] == "\\u00e9"
    assert TEXT[offsets[4]] == "c"


def test_line_col_and_offset_are_inverses(positions):
    for offset in (0, 5, TEXT.index("[maps]"), len(TEXT) - 1):
        assert positions.offset(*positions.line_col(offset)) == offset


def test_a_string_that_does_not_match_its_value_has_no_offsets(positions):
    assert positions.string_offsets(("maps", "room"), "something else") is None
    assert positions.string_offsets(("format",), "1") is None  # not a string


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("a = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), True),
        ("a = " + "[" * MAX_NESTING + "]" * MAX_NESTING, False),
        ('a = "' + "[" * 100 + '"', False),  # inside a string: not nesting
        ("# " + "{" * 100 + "\na = 1", False),  # inside a comment
        ("a = " + "[" * 5000, True),  # never closed, and no recursion to run out of
    ],
)
def test_too_deep_finds_the_first_bracket_past_the_limit(text, deep):
    found = too_deep(text)
    assert (found is not None) == deep
    if deep:
        assert text[found] in "[{" and text[:found].count("[") + text[:found].count("{") == MAX_NESTING


@given(st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), st.text(max_size=20), max_size=6))
def test_every_string_value_is_traced_back_to_its_text(table):
    text = "".join(f"{key} = {_basic(value)}\n" for key, value in table.items())
    positions = index(text)
    for key, value in tomllib.loads(text).items():
        offsets = positions.string_offsets((key,), value)
        assert offsets is not None and len(offsets) == len(value)
        assert all(text[o] == char for o, char in zip(offsets, value, strict=True) if char.isalnum())


def _basic(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in escaped)
    return f'"{escaped}"'
