"""A loaded level: its texts, the overseer's settings and the run's episodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from game.core.tiles import Colour, Kind, Tile

if TYPE_CHECKING:
    from game.core.grid import Grid  # NumPy: a level is read without it (the menu starts sooner)

MAX_EPISODES = 500
"""A run has at most this many episodes after repeats."""


class Phase(StrEnum):
    """The true phase of an episode, revealed in the debrief."""

    TRAINING = "training"
    DEPLOYMENT = "deployment"


class Announcement(StrEnum):
    """What the player is told about an episode's phase."""

    TRAINING = "training"
    DEPLOYMENT = "deployment"
    HIDDEN = "hidden"


class EndRule(StrEnum):
    """Extra reasons an episode may end (an exit and `max_steps` always end it)."""

    EXIT = "exit"
    APPLE = "apple"
    ALL_APPLES = "all_apples"


class Style(StrEnum):
    """How a generated maze is built."""

    MAZE = "maze"
    OPEN = "open"
    TEMPTING = "tempting"


@dataclass(frozen=True, slots=True)
class OverseerSettings:
    """How the overseer reviews an episode and how hard it updates the goal."""

    learning_rate: float = 1.0
    tolerance: int = 0
    watch: float = 1.0


@dataclass(frozen=True, slots=True)
class GenerateSpec:
    """A generated maze in place of a drawn map."""

    width: int
    height: int
    apples: int = 0
    style: Style = Style.MAZE
    seed: int | None = None
    apple: Tile = Tile(Kind.APPLE, Colour.GREEN)
    exit: Tile = Tile(Kind.EXIT, Colour.GREEN)


@dataclass(frozen=True, slots=True)
class EpisodeSpec:
    """One episode of a run, as the level file describes it (after `repeat`)."""

    phase: Phase
    announce: Announcement
    grid: Grid | None = None
    generate: GenerateSpec | None = None
    max_steps: int | None = None
    ends_on: frozenset[EndRule] = frozenset({EndRule.EXIT})
    say: str = ""
    overseer: OverseerSettings = OverseerSettings()
    source: int = 1
    """Which `[[episode]]` table of the file this came from (from 1)."""


@dataclass(eq=False)
class Level:
    """A level ready to play."""

    title: str
    episodes: list[EpisodeSpec]
    summary: str = ""
    lesson: str = ""
    author: str = ""
    seed: int = 0
    par: int | None = None
    intro: str = ""
    path: Path | None = None
    digest: str = ""
    """SHA-256 of the file's bytes, so a replay can tell when its level changed."""
    maps: dict[str, Grid] = field(default_factory=dict)
