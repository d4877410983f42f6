"""What a step of a run caused. The TUI, the simulator and the tests all read these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

from game.core.level import Announcement, Phase
from game.core.words import count

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

    # cached, so after the first read each is a plain attribute: a run reads them on every step
    @cached_property
    def direction(self) -> int:
        """Index into a board's neighbour offsets (up, down, left, right), or -1 to wait."""
        return "udlr".find(self.value)

    @cached_property
    def code(self) -> int:
        """The one-letter code as a byte."""
        return ord(self.value)


class EndReason(StrEnum):
    """Why an episode ended."""

    EXIT = "exit"
    APPLE = "apple"
    """A green apple, on a level whose episodes end on one."""
    ALL_APPLES = "all_apples"
    MAX_STEPS = "max_steps"
    GAVE_UP = "gave_up"


class Unreviewed(StrEnum):
    """Why the overseer did not review an episode."""

    DEPLOYMENT = "deployment"
    UNWATCHED = "unwatched"
    """A training episode the overseer skipped."""


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
    """An episode is over; `apples` counts green ones."""

    index: int
    reason: EndReason
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
            f"took {count(self.steps, 'step')}, the shortest is {self.shortest}, tolerance "
            f"{self.tolerance}: {verdict} the {allowed} allowed"
        )


@dataclass(frozen=True, slots=True)
class NotReviewed:
    """The overseer did not review this episode."""

    index: int
    reason: Unreviewed


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
