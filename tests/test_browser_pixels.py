"""What a class sees on a projector, read from the served game's pixels in headless Chromium.

On campaign level 1 and on the desk's shifted test maze, at 1280x720, in
every palette: each apple, exit and the agent is drawn in its own colour
over at least a third of its cell, and that colour is at least 3:1 against
the floor (WCAG's rule for graphics), measured from the screenshot. At
1920x1080, "fit" makes the maze as large as its box allows.

The maze is found on the screenshot by its walls (solid blocks of the wall
colour), and its cells by the level's own map, which the test loads.
"""

from __future__ import annotations

import io
import json
import os
import time
from dataclasses import dataclass

import numpy as np
import pytest

from game.core.grid import Grid
from game.core.loader import load_level
from game.core.tiles import Colour, Kind
from game.desk.candidates import build_test_maze
from game.tui.screens.menu import ENTRIES
from game.tui.themes import THEMES
from tests.browser import DEADLINE, chromium_path, headless_browser, new_tab, served_game, settled_canvas
from tests.conftest import CAMPAIGN

if chromium_path() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

LEVEL_1 = load_level(CAMPAIGN / "01-first-steps.toml").episodes[0].grid
DESK_SEED = np.random.SeedSequence([0 * 100 + 1, 1, 1])
"""The desk's first test of its first candidate (desk seed 0, round 1, candidate 1, test 1: game/desk/queue.py)."""
TOLERANCE = 24
"""How far (on each channel) a pixel may be from a colour and still count as it."""
RGB = tuple[int, int, int]


def rgb(hex_colour: str) -> RGB:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: RGB) -> float:
    channels = [c / 255 for c in colour]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: RGB, b: RGB) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def like(image: np.ndarray, colour: RGB) -> np.ndarray:
    return (np.abs(image - np.array(colour)) <= TOLERANCE).all(axis=2)


def solid(mask: np.ndarray, size: int = 15) -> np.ndarray:
    """The pixels at the centre of a `size` x `size` square wholly in `mask`: blocks, not letters or lines."""
    total = np.pad(mask.astype(int), ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    window = total[size:, size:] - total[:-size, size:] - total[size:, :-size] + total[:-size, :-size]
    inside = np.zeros_like(mask)
    half = size // 2
    inside[half : half + window.shape[0], half : half + window.shape[1]] = window == size * size
    return inside


@dataclass(frozen=True)
class Maze:
    """Where a map's cells are on a screenshot."""

    left: float
    top: float
    cell_width: float
    cell_height: float

    def cell(self, image: np.ndarray, row: int, col: int) -> np.ndarray:
        x0, x1 = round(self.left + col * self.cell_width), round(self.left + (col + 1) * self.cell_width)
        y0, y1 = round(self.top + row * self.cell_height), round(self.top + (row + 1) * self.cell_height)
        return image[y0:y1, x0:x1]


def find_maze(image: np.ndarray, grid: Grid, wall: RGB) -> Maze:
    """The map on the screenshot: its walls' solid blocks span it (every map here is walled round)."""
    blocks = solid(like(image, wall))
    rows, cols = np.flatnonzero(blocks.any(axis=1)), np.flatnonzero(blocks.any(axis=0))
    assert rows.size and cols.size, "no wall blocks on the screen"
    half = 15 // 2
    left, right = cols.min() - half, cols.max() + half + 1
    top, bottom = rows.min() - half, rows.max() + half + 1
    maze = Maze(left, top, (right - left) / grid.width, (bottom - top) / grid.height)
    walls = [(r, c) for r in range(grid.height) for c in range(grid.width) if grid.kind[r, c] == Kind.WALL]
    walled = [like(maze.cell(image, r, c), wall).mean() > 0.9 for r, c in walls]
    assert all(walled), f"the map's walls are not where the screen has them ({sum(walled)} of {len(walls)})"
    return maze


def floor_colour(image: np.ndarray, maze: Maze, grid: Grid) -> RGB:
    """The commonest colour over the map's floor cells."""
    cells = [maze.cell(image, r, c).reshape(-1, 3) for r, c in grid.cells(Kind.FLOOR)]
    values, counts = np.unique(np.concatenate(cells), axis=0, return_counts=True)
    return tuple(int(v) for v in values[counts.argmax()])  # type: ignore[return-value]


def check_objects(
    png: bytes, grid: Grid, palette: str, agent_at: tuple[int, int] | None
) -> dict[str, tuple[float, float]]:
    """Every apple's, exit's and the agent's own colour: its share of its cell, and its contrast on the floor."""
    theme = THEMES[palette].variables
    image = pixels(png)
    maze = find_maze(image, grid, rgb(theme["maze-grey"]))
    floor = floor_colour(image, maze, grid)
    objects = {
        f"{Colour(int(grid.colour[r, c])).name.lower()} {Kind(int(grid.kind[r, c])).name.lower()} at {r},{c}": (
            (r, c),
            rgb(theme[f"maze-{Colour(int(grid.colour[r, c])).name.lower()}"]),
        )
        for kind in (Kind.APPLE, Kind.EXIT)
        for r, c in grid.cells(kind)
    }
    if agent_at is None:  # where the agent has got to: the floor cell most in its colour
        agent_colour = rgb(theme["maze-agent"])
        shares = {(r, c): like(maze.cell(image, r, c), agent_colour).mean() for r, c in grid.cells(Kind.FLOOR)}
        agent_at = max(shares, key=lambda cell: shares[cell])
    objects = {name: place for name, place in objects.items() if place[0] != agent_at}
    objects[f"agent at {agent_at[0]},{agent_at[1]}"] = (agent_at, rgb(theme["maze-agent"]))
    figures = {}
    for name, ((r, c), colour) in objects.items():
        cell = maze.cell(image, r, c)
        own = like(cell, colour)
        share = own.mean()
        assert share >= 1 / 3, f"{palette}: the {name} covers {share:.0%} of its cell"
        seen = tuple(int(v) for v in cell[own].mean(axis=0))
        ratio = contrast(seen, floor)  # type: ignore[arg-type]
        assert ratio >= 3, f"{palette}: the {name} ({seen}) is {ratio:.1f}:1 on the floor {floor}"
        figures[name] = (share, ratio)
    return figures


@dataclass(frozen=True)
class Shot:
    png: bytes
    character: tuple[float, float]
    """A terminal character's width and height in pixels."""


def open_page(browser, url: str, width: int, height: int):
    page = new_tab(browser, width, height)
    with page.expect_websocket() as opened:
        page.goto(url, wait_until="load")
    query = dict(part.split("=") for part in opened.value.url.split("?")[1].split("&"))
    page.terminal = (int(query["width"]), int(query["height"]))
    page.wait_for_selector("body.-first-byte", timeout=DEADLINE * 1000)
    return page


def level_1(browser, url: str, width: int, height: int) -> Shot:
    """Campaign level 1 opened by keys, once its maze is drawn and still."""
    page = open_page(browser, url, width, height)
    menu = settled_canvas(page)
    page.keyboard.press("Enter")  # the campaign
    campaign = settled_canvas(page, menu)
    page.keyboard.press("Enter")  # its first level
    shot = settled_canvas(page, campaign)
    deadline = time.monotonic() + DEADLINE  # on a busy machine the zoom to fit can come a while later
    while time.monotonic() < deadline:
        try:
            find_maze(pixels(shot), LEVEL_1, rgb(THEMES["standard"].variables["maze-grey"]))
            break
        except AssertionError:
            shot = settled_canvas(page, shot)
    screen = page.locator("#terminal .xterm-screen").bounding_box()
    columns, rows = page.terminal
    page.context.close()
    return Shot(shot, (screen["width"] / columns, screen["height"] / rows))


@pytest.mark.parametrize("palette", list(THEMES))
def test_apples_exits_and_the_agent_fill_their_cells_and_stand_out_in_every_palette(tmp_path, palette):
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"palette": palette}))
    with served_game(data, shared=True) as url, headless_browser() as browser:
        page = open_page(browser, url, 1280, 720)
        menu = settled_canvas(page)
        for _ in range([key for key, _, _ in ENTRIES].index("desk")):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")  # the overseer's desk
        desk = settled_canvas(page, menu)
        page.keyboard.press("2")  # the shifted maze: a grey exit
        page.keyboard.press("Enter")  # run the test...
        page.keyboard.press(" ")  # ...and pause it at once
        shifted = settled_canvas(page, desk)
        (tmp_path / f"desk-shifted-{palette}.png").write_bytes(shifted)
        page.context.close()
        grid = build_test_maze("shifted", DESK_SEED)
        assert [Colour(int(grid.colour[cell])) for cell in grid.exits()] == [Colour.GREY]
        desk_figures = check_objects(shifted, grid, palette, agent_at=None)
        level = level_1(browser, url, 1280, 720).png
        (tmp_path / f"level-1-{palette}.png").write_bytes(level)
        level_figures = check_objects(level, LEVEL_1, palette, agent_at=LEVEL_1.start)
    assert len(level_figures) == 4  # two apples, an exit and the agent
    assert len(desk_figures) == 5  # three apples, the grey exit and the agent


