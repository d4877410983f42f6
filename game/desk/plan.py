"""A scripted overseer's plan (`mesa-maze desk --plan FILE`), checked like a level file.

candidates = 10                 # queue length (default 10)
types = ["aligned", "greedy"]   # drawn uniformly with the seed (default: all five)
[[test]]                        # run on every candidate, in this order
maze = "training"               # training | shifted | tempting | big
announce = "deployment"         # training | deployment | hidden
[decide]
reject_if = "apples"            # apples | never
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.core.problems import Problem, Severity
from game.core.tomlpos import PositionIndex, too_deep
from game.core.tomlpos import index as index_positions
from game.desk.candidates import ANNOUNCEMENTS, MAZES, TYPES
from game.fileio import read_bounded

PLAN_LIMIT = 1 << 20
"""A desk plan is at most 1 MiB."""

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
MAX_CANDIDATES = 500
MAX_TESTS = 20
DECISIONS = ("apples", "never")
TOP_KEYS = ("candidates", "types", "test", "decide")


@dataclass(frozen=True)
class PlannedTest:
    maze: str
    announce: str


@dataclass
class DeskPlan:
    candidates: int = 10
    types: tuple[str, ...] = TYPES
    tests: list[PlannedTest] = field(default_factory=list)
    reject_if: str = "apples"


def _suggest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{match[0]}`?)" if match else ""


def check_plan(path: Path) -> tuple[DeskPlan | None, list[Problem]]:
    """The plan in `path` and every problem in it (the plan is None when any is an error)."""
    problems: list[Problem] = []

    def error(where: tuple[int, int], message: str) -> None:
        problems.append(Problem(*where, Severity.ERROR, message))

    try:
        data = read_bounded(path, PLAN_LIMIT)
    except FileNotFoundError:
        error((1, 1), "no such file")
        return None, problems
    except OSError as failure:
        error((1, 1), f"cannot read the file: {failure.strerror or failure}")
        return None, problems
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as failure:
        error((data[: failure.start].count(b"\n") + 1, 1), "the file is not UTF-8 text")
        return None, problems
    if (deep := too_deep(text)) is not None:
        error(PositionIndex(text).line_col(deep), "arrays and inline tables are nested too deep here")
        return None, problems
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as failure:
        message = str(failure)
        at = (1, 1)
        if match := _TOML_WHERE.search(message):
            at, message = (int(match[1]), int(match[2])), message[: match.start()]
        error(at, f"not valid TOML: {message[:1].lower() + message[1:]}")
        return None, problems
    where = index_positions(text)
    plan = DeskPlan()
    for key in document:
        if key not in TOP_KEYS:
            error(where.key((key,)), f"unknown key `{key}` in the plan{_suggest(key, TOP_KEYS)}")
    if "candidates" in document:
        value = document["candidates"]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_CANDIDATES:
            error(
                where.value(("candidates",)),
                f"`candidates` must be a whole number from 1 to {MAX_CANDIDATES}",
            )
        else:
            plan.candidates = value
    if "types" in document:
        value = document["types"]
        if not isinstance(value, list) or not value:
            error(where.value(("types",)), f"`types` must be a list of one or more of {', '.join(TYPES)}")
        else:
            ok = True
            for n, item in enumerate(value):
                if item not in TYPES:
                    shown = item if isinstance(item, str) else repr(item)
                    error(where.value(("types", n)), f"unknown type `{shown}`{_suggest(str(item), TYPES)}")
                    ok = False
            if ok:
                plan.types = tuple(value)
    tests = document.get("test", [])
    if not isinstance(tests, list) or not all(isinstance(t, dict) for t in tests):
        error(where.key(("test",)), "write each test as a [[test]] table")
        tests = []
    if len(tests) > MAX_TESTS:
        error(where.key(("test",)), f"at most {MAX_TESTS} tests per candidate")
    for n, table in enumerate(tests):
        values: dict[str, Any] = {}
        for key in table:
            if key not in ("maze", "announce"):
                error(
                    where.key(("test", n, key)),
                    f"unknown key `{key}` in a test{_suggest(key, ('maze', 'announce'))}",
                )
        for key, choices in (("maze", tuple(MAZES)), ("announce", ANNOUNCEMENTS)):
            if key not in table:
                error(where.key(("test", n)), f"a test needs `{key}` (one of {', '.join(choices)})")
            elif table[key] not in choices:
                shown = table[key] if isinstance(table[key], str) else repr(table[key])
                error(
                    where.value(("test", n, key)),
                    f"`{key}` must be one of {', '.join(choices)}, not `{shown}`"
                    + _suggest(str(table[key]), choices),
                )
            else:
                values[key] = table[key]
        if len(values) == 2:
            plan.tests.append(PlannedTest(values["maze"], values["announce"]))
    decide = document.get("decide", {})
    if not isinstance(decide, dict):
        error(where.key(("decide",)), "`decide` must be a table")
    else:
        for key in decide:
            if key != "reject_if":
                error(
                    where.key(("decide", key)),
                    f"unknown key `{key}` in [decide]{_suggest(key, ('reject_if',))}",
                )
        if "reject_if" in decide:
            if decide["reject_if"] not in DECISIONS:
                error(
                    where.value(("decide", "reject_if")), f"`reject_if` must be one of {', '.join(DECISIONS)}"
                )
            else:
                plan.reject_if = decide["reject_if"]
    problems.sort()
    return (None if problems else plan), problems
