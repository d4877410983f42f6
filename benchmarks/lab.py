"""Figures for the learning lab: `python -m benchmarks.lab` prints them.

- how long 100 mesa-optimisers take to train (their training mazes included),
  and the heuristic agents (one, and the lab's default of 20);
- over 100 seeds: training success, and the population's split in
  deployment at colour salience 0.25, 1 and 4, and after adversarial training;
- the heuristic agents' training success and deployment outcomes.
"""

from __future__ import annotations

import time

from game.lab.policy import PolicySettings
from game.lab.population import LabSettings, run_lab

SEEDS = tuple(range(100))
NO_HEURISTIC = {"heuristic_agents": 1, "heuristic_mazes": 4, "policy": PolicySettings(rounds=0, batch=2)}


def stage_seconds(settings: LabSettings) -> dict[str, float]:
    """Wall time of each stage of one lab run."""
    marks: dict[str, float] = {}
    began = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> bool:
        marks[stage] = time.perf_counter() - began
        return True

    run_lab(settings, progress)
    stages, seconds, last = {}, 0.0, 0.0
    for stage, at in marks.items():
        stages[stage], last = at - last, at
        seconds = at
    stages["total"] = seconds
    return stages


def main() -> None:
    mesa = stage_seconds(LabSettings(seeds=SEEDS, **NO_HEURISTIC))
    print(
        f"100 mesa-optimisers: {mesa['mazes'] + mesa['objective']:.1f} s "
        f"(training mazes {mesa['mazes']:.1f} s, gradient descent {mesa['objective']:.1f} s)  [< 10 s]"
    )
    for agents in (1, 20):
        seconds = stage_seconds(LabSettings(seeds=SEEDS[:agents], heuristic_agents=agents))["heuristic"]
        print(
            f"{agents} heuristic agent(s), {PolicySettings().rounds} rounds of REINFORCE: "
            f"{seconds:.1f} s  [< 20 s]"
        )
    print()
    print("over seeds 0-99            training   deployment: most common outcome per agent")
    print("                           success    exit   green apple   lost")
    cases = [
        ("default, salience 0.25", {"colour_salience": 0.25}),
        ("default, salience 1", {}),
        ("default, salience 4", {"colour_salience": 4.0}),
        ("adversarial, salience 1", {"adversarial": True}),
        ("adversarial, salience 4", {"adversarial": True, "colour_salience": 4.0}),
    ]
    for name, options in cases:
        result = run_lab(LabSettings(seeds=SEEDS, **NO_HEURISTIC, **options))
        share = result.population()
        print(
            f"  {name:<24} {result.training_success.mean():6.1%}    {share['exit']:5.0%}   "
            f"{share['green_apple']:8.0%}    {share['lost']:5.0%}"
        )
    print()
    for adversarial in (False, True):
        result = run_lab(LabSettings(seeds=SEEDS[:20], adversarial=adversarial))
        rates = result.rates(result.heuristic_outcomes)
        print(
            f"heuristic agents, {'adversarial' if adversarial else 'default'} training (20 seeds): "
            f"solve {result.heuristic_training_success.mean():.0%} of training mazes; deployment "
            f"exit {rates['exit']:.0%}, green apple {rates['green_apple']:.0%}, lost {rates['lost']:.0%}"
        )


if __name__ == "__main__":
    main()