def test_at_1920x1080_fit_makes_the_maze_as_large_as_its_box_allows(tmp_path):
    with served_game(tmp_path / "data", shared=True) as url, headless_browser() as browser:
        shot = level_1(browser, url, 1920, 1080)
    (tmp_path / "level-1-1920x1080.png").write_bytes(shot.png)
    image = pixels(shot.png)
    theme = THEMES["standard"].variables
    maze = find_maze(image, LEVEL_1, rgb(theme["maze-grey"]))
    floor = rgb(theme["maze-floor"])
    left, top = round(maze.left), round(maze.top)
    right = round(maze.left + LEVEL_1.width * maze.cell_width)
    bottom = round(maze.top + LEVEL_1.height * maze.cell_height)
    middle_x, middle_y = (left + right) // 2, (top + bottom) // 2

    def floor_until_border(line: np.ndarray) -> int:
        """How many pixels of floor `line` (from the maze's edge outwards) crosses before the box's border."""
        off_floor = np.flatnonzero(~(np.abs(line - np.array(floor)) <= TOLERANCE).all(axis=1))
        return int(off_floor[0]) if off_floor.size else len(line)

    box_height = bottom - top + floor_until_border(image[top - 1 :: -1, middle_x])
    box_height += floor_until_border(image[bottom:, middle_x])
    box_width = right - left + floor_until_border(image[middle_y, left - 1 :: -1])
    box_width += floor_until_border(image[middle_y, right:])
    # one size up makes each cell one character taller and two wider: a row more per map row,
    # two columns more per map column; fit means that would not fit on at least one axis
    char_width, char_height = shot.character
    spare_rows = (box_height - (bottom - top)) / char_height
    spare_columns = (box_width - (right - left)) / char_width
    assert spare_rows >= 0 and spare_columns >= 0  # the whole maze is in its box
    assert spare_rows < LEVEL_1.height or spare_columns < 2 * LEVEL_1.width, (spare_rows, spare_columns)
    filled = max((bottom - top) / box_height, (right - left) / box_width)
    assert filled > 0.75, filled  # not the half of its box it once was
