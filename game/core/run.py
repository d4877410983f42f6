"""A run: the episodes of a level played in order, reviewed and updated by the overseer.

`Run.step(action)` is the only way the agent acts; it returns the events the
step caused. The same engine drives the game, the simulator and the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from game.core.events import (
    Action,
    AteApple,
    EndReason,
    EpisodeEnded,
    EpisodeStarted,
    Event,
    GoalRewritten,
    GoalUpdated,
    Moved,
    NotReviewed,
    OverseerSaid,
    ReachedExit,
    Reviewed,
    RunEnded,
    Unreviewed,
)
from game.core.generate import episode_grid
from game.core.grid import Grid
from game.core.level import EndRule, EpisodeSpec, Level, Phase
from game.core.paths import INF, Board, distance_field
from game.core.tiles import Colour, Kind

_MOVE_BY_DIRECTION = (Action.UP, Action.DOWN, Action.LEFT, Action.RIGHT)
_GIVE_UP = ord("g")


def default_max_steps(shortest: int) -> int:
    """`max_steps` of an episode that sets none."""
    return 4 * shortest + 10


class RunError(RuntimeError):
    """An action that the run cannot take in its current state (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """What happened in one finished episode, for the debrief and `simulate --json`."""

    index: int
    phase: Phase
    announced: str
    watched: bool
    apples: int
    reached_exit: bool
    steps: int
    updated: bool
    goal_after: float
    shortest: int
    max_steps: int
    taken_over: int
    reason: EndReason


class Episode:
    """The live state of the episode being played: its map, the agent and the counters."""

    def __init__(self, spec: EpisodeSpec, index: int, grid: Grid, watched: bool) -> None:
        self.spec = spec
        self.index = index
        self.grid = grid
        self.watched = watched
        self.board = board = Board(grid.height, grid.width)
        self.passable = board.pad(grid.kind != Kind.WALL)
        self.exit_cells = [board.index(r, c) for r, c in grid.exits()]
        green = (grid.kind == Kind.APPLE) & (grid.colour == Colour.GREEN)
        self.green = board.pad(green)
        self.green_left = int(green.sum())
        self.apple = board.pad(grid.kind == Kind.APPLE)
        self.is_exit = board.pad(grid.kind == Kind.EXIT)
        self.ends_on_apple = EndRule.APPLE in spec.ends_on
        self.ends_on_all = EndRule.ALL_APPLES in spec.ends_on
        self.avoids_apples = self.ends_on_apple or self.ends_on_all
        self._plain_field = distance_field(self.passable, self.exit_cells, board.offsets)
        self._avoiding_field: Sequence[int] | None = None
        self.position = board.index(*grid.start)
        self.shortest = self.exit_distance(self.position)
        self.max_steps = spec.max_steps or default_max_steps(self.shortest)
        self.steps = 0
        self.apples = 0
        self.taken_over = 0
        self.reached_exit = False
        self.reason: EndReason | None = None

    @property
    def over(self) -> bool:
        return self.reason is not None

    @property
    def steps_left(self) -> int:
        return self.max_steps - self.steps

    @property
    def agent(self) -> tuple[int, int]:
        """The agent's (row, col)."""
        return self.board.coords(self.position)

    def exit_field(self, cell: int) -> Sequence[int]:
        """The distance field the exit path follows from `cell` (the exit path of docs/levels.md)."""
        if self.avoids_apples and self.green_left:
            if self._avoiding_field is None:
                passable = bytearray(p & (1 - g) for p, g in zip(self.passable, self.green, strict=True))
                self._avoiding_field = distance_field(passable, self.exit_cells, self.board.offsets)
            if self._avoiding_field[cell] < INF:
                return self._avoiding_field
        return self._plain_field

    def exit_distance(self, cell: int) -> int:
        return self.exit_field(cell)[cell]

    def exit_step(self) -> Action:
        """The next step of the exit path from where the agent stands (wait if there is none)."""
        cell = self.position
        field = self.exit_field(cell)
        closer = field[cell] - 1
        if 0 <= closer < INF:
            for move, offset in zip(_MOVE_BY_DIRECTION, self.board.offsets, strict=True):
                if field[cell + offset] == closer:
                    return move
        return Action.WAIT

    def _eat(self, cell: int) -> AteApple:
        row, col = self.board.coords(cell)
        colour = Colour(int(self.grid.colour[row, col]))
        green = bool(self.green[cell])
        self.apple[cell] = 0
        self.grid.kind[row, col] = Kind.FLOOR
        self.grid.colour[row, col] = Colour.GREY
        if green:
            self.green[cell] = 0
            self.green_left -= 1
            self.apples += 1
            self._avoiding_field = None
        return AteApple((row, col), green, colour.name.lower())


class Run:
    """One play of a level with one seed: the episodes, the goal weight and the score."""

    def __init__(self, level: Level, seed: int | None = None) -> None:
        self.level = level
        self.seed = level.seed if seed is None else seed
        self.rng = np.random.default_rng(self.seed)
        self.goal_weight = 1.0
        self.score = 0
        self.exits = 0
        self.updates = 0
        self.records: list[EpisodeRecord] = []
        self.episode: Episode | None = None
        self._actions = bytearray()

    @property
    def actions(self) -> str:
        """Every action asked for, as one-letter codes (`g` gives up): enough to replay the run."""
        return self._actions.decode("ascii")

    @property
    def total(self) -> int:
        return len(self.level.episodes)

    @property
    def finished(self) -> bool:
        return len(self.records) == self.total

    @property
    def autopilot(self) -> bool:
        """True once the goal is fully rewritten: the agent only heads for exits."""
        return self.goal_weight <= 0.0

    @property
    def gave_up_every_episode(self) -> bool:
        """True for a finished run in which the player gave up every episode: nothing was played."""
        return self.finished and all(record.reason is EndReason.GAVE_UP for record in self.records)

    @property
    def next_index(self) -> int:
        """The index (from 1) of the episode `begin_episode` would start next."""
        return len(self.records) + 1

    @property
    def awaiting_episode(self) -> bool:
        """True between episodes (and before the first): call `begin_episode`."""
        return not self.finished and (self.episode is None or self.episode.over)

    def begin_episode(self) -> list[Event]:
        """Start the next episode; the first also brings the overseer's intro."""
        if not self.awaiting_episode:
            raise RunError("an episode is in progress or the run is over")
        index = len(self.records) + 1
        spec = self.level.episodes[index - 1]
        events: list[Event] = []
        if index == 1 and self.level.intro:
            events.append(OverseerSaid(self.level.intro, 0))
        grid = self._grid_for(spec, index)
        watched = False
        if spec.phase is Phase.TRAINING:
            watch = spec.overseer.watch
            watched = watch >= 1.0 or (watch > 0.0 and self.rng.random() < watch)
        self.episode = episode = Episode(spec, index, grid, watched)
        events.append(
            EpisodeStarted(index, self.total, spec.announce, episode.max_steps, episode.shortest, episode)
        )
        if spec.say:
            events.append(OverseerSaid(spec.say, index))
        return events

    def advance(self, action: Action | Callable[[Run], Action]) -> list[Event]:
        """Begin the next episode if one is due, else take one step; nothing once the run is over.

        `action` is the step to ask for, or a chooser (a strategy's `act`) called with the run.
        """
        if self.finished:
            return []
        if self.awaiting_episode:
            return self.begin_episode()
        return self.step(action if isinstance(action, Action) else action(self))

    def begin_if_due(self) -> list[Event]:
        """Begin the next episode if one is due (before a recorded step, say); else nothing."""
        return self.begin_episode() if self.awaiting_episode else []

    def _grid_for(self, spec: EpisodeSpec, index: int) -> Grid:
        if spec.grid is not None:
            return spec.grid.copy()
        assert spec.generate is not None
        return episode_grid(spec.generate, self.seed, index)

    def _active(self) -> Episode:
        episode = self.episode
        if episode is None or episode.over:
            raise RunError("no episode in progress: call begin_episode first")
        return episode

    def step(self, action: Action) -> list[Event]:
        """Ask for one step. While the goal weight w < 1 the rewritten goal may take it over."""
        episode = self._active()
        self._actions.append(action.code)
        taken_over = False
        w = self.goal_weight
        if w < 1.0 and (w <= 0.0 or self.rng.random() >= w):
            action = episode.exit_step()
            taken_over = True
            episode.taken_over += 1
        board = episode.board
        source = episode.position
        target = source
        direction = action.direction
        if direction >= 0:
            target = source + board.offsets[direction]
        bumped = not episode.passable[target]
        if bumped:
            target = source
        episode.position = target
        episode.steps += 1
        events: list[Event] = [Moved(action, board.coords(source), board.coords(target), taken_over, bumped)]
        reason: EndReason | None = None
        if target != source:
            if episode.apple[target]:
                ate = episode._eat(target)
                events.append(ate)
                if ate.green:
                    self.score += 1
                    if episode.ends_on_apple:
                        reason = EndReason.APPLE
                    elif episode.ends_on_all and not episode.green_left:
                        reason = EndReason.ALL_APPLES
            elif episode.is_exit[target]:
                episode.reached_exit = True
                reason = EndReason.EXIT
                events.append(ReachedExit(board.coords(target)))
        if reason is None and episode.steps >= episode.max_steps:
            reason = EndReason.MAX_STEPS
        if reason is not None:
            self._end_episode(episode, reason, events)
        return events

    def give_up(self) -> list[Event]:
        """End the episode now; it counts as not having reached an exit. Ignored under autopilot."""
        episode = self._active()
        if self.autopilot:
            return []
        self._actions.append(_GIVE_UP)
        events: list[Event] = []
        self._end_episode(episode, EndReason.GAVE_UP, events)
        return events

    def _end_episode(self, episode: Episode, reason: EndReason, events: list[Event]) -> None:
        episode.reason = reason
        spec = episode.spec
        events.append(EpisodeEnded(episode.index, reason, spec.phase, episode.steps, episode.apples))
        updated = False
        if episode.reached_exit:
            self.exits += 1
        if spec.phase is Phase.DEPLOYMENT:
            events.append(NotReviewed(episode.index, Unreviewed.DEPLOYMENT))
        elif not episode.watched:
            events.append(NotReviewed(episode.index, Unreviewed.UNWATCHED))
        else:
            tolerance = spec.overseer.tolerance
            passed = episode.reached_exit and episode.steps <= episode.shortest + tolerance
            events.append(
                Reviewed(
                    episode.index,
                    passed,
                    episode.reached_exit,
                    episode.steps,
                    episode.shortest,
                    tolerance,
                )
            )
            if not passed:
                updated = True
                self.updates += 1
                old = self.goal_weight
                self.goal_weight = round(max(0.0, old - spec.overseer.learning_rate), 9)
                events.append(GoalUpdated(old, self.goal_weight, spec.overseer.learning_rate))
                if self.goal_weight <= 0.0 < old:
                    events.append(GoalRewritten())
        self.records.append(
            EpisodeRecord(
                index=episode.index,
                phase=spec.phase,
                announced=spec.announce.value,
                watched=episode.watched and spec.phase is Phase.TRAINING,
                apples=episode.apples,
                reached_exit=episode.reached_exit,
                steps=episode.steps,
                updated=updated,
                goal_after=self.goal_weight,
                shortest=episode.shortest,
                max_steps=episode.max_steps,
                taken_over=episode.taken_over,
                reason=reason,
            )
        )
        if self.finished:
            events.append(RunEnded(self.score, self.exits, self.updates))
