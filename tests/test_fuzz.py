"""No input makes the checker raise: random and mutated level files (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.loader import check_bytes
from tests.conftest import CAMPAIGN, LEVELS

REAL_FILES = sorted(LEVELS.rglob("*.toml"))
SOURCES = [path.read_bytes() for path in REAL_FILES]
FRAGMENTS = [
    b"\n",
    b'"""',
    b"'''",
    b"[[episode]]\n",
    b"[maps]\n",
    b"[legend]\n",
    b"=",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b"\\",
    b"#",
    b"@",
    b"\t",
    b"\xff",
    b"\xe2\x82",
    b"repeat = 100000\n",
    b"max_steps = 0\n",
    b"generate = { width = 255, height = 255, apples = 9999 }\n",
    b'map = "nope"\n',
    b"phase = 3\n",
    b'"@" = { kind = "wall" }\n',
    b"\r\n",
    b"format = 1\n",
    b"x.y.z = 1\n",
    b"ends_on = [[]]\n",
]

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def assert_well_formed(data: bytes) -> None:
    result = check_bytes(data, Path("fuzz.toml"))
    text_lines = data.count(b"\n") + 1
    for problem in result.problems:
        assert 1 <= problem.line <= text_lines + 1
        assert problem.col >= 1
        assert problem.message and "\n" not in problem.message
    if result.level is None:
        assert result.errors


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["insert", "delete", "replace", "fragment"]))
        if how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif how == "delete":
            data[at : at + draw(st.integers(1, 40))] = b""
        elif how == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.sampled_from(FRAGMENTS))
    return bytes(data)


@given(mutated())
def test_mutated_level_files_never_raise(data):
    assert_well_formed(data)


@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    assert_well_formed(data)


@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8).map(str.encode), max_size=30))
@pytest.mark.slow
def test_random_toml_fragments_never_raise(parts):
    assert_well_formed(b"".join(parts))


@given(st.text(alphabet="#%. @AaEeZ\t", max_size=200))
def test_random_maps_never_raise(cells):
    body = cells.replace('"', "")
    data = f'format = 1\ntitle = "t"\n[[episode]]\nphase = "training"\nmap = """\n{body}\n"""\n'
    assert_well_formed(data.encode())


def test_real_files_load():
    assert len(REAL_FILES) >= 14 and all(p.is_relative_to(LEVELS) for p in REAL_FILES)
    assert any(p.is_relative_to(CAMPAIGN) for p in REAL_FILES)
    for data in SOURCES:
        assert check_bytes(data, Path("x.toml")).level is not None


DEEP_VALUES = {
    "arrays": "x = " + "[" * 5000 + "]" * 5000,
    "arrays never closed": "x = " + "[" * 5000,
    "inline tables": "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    "mixed": "x = " + "[{a = " * 2000 + "1" + "}]" * 2000,
}


@pytest.mark.parametrize("name", sorted(DEEP_VALUES))
def test_values_nested_thousands_deep_get_a_positioned_error(name):
    text = f'format = 1\ntitle = "deep"\n{DEEP_VALUES[name]}\n'
    result = check_bytes(text.encode(), Path("deep.toml"))
    assert result.level is None
    [problem] = result.errors
    # The 33rd opening bracket of line 3: the first one deeper than the format allows.
    opening = [i for i, c in enumerate(DEEP_VALUES[name]) if c in "[{"]
    assert (problem.line, problem.col) == (3, opening[32] + 1)
    assert "nested more than 32 deep" in problem.message


def test_brackets_inside_strings_and_comments_are_not_nesting():
    deep = "[" * 40
    text = (
        f'format = 1\ntitle = "{deep}"  # {deep}\nsummary = \'{deep}\'\nlesson = """\n{deep}\n"""\n'
        '[[episode]]\nphase = "training"\nmap = """\n#@.E#\n"""\n'
    )
    result = check_bytes(text.encode(), Path("strings.toml"))
    assert result.level is not None and not result.problems


@settings(max_examples=40)
@given(st.integers(33, 4000), st.sampled_from(["[", "{a=", "[{a="]), st.booleans())
def test_any_depth_never_raises(depth, opener, closed):
    closer = {"[": "]", "{a=": "}", "[{a=": "}]"}[opener]
    value = opener * depth + ("1" + closer * depth if closed else "")
    result = check_bytes(f"format = 1\nx = {value}\n".encode(), Path("deep.toml"))
    assert [p.line for p in result.errors] == [2]
