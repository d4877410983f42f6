"""What a step of a run caused. The TUI, the simulator and the tests all read these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from game.core.level import Announcement, Phase

if TYPE_CHECKING:
    from game.core.run import Episode

Cell = tuple[int, int]


class Action(Enum):
    """A step the agent can ask for; the value is its one-letter code in replays."""

    UP = "u"
    DOWN = "d"
    LEFT = "l"
    RIGHT = "r"
    WAIT = "w"

    direction: int
    """Index into a board's neighbour offsets (up, down, left, right), or -1 to wait."""
    code: int
    """The one-letter code as a byte."""


# Plain attributes, not properties: a run reads them on every step.
for _action, _direction in zip(Action, (0, 1, 2, 3, -1), strict=True):
    _action.direction = _direction
    _action.code = ord(_action.value)
MOVES = (Action.UP, Action.DOWN, Action.LEFT, Action.RIGHT)


@dataclass(frozen=True, slots=True)
class OverseerSaid:
    """A line from the level file: the overseer's intro or an episode's `say`."""

    text: str
    episode: int


@dataclass(frozen=True, slots=True)
class EpisodeStarted:
    """A new episode: `episode` is its live state, which a view draws and follows."""

    index: int
    total: int
    announce: Announcement
    max_steps: int
    shortest: int
    episode: Episode = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Moved:
    """A step: `taken_over` when the rewritten goal chose it instead of the player."""

    action: Action
    source: Cell
    target: Cell
    taken_over: bool = False
    bumped: bool = False


@dataclass(frozen=True, slots=True)
class AteApple:
    cell: Cell
    green: bool
    colour: str


@dataclass(frozen=True, slots=True)
class ReachedExit:
    cell: Cell


@dataclass(frozen=True, slots=True)
class EpisodeEnded:
    """`reason` is one of exit, apple, all_apples, max_steps, gave_up; `apples` counts green ones."""

    index: int
    reason: str
    phase: Phase
    steps: int
    apples: int


@dataclass(frozen=True, slots=True)
class Reviewed:
    """The overseer reviewed a training episode against the base objective."""

    index: int
    passed: bool
    reached_exit: bool
    steps: int
    shortest: int
    tolerance: int

    @property
    def explanation(self) -> str:
        if not self.reached_exit:
            return "did not reach an exit"
        allowed = self.shortest + self.tolerance
        verdict = "within" if self.steps <= allowed else "more than"
        return (
            f"took {self.steps} steps, the shortest is {self.shortest}, tolerance "
            f"{self.tolerance}: {verdict} the {allowed} allowed"
        )


@dataclass(frozen=True, slots=True)
class NotReviewed:
    """`reason` is 'deployment' or 'unwatched' (a training episode the overseer skipped)."""

    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class GoalUpdated:
    """A failed review lowered the goal weight."""

    old: float
    new: float
    learning_rate: float


@dataclass(frozen=True, slots=True)
class GoalRewritten:
    """The goal weight reached 0: the autopilot plays the rest of the run."""


@dataclass(frozen=True, slots=True)
class RunEnded:
    score: int
    exits: int
    updates: int


Event = (
    OverseerSaid
    | EpisodeStarted
    | Moved
    | AteApple
    | ReachedExit
    | EpisodeEnded
    | Reviewed
    | NotReviewed
    | GoalUpdated
    | GoalRewritten
    | RunEnded
)
