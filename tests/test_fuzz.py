"""No input makes the checker raise: random and mutated level files (hypothesis)."""

from __future__ import annotations

from pathlib import Path

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
