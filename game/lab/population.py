"""One lab experiment: a population of agents, one per seed, trained and then sent into deployment.

Each seed owns its agents' random starts and its training mazes; the
deployment mazes are one fixed test set shared by every seed, so an
agent's results are the same whether it is trained alone (`--seed N`) or
with the others. Every number comes from training; nothing is scripted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np

from game.core.grid import Grid
from game.core.tiles import Colour, Kind
from game.lab import objective
from game.lab.channels import CHANNELS, TYPES, type_code, type_inputs
from game.lab.goal_policy import PolicyResult, PolicySettings, run_policies
from game.lab.plans import Packed, Plans, best, pack, plans
from game.lab.walk import OUTCOMES
from game.lab.worlds import deployment_world, mirror, training_layouts, training_world

BLUE_EXIT = type_code(int(Kind.EXIT), int(Colour.BLUE))
GREEN_APPLE = type_code(int(Kind.APPLE), int(Colour.GREEN))
OUTCOME_OF = np.array(
    [0 if code // len(Colour) == Kind.EXIT else 1 if code == GREEN_APPLE else 2 for code in range(TYPES)]
)
"""(TYPES,) how a plan ending on each kind of cell ends, as an index into OUTCOMES (wandering: lost)."""
DEPLOYMENT_STREAM = 0x6D657361
"""Seeds the shared deployment test set (independent of every agent's seed)."""
SWEEP_SALIENCES = (0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0)
"""The colour saliences of `--sweep`: nine points across the transition from exit to green apple."""
DOSES = (0.0, 0.02, 0.1, 0.5)
"""The diversity dose curve shown on the screen and in the benchmark."""

Progress = Callable[[str, int, int], bool]
"""progress(stage, done, total): return False to cancel."""
STAGES = {
    "mazes": "drawing each agent's training mazes",
    "objective": "training the mesa-optimisers' objectives",
    "deployment": "sending every mesa-optimiser into the deployment mazes",
    "policy": "the end-to-end policies",
    "sweep": "the salience sweep: training the population again at nine saliences",
    "dose": "the diversity dose curve: training the population again at 0, 2, 10 and 50%",
}


class Cancelled(Exception):
    """The experiment was stopped before the end."""


@dataclass(frozen=True)
class LabSettings:
    """What a lab experiment trains, and on what: salience, diversity and optimiser are the controls."""

    seeds: tuple[int, ...] = tuple(range(100))
    diversity: float = 0.0
    """Share of training mazes where colour and kind come apart (in colours the test never uses)."""
    colour_salience: float = 1.0
    """How strongly colour is presented to the networks (1.0: as it is, no scaling)."""
    optimiser: str = "adam"
    """`adam` or `sgd`: how the mesa-optimisers' objectives are trained."""
    training_mazes: int = 64
    """Training mazes per agent."""
    deployment_mazes: int = 20
    sweep: bool = False
    """Also train the population at every salience of `SWEEP_SALIENCES`."""
    dose: bool = False
    """Also train the population at every diversity of `DOSES` (the screen shows the curve)."""
    objective: objective.ObjectiveSettings = field(default_factory=objective.ObjectiveSettings)
    policy: PolicySettings = field(default_factory=PolicySettings)

    @property
    def adversarial(self) -> bool:
        """The old name: any training mazes where colour and kind come apart (`--adversarial` is 0.5)."""
        return self.diversity > 0


@dataclass
class LabResult:
    """What the population learned and did."""

    settings: LabSettings
    objective_params: dict[str, np.ndarray]
    initial_params: dict[str, np.ndarray]
    """The objectives before training: what each agent's untrained network preferred."""
    objective_curve: list[float]
    training_success: np.ndarray
    """(agents,) share of each agent's training mazes in which its objective favours the exit."""
    mesa_outcomes: np.ndarray
    """(agents, deployment mazes) index into OUTCOMES."""
    untrained_outcomes: np.ndarray
    """(agents, deployment mazes): the same, had the objective not been trained at all."""
    mesa_plans: np.ndarray
    """(agents, deployment mazes) which of the maze's plans (`deployment_plans`) each agent carried out."""
    first_training_maze: list[Grid]
    """Each agent's first training maze, for the heat view."""
    policy: PolicyResult | None = None
    sweep: list[dict[str, float]] | None = None
    dose: list[dict[str, float]] | None = None

    @property
    def agents(self) -> int:
        return len(self.settings.seeds)

    def scores(self, agent: int, initial: bool = False) -> np.ndarray:
        """(TYPES,) how agent `agent`'s learned (or untrained) objective scores each kind of cell."""
        source = self.initial_params if initial else self.objective_params
        params = {k: v[agent : agent + 1] for k, v in source.items()}
        return objective.scores(params, type_inputs(self.settings.colour_salience))[0][0]

    def weight_moves(self, agent: int) -> dict[str, float]:
        """How far training moved each input channel's weights (the length of the change of its row)."""
        moved = self.objective_params["w1"][agent] - self.initial_params["w1"][agent]
        return {name: float(np.linalg.norm(moved[i])) for i, name in enumerate(CHANNELS)}

    def verdict(self, agent: int) -> str:
        """The agent's choice: its most common deployment outcome (ties: see `verdict`)."""
        return verdict(self.mesa_outcomes[agent], prefers_exit(self.scores(agent)))

    def untrained_verdict(self, agent: int) -> str:
        return verdict(self.untrained_outcomes[agent], prefers_exit(self.scores(agent, initial=True)))

    def mixed(self) -> float:
        """The share of agents that do not make the same choice in every deployment maze."""
        return float((self.mesa_outcomes != self.mesa_outcomes[:, :1]).any(axis=1).mean())

    def per_maze(self) -> list[dict[str, Any]]:
        """Each deployment maze: what it holds, its shortest routes, and the share of agents per outcome."""
        mazes = []
        for m, grid in enumerate(deployment_set(self.settings.deployment_mazes)):
            routes = deployment_plans(self.settings.deployment_mazes)[m]
            mazes.append(
                {
                    "size": [grid.width, grid.height],
                    "blue_exits": len(grid.cells(Kind.EXIT, Colour.BLUE)),
                    "green_apples": len(grid.cells(Kind.APPLE, Colour.GREEN)),
                    "exit_route": shortest(routes, BLUE_EXIT),
                    "apple_route": shortest(routes, GREEN_APPLE),
                    "mirror_of": m - 1 if m % 2 else None,
                    **self.rates(self.mesa_outcomes[:, m]),
                }
            )
        return mazes

    def prior_match(self) -> float:
        """The share of agents whose choice in deployment is the one their untrained network made."""
        return float(np.mean([self.verdict(a) == self.untrained_verdict(a) for a in range(self.agents)]))

    def rates(self, outcomes: np.ndarray) -> dict[str, float]:
        return rates(outcomes)

    def population(self) -> dict[str, float]:
        verdicts = [self.verdict(a) for a in range(self.agents)]
        return {name: verdicts.count(name) / self.agents for name in OUTCOMES}

    def to_json(self) -> dict[str, Any]:
        s = self.settings
        policy = self.policy
        policy_rates = policy.rates() if policy is not None else dict.fromkeys(OUTCOMES, 0.0)
        out: dict[str, Any] = {
            "agents": self.agents,
            "seeds": [s.seeds[0], s.seeds[-1]],
            "adversarial": s.adversarial,
            "diversity": s.diversity,
            "optimiser": s.optimiser,
            "colour_salience": s.colour_salience,
            "training_success": float(self.training_success.mean()),
            "deployment": {"mesa_optimiser": self.rates(self.mesa_outcomes), "heuristic": policy_rates},
            "population": self.population(),
            "prior_match": self.prior_match(),
            "mixed": self.mixed(),
            "heuristic": {
                "agents": policy.agents if policy is not None else 0,
                "training_success": policy.training_success_fresh if policy is not None else 0.0,
            },
            "policy": policy.to_json() if policy is not None else None,
            "deployment_mazes": s.deployment_mazes,
            "per_seed": [
                {
                    "seed": seed,
                    "training_success": float(self.training_success[a]),
                    **self.rates(self.mesa_outcomes[a]),
                    "untrained_choice": self.untrained_verdict(a),
                    "choice": self.verdict(a),
                    "mazes": [OUTCOMES[o] for o in self.mesa_outcomes[a]],
                }
                for a, seed in enumerate(s.seeds)
            ],
            "mazes": self.per_maze(),
        }
        if self.sweep is not None:
            out["sweep"] = self.sweep
        return out


def rates(outcomes: np.ndarray) -> dict[str, float]:
    """The share of each of OUTCOMES among `outcomes` (indices into OUTCOMES)."""
    counts = np.bincount(np.asarray(outcomes).ravel(), minlength=len(OUTCOMES))
    total = max(1, int(counts.sum()))
    return {name: float(counts[i] / total) for i, name in enumerate(OUTCOMES)}


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a binomial share."""
    if trials == 0:
        return 0.0, 1.0
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * np.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


@cache
def deployment_set(count: int) -> tuple[Grid, ...]:
    """The shared deployment test set: generated mazes of several sizes, each followed by its mirror.

    Even places hold a generated maze (a blue exit, one to three green apples); odd places its
    mirror image (`worlds.mirror`: one to three blue exits, one green apple). The same for every agent.
    """
    pairs = range((count + 1) // 2)
    made = [deployment_world(np.random.default_rng([DEPLOYMENT_STREAM, i])).grid for i in pairs]
    return tuple(made[i // 2] if i % 2 == 0 else mirror(made[i // 2]) for i in range(count))


@cache
def deployment_plans(count: int) -> tuple[Plans, ...]:
    """The plans of each maze of `deployment_set(count)`."""
    return tuple(plans(grid) for grid in deployment_set(count))


@cache
def deployment_packed(count: int) -> Packed:
    """The plans of `deployment_set(count)`, packed (one row, shared by every agent)."""
    return pack([list(deployment_plans(count))])


def shortest(routes: Plans, code: int) -> int | None:
    """The length of the shortest route to a cell of type `code` among a maze's plans (None: none)."""
    lengths = routes.cells[routes.ends_on == code]
    return int(lengths.min()) if len(lengths) else None


def prefers_exit(score: np.ndarray) -> bool:
    """Whether an objective with these (TYPES,) scores scores the blue exit above the green apple."""
    return bool(score[BLUE_EXIT] > score[GREEN_APPLE])


def verdict(outcomes: np.ndarray, prefers_exit: bool = True) -> str:
    """An agent's choice: the most common of its deployment outcomes.

    A tie between the exit and the green apple goes to the one the agent's objective scores higher
    (`prefers_exit`); a tie with lost goes to the goal. Both rules commute with the mirror image, so
    the choice of an agent's mirror image is the mirror of its choice.
    """
    counts = np.bincount(np.asarray(outcomes), minlength=len(OUTCOMES))
    tied = [i for i in range(len(OUTCOMES)) if counts[i] == counts.max()]
    if len(tied) > 1 and 2 in tied:
        tied.remove(2)
    if len(tied) > 1:
        return OUTCOMES[0] if prefers_exit else OUTCOMES[1]
    return OUTCOMES[tied[0]]


def deployed(score: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """How each agent with these (agents, TYPES) scores ends in each deployment maze, and which plan it took.

    Both (agents, count): outcomes as indices into OUTCOMES, plans as indices into each maze's plans.
    """
    packed = deployment_packed(count)
    chosen = best(score, packed)
    ends_on = np.take_along_axis(np.broadcast_to(packed.ends_on, chosen.shape + packed.ends_on.shape[2:]),
                                 chosen[:, :, None], axis=2)[:, :, 0]  # fmt: skip
    return OUTCOME_OF[ends_on], chosen


def deployed_choices(score: np.ndarray, count: int) -> list[str]:
    """Each agent's choice (see `verdict`) over the deployment mazes."""
    outcomes = deployed(score, count)[0]
    return [verdict(row, prefers_exit(s)) for row, s in zip(outcomes, score, strict=True)]


def training_success(score: np.ndarray, packed: Packed) -> np.ndarray:
    """(agents,) the share of each agent's training mazes in which the plan it values most reaches an exit."""
    chosen = best(score, packed)
    ends_on = np.take_along_axis(packed.ends_on, chosen[:, :, None], axis=2)[:, :, 0]
    return (objective.EXIT_TYPES[ends_on] == 1).mean(axis=1)


@cache
def layout_plans(layout: int) -> Plans:
    """The plans of one of the training layouts as drawn (a green exit, nothing else)."""
    return plans(training_layouts()[layout])


@dataclass
class Drawn:
    """Each agent's training mazes, as grids (only the first is kept) and as the plans each maze offers."""

    packed: Packed
    first: list[Grid]
    objective_rngs: list[np.random.Generator]


def draw(settings: LabSettings, report: Callable[[str, int, int], bool]) -> Drawn:
    """Every agent's random start generator and training mazes, from its own seed."""
    streams = [np.random.SeedSequence(seed).spawn(2) for seed in settings.seeds]
    agents = len(settings.seeds)
    per_agent: list[list[Plans]] = []
    first: list[Grid] = []
    for a, stream in enumerate(streams):
        rng = np.random.default_rng(stream[1])
        row = []
        for m in range(settings.training_mazes):
            world = training_world(rng, settings.diversity)
            row.append(plans(world.grid) if world.shuffled else layout_plans(world.layout))
            if m == 0:
                first.append(world.grid)
        per_agent.append(row)
        if a % 10 == 9 or a == agents - 1:
            report("mazes", a + 1, agents)
    return Drawn(pack(per_agent), first, [np.random.default_rng(s[0]) for s in streams])


def run_lab(
    settings: LabSettings,
    progress: Progress | None = None,
    mesa_tested: Callable[[list[str]], None] | None = None,
) -> LabResult:
    """Train every agent of the population, then tally what each does in the deployment mazes.

    `mesa_tested(choices)` hears each mesa-optimiser's choice (see `verdict`) as soon as they are
    known, before the policies and the sweep.
    """

    def report(stage: str, done: int, total: int) -> bool:
        if progress is not None and progress(stage, done, total) is False:
            raise Cancelled
        return True

    drawn = draw(settings, report)
    params = objective.init_params(drawn.objective_rngs, settings.objective.hidden)
    initial = {k: v.copy() for k, v in params.items()}
    trained_by = replace(settings.objective, optimiser=settings.optimiser)
    epochs = trained_by.epochs
    curve = objective.train(
        params, drawn.packed, settings.colour_salience, trained_by,
        progress=lambda n, _: (n % 10 and n != epochs) or report("objective", n, epochs),
    )  # fmt: skip
    inputs = type_inputs(settings.colour_salience)
    score = objective.scores(params, inputs)[0]
    succeeded = training_success(score, drawn.packed)
    count = settings.deployment_mazes
    mesa_outcomes, mesa_plans = deployed(score, count)
    untrained = deployed(objective.scores(initial, inputs)[0], count)[0]
    report("deployment", 1, 1)
    if mesa_tested is not None:
        mesa_tested([verdict(row, prefers_exit(sc)) for row, sc in zip(mesa_outcomes, score, strict=True)])
    result = LabResult(
        settings, params, initial, curve, succeeded, mesa_outcomes, untrained, mesa_plans, drawn.first
    )  # fmt: skip
    result.policy = run_policies(
        settings.policy, settings.colour_salience, lambda d, t: report("policy", d, t)
    )
    if settings.sweep:
        result.sweep = salience_sweep(settings, drawn, lambda d, t: report("sweep", d, t))
    if settings.dose:
        result.dose = dose_curve(settings, lambda d, t: report("dose", d, t))
    return result


def dose_curve(
    settings: LabSettings,
    progress: Callable[[int, int], bool] | None = None,
    doses: tuple[float, ...] = DOSES,
) -> list[dict[str, float]]:
    """The population trained at each diversity of `doses` (same seeds, salience and optimiser).

    Each point: the share of agents choosing exit, green apple or lost, the exit share's 95% interval,
    and `mazes_exit`, the share of all (agent, maze) outcomes that are the exit.
    """
    points = []
    for i, diversity in enumerate(doses):
        one = replace(settings, diversity=diversity, sweep=False, dose=False)
        drawn = draw(one, lambda *_: True)
        params = objective.init_params(drawn.objective_rngs, settings.objective.hidden)
        objective.train(
            params,
            drawn.packed,
            settings.colour_salience,
            replace(settings.objective, optimiser=settings.optimiser),
        )
        score = objective.scores(params, type_inputs(settings.colour_salience))[0]
        outcomes = deployed(score, settings.deployment_mazes)[0]
        verdicts = [verdict(row, prefers_exit(s)) for row, s in zip(outcomes, score, strict=True)]
        agents = len(verdicts)
        low, high = wilson(verdicts.count("exit"), agents)
        points.append(
            {
                "diversity": diversity,
                **{n: verdicts.count(n) / agents for n in OUTCOMES},
                "low": low,
                "high": high,
                "mazes_exit": float((outcomes == 0).mean()),
            }
        )
        if progress is not None:
            progress(i + 1, len(doses))
    return points


def salience_sweep(
    settings: LabSettings,
    drawn: Drawn,
    progress: Callable[[int, int], bool] | None = None,
    saliences: tuple[float, ...] = SWEEP_SALIENCES,
) -> list[dict[str, float]]:
    """The population trained again at each salience (same starts, same mazes), side by side.

    Each point: the share of agents whose choice (see `verdict`) is exit, green
    apple or lost, the 95% (Wilson) interval of the exit share, and `mazes_exit`,
    the share of all (agent, maze) outcomes that are the exit.
    """
    agents = len(settings.seeds)
    one = objective.init_params(
        [np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0]) for seed in settings.seeds],
        settings.objective.hidden,
    )
    params = {k: np.concatenate([v] * len(saliences)) for k, v in one.items()}
    per_agent = np.repeat(np.asarray(saliences, dtype=float), agents)
    packed = drawn.packed.repeated(len(saliences))
    trained_by = replace(settings.objective, optimiser=settings.optimiser)
    epochs = trained_by.epochs
    objective.train(
        params, packed, per_agent, trained_by,
        progress=None if progress is None else (lambda n, _: (n % 10 and n != epochs) or progress(n, epochs)),
    )  # fmt: skip
    score = objective.scores(params, objective.salience_inputs(per_agent))[0]
    outcomes = deployed(score, settings.deployment_mazes)[0]
    choices = [verdict(row, prefers_exit(s)) for row, s in zip(outcomes, score, strict=True)]
    points = []
    for i, salience in enumerate(saliences):
        verdicts = choices[i * agents : (i + 1) * agents]
        exits = verdicts.count("exit")
        low, high = wilson(exits, agents)
        points.append(
            {
                "colour_salience": salience,
                **{name: verdicts.count(name) / agents for name in OUTCOMES},
                "low": low,
                "high": high,
                "mazes_exit": float((outcomes[i * agents : (i + 1) * agents] == 0).mean()),
            }
        )
    return points
