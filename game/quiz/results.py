"""Answers kept with the player's progress (`quiz.json`), the before/after comparison, and the CSV log."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.fileio import read_log, write_atomic
from game.quiz.bank import SETS, Question, by_id
from game.storage import Store

FILE = "quiz.json"
CSV_COLUMNS = ("time", "set", "question", "answer", "right")


@dataclass
class Attempt:
    """One go at a class quiz set: the choice made for each question."""

    set: str
    time: str
    answers: dict[str, int] = field(default_factory=dict)

    def right(self) -> int:
        return sum(1 for qid, choice in self.answers.items() if (q := by_id(qid)) and q.answer == choice)


@dataclass
class QuizResults:
    """Campaign answers (the last answer to each question) and every class quiz attempt."""

    campaign: dict[str, int] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)

    def latest(self, name: str) -> Attempt | None:
        return next((a for a in reversed(self.attempts) if a.set == name and a.answers), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "campaign": self.campaign,
            "attempts": [{"set": a.set, "time": a.time, "answers": a.answers} for a in self.attempts],
        }

    @classmethod
    def from_json(cls, data: Any) -> QuizResults:
        if not isinstance(data, dict):
            raise ValueError("quiz results are not a JSON object")
        campaign = data.get("campaign", {})
        if not isinstance(campaign, dict) or not all(_is_choice(v) for v in campaign.values()):
            raise ValueError("the campaign's answers are damaged")
        attempts = []
        for entry in data.get("attempts", []):
            if not isinstance(entry, dict) or entry.get("set") not in SETS:
                raise ValueError("an attempt is damaged")
            answers = entry.get("answers", {})
            if not isinstance(answers, dict) or not all(_is_choice(v) for v in answers.values()):
                raise ValueError("an attempt's answers are damaged")
            attempts.append(Attempt(entry["set"], str(entry.get("time", "")), dict(answers)))
        return cls(dict(campaign), attempts)


def _is_choice(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 4


def load(store: Store) -> QuizResults:
    return store.read_json(FILE, QuizResults.from_json) or QuizResults()


def save_campaign_answer(store: Store, question: Question, choice: int) -> None:
    """Keep a campaign answer (merged with what other games saved into the same folder)."""
    with store.locked(FILE):
        results = load(store)
        results.campaign[question.id] = choice
        store.write_json(FILE, results.to_json())


def save_attempt(store: Store, attempt: Attempt) -> None:
    with store.locked(FILE):
        results = load(store)
        results.attempts.append(attempt)
        store.write_json(FILE, results.to_json())


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Comparison:
    """Before and after, question by question (None: not answered in that attempt)."""

    rows: list[tuple[Question, bool | None, bool | None]]
    before: int
    after: int
    asked: int


def compare(before: Attempt | None, after: Attempt | None, questions: list[Question]) -> Comparison:
    def right(attempt: Attempt | None, question: Question) -> bool | None:
        if attempt is None or question.id not in attempt.answers:
            return None
        return attempt.answers[question.id] == question.answer

    rows = [(q, right(before, q), right(after, q)) for q in questions]
    return Comparison(
        rows,
        sum(1 for _, b, _ in rows if b),
        sum(1 for _, _, a in rows if a),
        len(questions),
    )


def append_csv(path: Path, attempt: Attempt) -> None:
    """Add one row per answer (time, set, question, answer, right) to a teacher's log; atomic."""
    existing = read_log(path)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not existing:
        writer.writerow(CSV_COLUMNS)
    for qid, choice in attempt.answers.items():
        question = by_id(qid)
        right = question is not None and question.answer == choice
        answer = (
            f"{'ABCD'[choice]}: {question.choices[choice]}"
            if question and choice < len(question.choices)
            else choice
        )
        writer.writerow([attempt.time, attempt.set, qid, answer, "yes" if right else "no"])
    if existing and not existing.endswith("\n"):
        existing += "\n"
    write_atomic(path, existing + out.getvalue())
