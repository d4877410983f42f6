"""The question bank (`questions.toml`, shipped with the game) and which question goes where.

Every campaign level teaches one idea; after its debrief the player gets a
question on that idea. The class quiz asks a fixed set ("before" the lesson
and "after" it) one question per screen. Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import random
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

IDEAS = {
    "base-vs-mesa-objective": "base vs mesa objective",
    "base-vs-mesa-optimiser": "base vs mesa optimiser",
    "outer-vs-inner-alignment": "outer vs inner alignment",
    "gradient-update": "a gradient update",
    "toy-example": "the toy example",
    "distributional-shift": "distributional shift",
    "adversarial-training": "adversarial training",
    "hidden-deployment": "hidden deployment",
    "honeypots": "honeypots",
    "spot-checks": "spot checks",
    "deceptive-vs-corrigible": "deceptive vs corrigible alignment",
    "terminal-vs-instrumental": "terminal vs instrumental goals",
    "heuristics-vs-optimisers": "heuristics vs optimisers (the plant and the animal)",
}
"""Every idea the campaign teaches, with its name in plain words."""

LEVEL_IDEAS = {
    "campaign/01-first-steps.toml": "base-vs-mesa-optimiser",
    "campaign/02-two-objectives.toml": "base-vs-mesa-objective",
    "campaign/03-the-update.toml": "gradient-update",
    "campaign/04-toy-example.toml": "toy-example",
    "campaign/05-distributional-shift.toml": "distributional-shift",
    "campaign/06-free-apples.toml": "outer-vs-inner-alignment",
    "campaign/07-adversarial-training.toml": "adversarial-training",
    "campaign/08-hidden-deployment.toml": "hidden-deployment",
    "campaign/09-honeypots.toml": "honeypots",
    "campaign/10-spot-checks.toml": "spot-checks",
    "campaign/11-final-exam.toml": "deceptive-vs-corrigible",
    "campaign/12-the-makers-wish.toml": "outer-vs-inner-alignment",
}
"""The idea each campaign level asks about after its debrief."""

SETS = ("before", "after")
KINDS = ("choice", "prediction")


class BankError(ValueError):
    """The question bank has a mistake (a test checks the shipped one)."""


@dataclass(frozen=True)
class Question:
    id: str
    idea: str
    level: str | None
    kind: str
    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    sets: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The shape `mesa-maze quiz --list --json` prints."""
        return {
            "id": self.id,
            "idea": self.idea,
            "level": self.level,
            "question": self.question,
            "choices": list(self.choices),
            "answer": self.answer,
            "explanation": self.explanation,
        }


def parse_bank(text: str) -> list[Question]:
    """The questions of a bank file, checked; raises BankError naming the question at fault."""
    data = tomllib.loads(text)
    questions = []
    seen = set()
    for n, entry in enumerate(data.get("question", []), 1):
        where = f"question {n} ({entry.get('id', 'no id')})"
        try:
            question = Question(
                id=entry["id"],
                idea=entry["idea"],
                level=entry.get("level"),
                kind=entry.get("kind", "choice"),
                question=entry["question"],
                choices=tuple(entry["choices"]),
                answer=entry["answer"],
                explanation=entry["explanation"],
                sets=tuple(entry.get("sets", ())),
            )
        except KeyError as missing:
            raise BankError(f"{where}: no {missing}") from None
        if question.id in seen:
            raise BankError(f"{where}: the id is used twice")
        seen.add(question.id)
        if question.idea not in IDEAS:
            raise BankError(f"{where}: unknown idea {question.idea!r}")
        if question.kind not in KINDS:
            raise BankError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if not 2 <= len(question.choices) <= 4 or not 0 <= question.answer < len(question.choices):
            raise BankError(f"{where}: 2 to 4 choices, and an answer that is one of them")
        if set(question.sets) - set(SETS):
            raise BankError(f"{where}: sets are {', '.join(SETS)}")
        if question.level is not None and question.level not in LEVEL_IDEAS:
            raise BankError(f"{where}: {question.level} is no campaign level")
        questions.append(question)
    return questions


@cache
def bank() -> tuple[Question, ...]:
    """Every question of the shipped bank, in file order."""
    text = resources.files("game.quiz").joinpath("questions.toml").read_text(encoding="utf-8")
    return tuple(parse_bank(text))


def by_id(question_id: str) -> Question | None:
    return next((q for q in bank() if q.id == question_id), None)


def quiz_set(name: str) -> list[Question]:
    """The class quiz's fixed set `name` ("before" or "after"), in bank order."""
    return [q for q in bank() if name in q.sets]


def question_for_level(level_key: str, answered: set[str]) -> Question | None:
    """The question to ask after a campaign level: on its idea, one not answered yet if any is left."""
    idea = LEVEL_IDEAS.get(level_key)
    if idea is None:
        return None
    choices = [q for q in bank() if q.idea == idea and not q.sets] or [q for q in bank() if q.idea == idea]
    fresh = [q for q in choices if q.id not in answered]
    return (fresh or choices)[0] if choices else None


def attempt_seed(player: str, set_name: str, number: int) -> int:
    """The seed of a player's `number`th attempt at a set: it draws the order of every choice shown."""
    digest = hashlib.sha256(f"{player}\n{set_name}\n{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def shown_order(question: Question, seed: int) -> tuple[int, ...]:
    """The order `question`'s choices are shown in for the attempt with `seed`: bank indices, top first.

    Drawn afresh for every question and attempt, so where the right answer
    stands on the screen says nothing about which one it is.
    """
    order = list(range(len(question.choices)))
    random.Random(f"{seed}:{question.id}").shuffle(order)
    return tuple(order)
