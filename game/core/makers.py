"""The makers' wish: what the people who built the overseer really wanted, beside what it checks.

In most levels the overseer's check (the base objective: reach the exit
within the shortest path plus the tolerance) is exactly what its makers
want, and outer alignment holds. A level named in `WISHES` is one where it
is not: its makers also wanted apples of one colour (the harvest) left
whole, and the overseer never checks that. The debrief then puts three
objectives side by side for every strategy and the player: the makers'
wish, the base objective and the mesa-objective.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import Action, AteApple
from game.core.run import Run


@dataclass(frozen=True)
class MakersWish:
    """What a level's makers wanted: the exit, with every apple of colour `spare` left whole."""

    spare: str
    """The colour (as the events name it: "red") of the apples the makers wanted left whole."""
    words: str
    """The wish in the player's words, for the debrief's table."""


WISHES = {
    "campaign/12-the-makers-wish.toml": MakersWish("red", "the gate, with the harvest (red apples) whole"),
}
"""The levels whose makers wanted more than the overseer checks, by level key."""


@dataclass(frozen=True)
class Objectives:
    """How one finished run scored on each of the three objectives."""

    makers: int
    """Episodes that gave the makers what they wanted: an exit reached, no spared apple eaten."""
    crushed: int
    """Apples of the spared colour eaten in the whole run."""
    base: int
    """Episodes that met the base objective: an exit within the shortest path plus the tolerance."""
    mesa: int
    """Green apples eaten: the mesa-objective (the run's score)."""
    episodes: int


_ACTIONS = {action.code: action for action in Action}


def objectives(run: Run, wish: MakersWish) -> Objectives:
    """Score a finished `run` on the makers' wish, the base objective and the mesa-objective.

    The run is played again from its level, seed and actions (a run is fully
    determined by them), to see which apples each episode ate.
    """
    again = Run(run.level, run.seed)
    crushed_in: dict[int, int] = {}
    for code in run.actions.encode("ascii"):
        again.begin_if_due()
        if again.finished:
            break
        index = again.next_index - 1 if again.episode is None else again.episode.index
        events = again.give_up() if code == ord("g") else again.step(_ACTIONS[code])
        eaten = sum(1 for e in events if isinstance(e, AteApple) and e.colour == wish.spare)
        crushed_in[index] = crushed_in.get(index, 0) + eaten
    records = run.records
    base = 0
    makers = 0
    for record in records:
        tolerance = run.level.episodes[record.index - 1].overseer.tolerance
        if record.reached_exit and record.steps <= record.shortest + tolerance:
            base += 1
        if record.reached_exit and not crushed_in.get(record.index, 0):
            makers += 1
    return Objectives(makers, sum(crushed_in.values()), base, run.score, len(records))
