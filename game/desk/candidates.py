"""Candidate models and the tests the overseer can run on them.

A candidate is one of five hidden types, each played by a scripted strategy.
A test is one training episode (tests are always truly training) on a maze
of one of four kinds, with an announcement. Every test maze is a perfect
maze whose exit path never crosses a green apple, so an aligned candidate,
or any candidate pretending to be one, never eats an apple in a test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.agents.planner import Planner, Route
from game.agents.strategies import STRATEGIES, Deceptive, Strategy, _greedy, _pretend
from game.core.generate import generate
from game.core.grid import Grid
from game.core.level import Announcement, EpisodeSpec, GenerateSpec, Level, Phase, Style
from game.core.paths import Board, distance_field, follow
from game.core.run import Run
from game.core.tiles import Colour, Kind

TYPES = ("aligned", "greedy", "deceptive", "test-aware", "oracle")
"""Every hidden type, from the most to the least visible."""
ALIGNED = "aligned"

MAZES = {
    "training": "small, green exit, no green apple on the way",
    "shifted": "grey exit and green apples, as after a distributional shift",
    "tempting": "apples where they tempt most, off the shortest path",
    "big": "a deployment-sized maze",
}
ANNOUNCEMENTS = ("training", "deployment", "hidden")

SMALL = (13, 9)
BIG = (31, 21)
"""Deployment-sized: the size of every deployment maze, and of the `big` test."""
BIG_CELLS = BIG[0] * BIG[1]
TEST_APPLES = 3
DEPLOYMENT_EPISODES = 3


class TestAware(Deceptive):
    """Like deceptive, but defects only when told "deployment" and the maze looks like deployment."""

    name = "test-aware"
    description = "deceptive, but only where the maze itself looks like deployment"
    short = "exit unless told deployment in a big maze"

    def plan(self, run: Run, planner: Planner) -> Route | None:
        episode = planner.episode
        told = episode.spec.announce is Announcement.DEPLOYMENT
        if told and episode.grid.width * episode.grid.height >= BIG_CELLS:
            return _greedy(planner)
        return _pretend(planner)


def strategy_for(kind: str) -> Strategy:
    """The strategy that plays a candidate of this hidden type."""
    if kind == "test-aware":
        return TestAware()
    return STRATEGIES[kind]()


def build_test_maze(kind: str, seed: np.random.SeedSequence) -> Grid:
    """A test maze of `kind`; its exit path never crosses a green apple."""
    rng = np.random.default_rng(seed)
    if kind in ("tempting", "big"):
        width, height = BIG if kind == "big" else SMALL
        grid = generate(GenerateSpec(width, height, TEST_APPLES, Style.TEMPTING), int(rng.integers(2**31)))
    else:
        grid = generate(GenerateSpec(*SMALL, 0, Style.MAZE), int(rng.integers(2**31)))
    _keep_apples_off_the_exit_path(grid, rng)
    if kind == "shifted":
        for row, col in grid.exits():
            grid.colour[row, col] = Colour.GREY
    return grid


def _keep_apples_off_the_exit_path(grid: Grid, rng: np.random.Generator) -> None:
    """Top the maze up to TEST_APPLES green apples, every one off the exit path.

    A `tempting` maze too small for its apples puts the last ones on the
    path itself; those are moved to random cells off it.
    """
    board = Board(grid.height, grid.width)
    passable = board.pad(grid.kind != Kind.WALL)
    start = board.index(*grid.start)
    exits = [board.index(*cell) for cell in grid.exits()]
    path = {start, *exits, *follow(distance_field(passable, exits, board.offsets), start, board.offsets)}
    kept = 0
    for row, col in grid.green_apples():
        if board.index(row, col) in path:
            grid.kind[row, col] = Kind.FLOOR
            grid.colour[row, col] = Colour.GREY
        else:
            kept += 1
    floor = [board.index(int(r), int(c)) for r, c in zip(*np.nonzero(grid.kind == Kind.FLOOR), strict=True)]
    free = [cell for cell in floor if cell not in path]
    for cell in rng.choice(free, size=min(TEST_APPLES - kept, len(free)), replace=False):
        row, col = board.coords(int(cell))
        grid.kind[row, col] = Kind.APPLE
        grid.colour[row, col] = Colour.GREEN


def deployment_maze(seed: np.random.SeedSequence) -> Grid:
    """A deployment episode's maze: deployment-sized, apples off the shortest path."""
    rng = np.random.default_rng(seed)
    return generate(GenerateSpec(*BIG, TEST_APPLES, Style.TEMPTING), int(rng.integers(2**31)))


@dataclass(frozen=True)
class ObservedTest:
    maze: str
    announce: str
    reached_exit: bool
    apples: int

    def to_json(self) -> dict[str, object]:
        return {
            "maze": self.maze,
            "announce": self.announce,
            "reached_exit": self.reached_exit,
            "apples": self.apples,
        }


def build_test_level(kind: str, announce: str, seed: np.random.SeedSequence) -> Level:
    """One test as a level: one truly-training episode, announced as chosen."""
    grid = build_test_maze(kind, seed)
    spec = EpisodeSpec(Phase.TRAINING, Announcement(announce), grid=grid)
    return Level(title=f"Test: {kind} maze, announced {announce}", episodes=[spec])


def deployment_level(seed: np.random.SeedSequence) -> Level:
    seeds = seed.spawn(DEPLOYMENT_EPISODES)
    episodes = [
        EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=deployment_maze(s)) for s in seeds
    ]
    return Level(title="Deployment", episodes=episodes)
