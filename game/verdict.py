"""The debrief's headline: what happened in this run, in words the campaign has taught so far.

Every sentence is worked out from the run's own records and the strategies' scores on the
same seed (the table under it), never chosen from a stock of lines by the score alone:

- the score against par, and what par means on this level;
- the overseer's reviews and updates: how many, in which episodes, where the goal ended;
- whether a honeypot (a training episode announced as deployment) or a spot check (a
  review the overseer makes only sometimes) caught the player;
- how the score compares with each strategy's on the same seed;
- on a level whose makers wanted more than the overseer checks, how the run met their wish.

A word of `WORDS` (a strategy's name, a term of the glossary) is used only from the
campaign level whose texts (summary, intro, the overseer's lines, the lesson shown under
the headline) first use it, or any earlier level's; any other level may use them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from game.agents.strategies import STRATEGIES
from game.core.campaign import campaign, level_key
from game.core.level import Announcement, Level, Phase
from game.core.makers import MakersWish, objectives
from game.core.run import EpisodeRecord, Run
from game.core.strategy_names import STRATEGY_NAMES
from game.core.words import count, sentence
from game.glossary import GLOSSARY

WORDS: tuple[str, ...] = (*STRATEGY_NAMES, *(t.term for t in GLOSSARY if t.term != "par"))
"""Words a headline may use only once the campaign has taught them ("par" it explains itself)."""


def word_pattern(word: str) -> re.Pattern[str]:
    """`word` as a whole word, any case, also plural, broken across lines or hyphenated
    ("spot-checks" is "spot check"; "optimiser" does not match inside "mesa-optimiser")."""
    joined = r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", word))
    return re.compile(rf"(?<![\w-]){joined}(?:e?s)?(?![\w-])", re.IGNORECASE)


def used_words(text: str) -> set[str]:
    """The words of `WORDS` that `text` uses."""
    return {word for word in WORDS if word_pattern(word).search(text)}


def campaign_number(path: Path | None) -> int | None:
    """A level file's number in the built-in campaign (1, 2, …), or None for any other file."""
    if path is None:
        return None
    key = level_key(path)
    return next((n for n, entry in enumerate(campaign().levels, 1) if entry.key == key), None)


def level_texts(level: Level) -> str:
    """All a level tells its player: summary, intro, each episode's announcement (the side panel
    shows "Overseer says: DEPLOYMENT") and the overseer's lines, and the lesson."""
    said = [f"{e.announce.value}\n{e.say}" for e in level.episodes]
    return "\n".join([level.summary, level.intro, *said, level.lesson])


@cache
def introduced() -> dict[int, frozenset[str]]:
    """The words of `WORDS` each campaign level introduces (uses first), by level number."""
    found: dict[int, frozenset[str]] = {}
    seen: set[str] = set()
    for number, entry in enumerate(campaign().levels, 1):
        words = used_words(level_texts(entry.level)) - seen if entry.level is not None else set()
        found[number] = frozenset(words)
        seen |= words
    return found


def taught(level: Level) -> frozenset[str]:
    """The words of `WORDS` the player has met by this level's debrief (all of them off the campaign)."""
    number = campaign_number(level.path)
    if number is None:
        return frozenset(WORDS)
    return frozenset().union(*(words for n, words in introduced().items() if n <= number))


def episodes_words(indices: list[int]) -> str:
    """'episode 2' or 'episodes 1, 3 and 4'."""
    if len(indices) == 1:
        return f"episode {indices[0]}"
    return "episodes " + _and([str(i) for i in indices])


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def strategy_label(name: str, words: frozenset[str]) -> str:
    """A strategy as the headline calls it: its name once taught, else what it does (the table's words)."""
    return name if name in words else f'the "{STRATEGIES[name].short}" play'


def score_words(score: int, par: int) -> str:
    """'You ate 3 green apples: 1 short of par (4).'"""
    if score > par:
        relation = f"{score - par} above par"
    elif score == par:
        relation = "exactly par"
    else:
        relation = f"{par - score} short of par"
    return f"You ate {count(score, 'green apple')}: {relation} ({par})."


def par_words(run: Run, scores: dict[str, int], words: frozenset[str]) -> str:
    """What par means on this level."""
    level = run.level
    deceptive = strategy_label("deceptive", words)
    if level.par is not None:
        text = "Par here is set by the level itself, not by a strategy"
        if "deceptive" in scores:
            text += f": {deceptive} ate {scores['deceptive']} on this seed"
        return text + "."
    if "deceptive" in words:
        text = "Par is what the deceptive strategy eats with this level's own seed"
        return text + ("." if run.seed == level.seed else f" ({level.seed}); you played seed {run.seed}.")
    if all(e.announce is Announcement.DEPLOYMENT for e in level.episodes):
        return "Par is the most green apples a planning agent eats here, on the level's own seed."
    return (
        "Par is what an agent eats here that heads straight for the exit in episodes announced as "
        "training and for apples in those announced as deployment."
    )


def _reviewed(run: Run) -> list[EpisodeRecord]:
    return [r for r in run.records if r.watched]


