"""Where each key and value of a TOML document stands, for messages that point at it.

`tomllib` gives values but no positions, so this module walks the same text
once more and records, for every key path (such as `("episode", 2, "map")`),
the offset of the key and of its value, and for strings the offset of every
character of the decoded value (so a map cell can be pointed at exactly).
It only runs on text `tomllib` has already accepted; should it still meet
something it does not follow, it stops and keeps what it found, and callers
fall back to the nearest enclosing key.
"""

from __future__ import annotations

from bisect import bisect_right
from contextlib import suppress
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


@dataclass
class PositionIndex:
    """Offsets of keys, values and string characters in one TOML text."""

    text: str
    keys: dict[Path, int] = field(default_factory=dict)
    values: dict[Path, int] = field(default_factory=dict)
    strings: dict[Path, tuple[int, int, str]] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list)
    _traced: dict[Path, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._line_starts = starts

    def offset(self, line: int, col: int) -> int:
        """The offset of a 1-based line and column (the inverse of `line_col`)."""
        starts = self._line_starts
        return starts[min(max(line, 1), len(starts)) - 1] + col - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def key(self, path: Path) -> tuple[int, int]:
        """Where the key at `path` stands, or the nearest enclosing key that was found."""
        for end in range(len(path), 0, -1):
            offset = self.keys.get(path[:end])
            if offset is not None:
                return self.line_col(offset)
        return 1, 1

    def value(self, path: Path) -> tuple[int, int]:
        """Where the value at `path` starts (falling back to its key)."""
        offset = self.values.get(path)
        if offset is not None:
            return self.line_col(offset)
        return self.key(path)

    def string_offsets(self, path: Path, value: str) -> list[int] | None:
        """The offset of each character of the string value at `path`, if it can be traced."""
        span = self.strings.get(path)
        if span is None:
            return None
        offsets = self._traced.get(path)
        if offsets is None:
            start, end, style = span
            offsets = self._traced[path] = _trace(self.text, start, end, style)
        return offsets if len(offsets) == len(value) else None


MAX_NESTING = 32
"""Deepest nesting of arrays and inline tables a level file may use (levels need three)."""


def too_deep(text: str, limit: int = MAX_NESTING) -> int | None:
    """Offset of the first `[` or `{` that opens a value nested deeper than `limit`, else None.

    Strings and comments are skipped, so brackets inside them never count.
    It reads the text without recursion, so any depth is safe to ask about.
    """
    if text.count("[") + text.count("{") <= limit:
        return None
    depth, at, size = 0, 0, len(text)
    while at < size:
        char = text[at]
        if char == "#":
            end = text.find("\n", at)
            at = size if end < 0 else end
        elif char == '"' or char == "'":
            at = _string_end(text, at)
            continue
        elif char in "[{":
            depth += 1
            if depth > limit:
                return at
        elif char in "]}":
            depth = max(0, depth - 1)
        at += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The offset just past the string that opens at `start` (the end of the text if it never closes)."""
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    at = start + len(delimiter)
    while at < len(text):
        if quote == '"' and text[at] == "\\":
            at += 2
            continue
        if text.startswith(delimiter, at):
            return at + len(delimiter)
        if len(delimiter) == 1 and text[at] == "\n":
            return at
        at += 1
    return len(text)


def index(text: str) -> PositionIndex:
    """Index a TOML text that `tomllib` has parsed."""
    result = PositionIndex(text)
    # Should the walk stop early, keep what was found: lookups fall back to enclosing keys.
    with suppress(IndexError, ValueError):
        _Walker(text, result).document()
    return result


def _trace(text: str, start: int, end: int, style: str) -> list[int]:
    """Offsets of the decoded characters of a string between `start` and `end`."""
    i = start
    if style in ('"""', "'''"):
        if text.startswith("\r\n", i):
            i += 2
        elif text.startswith("\n", i):
            i += 1
    offsets: list[int] = []
    if style in ("'", "'''"):
        while i < end:
            if text.startswith("\r\n", i):
                i += 1
            offsets.append(i)
            i += 1
        return offsets
    while i < end:
        char = text[i]
        if char == "\\":
            nxt = text[i + 1]
            if nxt in _ESCAPES:
                offsets.append(i)
                i += 2
            elif nxt == "u":
                offsets.append(i)
                i += 6
            elif nxt == "U":
                offsets.append(i)
                i += 10
            elif nxt == "x":
                offsets.append(i)
                i += 4
            else:  # line-ending backslash: drop the whitespace up to the next text
                i += 1
                while i < end and text[i] in " \t\r\n":
                    i += 1
        else:
            if text.startswith("\r\n", i):
                i += 1
            offsets.append(i)
            i += 1
    return offsets


class _Walker:
    """A small recursive-descent reader of TOML structure that records positions."""

    def __init__(self, text: str, result: PositionIndex) -> None:
        self.text = text
        self.i = 0
        self.result = result
        self.arrays: dict[Path, int] = {}

    # -- whitespace ------------------------------------------------------------------

    def skip_space(self) -> None:
        text, i = self.text, self.i
        while i < len(text) and text[i] in " \t":
            i += 1
        self.i = i

    def skip_blank(self) -> None:
        """Whitespace, newlines and comments."""
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t\r\n":
                self.i += 1
            elif char == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            else:
                return

    # -- structure ---------------------------------------------------------------------

    def document(self) -> None:
        prefix: Path = ()
        text = self.text
        while True:
            self.skip_blank()
            if self.i >= len(text):
                return
            if text.startswith("[[", self.i):
                header = self.i
                self.i += 2
                parts = self.key_parts()
                self.expect("]]")
                prefix = self.resolve(parts, header, array=True)
            elif text[self.i] == "[":
                header = self.i
                self.i += 1
                parts = self.key_parts()
                self.expect("]")
                prefix = self.resolve(parts, header, array=False)
            else:
                self.key_value(prefix)

    def resolve(self, parts: list[tuple[str, int]], header: int, array: bool) -> Path:
        path: Path = ()
        for n, (name, offset) in enumerate(parts):
            path = (*path, name)
            last = n == len(parts) - 1
            if last and array:
                count = self.arrays.get(path, 0) + 1
                self.arrays[path] = count
                self.result.keys.setdefault(path, offset)
                path = (*path, count - 1)
                self.result.keys[path] = header
            else:
                self.result.keys.setdefault(path, offset if not last else header)
                if path in self.arrays:
                    path = (*path, self.arrays[path] - 1)
        return path

    def expect(self, token: str) -> None:
        self.skip_space()
        if not self.text.startswith(token, self.i):
            raise ValueError(f"expected {token!r} at {self.i}")
        self.i += len(token)

    def key_parts(self) -> list[tuple[str, int]]:
        parts = []
        while True:
            self.skip_space()
            offset = self.i
            parts.append((self.key_part(), offset))
            self.skip_space()
            if self.i < len(self.text) and self.text[self.i] == ".":
                self.i += 1
                continue
            return parts

    def key_part(self) -> str:
        text, i = self.text, self.i
        if text[i] in "\"'":
            quote = text[i]
            end = i + 1
            while text[end] != quote:
                end += 2 if text[end] == "\\" and quote == '"' else 1
            raw = text[i + 1 : end]
            self.i = end + 1
            if quote == '"' and "\\" in raw:
                return "".join(_unescape_simple(raw))
            return raw
        end = i
        while end < len(text) and text[end] in _BARE:
            end += 1
        if end == i:
            raise ValueError(f"no key at {i}")
        self.i = end
        return text[i:end]

    def key_value(self, prefix: Path) -> None:
        parts = self.key_parts()
        path = prefix
        for name, offset in parts:
            path = (*path, name)
            self.result.keys.setdefault(path, offset)
        self.expect("=")
        self.skip_space()
        self.value(path)

    def value(self, path: Path) -> None:
        text, i = self.text, self.i
        self.result.values[path] = i
        if text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i : i + 3]
            start = i + 3
            j = start
            while True:
                if quote == '"""' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    run = 3
                    while run < 5 and j + run < len(text) and text[j + run] == quote[0]:
                        run += 1
                    end = j + run - 3
                    self.result.strings[path] = (start, end, quote)
                    self.i = end + 3
                    return
                j += 1
        char = text[i]
        if char in "\"'":
            j = i + 1
            while text[j] != char:
                j += 2 if char == '"' and text[j] == "\\" else 1
            self.result.strings[path] = (i + 1, j, char)
            self.i = j + 1
        elif char == "{":
            self.i += 1
            while True:
                before = self.i
                self.skip_space()
                if text[self.i] == "}":
                    self.i += 1
                    return
                self.key_value(path)
                self.skip_space()
                if text[self.i] == ",":
                    self.i += 1
                if self.i == before:
                    raise ValueError(f"stuck in an inline table at {self.i}")
        elif char == "[":
            self.i += 1
            n = 0
            while True:
                before = self.i
                self.skip_blank()
                if text[self.i] == "]":
                    self.i += 1
                    return
                self.value((*path, n))
                n += 1
                self.skip_blank()
                if text[self.i] == ",":
                    self.i += 1
                if self.i == before:
                    raise ValueError(f"stuck in an array at {self.i}")
        else:
            j = i
            while j < len(text) and text[j] not in ",]}\n#":
                j += 1
            self.i = j


def _unescape_simple(raw: str) -> list[str]:
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if nxt in "uU":
                width = 4 if nxt == "u" else 8
                out.append(chr(int(raw[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
        out.append(raw[i])
        i += 1
    return out
