"""The strategy tournament without a screen: several strategies play the same level and seed.

The TUI and `mesa-maze demo` both drive a `Tournament`; it also writes the
class log as CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from game.agents.simulate import play_out
from game.agents.strategies import STRATEGIES, Strategy
from game.core.events import Event
from game.core.level import Level
from game.core.run import Run
from game.fileio import read_log, write_atomic

DEFAULT_STRATEGIES = ("greedy", "deceptive", "aligned")
CSV_COLUMNS = ("level", "seed", "strategy", "apples", "exits", "updates", "final_goal", "winner", "predicted")


@dataclass
class Entrant:
    """One strategy's run in the tournament."""

    name: str
    run: Run
    strategy: Strategy
    waiting: bool = False
    """True while its next episode is not prepared yet (see `Tournament.prepared`)."""

    def advance(self, prepared: set[int] | None = None) -> list[Event]:
        """One step (or the start of the next episode); nothing once the run is over.

        With `prepared`, an episode begins only once its index is in it.
        """
        run = self.run
        if run.finished:
            return []
        self.waiting = run.awaiting_episode and prepared is not None and run.next_index not in prepared
        return [] if self.waiting else run.advance(self.strategy.act)


@dataclass
class Tournament:
    level: Level
    names: tuple[str, ...] = DEFAULT_STRATEGIES
    seed: int | None = None
    prediction: str | None = None
    entrants: list[Entrant] = field(default_factory=list)
    prepared: set[int] | None = None
    """Episodes ready to begin without delay; None: begin any at once (see `game.agents.prepare`)."""

    def __post_init__(self) -> None:
        unknown = [name for name in self.names if name not in STRATEGIES]
        if unknown:
            raise ValueError(f"unknown strategy {unknown[0]!r}; choose from {', '.join(STRATEGIES)}")
        if self.seed is None:
            self.seed = self.level.seed
        self.entrants = [Entrant(name, Run(self.level, self.seed), STRATEGIES[name]()) for name in self.names]

    @property
    def finished(self) -> bool:
        return all(entrant.run.finished for entrant in self.entrants)

    @property
    def level_size(self) -> int:
        """Episodes in a run of the level."""
        return len(self.level.episodes)

    def advance(self) -> list[tuple[Entrant, list[Event]]]:
        """Every entrant takes one step."""
        return [(entrant, entrant.advance(self.prepared)) for entrant in self.entrants]

    def play_out(self) -> None:
        self.prepared = None
        for entrant in self.entrants:
            play_out(entrant.run, entrant.strategy)

    def winners(self) -> list[str]:
        """The strategies with the most apples (several when tied)."""
        best = max(entrant.run.score for entrant in self.entrants)
        return [entrant.name for entrant in self.entrants if entrant.run.score == best]

    def standings(self) -> list[Entrant]:
        return sorted(self.entrants, key=lambda e: (-e.run.score, e.run.updates, e.name))

    def csv_rows(self) -> list[dict[str, str]]:
        winners = self.winners()
        return [
            {
                "level": self.level.title,
                "seed": str(self.seed),
                "strategy": entrant.name,
                "apples": str(entrant.run.score),
                "exits": str(entrant.run.exits),
                "updates": str(entrant.run.updates),
                "final_goal": f"{entrant.run.goal_weight:g}",
                "winner": "yes" if entrant.name in winners else "no",
                "predicted": "yes" if entrant.name == self.prediction else "no",
            }
            for entrant in self.entrants
        ]


def append_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Add rows to a class log, writing the header when the file is new; atomic."""
    existing = read_log(path)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    if not existing:
        writer.writeheader()
    writer.writerows(rows)
    if existing and not existing.endswith("\n"):
        existing += "\n"
    write_atomic(path, existing + out.getvalue())
