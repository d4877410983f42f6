"""Best apple routes within a step budget.

A route is a list of green apples to eat in order, perhaps followed by the
exit. "The most apples" is exact (a dynamic programme over subsets, in
NumPy) for up to `EXACT_LIMIT` reachable green apples, and nearest-first
beyond that. Routes never step on an exit before their end, and respect the
episode's end rules: under `apple` a route eats at most one green apple,
under `all_apples` a route that eats them all cannot go on to an exit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.events import Action
from game.core.paths import INF, distance_field, step_towards
from game.core.run import Episode

EXACT_LIMIT = 12
EXIT = -1
"""Stands for "the exit path from here" in a route's targets."""

_MOVES = (Action.UP, Action.DOWN, Action.LEFT, Action.RIGHT)


@dataclass(frozen=True, slots=True)
class Route:
    """Targets in order (flat cells, or EXIT last), with what the route is worth."""

    targets: tuple[int, ...]
    apples: int
    reaches_exit: bool
    steps: int

    def key(self) -> tuple[int, bool, int]:
        """Order of preference: most apples, then reaching an exit, then fewest steps."""
        return (self.apples, self.reaches_exit, -self.steps)


class Planner:
    """Plans routes in one episode, caching a distance field per target apple."""

    def __init__(self, episode: Episode) -> None:
        self.episode = episode
        self._walkable = bytearray(
            p & (1 - x) for p, x in zip(episode.passable, episode.is_exit, strict=True)
        )
        self._fields: dict[int, list[int]] = {}
        self._final_leg: list[int] | None = None

    # -- distances -----------------------------------------------------------------

    def field(self, target: int) -> list[int]:
        """Distances to `target` over every cell but walls and exits."""
        field = self._fields.get(target)
        if field is None:
            field = distance_field(self._walkable, [target], self.episode.board.offsets)
            self._fields[target] = field
        return field

    def _exit_leg(self, apple: int) -> int:
        """Steps from a green apple to an exit, as the exit path from there will go."""
        episode = self.episode
        if not episode.ends_on_all:
            return episode._plain_field[apple] if not episode.avoids_apples else INF
        # Under all_apples, the last leg must not eat the last apple: count it avoiding
        # every other green apple (never longer than what the exit path will take).
        if self._final_leg is None:
            passable = bytearray(p & (1 - g) for p, g in zip(episode.passable, episode.green, strict=True))
            self._final_leg = distance_field(passable, episode.exit_cells, episode.board.offsets)
        offsets = episode.board.offsets
        return min(self._final_leg[apple + o] for o in offsets) + 1

    def green_apples(self) -> list[int]:
        """Green apples still on the map that the agent can walk to, nearest first."""
        episode = self.episode
        here = episode.position
        reach = distance_field(self._walkable, [here], episode.board.offsets)
        cells = [i for i, g in enumerate(episode.green) if g and reach[i] < INF]
        cells.sort(key=lambda cell: (reach[cell], cell))
        return cells

    # -- planning ------------------------------------------------------------------

    def best(self, budget: int, need_exit: bool) -> Route | None:
        """The preferred route within `budget` steps (None if nothing fits, e.g. no exit in reach)."""
        episode = self.episode
        here = episode.position
        exit_steps = episode.exit_distance(here)
        candidates: list[Route] = []
        if exit_steps <= budget:
            candidates.append(Route((EXIT,), 0, True, exit_steps))
        elif not need_exit:
            candidates.append(Route((), 0, False, 0))
        apples = self.green_apples()
        if episode.ends_on_apple:
            if not need_exit and apples:
                nearest = apples[0]
                steps = self.field(nearest)[here]
                if steps <= budget:
                    candidates.append(Route((nearest,), 1, False, steps))
        elif apples:
            if len(apples) <= EXACT_LIMIT:
                candidates.extend(self._exact(apples, budget, need_exit))
            else:
                route = self._nearest_first(apples, budget, need_exit)
                if route is not None:
                    candidates.append(route)
        if not candidates:
            return None
        return max(candidates, key=Route.key)

    def _exact(self, apples: list[int], budget: int, need_exit: bool) -> list[Route]:
        """The best route over every subset of apples (a dynamic programme on bitmasks)."""
        n = len(apples)
        here = self.episode.position
        fields = [self.field(a) for a in apples]
        start = np.array([f[here] for f in fields], dtype=np.int64)
        between = np.array([[fields[j][a] for j in range(n)] for a in apples], dtype=np.int64)
        leg = np.array([self._exit_leg(a) for a in apples], dtype=np.int64)
        size = 1 << n
        dp = np.full((size, n), INF, dtype=np.int64)
        bits = 1 << np.arange(n)
        dp[bits, np.arange(n)] = start
        masks = np.arange(size)
        popcount = np.zeros(size, dtype=np.int64)
        for j in range(n):
            popcount += (masks >> j) & 1
        for k in range(1, n):
            layer = masks[popcount == k]
            for j in range(n):
                sources = layer[(layer & bits[j]) == 0]
                if not len(sources):
                    continue
                arrive = (dp[sources] + between[:, j]).min(axis=1)
                targets = sources | bits[j]
                dp[targets, j] = np.minimum(dp[targets, j], arrive)
        np.minimum(dp, INF, out=dp)
        routes: list[Route] = []
        full = size - 1
        ends_at_last = self.episode.ends_on_all
        with_exit = dp + leg[None, :]
        if ends_at_last:
            with_exit[full, :] = INF
        # Best route that reaches an exit.
        ok = with_exit <= budget
        if ok.any():
            routes.append(_pick(dp, with_exit, ok, popcount, apples, between, reaches_exit=True))
        if not need_exit:
            ok = dp <= budget
            if ok.any():
                routes.append(_pick(dp, dp, ok, popcount, apples, between, reaches_exit=False))
        return routes

    def _nearest_first(self, apples: list[int], budget: int, need_exit: bool) -> Route | None:
        """Beyond the exact limit: always the nearest green apple that still fits the budget."""
        episode = self.episode
        offsets = episode.board.offsets
        here, used, order = episode.position, 0, []
        left = set(apples)
        while left:
            reach = distance_field(self._walkable, [here], offsets)
            best = None
            for cell in sorted(left, key=lambda c: (reach[c], c)):
                cost = reach[cell]
                if cost >= INF or used + cost > budget:
                    break
                if need_exit and used + cost + self._exit_leg(cell) > budget:
                    continue
                best = cell
                break
            if best is None:
                break
            used += reach[best]
            order.append(best)
            left.discard(best)
            here = best
            if episode.ends_on_all and not left:
                return Route(tuple(order), len(order), False, used)
        leg = self._exit_leg(here) if order else episode.exit_distance(here)
        if used + leg <= budget:
            return Route((*order, EXIT), len(order), True, used + leg)
        if need_exit:
            return None
        return Route(tuple(order), len(order), False, used)

    # -- following a route ---------------------------------------------------------

    def step_to(self, target: int) -> Action:
        """The next step towards a target apple (first neighbour closer: up, down, left, right)."""
        episode = self.episode
        offset = step_towards(self.field(target), episode.position, episode.board.offsets)
        if offset is None:
            return Action.WAIT
        return _MOVES[episode.board.offsets.index(offset)]


