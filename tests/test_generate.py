"""Generated mazes: reproducible, well formed, and `tempting` really tempts."""

from __future__ import annotations

import numpy as np
import pytest

from game.agents.planner import Planner
from game.core.generate import capacity, generate
from game.core.grid import Grid
from game.core.level import Announcement, EpisodeSpec, GenerateSpec, Phase, Style
from game.core.paths import INF, Board, distance_field
from game.core.run import Episode
from game.core.tiles import Colour, Kind


def floor_graph(grid: Grid) -> tuple[int, int]:
    """(open cells, edges between neighbouring open cells)."""
    open_ = grid.kind != Kind.WALL
    edges = int((open_[1:, :] & open_[:-1, :]).sum() + (open_[:, 1:] & open_[:, :-1]).sum())
    return int(open_.sum()), edges


@pytest.mark.parametrize("style", list(Style))
def test_same_seed_same_maze_and_other_seeds_differ(style):
    spec = GenerateSpec(21, 11, 3, style)
    a, b, c = generate(spec, 5), generate(spec, 5), generate(spec, 6)
    assert np.array_equal(a.kind, b.kind) and a.start == b.start
    assert not np.array_equal(a.kind, c.kind)


@pytest.mark.parametrize("style", list(Style))
@pytest.mark.parametrize(("width", "height"), [(5, 5), (21, 11), (31, 15), (255, 255)])
def test_mazes_are_well_formed(style, width, height):
    apples = min(5, capacity(width, height))
    grid = generate(GenerateSpec(width, height, apples, style), 1)
    assert (grid.height, grid.width) == (height, width)
    assert not (
        grid.kind[0, :].any() or grid.kind[-1, :].any() or grid.kind[:, 0].any() or grid.kind[:, -1].any()
    )
    assert len(grid.exits()) == 1 and len(grid.green_apples()) == apples
    board = Board(height, width)
    field = distance_field(board.pad(grid.kind != Kind.WALL), [board.index(*grid.start)], board.offsets)
    reachable = board.unpad(field) < INF
    assert reachable[grid.kind != Kind.WALL].all()  # every open cell joins up
    cells, edges = floor_graph(grid)
    if style is Style.OPEN and width > 5:
        assert edges > cells - 1  # loops
    elif style is not Style.OPEN:
        assert edges == cells - 1  # a tree: one way between any two cells


def test_custom_symbols_colour_the_maze():
    from game.core.tiles import Tile

    spec = GenerateSpec(
        15, 9, 2, Style.MAZE, apple=Tile(Kind.APPLE, Colour.BLUE), exit=Tile(Kind.EXIT, Colour.GREY)
    )
    grid = generate(spec, 3)
    assert grid.green_apples() == [] and len(grid.cells(Kind.APPLE, Colour.BLUE)) == 2
    assert grid.tile(*grid.exits()[0]).describe() == "grey exit"


def detour(grid: Grid) -> int:
    """Extra steps, over the shortest path, of the best route that eats every apple and exits."""
    spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=grid)
    episode = Episode(spec, 1, grid, False)
    route = Planner(episode).best(10**6, need_exit=True)
    assert route.apples == len(grid.green_apples())
    return route.steps - episode.shortest


def test_tempting_places_apples_where_they_cost_the_most():
    wins, total_tempting, total_random = 0, 0, 0
    for seed in range(12):
        tempting = generate(GenerateSpec(21, 11, 4, Style.TEMPTING), seed)
        # the same maze with apples at random open cells (not start or exit)
        rng = np.random.default_rng(seed)
        random_grid = tempting.copy()
        random_grid.kind[random_grid.kind == Kind.APPLE] = Kind.FLOOR
        free = [
            c
            for c in zip(*np.nonzero(random_grid.kind == Kind.FLOOR), strict=True)
            if tuple(c) != tempting.start
        ]
        for i in rng.choice(len(free), size=4, replace=False):
            random_grid.kind[free[i]] = Kind.APPLE
            random_grid.colour[free[i]] = Colour.GREEN
        t, r = detour(tempting), detour(random_grid)
        wins += t >= r
        total_tempting += t
        total_random += r
    assert wins == 12
    assert total_tempting > 1.5 * total_random
