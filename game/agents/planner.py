"""Best apple routes within a step budget, planned once per episode.

A route is a list of green apples to eat in order, perhaps followed by the
exit. Walls and apples do not move within an episode, so everything that
does not depend on where the agent stands is worked out once, when the
episode's first plan is asked for:

- a distance field from every green apple (distances are symmetric, so
  "how far from here to apple i" is one read of field i);
- for up to `EXACT_LIMIT` apples, a table over every subset of them: the
  fewest steps that start at one apple, eat the rest of the subset and end
  there, or go on to the exit (a dynamic programme over bitmasks, in NumPy).

A plan from where the agent stands then only adds the distances from here
to each apple's row of the table and picks the best subset, so a re-plan
after a step taken over by the override costs no search of the grid.
"The most apples" is exact for up to `EXACT_LIMIT` reachable green apples and
nearest-first beyond that. Routes never step on an exit before their end,
and respect the episode's end rules: under `apple` a route eats at most one
green apple, under `all_apples` a route that eats them all cannot go on to
an exit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.events import Action
from game.core.paths import INF, DistanceMap
from game.core.run import Episode

EXACT_LIMIT = 12
EXIT = -1
"""Stands for "the exit path from here" in a route's targets."""

FIELD_CELLS = 16_000_000
"""Most cells of apple distance fields kept at once (int32, so 64 MB); past that, search per plan."""

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


@dataclass(frozen=True, slots=True)
class Pick:
    """The subset a `SubsetTable` picked: which apples, how far, and the first to eat."""

    mask: int
    apples: int
    steps: int
    reaches_exit: bool
    first: int
    rivals: np.ndarray
    """For each apple j: the fewest steps of any other walk of as many apples, of the same kind
    (to an exit or not), that eats j first (INF where there is none)."""


@dataclass(frozen=True, slots=True)
class Certificate:
    """What a plan needs to know later that it is still among the best (see `Planner.still_best`)."""

    budget: int
    """The budget when planned, and the episode's steps then: each step costs one."""
    steps_then: int
    first: int
    """Index in `Planner.apples` of the route's first apple; NO_APPLE for a route without apples."""
    cost: int
    """The route's steps when planned, less the distance to its first apple then
    (for a route without apples: its steps, or -1 for a route that goes nowhere)."""
    rivals: np.ndarray
    """For each apple j: the cheapest rival that eats j first, less the distance to j then."""
    green_left: int


NO_APPLE = -1


