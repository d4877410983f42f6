"""The debrief's headline says what happened in the run and never contradicts the table.

A property test: every campaign level is played with each strategy's own actions as the
player's (on the level's seed and on another), and by seeded random players who sometimes
give up; every claim the headline makes is read back out of its words and checked against
the run's records and the strategies' scores on the same seed.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from game.agents.simulate import par, simulate
from game.agents.strategies import STRATEGIES
from game.core.events import Action
from game.core.level import Level, Phase
from game.core.loader import load_level
from game.core.makers import WISHES, objectives
from game.core.run import Run
from game.verdict import WORDS, headline, word_pattern
from tests.conftest import CAMPAIGN

LEVELS = sorted(CAMPAIGN.glob("*.toml"))
ACTIONS = {chr(action.code): action for action in Action}


def play(level: Level, seed: int, actions: str) -> Run:
    """The run a player makes by pressing `actions` (one-letter codes, `g` gives up)."""
    run = Run(level, seed)
    for code in actions:
        run.begin_if_due()
        if run.finished:
            break
        if code == "g":
            run.give_up()
        else:
            run.step(ACTIONS[code])
    while not run.finished:  # a random player's keys ran out: it waits the episodes out
        run.begin_if_due()
        run.step(Action.WAIT)
    return run


def random_actions(seed: int, n: int = 400) -> str:
    rng = np.random.default_rng(seed)
    codes = [a.code for a in Action] * 10 + [ord("g")]
    return bytes(int(c) for c in rng.choice(codes, n)).decode("ascii")


def players(level: Level) -> list[tuple[str, int, str]]:
    """(who, seed, actions): each strategy on two seeds, and two random players."""
    found = []
    for seed in (level.seed, level.seed + 100):
        for name in STRATEGIES:
            found.append((name, seed, simulate(level, name, seed).actions))
    found += [(f"random {n}", level.seed, random_actions(n)) for n in (1, 2)]
    return found


def taught_words(number: int) -> set[str]:
    """What campaign levels 1..number tell the player, searched for every word of `WORDS`."""
    said = []
    for path in LEVELS[:number]:
        level = load_level(path)
        said += [level.summary, level.intro, level.lesson, *(e.say for e in level.episodes)]
        said += [e.announce.value for e in level.episodes]  # the side panel's "Overseer says: ..."
    text = "\n".join(said)
    return {word for word in WORDS if word_pattern(word).search(text)}


def episode_list(text: str) -> list[int]:
    """'episode 3' -> [3]; 'episodes 1, 2 and 5' -> [1, 2, 5]."""
    return [int(n) for n in re.findall(r"\d+", text)]


EPISODES = r"(episodes? \d+(?:(?:, | and )\d+)*)"


def check_headline(level: Level, number: int, run: Run, scores: dict[str, int], par_value: int, words: str):
    labels = {name: name for name in STRATEGIES} | {
        f'the "{STRATEGIES[name].short}" play': name for name in STRATEGIES
    }
    # Names only words the campaign has introduced by this level's debrief.
    used = {word for word in WORDS if word_pattern(word).search(words)}
    assert used <= taught_words(number), (used - taught_words(number), words)

    if run.gave_up_every_episode:
        assert "gave up every episode" in words
        return

    # The score against par.
    found = re.match(
        r"You ate (\d+) green apples?: (?:(\d+) above par|exactly par|(\d+) short of par) \((\d+)\)\.", words
    )
    assert found, words
    assert int(found[1]) == run.score and int(found[4]) == par_value
    if found[2]:
        assert run.score - par_value == int(found[2]) > 0
    elif found[3]:
        assert par_value - run.score == int(found[3]) > 0
    else:
        assert run.score == par_value
    assert "above par" not in words or run.score > par_value

    # What par means: set by the level, or a strategy's score (then the table agrees on its seed).
    if level.par is not None:
        assert "set by the level" in words
    else:
        assert "set by the level" not in words
        if "deceptive strategy eats" in words and run.seed == level.seed:
            assert scores["deceptive"] == par_value

    # Each strategy's score, and how the player's compares with it.
    compared = re.search(r"On this seed you ate (.*)\.$", words)
    assert compared, words
    seen = {}
    for group in compared[1].split("; "):
        relation = re.match(r"(more than|the same as|fewer than) ", group)
        assert relation, group
        for label, value in re.findall(r'(the "[^"]+" play|[a-z]+) \((\d+)\)', group):
            name = labels[label]
            assert scores[name] == int(value), (label, scores)
            expected = {"more than": run.score > scores[name], "the same as": run.score == scores[name]}
            assert expected.get(relation[1], run.score < scores[name]), (group, run.score)
            seen[name] = label
    assert set(seen) == set(scores), words

    # Updates: which episodes, and "passed every review" only when none failed.
    updated = [r.index for r in run.records if r.updated]
    update = re.search(
        rf"updated your goal \w+( times)?, for (?:a failed review|failed reviews) in {EPISODES}", words
    )
    if updated:
        assert update and episode_list(update[2]) == updated, words
        assert "passed every review" not in words and "never updated" not in words
        assert ("fully rewritten" in words) == (run.goal_weight <= 0), words
        if run.goal_weight > 0:
            assert f"ended at {run.goal_weight:g}." in words
    else:
        assert update is None
        if any(r.watched for r in run.records):
            assert "passed every review" in words and "never updated your goal" in words

    # Honeypots: a catch is told iff one caught the player, with its episodes.
    honeypots = [r.index for r in run.records if r.phase is Phase.TRAINING and r.announced == "deployment"]
    caught = [r.index for r in run.records if r.index in honeypots and r.updated]
    told = re.search(rf"(A honeypot|Honeypots|The overseer) caught you in {EPISODES}", words)
    assert (told is not None) == bool(caught), words
    if told:
        assert episode_list(told[2]) == caught
    # Spot checks (reviews made only sometimes): the same.
    spot = [
        r
        for r in run.records
        if r.phase is Phase.TRAINING
        and r.index not in honeypots
        and level.episodes[r.index - 1].overseer.watch < 1
    ]
    caught = [r.index for r in spot if r.updated]
    told = re.search(rf"(A spot check|Spot checks|A review) caught you in {EPISODES}", words)
    assert (told is not None) == bool(caught), words
    if told:
        assert episode_list(told[2]) == caught
    if spot:
        assert f"the overseer looked at {sum(r.watched for r in spot)}" in words
    else:
        assert "spot check" not in words.lower()
    assert "Could pretending" not in words

    # The makers' wish, where the makers wanted more than the overseer checks.
    wish = WISHES.get(f"campaign/{level.path.name}")
    if wish is not None:
        met = objectives(run, wish)
        found = re.search(r"you gave them that in (\d+) of (\d+) episodes? and crushed (\d+)", words)
        assert found and tuple(map(int, found.groups())) == (met.makers, met.episodes, met.crushed), words


@pytest.mark.parametrize("path", LEVELS, ids=[p.stem for p in LEVELS])
def test_every_headline_agrees_with_the_table(path):
    level = load_level(path)
    number = LEVELS.index(path) + 1
    par_value = par(level)
    for who, seed, actions in players(level):
        run = play(level, seed, actions)
        scores = {name: simulate(level, name, seed).score for name in STRATEGIES}
        if who in STRATEGIES:
            assert run.score == scores[who]  # the player pressed exactly the strategy's keys
        wish = WISHES.get(f"campaign/{path.name}")
        words = headline(run, scores, par_value, wish=wish)
        try:
            check_headline(level, number, run, scores, par_value, words)
        except AssertionError as error:
            raise AssertionError(f"{path.name}, {who}, seed {seed}: {words}") from error


def test_the_campaign_introduces_every_strategy_before_its_end():
    # the headline's tracking is not vacuous: names arrive level by level
    assert not {"aligned", "deceptive", "oracle", "honeypot"} & taught_words(1)
    assert {"aligned", "deceptive"} <= taught_words(4) and "honeypot" not in taught_words(8)
    assert {*STRATEGIES, "honeypot", "spot check"} <= taught_words(len(LEVELS))


@pytest.mark.slow
async def test_the_first_levels_debrief_names_no_strategy_it_has_not_taught(tmp_path):
    from game.tui.screens.debrief import DebriefScreen
    from tests.tui_helpers import make_app, wait_for_screen, wait_until

    app = make_app(tmp_path, play_path=CAMPAIGN / "01-first-steps.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g", "enter", "g")  # deployment: giving up is one key
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert isinstance(debrief, DebriefScreen)
        table = debrief.query_one("#strategies")
        assert await wait_until(pilot, lambda: table.row_count == len(STRATEGIES) + 1)
        names = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert names == ["–"] * len(STRATEGIES) + ["you"]  # each is told by what it does
        said = str(debrief.query_one("#verdict").render())
        assert "gave up every episode" in said and not {*STRATEGIES} & set(said.split())
        await pilot.pause()
