"""Figures for the learning lab: `python -m benchmarks.lab [--retrain]` prints them.

- whole-process wall time of the default run (`mesa-maze lab --json`: 100 mesa-optimisers and
  20 end-to-end policies from their shipped weights), and when the population's marks are known;
- over seeds 0-99: the split at colour salience 1 under Adam and SGD, with how many agents chose
  what their untrained network preferred; the salience sweep; the diversity dose curve, at
  salience 1 and under a strong colour bias;
- ablations, one choice at a time: hidden width, training steps, seeds, and the colour of floor;
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
from game.lab.population import (
    SWEEP_SALIENCES,
    LabSettings,
    dose_curve,
    draw,
    run_lab,
    salience_sweep,
    wilson,
)

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


def split(settings: LabSettings, exit_colour: Colour = Colour.BLUE, floor_grey: bool = False) -> dict:
    """Train the population; share choosing the exit in a contest of floor, green apple and the exit."""
    drawn = draw(settings, lambda *_: True)
    params = objective.init_params(drawn.objective_rngs, settings.objective.hidden)
    initial = {k: v.copy() for k, v in params.items()}
    table = type_inputs(settings.colour_salience)
    if floor_grey:  # the old channels: floor lit the grey colour channel
        table[type_code(int(Kind.FLOOR), int(Colour.GREY)), int(Colour.GREY)] = settings.colour_salience
    trained_by = replace(settings.objective, optimiser=settings.optimiser)
    objective.train(params, drawn.counts, settings.colour_salience, trained_by, inputs=table)
    contest = np.array(
        [
            type_code(int(Kind.EXIT), int(exit_colour)),
            type_code(int(Kind.APPLE), int(Colour.GREEN)),
            type_code(int(Kind.FLOOR), int(Colour.GREY)),
        ]
    )
    after = objective.scores(params, table)[0][:, contest].argmax(axis=1)
    before = objective.scores(initial, table)[0][:, contest].argmax(axis=1)
    n = len(after)
    low, high = wilson(int((after == 0).sum()), n)
    return {
        "exit": (after == 0).mean(),
        "apple": (after == 1).mean(),
        "lost": (after == 2).mean(),
        "low": low,
        "high": high,
        "prior": (after == before).mean(),
    }


def row(name: str, figures: dict) -> str:
    return (
        f"  {name:<38} {figures['exit']:5.0%} ({figures['low']:.0%}-{figures['high']:.0%})  "
        f"{figures['apple']:6.0%}  {figures['lost']:5.0%}   {figures['prior']:5.0%}"
    )


def header(title: str) -> None:
    print()
    print(f"{title:<40} exit (95%)      green   lost   prior_match")


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
    print(row("test exit yellow instead of blue", split(base, exit_colour=Colour.YELLOW)))
    for optimiser in ("adam", "sgd"):
        print(
            row(
                f"floor lit grey, grey test exit, {optimiser}",
                split(replace(base, optimiser=optimiser), Colour.GREY, True),
            )
        )
    for optimiser in ("adam", "sgd"):
        print()
        print(f"salience sweep, {optimiser}, seeds 0-99: exit share (95% interval)")
        drawn = draw(base, lambda *_: True)
        for point in salience_sweep(replace(base, optimiser=optimiser), drawn, saliences=SWEEP_SALIENCES):
            print(
                f"  salience {point['colour_salience']:<5g} exit {point['exit']:4.0%} "
                f"({point['low']:.0%}-{point['high']:.0%})  green apple {point['green_apple']:4.0%}  "
                f"lost {point['lost']:4.0%}"
            )
    for optimiser in ("adam", "sgd"):
        for salience in (1.0, 2.0, 4.0):
            curve = dose_curve(replace(base, optimiser=optimiser, colour_salience=salience))
            points = ", ".join(
                f"{p['diversity']:.0%}: {p['exit']:.0%} ({p['low']:.0%}-{p['high']:.0%})" for p in curve
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
