"""Answers kept with the player's progress (`quiz.json`), the before/after comparison, and the CSV log."""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.fileio import read_bounded, read_log, write_atomic
from game.quiz.bank import SETS, Question, attempt_seed, by_id, shown_order
from game.storage import Store

FILE = "quiz.json"
CSV_COLUMNS = ("time", "player", "set", "question", "order", "answer", "position", "right")
LETTERS = "ABCD"


@dataclass
class Attempt:
    """One go at a class quiz set: the choice made for each question (as its index in the bank).

    `seed` drew the order the choices were shown in; `orders` keeps that
    order for each question asked (bank indices, top first), so a teacher
    can see where the right answer stood.
    """

    set: str
    time: str
    answers: dict[str, int] = field(default_factory=dict)
    player: str = ""
    seed: int = 0
    orders: dict[str, list[int]] = field(default_factory=dict)

    def right(self) -> int:
        return sum(1 for qid, choice in self.answers.items() if (q := by_id(qid)) and q.answer == choice)

    def order_for(self, question: Question) -> tuple[int, ...]:
        """The order `question`'s choices are (or were) shown in this attempt; drawn once, then kept."""
        kept = self.orders.get(question.id)
        if kept is not None and sorted(kept) == list(range(len(question.choices))):
            return tuple(kept)
        order = shown_order(question, self.seed)
        self.orders[question.id] = list(order)
        return order


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
            "attempts": [
                {
                    "set": a.set,
                    "time": a.time,
                    "player": a.player,
                    "seed": a.seed,
                    "answers": a.answers,
                    "orders": a.orders,
                }
                for a in self.attempts
            ],
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
            orders = entry.get("orders", {})
            if not isinstance(orders, dict) or not all(_is_order(v) for v in orders.values()):
                raise ValueError("an attempt's orders are damaged")
            seed = entry.get("seed", 0)
            if not isinstance(seed, int) or isinstance(seed, bool):
                raise ValueError("an attempt's seed is damaged")
            attempts.append(
                Attempt(
                    entry["set"],
                    str(entry.get("time", "")),
                    dict(answers),
                    str(entry.get("player", "")),
                    seed,
                    {str(k): list(v) for k, v in orders.items()},
                )
            )
        return cls(dict(campaign), attempts)


def _is_choice(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 4


def _is_order(value: Any) -> bool:
    return (
        isinstance(value, list)
        and 2 <= len(value) <= 4
        and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
        and sorted(value) == list(range(len(value)))
    )


def player_name(store: Store) -> str:
    """Who plays in `store`'s folder: the name a served class gave (its `player.json`), else ""."""
    try:
        who = json.loads(read_bounded(store.folder / "player.json", 64 << 10).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return ""
    return str(who.get("name", "")) if isinstance(who, dict) else ""


def new_attempt(store: Store, set_name: str) -> Attempt:
    """A fresh attempt at `set_name`; its seed comes from the player and how many attempts came before."""
    player = player_name(store)
    number = sum(1 for a in load(store).attempts if a.set == set_name) + 1
    return Attempt(set_name, now(), player=player, seed=attempt_seed(player, set_name, number))


def campaign_order(store: Store, question: Question) -> tuple[int, ...]:
    """The order of `question`'s choices after a campaign level, drawn from the player and their answers."""
    number = len(load(store).campaign) + 1
    return shown_order(question, attempt_seed(player_name(store), "campaign", number))


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


def answer_rows(attempt: Attempt) -> list[list[str]]:
    """One CSV row per answer of `attempt` (the columns of CSV_COLUMNS).

    `order` is the choices as shown, top first, by their letters in the bank
    (`mesa-maze quiz --list`); `answer` is the choice made, by its bank
    letter and text; `position` is where it stood on the screen (1 = top).
    """
    rows = []
    for qid, choice in attempt.answers.items():
        question = by_id(qid)
        if question is None or choice >= len(question.choices):
            rows.append([attempt.time, attempt.player, attempt.set, qid, "", str(choice), "", "no"])
            continue
        order = attempt.order_for(question)
        rows.append(
            [
                attempt.time,
                attempt.player,
                attempt.set,
                qid,
                " ".join(LETTERS[n] for n in order),
                f"{LETTERS[choice]}: {question.choices[choice]}",
                str(order.index(choice) + 1),
                "yes" if question.answer == choice else "no",
            ]
        )
    return rows


def answers_csv(attempts: list[Attempt], header: bool = True) -> str:
    """The answers of `attempts` as CSV text, one row per answer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for attempt in attempts:
        writer.writerows(answer_rows(attempt))
    return out.getvalue()


def append_csv(path: Path, attempt: Attempt) -> Path:
    """Add one row per answer (see `answer_rows`) to a teacher's log; atomic; returns the file written.

    A log whose header is not this one (an older game's) is kept as it is
    and the rows go to a new file beside it, so no column is ever misread.
    """
    existing = read_log(path)
    first_line = existing.split("\n", 1)[0].strip()
    if existing and first_line != ",".join(CSV_COLUMNS):
        path = path.with_name(f"{path.stem}-v2{path.suffix}")
        existing = read_log(path)
    text = answers_csv([attempt], header=not existing)
    if existing and not existing.endswith("\n"):
        existing += "\n"
    write_atomic(path, existing + text)
    return path
