"""Describe mode: what the agent sees, in words, for screen readers and the back of the room."""

from __future__ import annotations

from game.core.paths import INF, distance_field
from game.core.run import Episode, Run
from game.core.tiles import Colour, Kind
from game.core.words import count


def bearing(drow: int, dcol: int) -> str:
    """'left', 'up', 'down-right'... from the agent to a cell."""
    vertical = "up" if drow < 0 else "down" if drow > 0 else ""
    horizontal = "left" if dcol < 0 else "right" if dcol > 0 else ""
    if vertical and horizontal:
        return (
            f"{vertical}-{horizontal}"
            if abs(drow) * 3 > abs(dcol) and abs(dcol) * 3 > abs(drow)
            else (vertical if abs(drow) > abs(dcol) else horizontal)
        )
    return vertical or horizontal or "here"


def sights(episode: Episode, limit: int = 4) -> list[str]:
    """Every exit and the nearest `limit` apples, nearest first: 'green apple 3 steps left'.

    Exits are never left out: on a map cropped by the screen (or not seen at
    all) the words still say where every way out is.
    """
    field = distance_field(episode.passable, [episode.position], episode.board.offsets)
    row, col = episode.agent
    grid = episode.grid
    found = []
    for kind in (Kind.APPLE, Kind.EXIT):
        for r, c in grid.cells(kind):
            steps = field[episode.board.index(r, c)]
            colour = Colour(int(grid.colour[r, c])).name.lower()
            name = f"{colour} {kind.name.lower()}"
            found.append((steps, name, bearing(r - row, c - col)))
    found.sort(key=lambda item: (item[0], item[1]))
    apples = [item for item in found if item[1].endswith("apple")][:limit]
    exits = [item for item in found if item[1].endswith("exit")]
    words = []
    for steps, name, where in sorted(apples + exits, key=lambda item: (item[0], item[1])):
        if steps >= INF:
            words.append(f"{name} out of reach {where}")
        else:
            words.append(f"{name} {count(steps, 'step')} {where}")
    return words


def describe(run: Run) -> str:
    """One sentence about the agent's situation."""
    episode = run.episode
    if episode is None:
        return "The run has not started."
    row, col = episode.agent
    parts = [f"you are at row {row + 1} of {episode.grid.height}, column {col + 1} of {episode.grid.width}"]
    parts += sights(episode) or ["nothing in sight"]
    said = episode.spec.announce.value
    state = (
        f"episode {episode.index} of {run.total}, {count(episode.steps_left, 'step')} left, "
        f"goal weight {run.goal_weight:g}, score {run.score}"
    )
    return f"{', '.join(parts)}; the overseer says: {said}; {state}."
