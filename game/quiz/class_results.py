"""The class quiz across a served class: per idea, how many had it right before and after the lesson.

Reads each player's `quiz.json` below the data folder (as the class view
reads their progress); never changes or moves a file. Nothing here
imports Textual.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from game.classroom import PLAYERS
from game.fileio import read_bounded
from game.quiz import results
from game.quiz.bank import IDEAS, quiz_set
from game.storage import SAVE_LIMIT

PLAYER_LIMIT = 64 << 10


@dataclass(frozen=True)
class IdeaGain:
    """One idea of the class quiz: right answers among the players who took each set."""

    idea: str
    before_right: int
    before_asked: int
    after_right: int
    after_asked: int

    @property
    def words(self) -> str:
        return IDEAS[self.idea]

    @property
    def gain(self) -> float | None:
        """The share right after minus the share right before, in percentage points (None: a set
        nobody took)."""
        if not self.before_asked or not self.after_asked:
            return None
        return 100 * (self.after_right / self.after_asked - self.before_right / self.before_asked)


@dataclass(frozen=True)
class ClassQuiz:
    """Every player's latest before and after attempt, and the gains per idea."""

    players: list[tuple[str, results.QuizResults]]
    """(name, their quiz results) of each player who answered anything, by folder."""
    unreadable: int
    """Players whose quiz results could not be read (shown as a count, never changed)."""

    def gains(self) -> list[IdeaGain]:
        """One row per idea of the class quiz, in the order of the set."""
        rows = []
        for question in quiz_set("before"):
            tally = {"before": [0, 0], "after": [0, 0]}
            for _, saved in self.players:
                for set_name, counts in tally.items():
                    attempt = saved.latest(set_name)
                    if attempt is None or question.id not in attempt.answers:
                        continue
                    counts[0] += attempt.answers[question.id] == question.answer
                    counts[1] += 1
            rows.append(IdeaGain(question.idea, *tally["before"], *tally["after"]))
        return rows

    def took(self, set_name: str) -> int:
        """How many players have an attempt at `set_name`."""
        return sum(1 for _, saved in self.players if saved.latest(set_name) is not None)

    def attempts(self) -> list[results.Attempt]:
        """Every attempt of every player, each naming its player."""
        every = []
        for name, saved in self.players:
            for attempt in saved.attempts:
                if not attempt.player:
                    attempt.player = name
                every.append(attempt)
        return every


def _name(folder: Path) -> str:
    try:
        who = json.loads(read_bounded(folder / "player.json", PLAYER_LIMIT).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return folder.name
    return str(who.get("name") or folder.name) if isinstance(who, dict) else folder.name


def class_quiz(base: Path) -> ClassQuiz:
    """The quiz results of every player below `base` (`players/*/quiz.json`)."""
    players = []
    unreadable = 0
    try:
        folders = sorted(p for p in (base / PLAYERS).iterdir() if p.is_dir())
    except OSError:
        return ClassQuiz([], 0)
    for folder in folders:
        try:
            data = json.loads(read_bounded(folder / results.FILE, SAVE_LIMIT).decode("utf-8"))
            saved = results.QuizResults.from_json(data)
        except FileNotFoundError:
            continue
        except (OSError, ValueError, RecursionError):
            unreadable += 1
            continue
        if saved.attempts:
            players.append((_name(folder), saved))
    return ClassQuiz(players, unreadable)


def gain_words(gain: float | None) -> str:
    """A gain as the class view shows it: "+40 pts", "0 pts", "–" when a set is missing."""
    if gain is None:
        return "–"
    return f"{gain:+.0f} pts" if round(gain) else "0 pts"
