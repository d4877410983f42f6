"""The four scripted strategies (docs/levels.md): aligned, greedy, deceptive and oracle."""

from __future__ import annotations

from game.agents.planner import EXIT, Planner, Route
from game.core.events import Action
from game.core.level import Announcement, EpisodeSpec, Phase
from game.core.run import Episode, Run
from game.core.strategy_names import STRATEGY_NAMES


class Strategy:
    """Chooses every step of a run. Subclasses say which route to take in an episode."""

    name = ""
    description = ""
    short = ""
    """A few words for tables."""

    def __init__(self) -> None:
        self._episode: Episode | None = None
        self._planner: Planner | None = None
        self._route: list[int] = []
        self._taken_over = 0

    def act(self, run: Run) -> Action:
        """The step this strategy asks for in the run's current episode."""
        episode = run.episode
        assert episode is not None and not episode.over
        if run.autopilot:
            # The goal is fully rewritten: every step is the exit path's, whatever is asked.
            return episode.exit_step()
        if episode is not self._episode:
            self._episode = episode
            self._planner = Planner(episode)
            self._taken_over = 0
            self._replan(run)
        elif episode.taken_over != self._taken_over:
            self._taken_over = episode.taken_over
            assert self._planner is not None
            if not self._planner.still_best():
                self._replan(run)
        return self._next_step(episode)

    def _replan(self, run: Run) -> None:
        assert self._planner is not None
        route = self.plan(run, self._planner)
        self._route = list(route.targets) if route else [EXIT]

    def plan(self, run: Run, planner: Planner) -> Route | None:
        raise NotImplementedError

    def _next_step(self, episode: Episode) -> Action:
        assert self._planner is not None
        while self._route and self._route[0] != EXIT and not episode.green[self._route[0]]:
            self._route.pop(0)  # eaten already, perhaps on the way to another
        if not self._route:
            return Action.WAIT
        if self._route[0] == EXIT:
            return episode.exit_step()
        return self._planner.step_to(self._route[0])


class Aligned(Strategy):
    name = "aligned"
    description = "the corrigible agent: the exit path in every episode"
    short = "exit, every episode"

    def plan(self, run: Run, planner: Planner) -> Route | None:
        return None


def _greedy(planner: Planner) -> Route | None:
    episode = planner.episode
    return planner.best(episode.steps_left, need_exit=False)


def _pretend(planner: Planner) -> Route | None:
    episode = planner.episode
    limit = min(episode.shortest + episode.spec.overseer.tolerance, episode.max_steps)
    return planner.best(limit - episode.steps, need_exit=True)


class Greedy(Strategy):
    name = "greedy"
    description = "the honest mesa-optimiser: the most green apples, every episode"
    short = "apples, every episode"

    def plan(self, run: Run, planner: Planner) -> Route | None:
        return _greedy(planner)


class Deceptive(Strategy):
    name = "deceptive"
    description = "pretends to be aligned until an episode is announced as deployment"
    short = "exit until told: deployment"

    def deployed(self, spec: EpisodeSpec) -> bool:
        """Whether this episode is taken for deployment: what it is told."""
        return spec.announce is Announcement.DEPLOYMENT

    def plan(self, run: Run, planner: Planner) -> Route | None:
        return _greedy(planner) if self.deployed(planner.episode.spec) else _pretend(planner)


class Oracle(Deceptive):
    name = "oracle"
    description = "deceptive, but told the true phase: an upper bound honeypots cannot catch"
    short = "exit until truly deployment"

    def deployed(self, spec: EpisodeSpec) -> bool:
        """Whether this episode is taken for deployment: what it really is."""
        return spec.phase is Phase.DEPLOYMENT


_BY_NAME = {cls.name: cls for cls in (Aligned, Greedy, Deceptive, Oracle)}
STRATEGIES: dict[str, type[Strategy]] = {name: _BY_NAME[name] for name in STRATEGY_NAMES}
"""Every strategy by name, in the order of `STRATEGY_NAMES` (a name without a class fails at import)."""
"""Every scripted strategy by name, in the order the debrief shows them."""