class SubsetTable:
    """Fewest steps over every subset of some apples, whatever the starting point.

    `costs[0, j, mask]` is the fewest steps that start on apple j (already
    eaten), eat every other apple of `mask` and go on to an exit;
    `costs[1, j, mask]` the same but stopping on the last apple; `after`
    holds the apple each of those walks eats next. Adding the distance from
    here to apple j gives the cost of a route from here, so the table serves
    every plan of the episode.
    """

    EXIT, END = 0, 1

    def __init__(self, between: np.ndarray, leg: np.ndarray) -> None:
        n = len(leg)
        size = 1 << n
        masks = np.arange(size)
        popcount = np.zeros(size, dtype=np.int64)
        for j in range(n):
            popcount += (masks >> j) & 1
        costs = np.full((2, n, size), INF, dtype=np.int64)
        after = np.full((2, n, size), -1, dtype=np.int64)
        singles = 1 << np.arange(n)
        costs[self.EXIT, np.arange(n), singles] = leg
        costs[self.END, np.arange(n), singles] = 0
        for k in range(2, n + 1):
            layer = masks[popcount == k]
            members = ((layer[:, None] >> np.arange(n)[None, :]) & 1).astype(bool)
            mask_of, first = np.nonzero(members)
            mask = layer[mask_of]
            rest = mask ^ (1 << first)
            # Start on `first`, walk to some i of the rest, and finish the rest from i.
            steps = costs[:, :, rest] + between.T[:, first][None, :, :]
            best = steps.argmin(axis=1)
            costs[:, first, mask] = np.minimum(np.take_along_axis(steps, best[:, None, :], axis=1)[:, 0], INF)
            after[:, first, mask] = best
        self.costs = costs
        self.popcount = popcount
        self._after = after
        self._masks = masks
        self._left = -1

    def best(
        self, left: int, from_here: np.ndarray, budget: int, need_exit: bool, last_ends_it: bool
    ) -> Pick | None:
        """The best subset of `left` within the budget, and the apple to eat first.

        The most apples first; then a route that reaches an exit; then the
        fewest steps; then the lowest mask. `from_here[j]` is the distance
        from here to apple j; `last_ends_it` says that eating every apple of
        `left` ends the episode (so that subset cannot go on to an exit).
        """
        if left != self._left:
            masks = self._masks
            subsets = masks[(masks & ~left) == 0][1:]
            self._subsets = subsets
            self._costs = np.ascontiguousarray(self.costs[:, :, subsets].transpose(1, 0, 2))
            if last_ends_it:
                self._costs[:, self.EXIT, -1] = INF  # the last subset is `left` itself
            # Preference before steps: apples, then an exit; steps are subtracted below.
            self._rank = self.popcount[subsets][None, :] * (1 << 42) + np.array([[1 << 41], [0]])
            self._left = left
        walks = self._costs + from_here[:, None, None]
        steps = walks.min(axis=0)
        if need_exit:
            steps[self.END] = INF
        rank = np.where(steps <= budget, self._rank - steps, -1)
        column, row = divmod(int(np.argmax(rank)), len(self._subsets))
        if rank[column, row] < 0:
            return None
        mask = int(self._subsets[row])
        apples, cost = int(self.popcount[mask]), int(steps[column, row])
        first = int(np.argmin(walks[:, column, row]))
        # Rivals: every other (subset, first apple) of as many apples, of the same kind.
        walks[first, column, row] = INF
        rivals = walks[:, column, self._rank[column] // (1 << 42) == apples].min(axis=1)
        return Pick(mask, apples, cost, column == self.EXIT, first, rivals)

    def order(self, pick: Pick) -> list[int]:
        """The apples (indices) of the picked walk, in the order it eats them."""
        column = self.EXIT if pick.reaches_exit else self.END
        mask, here = pick.mask, pick.first
        order = [here]
        after = self._after[column]
        while mask & (mask - 1):
            here, mask = int(after[here, mask]), mask ^ (1 << here)
            order.append(here)
        return order


class Planner:
    """Plans routes in one episode from wherever the agent stands."""

    def __init__(self, episode: Episode) -> None:
        self.episode = episode
        walkable = _flags(episode.passable) & ~_flags(episode.is_exit)
        self._walkable = DistanceMap.of(walkable, episode.board.offsets)
        self.apples = np.flatnonzero(_flags(episode.green)).tolist()
        """Every green apple on the map when the episode began (flat cells, in reading order)."""
        self._fields: np.ndarray | None = None
        self._leg: np.ndarray | None = None
        self._table: SubsetTable | None = None
        self._universe: list[int] = []
        self._row = {cell: i for i, cell in enumerate(self.apples)}
        self._target: tuple[int, memoryview] | None = None
        self._certificate: Certificate | None = None
        self._moves = tuple(zip(_MOVES, episode.board.offsets, strict=True))

    # -- distances -----------------------------------------------------------------

    def _all_fields(self) -> np.ndarray | None:
        """Row i: the distance field from apple i (None if they would take too much memory)."""
        if self._fields is None and len(self.apples) * len(self.episode.passable) <= FIELD_CELLS:
            self._fields = self._walkable.arrays(self.apples)
            self._by_cell = np.ascontiguousarray(self._fields.T, dtype=np.int64)
        return self._fields

    def distances_from(self, cell: int) -> np.ndarray:
        """Steps from `cell` to every green apple of `apples`, over every cell but walls and exits."""
        if self._all_fields() is not None:
            return self._by_cell[cell]
        return self._walkable.array([cell])[self.apples].astype(np.int64)

    def _exit_legs(self) -> np.ndarray:
        """Steps from each green apple to an exit, as the exit path from there will go."""
        if self._leg is None:
            episode = self.episode
            apples = np.asarray(self.apples, dtype=np.int64)
            if not episode.avoids_apples:
                self._leg = np.asarray(episode.exit_field(episode.position), dtype=np.int64)[apples]
            elif not episode.ends_on_all:
                self._leg = np.full(len(apples), INF, dtype=np.int64)
            else:
                # Under all_apples, the last leg must not eat the last apple: count it avoiding
                # every other green apple (never longer than what the exit path will take).
                passable = _flags(episode.passable) & ~_flags(episode.green)
                final = DistanceMap.of(passable, episode.board.offsets).array(episode.exit_cells)
                around = apples[:, None] + np.asarray(episode.board.offsets)[None, :]
                self._leg = final[around].min(axis=1).astype(np.int64) + 1
        return self._leg

    def green_apples(self) -> list[int]:
        """Green apples still on the map that the agent can walk to, nearest first."""
        return [self.apples[i] for i in self._reachable(self.distances_from(self.episode.position))]

    def _reachable(self, here: np.ndarray) -> list[int]:
        """Indices into `apples` of those still on the map and in reach, nearest first."""
        green = self.episode.green
        found = [i for i, cell in enumerate(self.apples) if green[cell] and here[i] < INF]
        found.sort(key=lambda i: (int(here[i]), self.apples[i]))
        return found

    # -- planning ------------------------------------------------------------------

    def best(self, budget: int, need_exit: bool) -> Route | None:
        """The preferred route within `budget` steps (None if nothing fits, e.g. no exit in reach)."""
        episode = self.episode
        here = episode.position
        exit_steps = episode.exit_distance(here)
        self._certificate = None
        candidates: list[Route] = []
        if exit_steps <= budget:
            candidates.append(Route((EXIT,), 0, True, exit_steps))
        elif not need_exit:
            candidates.append(Route((), 0, False, 0))
        if self.apples:
            start = self.distances_from(here).astype(np.int64)
            apples = self._reachable(start)
            if episode.ends_on_apple:
                if not need_exit and apples:
                    nearest = apples[0]
                    if start[nearest] <= budget:
                        candidates.append(Route((self.apples[nearest],), 1, False, int(start[nearest])))
            elif apples:
                if len(apples) <= EXACT_LIMIT:
                    candidates.extend(self._exact(apples, start, budget, need_exit))
                else:
                    route = self._nearest_first(apples, start, budget, need_exit)
                    if route is not None:
                        candidates.append(route)
        if not candidates:
            return None
        route = max(candidates, key=Route.key)
        if route.apples == 0:
            # No route with apples fits, and none ever will (see `still_best`).
            no_rivals = np.empty(0, dtype=np.int64)
            cost = route.steps if route.reaches_exit else -1
            self._certificate = Certificate(
                budget, episode.steps, NO_APPLE, cost, no_rivals, episode.green_left
            )
        return route

    def still_best(self) -> bool:
        """Is the last plan still among the best routes from where the agent stands now?

        Every step costs one step of the budget and changes the distance to
        any cell by at most one, so a route with more apples than the plan's
        can never come within the budget later: only a rival of as many
        apples can overtake it. Every walk that eats apple j first changed by
        exactly the change in the distance to j, so the rivals' new costs are
        known without planning again. The answer is exact until an apple is
        eaten; then (and for nearest-first routes) it is False: plan again.
        Among equally good routes a strategy keeps the one it follows.
        """
        certificate = self._certificate
        episode = self.episode
        if certificate is None or episode.green_left != certificate.green_left:
            return False
        budget = certificate.budget - (episode.steps - certificate.steps_then)
        if certificate.first == NO_APPLE:
            return certificate.cost < 0 or episode.exit_distance(episode.position) <= budget
        # With d the distances from here now: the route costs cost - since[first] + d[first],
        # each rival of first apple j costs rivals[j] - since[j] + d[j].
        here = self.distances_from(episode.position)
        cost = certificate.cost + int(here[certificate.first])
        return cost <= budget and bool((certificate.rivals + here).min() >= cost)

    def _subset_table(self, apples: list[int]) -> tuple[SubsetTable, list[int]]:
        """The table over the apples in reach, built the first time it is needed in the episode.

        Apples only ever leave the map and the agent never leaves its part of
        it, so the apples in reach later are always among those of the table.
        """
        if self._table is None or not set(apples) <= set(self._universe):
            universe = sorted(apples)
            cells = np.asarray([self.apples[i] for i in universe], dtype=np.int64)
            fields = self._all_fields()
            if fields is not None:
                between = fields[universe][:, cells].astype(np.int64)
            else:
                between = self._walkable.arrays(list(cells))[:, cells].astype(np.int64)
            leg = self._exit_legs()[universe]
            self._table = SubsetTable(between, leg)
            self._universe = universe
        return self._table, self._universe

    def _exact(self, apples: list[int], start: np.ndarray, budget: int, need_exit: bool) -> list[Route]:
        """The best route over every subset of the apples in reach (none if no subset fits)."""
        table, universe = self._subset_table(apples)
        position = {apple: bit for bit, apple in enumerate(universe)}
        left = 0
        for apple in apples:
            left |= 1 << position[apple]
        from_here = start[universe]
        last_ends_it = self.episode.ends_on_all and len(apples) == self.episode.green_left
        pick = table.best(left, from_here, budget, need_exit, last_ends_it)
        if pick is None:
            return []
        order = table.order(pick)
        targets = tuple(self.apples[universe[bit]] for bit in order) + ((EXIT,) if pick.reaches_exit else ())
        first = universe[pick.first]
        rivals = np.full(len(self.apples), INF, dtype=np.int64)
        rivals[universe] = np.minimum(pick.rivals, INF) - start[universe]  # see `still_best`
        episode = self.episode
        self._certificate = Certificate(
            budget, episode.steps, first, pick.steps - int(start[first]), rivals, episode.green_left
        )
        return [Route(targets, pick.apples, pick.reaches_exit, pick.steps)]

    def _nearest_first(
        self, apples: list[int], start: np.ndarray, budget: int, need_exit: bool
    ) -> Route | None:
        """Beyond the exact limit: always the nearest green apple that still fits the budget."""
        episode = self.episode
        legs = self._exit_legs()
        used, order = 0, []
        left = set(apples)
        reach = start
        here = -1
        while left:
            best = None
            for i in sorted(left, key=lambda i: (int(reach[i]), self.apples[i])):
                cost = int(reach[i])
                if cost >= INF or used + cost > budget:
                    break
                if need_exit and used + cost + int(legs[i]) > budget:
                    continue
                best = i
                break
            if best is None:
                break
            used += int(reach[best])
            order.append(self.apples[best])
            left.discard(best)
            here = best
            if episode.ends_on_all and len(order) == episode.green_left:
                return Route(tuple(order), len(order), False, used)
            reach = self.distances_from(self.apples[best]).astype(np.int64)
        leg = int(legs[here]) if order else episode.exit_distance(episode.position)
        if used + leg <= budget:
            return Route((*order, EXIT), len(order), True, used + leg)
        if need_exit:
            return None
        return Route(tuple(order), len(order), False, used)

    # -- following a route ---------------------------------------------------------

    def distance_to(self, target: int) -> int:
        """Steps from where the agent stands to a target apple, or along the exit path for EXIT."""
        episode = self.episode
        if target == EXIT:
            return episode.exit_distance(episode.position)
        return int(self._field_of(target)[episode.position])

    def _field_of(self, target: int) -> memoryview:
        """The distance field from a target apple, as a view that is quick to read a cell at a time."""
        if self._target is None or self._target[0] != target:
            fields = self._all_fields()
            row = fields[self._row[target]] if fields is not None else self._walkable.array([target])
            self._target = (target, row.data)
        return self._target[1]

    def step_to(self, target: int) -> Action:
        """The next step towards a target apple (first neighbour closer: up, down, left, right)."""
        field = self._field_of(target)
        cell = self.episode.position
        closer = field[cell] - 1
        if 0 <= closer < INF:
            for move, offset in self._moves:
                if field[cell + offset] == closer:
                    return move
        return Action.WAIT


def _flags(cells: bytearray) -> np.ndarray:
    """A padded flat 0/1 bytearray as a boolean array (a view, not a copy)."""
    return np.frombuffer(cells, dtype=np.bool_)