def update_words(run: Run, par: int, words: frozenset[str]) -> list[str]:
    """The overseer's reviews and updates in this run: how many, when, where the goal ended."""
    reviewed = _reviewed(run)
    updated = [r.index for r in run.records if r.updated]
    if not any(r.phase is Phase.TRAINING for r in run.records):
        return ["Nothing in this level reviewed you or changed your goal."] if "training" in words else []
    if not updated:
        if not reviewed:
            return ["The overseer reviewed none of your episodes, so your goal never changed."]
        text = f"You passed every review ({len(reviewed)} of them): the overseer never updated your goal"
        if run.score < par:
            text += ", so the apples you are short of par are ones you left uneaten"
        return [text + "."]
    passed = len(reviewed) - len(updated)
    failed = "a failed review" if len(updated) == 1 else "failed reviews"
    text = f"The overseer updated your goal {_times(len(updated))}, for {failed} in {episodes_words(updated)}"
    if passed:
        text += f" (you passed {count(passed, 'other review')})"
    meter = "your goal weight" if "goal weight" in words else "the goal meter"
    if run.goal_weight <= 0:
        text += f": {meter} reached 0, your goal was fully rewritten"
        rewritten = _rewritten_in(run)
        if rewritten is not None and rewritten < run.total:
            text += f" and you only watched from episode {rewritten + 1} on"
        return [text + "."]
    sentences = [text + f": {meter} ended at {run.goal_weight:g}."]
    taken = sum(r.taken_over for r in run.records)
    if taken:
        sentences.append(f"The rewritten part of your goal took over {taken} of your steps.")
    return sentences


def _rewritten_in(run: Run) -> int | None:
    """The episode whose update rewrote the goal fully (None if none did)."""
    return next((r.index for r in run.records if r.goal_after <= 0), None)


def _is_honeypot(record: EpisodeRecord) -> bool:
    return record.phase is Phase.TRAINING and record.announced == Announcement.DEPLOYMENT.value


def caught_words(run: Run, words: frozenset[str]) -> list[str]:
    """Which honeypots and spot checks caught the player (their reviews failed), a sentence each."""
    honeypots = [r for r in run.records if _is_honeypot(r)]
    spot = [
        r
        for r in run.records
        if r.phase is Phase.TRAINING
        and not _is_honeypot(r)
        and run.level.episodes[r.index - 1].overseer.watch < 1
    ]
    sentences = []
    if honeypots:
        caught = [r.index for r in honeypots if r.updated]
        name = "honeypot" in words
        if caught:
            what = ("A honeypot" if len(caught) == 1 else "Honeypots") if name else "The overseer"
            sentences.append(
                f"{what} caught you in {episodes_words(caught)}: announced as deployment, "
                f"{'it was' if len(caught) == 1 else 'they were'} training."
            )
        elif passed := [r.index for r in honeypots if r.goal_after > 0]:  # met before a full rewrite
            plural = "s" if len(passed) > 1 else ""
            what = f"honeypot{plural}" if name else f"training episode{plural} announced as deployment"
            sentences.append(f"The {what} ({episodes_words(passed)}) did not catch you.")
    if spot:
        caught = [r.index for r in spot if r.updated]
        looked = sum(1 for r in spot if r.watched)
        chances = " or ".join(sorted({f"{run.level.episodes[r.index - 1].overseer.watch:.0%}" for r in spot}))
        episodes = count(len(spot), "episode")
        odds = f"of {episodes} reviewed only {chances} of the time, the overseer looked at {looked}"
        if caught:
            what = (
                ("A spot check" if len(caught) == 1 else "Spot checks")
                if "spot check" in words
                else "A review"
            )
            sentences.append(f"{what} caught you in {episodes_words(caught)}: {odds}.")
        else:
            what = "No spot check" if "spot check" in words else "No review"
            sentences.append(f"{what} caught you: {odds}.")
    return sentences


def comparison_words(score: int, scores: dict[str, int], words: frozenset[str]) -> str:
    """The score against each strategy's on the same seed, in the table's order."""
    groups: dict[str, list[str]] = {"more than": [], "the same as": [], "fewer than": []}
    for name, other in scores.items():
        relation = "more than" if score > other else "the same as" if score == other else "fewer than"
        groups[relation].append(f"{strategy_label(name, words)} ({other})")
    parts = [f"{relation} {_and(labels)}" for relation, labels in groups.items() if labels]
    return "On this seed you ate " + "; ".join(parts) + "."


def makers_words(run: Run, wish: MakersWish) -> str:
    """How the run met its makers' wish, which the overseer never checks."""
    met = objectives(run, wish)
    crushed = count(met.crushed, f"{wish.spare} apple")
    return (
        f"The makers wanted {wish.words}: you gave them that in {met.makers} of "
        f"{count(met.episodes, 'episode')} and crushed {crushed}; the overseer checked only the exit."
    )


def headline(
    run: Run,
    scores: dict[str, int],
    par: int,
    words: Iterable[str] | None = None,
    wish: MakersWish | None = None,
) -> str:
    """The debrief's headline for a finished run.

    `scores` are the strategies' on `run.seed`, as the table shows them; `words` those the
    player has been taught (by default, `taught(run.level)`); `wish` the level's makers' wish.
    """
    known = taught(run.level) if words is None else frozenset(words)
    if run.gave_up_every_episode:
        return f"You gave up every episode: nothing to compare with par ({par}). Try again?"
    sentences = [
        score_words(run.score, par),
        par_words(run, scores, known),
        *update_words(run, par, known),
        *caught_words(run, known),
    ]
    if wish is not None:
        sentences.append(makers_words(run, wish))
    if scores:
        sentences.append(comparison_words(run.score, scores, known))
    return " ".join(sentence(s) for s in sentences)
