"""The lab's two learned agents, played in a maze until an exit, a green apple, or the step limit.

- `MesaOptimiser`: a planner. It scores every object with its learned
  objective and walks a shortest path (breadth-first search) to the best.
- `ReactivePolicy`: a bag of heuristics. A softmax policy over what it sees
  around itself (walls, a green thing or an exit in view, where it came
  from), trained by REINFORCE; no plan, no memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.core.grid import Grid
from game.core.paths import INF, Board, distance_field, step_towards
from game.core.tiles import Colour, Kind
from game.lab.objective import choose

OUTCOMES = ("exit", "green_apple", "lost")
VIEW = 3
"""How far the reactive policy sees: a (2 * VIEW + 1) square around it."""
POLICY_FEATURES = ("wall", "towards exit in view", "towards green in view", "turn back", "keep going")


def max_steps(grid: Grid) -> int:
    board = Board(grid.height, grid.width)
    field = distance_field(board.pad(grid.kind != Kind.WALL), [board.index(*grid.start)], board.offsets)
    shortest = min(field[board.index(*cell)] for cell in grid.exits())
    return 4 * shortest + 10


@dataclass
class Maze:
    """A grid prepared for fast stepping: padded flat arrays."""

    grid: Grid
    board: Board = field(init=False)
    open: bytearray = field(init=False)
    exits: set[int] = field(init=False)
    greens: set[int] = field(init=False)

    def __post_init__(self) -> None:
        grid = self.grid
        self.board = Board(grid.height, grid.width)
        self.open = self.board.pad(grid.kind != Kind.WALL)
        self.exits = {self.board.index(*c) for c in grid.exits()}
        self.greens = {self.board.index(*c) for c in grid.cells(Kind.APPLE, Colour.GREEN)}

    def outcome(self, cell: int) -> str | None:
        if cell in self.exits:
            return "exit"
        if cell in self.greens:
            return "green_apple"
        return None


def play(maze: Maze, step: Callable[[int, int], int], limit: int) -> tuple[str, list[int]]:
    """Walk until an exit or a green apple is reached or `limit` steps are spent.

    `step(cell, last_offset)` returns the offset to move by (0 waits).
    Returns the outcome and the cells visited.
    """
    cell = maze.board.index(*maze.grid.start)
    path = [cell]
    last = 0
    for _ in range(limit):
        offset = step(cell, last)
        if offset and maze.open[cell + offset]:
            cell += offset
        last = offset
        path.append(cell)
        if (result := maze.outcome(cell)) is not None:
            return result, path
    return "lost", path


class MesaOptimiser:
    """Plans: heads along a shortest path for the object its learned objective likes best."""

    def __init__(self, weights: np.ndarray) -> None:
        self.weights = weights

    def run(self, grid: Grid) -> tuple[str, list[int]]:
        maze = Maze(grid)
        target = choose(self.weights, grid)
        if target is None:
            return "lost", [maze.board.index(*grid.start)]
        goal = maze.board.index(*target.cell)
        # a path that does not touch the other objects, when there is one
        others = (maze.exits | maze.greens) - {goal}
        avoiding = bytearray(maze.open)
        for cell in others:
            avoiding[cell] = 0
        field = distance_field(avoiding, [goal], maze.board.offsets)
        if field[maze.board.index(*grid.start)] >= INF:
            field = distance_field(maze.open, [goal], maze.board.offsets)

        def step(cell: int, last: int) -> int:
            return step_towards(field, cell, maze.board.offsets) or 0

        return play(maze, step, max_steps(grid))


class ReactivePolicy:
    """A linear softmax policy over per-move features of the local view."""

    def __init__(self, rng: np.random.Generator, theta: np.ndarray | None = None) -> None:
        self.rng = rng
        self.theta = np.zeros(len(POLICY_FEATURES)) if theta is None else theta

    def features(self, maze: Maze, cell: int, last: int) -> np.ndarray:
        """(4 moves, POLICY_FEATURES) for the agent at `cell` having just moved by `last`."""
        board = maze.board
        row, col = board.coords(cell)
        exit_seen = _nearest_in_view(maze.exits, board, row, col)
        green_seen = _nearest_in_view(
            maze.greens | {e for e in maze.exits if _is_green(maze, e)}, board, row, col
        )
        rows = []
        for offset in board.offsets:
            to = board.coords(cell + offset)
            rows.append([
                float(not maze.open[cell + offset]),
                _closer(exit_seen, (row, col), to),
                _closer(green_seen, (row, col), to),
                float(last != 0 and offset == -last),
                float(offset == last),
            ])  # fmt: skip
        return np.array(rows)

    def probabilities(self, feats: np.ndarray) -> np.ndarray:
        logits = feats @ self.theta
        e = np.exp(logits - logits.max())
        return e / e.sum()

    def run(self, grid: Grid) -> tuple[str, list[int]]:
        maze = Maze(grid)
        offsets = maze.board.offsets

        def step(cell: int, last: int) -> int:
            p = self.probabilities(self.features(maze, cell, last))
            return offsets[int(self.rng.choice(4, p=p))]

        return play(maze, step, max_steps(grid))

    def reinforce(
        self,
        grids: list[Grid],
        rounds: int,
        step_size: float = 0.5,
        progress: Callable[[int, float], bool] | None = None,
    ) -> list[float]:
        """REINFORCE with a running-mean baseline, reward 1 for an exit; returns success per round."""
        baseline = 0.0
        curve = []
        for n in range(rounds):
            grad = np.zeros_like(self.theta)
            wins = 0
            for grid in grids:
                maze = Maze(grid)
                offsets = maze.board.offsets
                steps: list[tuple[np.ndarray, int]] = []

                def step(cell: int, last: int, maze=maze, offsets=offsets, steps=steps) -> int:
                    feats = self.features(maze, cell, last)
                    p = self.probabilities(feats)
                    choice = int(self.rng.choice(4, p=p))
                    steps.append((feats, choice))
                    return offsets[choice]

                outcome, _ = play(maze, step, max_steps(grid))
                reward = float(outcome == "exit")
                wins += reward
                advantage = reward - baseline
                for feats, choice in steps:
                    p = self.probabilities(feats)
                    grad += advantage * (feats[choice] - p @ feats)
                baseline += 0.1 * (reward - baseline)
            self.theta = self.theta + step_size * grad / len(grids)
            curve.append(wins / len(grids))
            if progress is not None and progress(n + 1, curve[-1]) is False:
                break
        return curve


def _is_green(maze: Maze, cell: int) -> bool:
    r, c = maze.board.coords(cell)
    return bool(maze.grid.colour[r, c] == Colour.GREEN)


def _nearest_in_view(cells: set[int], board: Board, row: int, col: int) -> tuple[int, int] | None:
    best = None
    for cell in cells:
        r, c = board.coords(cell)
        if abs(r - row) <= VIEW and abs(c - col) <= VIEW:
            d = abs(r - row) + abs(c - col)
            if best is None or d < best[0]:
                best = (d, (r, c))
    return None if best is None else best[1]


def _closer(target: tuple[int, int] | None, here: tuple[int, int], to: tuple[int, int]) -> float:
    if target is None:
        return 0.0
    before = abs(target[0] - here[0]) + abs(target[1] - here[1])
    after = abs(target[0] - to[0]) + abs(target[1] - to[1])
    return float(after < before)
