"""Figures for the learning lab: `python -m benchmarks.lab [--retrain]` prints them.

- whole-process wall time of the default run (`mesa-maze lab --json`: 100 mesa-optimisers and
  20 end-to-end policies from their shipped weights), and when the population's marks are known;
- over seeds 0-99: the split at colour salience 1 under Adam and SGD (each agent's choice is its
  most common outcome over the 20 deployment mazes), how many agents chose what their untrained
  network preferred, how many are mixed (not the same in every maze), the share of all maze
  choices that are the exit (and its range per agent), how often the nearer goal wins; the
  salience sweep; the diversity dose curve, at salience 1 and under a strong colour bias;
- ablations, one choice at a time: hidden width, training steps, seeds, salience, the test exit's
  colour, and the colour of floor;
- the end-to-end policies: fresh training-like rooms, deployment rooms, an untrained baseline;
- with `--retrain`: how long training the 20 policies takes, and whether it reproduces the
  shipped weights exactly.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace

import numpy as np

from game.core.tiles import Colour, Kind
from game.lab import goal_policy, objective
from game.lab.channels import type_code, type_inputs
from game.lab.plans import FLOOR, Packed, best, pack, plans
from game.lab.population import (
    BLUE_EXIT,
    DEPLOYMENT_STREAM,
    GREEN_APPLE,
    OUTCOME_OF,
    SWEEP_SALIENCES,
    LabSettings,
    deployment_packed,
    dose_curve,
    draw,
    run_lab,
    salience_sweep,
    training_success,
    verdict,
    wilson,
)
from game.lab.worlds import deployment_world

SEEDS = tuple(range(100))
QUICK = goal_policy.PolicySettings(agents=1, updates=0, batch=1, test_rooms=1, retrain=True)
"""Policies left out of the mesa-optimiser figures (they do not touch the objectives)."""
MARKS = """
import time, sys
began = float(sys.argv[1])
from game.lab.population import LabSettings, run_lab
marks = []
run_lab(LabSettings(), mesa_tested=lambda _: marks.append(time.time() - began))
print(f"{marks[0]:.2f} {time.time() - began:.2f}")
"""


def whole_process() -> None:
    began = time.time()
    done = subprocess.run([sys.executable, "-m", "game", "lab", "--json"], capture_output=True, check=True)
    wall = time.time() - began
    began = time.time()
    marks, total = subprocess.run(
        [sys.executable, "-c", MARKS, str(began)], capture_output=True, text=True, check=True
    ).stdout.split()
    print(f"default run, whole process (mesa-maze lab --json): {wall:.1f} s wall  [<= 10 s]")
    print(f"  the population's marks known after {marks} s of the process  [<= 3 s] (run ends at {total} s)")
    assert done.stdout


def generated_only(count: int) -> Packed:
    """The plans of `count` generated deployment mazes with no mirror images among them."""
    grids = [deployment_world(np.random.default_rng([DEPLOYMENT_STREAM, i])).grid for i in range(count)]
    return pack([[plans(grid) for grid in grids]])


def split(
    settings: LabSettings, exit_colour: Colour = Colour.BLUE, floor_grey: bool = False, mirrored: bool = True
) -> dict[str, float]:
    """Train the population and send it into the deployment mazes (the test's exit in `exit_colour`).

    With `floor_grey` (the old channels), floor lights the grey colour channel too; without
    `mirrored`, the deployment mazes are all generated ones (a blue exit, one to three green apples).
    """
    drawn = draw(settings, lambda *_: True)
    params = objective.init_params(drawn.objective_rngs, settings.objective.hidden)
    initial = {k: v.copy() for k, v in params.items()}
    table = type_inputs(settings.colour_salience)
    if floor_grey:
        table[FLOOR, int(Colour.GREY)] = settings.colour_salience
    trained_by = replace(settings.objective, optimiser=settings.optimiser)
    objective.train(params, drawn.packed, settings.colour_salience, trained_by, inputs=table)
    test_exit = type_code(int(Kind.EXIT), int(exit_colour))
    count = settings.deployment_mazes
    deployment = deployment_packed(count) if mirrored else generated_only(count)
    deployment = Packed(
        np.where(deployment.ends_on == BLUE_EXIT, test_exit, deployment.ends_on),
        deployment.cells,
        deployment.real,
    )

    def outcomes(score: np.ndarray) -> tuple[np.ndarray, list[str]]:
        chosen = best(score, deployment)
        ends_on = np.take_along_axis(
            np.broadcast_to(deployment.ends_on, (*chosen.shape, deployment.ends_on.shape[2])),
            chosen[:, :, None],
            2,
        )[:, :, 0]
        per_maze = OUTCOME_OF[ends_on]
        return per_maze, [
            verdict(row, s[test_exit] > s[GREEN_APPLE]) for row, s in zip(per_maze, score, strict=True)
        ]

    score = objective.scores(params, table)[0]
    per_maze, after = outcomes(score)
    before = outcomes(objective.scores(initial, table)[0])[1]
    n = len(after)
    low, high = wilson(after.count("exit"), n)
    exit_share = (per_maze == 0).mean(axis=1)
    nearer = nearer_share(per_maze, deployment)
    return {
        "exit": after.count("exit") / n,
        "apple": after.count("green_apple") / n,
        "lost": after.count("lost") / n,
        "low": low,
        "high": high,
        "prior": float(np.mean([a == b for a, b in zip(after, before, strict=True)])),
        "mixed": float((per_maze != per_maze[:, :1]).any(axis=1).mean()),
        "mazes_exit": float((per_maze == 0).mean()),
        "agent_min": float(exit_share.min()),
        "agent_max": float(exit_share.max()),
        "nearer": nearer,
        "trained": float(training_success(score, drawn.packed).mean()),
        "floor": float(np.median(score[:, FLOOR])),
        "spread": float(np.median(np.abs(score[:, test_exit] - score[:, GREEN_APPLE]))),
    }


def nearer_share(per_maze: np.ndarray, deployment: Packed) -> float:
    """The share of choices going to the nearer goal, over mazes where both goals are reachable at
    different route lengths (and the choice is one of the two)."""
    hits = total = 0
    for m in range(per_maze.shape[1]):
        ends, cells = deployment.ends_on[0, m], deployment.cells[0, m]
        real = deployment.real[0, m]
        exits = cells[real & (OUTCOME_OF[ends] == 0)]
        apples = cells[real & (OUTCOME_OF[ends] == 1) & (ends == GREEN_APPLE)]
        if not len(exits) or not len(apples) or exits.min() == apples.min():
            continue
        nearer = 0 if exits.min() < apples.min() else 1
        chose = per_maze[:, m]
        total += int((chose < 2).sum())
        hits += int((chose == nearer).sum())
    return hits / max(1, total)


def row(name: str, figures: dict[str, float]) -> str:
    return (
        f"  {name:<36} {figures['exit']:4.0%} ({figures['low']:.0%}-{figures['high']:.0%})  "
        f"{figures['apple']:4.0%}  {figures['lost']:4.0%}  {figures['prior']:4.0%}  {figures['mixed']:4.0%}  "
        f"{figures['mazes_exit']:4.0%} [{figures['agent_min']:.0%}-{figures['agent_max']:.0%}]  "
        f"{figures['nearer']:4.0%}  {figures['trained']:4.0%}  "
        f"{figures['floor']:+.2f}  {figures['spread']:.2f}"
    )


def header(title: str) -> None:
    print()
    print(
        f"{title:<38} exit (95%)    green lost  prior mixed mazes [per agent]  nearer train "
        "floor |exit-apple|"
    )


def mesa_optimisers() -> None:
    base = LabSettings(seeds=SEEDS, policy=QUICK)
    header("over seeds 0-99, salience 1")
    for optimiser in ("adam", "sgd"):
        print(row(f"{optimiser}", split(replace(base, optimiser=optimiser))))
    header("ablations (Adam unless named)")
    for hidden in (4, 64):
        print(
            row(
                f"hidden width {hidden} (default 16)",
                split(replace(base, objective=objective.ObjectiveSettings(hidden=hidden))),
            )
        )
    for epochs in (100, 1000):
        print(
            row(
                f"{epochs} steps (default 300)",
                split(replace(base, objective=objective.ObjectiveSettings(epochs=epochs))),
            )
        )
    for first in (100, 200):
        seeds = tuple(range(first, first + 100))
        print(row(f"seeds {first}-{first + 99}", split(replace(base, seeds=seeds))))
    for salience in (0.5, 2.0, 4.0):
        print(row(f"colour salience {salience:g}", split(replace(base, colour_salience=salience))))
    print(row("test exit yellow instead of blue", split(base, exit_colour=Colour.YELLOW)))
    for optimiser in ("adam", "sgd"):
        print(
            row(
                f"no mirror images in deployment, {optimiser}",
                split(replace(base, optimiser=optimiser), mirrored=False),
            )
        )
    for optimiser in ("adam", "sgd"):
        print(
            row(
                f"floor lit grey, grey test exit, {optimiser}",
                split(replace(base, optimiser=optimiser), Colour.GREY, True),
            )
        )
    print(
        "\n  exit: share of agents whose choice (most of the 20 mazes) is the exit; mixed: agents not doing"
        "\n  the same in every maze; mazes: share of all maze choices that are the exit, [lowest-highest"
        "\n  per agent]; nearer: share of choices going to the nearer goal where both are reachable at"
        "\n  different distances; train: training mazes where the plan valued most reaches the exit;"
        "\n  floor, |exit-apple|: medians of the learned floor score and of"
        "\n  |score(test exit) - score(green apple)|."
    )
    for optimiser in ("adam", "sgd"):
        print()
        print(f"salience sweep, {optimiser}, seeds 0-99: exit share (95% interval)")
        drawn = draw(base, lambda *_: True)
        for point in salience_sweep(replace(base, optimiser=optimiser), drawn, saliences=SWEEP_SALIENCES):
            print(
                f"  salience {point['colour_salience']:<5g} exit {point['exit']:4.0%} "
                f"({point['low']:.0%}-{point['high']:.0%})  green apple {point['green_apple']:4.0%}  "
                f"lost {point['lost']:4.0%}   of all maze choices: exit {point['mazes_exit']:4.0%}"
            )
    for optimiser in ("adam", "sgd"):
        for salience in (1.0, 2.0, 4.0):
            curve = dose_curve(replace(base, optimiser=optimiser, colour_salience=salience))
            points = ", ".join(
                f"{p['diversity']:.0%}: {p['exit']:.0%} ({p['low']:.0%}-{p['high']:.0%}) "
                f"[mazes {p['mazes_exit']:.0%}]"
                for p in curve
            )
            print(f"diversity dose, {optimiser}, salience {salience:g}: exit share  {points}")


def policies(retrain: bool) -> None:
    print()
    settings = goal_policy.PolicySettings()
    began = time.perf_counter()
    result = goal_policy.run_policies(replace(settings, retrain=retrain), 1.0)
    seconds = time.perf_counter() - began
    which = "retrained" if result.retrained else "shipped weights"
    print(f"{result.agents} end-to-end policies ({which}, {seconds:.1f} s including the tests):")
    d, u = result.rates(), result.rates("untrained")
    print(f"  fresh training-like rooms: exit {result.training_success_fresh:.0%}")
    print(
        f"  deployment rooms (blue exit, green apple): capable {result.capable:.0%}, exit {d['exit']:.0%}, "
        f"green apple {d['green_apple']:.0%}, lost {d['lost']:.0%}"
    )
    exit_share = (result.deployment == 0).mean(axis=1)
    apple_share = (result.deployment == 1).mean(axis=1)
    print(
        "  per policy, exit share: "
        + " ".join(f"{x:.0%}" for x in exit_share)
        + "\n  per policy, green apple share: "
        + " ".join(f"{x:.0%}" for x in apple_share)
    )
    print(
        f"  untrained: capable {1 - u['lost']:.0%}, exit {u['exit']:.0%}, green apple {u['green_apple']:.0%}"
    )
    if retrain:
        shipped = goal_policy.load_weights(settings)
        same = shipped is not None and all(np.array_equal(v, result.params[k]) for k, v in shipped[0].items())
        print(f"  retrained weights equal the shipped ones exactly: {same}")


def main() -> None:
    whole_process()
    mesa_optimisers()
    policies("--retrain" in sys.argv)
    start = time.perf_counter()
    run_lab(LabSettings(sweep=True))
    print(f"\nsweep stage included (--sweep): whole run {time.perf_counter() - start:.1f} s in-process")


if __name__ == "__main__":
    main()
