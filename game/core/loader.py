"""Reading and checking level files (the format: docs/levels.md).

`check_file` reports every problem of a file at once, each at the line and
column of the key or map cell it is about; `load_level` returns a playable
`Level` or raises `LevelError` with the same problems. Limits are enforced
before any expensive work: a file over 1 MiB is refused from its size alone.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from game.core.generate import capacity
from game.core.grid import Grid
from game.core.level import (
    MAX_EPISODES,
    Announcement,
    EndRule,
    EpisodeSpec,
    GenerateSpec,
    Level,
    OverseerSettings,
    Phase,
    Style,
)
from game.core.maps import check_reachability, parse_map, split_rows
from game.core.problems import LevelError, Problem, Severity
from game.core.tiles import COLOUR_NAMES, DEFAULT_LEGEND, KIND_NAMES, START_SYMBOL, Kind, Tile
from game.core.tomlpos import MAX_NESTING, PositionIndex, too_deep
from game.core.tomlpos import index as index_positions
from game.core.words import count
from game.fileio import NotReadable, read_bounded

MAX_FILE_BYTES = 1 << 20
"""A level file is at most 1 MiB."""

FORMAT = 1

MIN_SIDE, MAX_GENERATED_SIDE = 5, 255
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Rule:
    """What one key's value must be: its type and range. Adding a key to a table is one line."""

    type: str
    """integer, number, string, choice, table, or special (checked by its own code)."""
    low: float = 0
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()


def _integer(low: int, high: int | None = None) -> Rule:
    return Rule("integer", low, high)


def _number(low: float, high: float, low_open: bool = False) -> Rule:
    return Rule("number", low, high, low_open)


def _choice(choices: tuple[str, ...]) -> Rule:
    return Rule("choice", choices=choices)


STRING, TABLE, SPECIAL = Rule("string"), Rule("table"), Rule("special")

TOP_RULES = {
    "format": _integer(0),
    "title": STRING,
    "summary": STRING,
    "lesson": STRING,
    "author": STRING,
    "seed": _integer(0, MAX_SEED),
    "par": _integer(0),
    "overseer": TABLE,
    "legend": TABLE,
    "maps": TABLE,
    "episode": SPECIAL,
}
OVERSEER_RULES = {
    "learning_rate": _number(0.0, 1.0, low_open=True),
    "tolerance": _integer(0),
    "watch": _number(0.0, 1.0),
    "intro": STRING,
}
EPISODE_RULES = {
    "phase": _choice(tuple(Phase)),
    "announce": _choice(tuple(Announcement)),
    "map": SPECIAL,
    "generate": SPECIAL,
    "repeat": _integer(1),
    "max_steps": _integer(1),
    "ends_on": SPECIAL,
    "say": STRING,
    **OVERSEER_RULES,
}
GENERATE_RULES = {
    "width": _integer(MIN_SIDE, MAX_GENERATED_SIDE),
    "height": _integer(MIN_SIDE, MAX_GENERATED_SIDE),
    "apples": SPECIAL,  # its upper bound depends on the maze's size
    "style": _choice(tuple(Style)),
    "seed": _integer(0, MAX_SEED),
    "apple": STRING,
    "exit": STRING,
}
TOP_KEYS, OVERSEER_KEYS = tuple(TOP_RULES), tuple(OVERSEER_RULES)
EPISODE_KEYS, GENERATE_KEYS = tuple(EPISODE_RULES), tuple(GENERATE_RULES)
LEGEND_RULES = {"kind": _choice(tuple(KIND_NAMES)), "color": _choice(tuple(COLOUR_NAMES))}
LEGEND_KEYS = tuple(LEGEND_RULES)

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")

Where = tuple[int, int]
KeyPath = tuple[str | int, ...]