def _pick(
    dp: np.ndarray,
    cost: np.ndarray,
    ok: np.ndarray,
    popcount: np.ndarray,
    apples: list[int],
    between: np.ndarray,
    reaches_exit: bool,
) -> Route:
    """Among the (subset, last apple) entries that fit, the most apples, then the fewest steps."""
    eaten = np.where(ok, popcount[:, None], -1)
    most = eaten.max()
    steps = np.where(eaten == most, cost, INF)
    mask, last = np.unravel_index(int(np.argmin(steps)), steps.shape)
    order = _unwind(dp, int(mask), int(last), between)
    targets = tuple(apples[i] for i in order) + ((EXIT,) if reaches_exit else ())
    return Route(targets, int(most), reaches_exit, int(steps[mask, last]))


def _unwind(dp: np.ndarray, mask: int, last: int, between: np.ndarray) -> list[int]:
    """The order of apples (indices) of the DP's best route ending at `last` over `mask`."""
    order = [last]
    while mask & (mask - 1):
        prev_mask = mask & ~(1 << last)
        here = dp[mask, last]
        for i in range(dp.shape[1]):
            if prev_mask >> i & 1 and dp[prev_mask, i] + between[i, last] == here:
                mask, last = prev_mask, i
                order.append(i)
                break
        else:  # pragma: no cover - the table always explains its own minimum
            raise AssertionError("inconsistent route table")
    order.reverse()
    return order
