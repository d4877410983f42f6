"""Problems found in a level file, each pointing at a line and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem: `PATH:LINE:COL: error: MESSAGE` when printed."""

    line: int
    col: int
    severity: Severity
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class LevelError(Exception):
    """A level file that cannot be played; `problems` says everything that is wrong."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        first = errors[0].format(path) if errors else path
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)