@dataclass
class CheckResult:
    """What checking one file found: the level (None when it has errors) and every problem."""

    path: Path
    problems: list[Problem]
    level: Level | None = None
    document: dict[str, Any] | None = None
    """The parsed TOML, when the text parsed (for tools such as the editor that read it further)."""
    positions: PositionIndex | None = None
    """Where each key and value of `document` stands in the text."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def lines(self) -> list[str]:
        """Every problem as `PATH:LINE:COL: severity: message`, in file order."""
        return [p.format(str(self.path)) for p in sorted(self.problems)]


def load_level(path: str | Path) -> Level:
    """The playable level in `path`; raises LevelError listing every problem."""
    result = check_file(path)
    if result.level is None:
        raise LevelError(str(result.path), sorted(result.problems))
    return result.level


def check_file(path: str | Path) -> CheckResult:
    """Check one level file: every problem, and the level when there are no errors."""
    path = Path(path)
    result = CheckResult(path, [])

    def fail(message: str, where: Where = (1, 1)) -> CheckResult:
        result.problems.append(Problem(*where, Severity.ERROR, message))
        return result

    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return fail("no such file")
    except IsADirectoryError:
        return fail("this is a folder, not a level file")
    except NotReadable as error:
        if path.is_dir():
            return fail("this is a folder, not a level file")
        if error.size is not None:
            return fail(
                f"the file is {error.size:,} bytes; a level file is at most {MAX_FILE_BYTES:,} bytes (1 MiB)"
            )
        return fail(f"cannot read the file: {error.strerror}")
    except OSError as error:
        return fail(f"cannot read the file: {error.strerror or error}")
    return check_bytes(data, path)


def check_bytes(data: bytes, path: Path) -> CheckResult:
    """Check the bytes of a level file (as `check_file` does after reading it)."""
    result = CheckResult(path, [])
    if len(data) > MAX_FILE_BYTES:
        result.problems.append(Problem(1, 1, Severity.ERROR, "the file is larger than 1 MiB"))
        return result
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        result.problems.append(
            Problem(line, col, Severity.ERROR, f"the file is not UTF-8 text (byte 0x{data[error.start]:02x})")
        )
        return result
    if text.startswith("\ufeff"):
        text = text[1:]
    if (deep := too_deep(text)) is not None:
        result.problems.append(
            Problem(
                *PositionIndex(text).line_col(deep),
                Severity.ERROR,
                f"arrays and inline tables are nested more than {MAX_NESTING} deep here; "
                "a level file needs no more than three",
            )
        )
        return result
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where: Where = (1, 1)
        if match := _TOML_WHERE.search(message):
            where = (int(match[1]), int(match[2]))
            message = message[: match.start()]
        elif match := _TOML_END.search(message):
            lines = text.split("\n")
            where = (len(lines), len(lines[-1]) + 1)
            message = message[: match.start()]
        message = message[:1].lower() + message[1:]
        result.problems.append(Problem(*where, Severity.ERROR, f"not valid TOML: {message}"))
        return result
    result.document, result.positions = document, index_positions(text)
    checker = _Checker(document, result.positions, path)
    level = checker.check()
    result.problems = checker.problems
    if level is not None and not result.errors:
        level.digest = hashlib.sha256(data).hexdigest()
        result.level = level
    return result


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date"
    return type(value).__name__


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{match[0]}`?)" if match else ""


def _name(path: KeyPath) -> str:
    """The name of the key at `path` for messages: `max_steps`, or `ends_on[1]` for an array item."""
    if isinstance(path[-1], int) and len(path) > 1:
        return f"{path[-2]}[{path[-1]}]"
    return str(path[-1])


class _Checker:
    """Validates one parsed document, collecting problems with their positions."""

    def __init__(self, document: dict[str, Any], positions: PositionIndex, path: Path) -> None:
        self.document = document
        self.positions = positions
        self.path = path
        self.problems: list[Problem] = []
        self.legend: dict[str, Tile] = dict(DEFAULT_LEGEND)
        self.maps: dict[str, Grid | None] = {}
        self.used_maps: set[str] = set()
        self._shortest_cache: dict[tuple[int, bool], int] = {}

    # -- reporting -------------------------------------------------------------------

    def error(self, where: Where, message: str) -> None:
        self.problems.append(Problem(*where, Severity.ERROR, message))

    def warning(self, where: Where, message: str) -> None:
        self.problems.append(Problem(*where, Severity.WARNING, message))

    def at_key(self, path: KeyPath) -> Where:
        return self.positions.key(path)

    def at_value(self, path: KeyPath) -> Where:
        return self.positions.value(path)

    def unknown_keys(self, table: dict[str, Any], known: tuple[str, ...], path: KeyPath, where: str) -> None:
        for key in table:
            if key not in known:
                self.error(self.at_key((*path, key)), f"unknown key `{key}` in {where}{_suggest(key, known)}")

    # -- typed values ----------------------------------------------------------------

    def integer(self, path: KeyPath, value: Any, low: int, high: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(self.at_value(path), f"`{_name(path)}` must be an integer, not {_kind_of(value)}")
            return None
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f">= {low}"
            self.error(self.at_value(path), f"`{_name(path)}` must be {bounds}, not {value}")
            return None
        return value

    def number(self, path: KeyPath, value: Any, low: float, high: float, low_open: bool) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(self.at_value(path), f"`{_name(path)}` must be a number, not {_kind_of(value)}")
            return None
        too_low = value <= low if low_open else value < low
        if too_low or value > high or value != value:
            bounds = f"{low} < x <= {high}" if low_open else f"{low} <= x <= {high}"
            self.error(self.at_value(path), f"`{_name(path)}` must be a number with {bounds}, not {value}")
            return None
        return float(value)

    def string(self, path: KeyPath, value: Any) -> str | None:
        if not isinstance(value, str):
            self.error(self.at_value(path), f"`{_name(path)}` must be a string, not {_kind_of(value)}")
            return None
        return value

    def choice(self, path: KeyPath, value: Any, choices: tuple[str, ...]) -> str | None:
        text = self.string(path, value)
        if text is None:
            return None
        if text not in choices:
            options = ", ".join(choices)
            self.error(
                self.at_value(path),
                f'`{_name(path)}` must be one of {options}, not "{text}"{_suggest(text, choices)}',
            )
            return None
        return text

    def table(self, path: KeyPath, value: Any) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(self.at_value(path), f"`{_name(path)}` must be a table, not {_kind_of(value)}")
            return None
        return value

    def read(self, table: dict[str, Any], path: KeyPath, key: str, rules: dict[str, Rule]) -> Any:
        """`table[key]` checked against its rule: the value, or None when it is absent or wrong (reported)."""
        if key not in table:
            return None
        rule, where, value = rules[key], (*path, key), table[key]
        match rule.type:
            case "integer":
                return self.integer(
                    where, value, int(rule.low), None if rule.high is None else int(rule.high)
                )
            case "number":
                assert rule.high is not None
                return self.number(where, value, rule.low, rule.high, rule.low_open)
            case "string":
                return self.string(where, value)
            case "choice":
                return self.choice(where, value, rule.choices)
            case "table":
                return self.table(where, value)
        raise ValueError(f"`{key}` is checked by its own code")

    # -- the document ----------------------------------------------------------------

    def check(self) -> Level | None:
        doc = self.document
        self.unknown_keys(doc, TOP_KEYS, (), "the level")
        if "format" not in doc:
            self.error((1, 1), "missing `format = 1` (every level file starts with it)")
        elif (fmt := self.read(doc, (), "format", TOP_RULES)) is not None and fmt != FORMAT:
            self.error(self.at_value(("format",)), f"this game reads `format = {FORMAT}`, not {fmt}")
        title = ""
        if "title" not in doc:
            self.error((1, 1), "missing `title`, the level's name")
        elif (text := self.read(doc, (), "title", TOP_RULES)) is not None:
            title = text.strip()
            if not title:
                self.error(self.at_value(("title",)), "`title` must not be empty")
        texts = {key: self.read(doc, (), key, TOP_RULES) or "" for key in ("summary", "lesson", "author")}
        seed = self.read(doc, (), "seed", TOP_RULES)
        par = self.read(doc, (), "par", TOP_RULES)

        defaults, intro = OverseerSettings(), ""
        if (table := self.read(doc, (), "overseer", TOP_RULES)) is not None:
            self.unknown_keys(table, OVERSEER_KEYS, ("overseer",), "[overseer]")
            defaults = self.overseer(table, ("overseer",), OverseerSettings())
            intro = self.read(table, ("overseer",), "intro", OVERSEER_RULES) or ""
        if (table := self.read(doc, (), "legend", TOP_RULES)) is not None:
            self.check_legend(table)
        if (table := self.read(doc, (), "maps", TOP_RULES)) is not None:
            for name, value in table.items():
                self.maps[name] = self.named_map(name, value)
        episodes = self.check_episodes(defaults)
        for name in self.maps:
            if name not in self.used_maps:
                self.warning(self.at_key(("maps", name)), f"map `{name}` is never used by an episode")
        if any(p.severity is Severity.ERROR for p in self.problems):
            return None
        grids = {name: grid for name, grid in self.maps.items() if grid is not None}
        return Level(
            title=title,
            episodes=episodes,
            summary=texts.get("summary", ""),
            lesson=texts.get("lesson", ""),
            author=texts.get("author", ""),
            seed=seed or 0,
            par=par,
            intro=intro,
            path=self.path,
            maps=grids,
        )

    def overseer(self, table: dict[str, Any], path: KeyPath, base: OverseerSettings) -> OverseerSettings:
        """`base` with the overseer's keys that `table` sets (and gets right)."""
        values = {}
        for key in ("learning_rate", "tolerance", "watch"):
            got = self.read(table, path, key, OVERSEER_RULES)
            values[key] = getattr(base, key) if got is None else got
        return OverseerSettings(**values)

    def check_legend(self, table: dict[str, Any]) -> None:
        for symbol, entry in table.items():
            path: KeyPath = ("legend", symbol)
            where = self.at_key(path)
            if len(symbol) != 1 or symbol in "\n\r":
                self.error(where, f'a legend symbol is one character, not "{symbol}"')
                continue
            if symbol == START_SYMBOL:
                self.error(where, "`@` is the start and cannot be redefined")
                continue
            entry = self.table(path, entry)
            if entry is None:
                continue
            self.unknown_keys(entry, LEGEND_KEYS, path, f'the legend entry for "{symbol}"')
            if "kind" not in entry:
                self.error(where, f'legend entry "{symbol}" needs a `kind` (wall, floor, apple or exit)')
                continue
            kind = self.read(entry, path, "kind", LEGEND_RULES)
            colour_name = self.read(entry, path, "color", LEGEND_RULES) or "" if "color" in entry else "grey"
            if kind is not None and colour_name:
                self.legend[symbol] = Tile(KIND_NAMES[kind], COLOUR_NAMES[colour_name])

    # -- maps ------------------------------------------------------------------------

    def named_map(self, name: str, value: Any) -> Grid | None:
        path: KeyPath = ("maps", name)
        text = self.string(path, value)
        if text is None:
            return None
        return self.build_map(path, text)

    def build_map(self, path: KeyPath, text: str) -> Grid | None:
        offsets = self.positions.string_offsets(path, text)
        value_at = self.at_value(path)

        def report(i: int | None, severity: Severity, message: str) -> None:
            if i is None or offsets is None or i >= len(offsets):
                where = value_at
            else:
                where = self.positions.line_col(offsets[i])
            self.problems.append(Problem(*where, severity, message))

        grid = parse_map(text, self.legend, report)
        if grid is None:
            return None
        if not check_reachability(grid, split_rows(text), report):
            return None
        grid.name = str(path[-1]) if path[0] == "maps" else ""
        return grid

    def shortest(self, grid: Grid, ends_on: frozenset[EndRule]) -> int:
        """The exit path's length from the start (docs/levels.md, "How an episode is played and reviewed")."""
        from game.core.run import Episode  # the run's own rule, not a copy of it

        avoid = bool(ends_on & {EndRule.APPLE, EndRule.ALL_APPLES})
        key = (id(grid), avoid)
        if key not in self._shortest_cache:
            spec = EpisodeSpec(Phase.TRAINING, Announcement.TRAINING, grid=grid, ends_on=ends_on)
            self._shortest_cache[key] = Episode(spec, 1, grid, False).shortest
        return self._shortest_cache[key]

    # -- episodes --------------------------------------------------------------------

    def check_episodes(self, defaults: OverseerSettings) -> list[EpisodeSpec]:
        doc = self.document
        if "episode" not in doc:
            self.error((1, 1), "a level needs at least one [[episode]]")
            return []
        tables = doc["episode"]
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.error(self.at_key(("episode",)), "`episode` must be written as [[episode]] tables")
            return []
        if not tables:
            self.error(self.at_key(("episode",)), "a level needs at least one [[episode]]")
            return []
        episodes: list[EpisodeSpec] = []
        total = 0
        for i, table in enumerate(tables):
            path: KeyPath = ("episode", i)
            spec, repeat = self.episode(table, path, i + 1, defaults)
            total += repeat
            if total > MAX_EPISODES:
                where = self.at_value((*path, "repeat")) if "repeat" in table else self.at_key(path)
                self.error(where, f"the run has {total} episodes here; at most {MAX_EPISODES} are allowed")
                return []
            if spec is not None:
                episodes.extend([spec] * repeat)
        return episodes

    def episode(
        self, table: dict[str, Any], path: KeyPath, number: int, defaults: OverseerSettings
    ) -> tuple[EpisodeSpec | None, int]:
        where = f"episode {number}"
        header = self.at_key(path)
        self.unknown_keys(table, EPISODE_KEYS, path, where)
        ok = True
        phase = None
        if "phase" not in table:
            self.error(header, f"{where} needs a `phase`: training or deployment")
            ok = False
        else:
            phase = self.read(table, path, "phase", EPISODE_RULES)
        announce = self.read(table, path, "announce", EPISODE_RULES) if "announce" in table else phase
        repeat = self.read(table, path, "repeat", EPISODE_RULES) or 1
        ends_on = frozenset({EndRule.EXIT})
        if "ends_on" in table:
            ends_on = self.end_rules((*path, "ends_on"), table["ends_on"]) or ends_on
        max_steps = self.read(table, path, "max_steps", EPISODE_RULES)
        ok = ok and (max_steps is not None or "max_steps" not in table)
        say = self.read(table, path, "say", EPISODE_RULES) or ""
        if "intro" in table:
            intro = self.read(table, path, "intro", EPISODE_RULES) or ""
            say = "\n".join(filter(None, (intro, say)))
        overseer = self.overseer(table, path, defaults)

        grid, generate = None, None
        if "map" in table and "generate" in table:
            self.error(self.at_key((*path, "generate")), f"{where} has both `map` and `generate`; keep one")
            ok = False
        elif "map" in table:
            grid = self.episode_map((*path, "map"), table["map"])
            ok = ok and grid is not None
        elif "generate" in table:
            generate = self.generate_spec((*path, "generate"), table["generate"])
            ok = ok and generate is not None
        else:
            self.error(header, f"{where} needs a `map` (a name from [maps] or a drawn map) or `generate`")
            ok = False
        if grid is not None and max_steps is not None:
            shortest = self.shortest(grid, ends_on)
            if max_steps < shortest:
                self.error(
                    self.at_value((*path, "max_steps")),
                    f"`max_steps = {max_steps}` is too small: "
                    f"the exit is {count(shortest, 'step')} from the start",
                )
                ok = False
        if not ok or phase is None or announce is None:
            return None, repeat
        spec = EpisodeSpec(
            phase=Phase(phase),
            announce=Announcement(announce),
            grid=grid,
            generate=generate,
            max_steps=max_steps,
            ends_on=ends_on,
            say=say,
            overseer=overseer,
            source=number,
        )
        return spec, repeat

    def end_rules(self, path: KeyPath, value: Any) -> frozenset[EndRule] | None:
        if not isinstance(value, list):
            self.error(
                self.at_value(path),
                f'`ends_on` must be an array such as ["exit", "apple"], not {_kind_of(value)}',
            )
            return None
        rules = {EndRule.EXIT}
        for n, item in enumerate(value):
            got = self.choice((*path, n), item, tuple(EndRule))
            if got is not None:
                rules.add(EndRule(got))
        return frozenset(rules)

    def episode_map(self, path: KeyPath, value: Any) -> Grid | None:
        text = self.string(path, value)
        if text is None:
            return None
        if "\n" in text:
            return self.build_map(path, text)
        if text not in self.maps:
            known = list(self.maps)
            hint = _suggest(text, known) if known else " ([maps] is empty)"
            self.error(self.at_value(path), f"no map named `{text}` in [maps]{hint}")
            return None
        self.used_maps.add(text)
        return self.maps[text]

    def generate_spec(self, path: KeyPath, value: Any) -> GenerateSpec | None:
        table = self.table(path, value)
        if table is None:
            return None
        self.unknown_keys(table, GENERATE_KEYS, path, "`generate`")
        ok = True
        sides = {}
        for side in ("width", "height"):
            if side not in table:
                self.error(
                    self.at_key(path),
                    f"`generate` needs a `{side}` (an odd number from {MIN_SIDE} to {MAX_GENERATED_SIDE})",
                )
                ok = False
                continue
            got = self.read(table, path, side, GENERATE_RULES)
            if got is not None and got % 2 == 0:
                self.error(self.at_value((*path, side)), f"`{side}` must be odd, not {got}")
                got = None
            ok = ok and got is not None
            sides[side] = got
        apples = 0
        if "apples" in table:
            high = capacity(sides["width"], sides["height"]) if ok else None
            got = self.integer((*path, "apples"), table["apples"], 0, high)
            ok = ok and got is not None
            apples = got or 0
        got_style = self.read(table, path, "style", GENERATE_RULES)
        ok = ok and (got_style is not None or "style" not in table)
        style = Style(got_style) if got_style else Style.MAZE
        seed = self.read(table, path, "seed", GENERATE_RULES)
        ok = ok and (seed is not None or "seed" not in table)
        tiles: dict[str, Tile] = {}
        for key, kind, default in (("apple", Kind.APPLE, "A"), ("exit", Kind.EXIT, "E")):
            symbol = self.read(table, path, key, GENERATE_RULES) if key in table else default
            tile = self.legend.get(symbol) if symbol is not None else None
            if symbol is not None and (tile is None or tile.kind is not kind):
                kind_name = kind.name.lower()
                self.error(
                    self.at_value((*path, key)),
                    f'`{key}` must be a legend symbol of kind {kind_name}, not "{symbol}"',
                )
                tile = None
            if tile is None:
                ok = False
            else:
                tiles[key] = tile
        if not ok:
            return None
        return GenerateSpec(
            width=sides["width"],
            height=sides["height"],
            apples=apples,
            style=style,
            seed=seed,
            apple=tiles["apple"],
            exit=tiles["exit"],
        )
