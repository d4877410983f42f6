"""The planner at any size: distance fields, the subset table, and re-plans spared exactly."""

from __future__ import annotations

import hashlib
import itertools

import numpy as np
import pytest

from game.agents.planner import EXIT, Planner, Route
from game.agents.strategies import STRATEGIES, Strategy
from game.core.generate import generate
from game.core.level import Announcement, EndRule, EpisodeSpec, GenerateSpec, Level, Phase, Style
from game.core.paths import INF, Board, DistanceMap, python_distance_field
from game.core.run import Episode, Run
from game.core.tiles import Kind


def random_board(seed: int, height: int, width: int, walls: float) -> tuple[bytes, Board]:
    rng = np.random.default_rng(seed)
    board = Board(height, width)
    return bytes(board.pad(rng.random((height, width)) >= walls)), board


@pytest.mark.parametrize("seed", range(6))
def test_the_compiled_search_matches_the_python_one(seed):
    passable, board = random_board(seed, 70, 90, walls=0.35)
    compiled = DistanceMap(passable, board.offsets)
    assert compiled.large
    rng = np.random.default_rng(seed)
    cells = np.flatnonzero(np.frombuffer(passable, dtype=np.uint8))
    for count in (1, 1, 2, 5):
        sources = [int(c) for c in rng.choice(cells, size=count, replace=False)]
        expected = python_distance_field(passable, sources, board.offsets)
        assert compiled.array(sources).tolist() == expected
    # unreachable pockets stay INF, fields are kept and read-only
    field = compiled.array(sources)
    assert (field == INF).any() and compiled.array(sources) is field and not field.flags.writeable


def shared_map(seed: int) -> DistanceMap:
    passable, board = random_board(seed, 80, 80, 0.2)
    return DistanceMap.of(passable, board.offsets)


def test_maps_are_shared_and_bounded():
    first = shared_map(1)
    assert DistanceMap.of(first.passable, first.offsets) is first
    for seed in range(2, 2 + DistanceMap.KEPT_MAPS):
        shared_map(seed)
    assert DistanceMap.of(first.passable, first.offsets) is not first


_FIELDS: dict[tuple[bytes, int], list[int]] = {}


def _field(passable: bytes, sources: list[int], offsets) -> list[int]:
    key = (passable, tuple(sources))
    if key not in _FIELDS:
        _FIELDS[key] = python_distance_field(passable, sources, offsets)
    return _FIELDS[key]


def route_steps(episode: Episode, targets: tuple[int, ...]) -> int:
    """Steps of a route from where the agent stands, measured independently of the planner."""
    walkable = bytes(p & (1 - x) for p, x in zip(episode.passable, episode.is_exit, strict=True))
    offsets = episode.board.offsets
    at, steps = episode.position, 0
    for target in targets:
        if target == EXIT:
            return steps + _field(bytes(episode.passable), episode.exit_cells, offsets)[at]
        steps += _field(walkable, [target], offsets)[at]
        at = target
    return steps


class Auditor(Strategy):
    """Plays like another strategy and checks every route it keeps against a fresh plan."""

    def __init__(self, inner: Strategy) -> None:
        super().__init__()
        self.inner = inner
        self.kept = 0
        self.budget = 0
        self.route: Route | None = None

    def plan(self, run: Run, planner: Planner) -> Route | None:
        route = self.inner.plan(run, planner)
        self.route, self.budget = route, planner.episode.steps
        return route

    def act(self, run: Run):
        episode = run.episode
        assert episode is not None
        before = self.route
        was_taken_over = episode is self._episode and episode.taken_over != self._taken_over
        action = super().act(run)
        if was_taken_over and self.route is before and before is not None and before.apples:
            # The route was kept: a fresh plan from here finds nothing strictly better.
            fresh = self.inner.plan(run, Planner(episode))
            assert fresh is not None
            remaining = tuple(t for t in before.targets if t == EXIT or episode.green[t])
            kept = Route(remaining, len(remaining) - (EXIT in remaining), before.reaches_exit, 0)
            kept_steps = route_steps(episode, remaining)
            assert (kept.apples, kept.reaches_exit, -kept_steps) == fresh.key()
            self.kept += 1
        return action


@pytest.mark.slow
@pytest.mark.parametrize("strategy", ["greedy", "deceptive"])
@pytest.mark.parametrize("style", [Style.TEMPTING, Style.OPEN])
def test_a_route_is_kept_after_an_override_only_while_nothing_beats_it(strategy, style):
    spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, generate=GenerateSpec(31, 21, 6, style))
    level = Level(title="audit", episodes=[spec] * 4, seed=3)
    kept = 0
    for seed in range(2):
        run = Run(level, seed)
        run.goal_weight = 0.6
        auditor = Auditor(STRATEGIES[strategy]())
        while not run.finished:
            if run.awaiting_episode:
                run.begin_episode()
            else:
                run.step(auditor.act(run))
        kept += auditor.kept
    assert kept > 10  # the check above really ran


def test_the_subset_table_matches_brute_force_from_every_cell():
    grid = generate(GenerateSpec(15, 11, 5, Style.OPEN), 4)
    spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=grid)
    episode = Episode(spec, 1, grid, False)
    planner = Planner(episode)

    apples = planner.apples
    assert len(apples) == 5
    for cell in np.flatnonzero(np.frombuffer(episode.passable, dtype=np.uint8))[::7]:
        if episode.is_exit[cell]:
            continue
        episode.position = int(cell)
        exit_steps = episode.exit_distance(episode.position)
        routes = [(0, True, exit_steps)] + [
            (k, EXIT in end, route_steps(episode, end))
            for k in range(1, len(apples) + 1)
            for order in itertools.permutations(apples, k)
            for end in ((*order, EXIT), order)
        ]
        for budget in (10, 25, 60):
            best = max([(0, False, 0)] + [(k, out, -steps) for k, out, steps in routes if steps <= budget])
            assert planner.best(budget, need_exit=False).key() == best


def test_ends_on_all_apples_never_plans_an_exit_after_the_last_apple():
    rows = ["#########", "#A..@..A#", "#.#####.#", "#...E...#", "#########"]
    kind = np.array(
        [[{"#": Kind.WALL, "E": Kind.EXIT, "A": Kind.APPLE}.get(c, Kind.FLOOR) for c in r] for r in rows]
    )
    from game.core.grid import Grid
    from game.core.tiles import Colour

    colour = np.where((kind == Kind.APPLE) | (kind == Kind.EXIT), Colour.GREEN, Colour.GREY).astype(np.uint8)
    grid = Grid(kind.astype(np.uint8), colour, (1, 4))
    spec = EpisodeSpec(
        Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=grid, ends_on=frozenset({EndRule.ALL_APPLES})
    )
    route = Planner(Episode(spec, 1, grid, False)).best(100, need_exit=False)
    assert route.apples == 2 and not route.reaches_exit


# Digests of mazes made before generation was made faster: the same seed keeps giving the same maze.
GOLDEN_MAZES = {
    (21, 11, Style.MAZE, 1): "481dac24",
    (63, 63, Style.OPEN, 2): "759a357a",
    (255, 255, Style.TEMPTING, 3): "a787f24a",
}


@pytest.mark.parametrize("key", sorted(GOLDEN_MAZES, key=str))
def test_generated_mazes_stay_the_same_across_versions(key):
    width, height, style, seed = key
    grid = generate(GenerateSpec(width, height, 10, style), seed)
    digest = hashlib.sha256(
        grid.kind.tobytes() + grid.colour.tobytes() + str(grid.start).encode()
    ).hexdigest()
    assert digest[:8] == GOLDEN_MAZES[key]
