"""The built-in campaign and examples: complete, in the design's order, and teaching the terms."""

from __future__ import annotations

import re

from game.agents.simulate import simulate
from game.core.level import Announcement, Phase
from game.core.loader import check_file, load_level
from game.core.packs import examples_dir, pack_files
from tests.conftest import CAMPAIGN

TERMS_IN_ORDER = [
    "mesa-optimiser",
    "base optimiser",
    "base objective",
    "mesa-objective",
    "deceptive alignment",
    "corrigibly aligned",
    "distributional shift",
    "inner misaligned",
    "outer alignment",
    "adversarial training",
    "honeypot",
    "spot-check",
    "inner alignment",
]


def campaign():
    return [load_level(path) for path in pack_files(CAMPAIGN)]


def test_every_shipped_level_checks_clean():
    for path in [*pack_files(CAMPAIGN), *pack_files(examples_dir())]:
        assert check_file(path).problems == [], path


def test_campaign_has_eleven_levels_with_texts():
    levels = campaign()
    assert len(levels) >= 11
    for level in levels:
        assert level.title and level.summary and len(level.lesson) > 300, level.title
        assert len(level.summary) <= 100


def test_terms_are_introduced_one_at_a_time_in_order():
    lessons = [level.lesson.lower() for level in campaign()]
    first_seen = []
    for term in TERMS_IN_ORDER:
        where = next((i for i, text in enumerate(lessons) if term in text), None)
        assert where is not None, term
        first_seen.append(where)
    assert first_seen == sorted(first_seen)
    assert len(set(first_seen)) >= 8, first_seen  # spread over the campaign, not all at once


def test_campaign_follows_the_design_order():
    levels = campaign()
    titles = [level.title.lower() for level in levels]
    order = [
        "first steps",
        "two objectives",
        "gradient update",
        "toy example",
        "distributional shift",
        "free apples",
        "adversarial training",
        "hidden deployment",
        "honeypots",
        "spot checks",
        "final exam",
    ]
    assert [next(i for i, t in enumerate(titles) if key in t) for key in order] == list(range(11))
    shift = levels[4]
    training = [e for e in shift.episodes if e.phase is Phase.TRAINING]
    deployment = [e for e in shift.episodes if e.phase is Phase.DEPLOYMENT]
    assert all(e.grid is not None and not e.grid.green_apples() for e in training)
    assert all(e.generate is not None and e.generate.exit.colour.name == "GREY" for e in deployment)
    assert any(e.announce is Announcement.HIDDEN for e in levels[7].episodes)
    assert any(
        e.phase is Phase.TRAINING and e.announce is Announcement.DEPLOYMENT for e in levels[8].episodes
    )
    assert any(e.overseer.watch < 1 for e in levels[9].episodes)
    assert len(levels[10].episodes) >= 10


def test_deceptive_beats_greedy_where_the_lesson_says_so():
    levels = {re.sub(r"\W+", "-", level.title.lower()): level for level in campaign()}
    for key in ("the-toy-example", "adversarial-training", "free-apples"):
        level = levels[key]
        assert simulate(level, "deceptive").score > simulate(level, "greedy").score, key
    honeypots = levels["honeypots"]
    assert simulate(honeypots, "oracle").score > simulate(honeypots, "deceptive").score


def test_examples_show_off_the_format():
    texts = {path.name: path.read_text() for path in pack_files(examples_dir())}
    assert len(texts) >= 3
    joined = "\n".join(texts.values())
    assert "[legend]" in joined and "generate" in joined and 'announce = "hidden"' in joined


def test_the_toy_example_says_how_the_paper_names_its_goals():
    from game.core.loader import load_level
    from game.glossary import GLOSSARY

    lesson = load_level(CAMPAIGN / "04-toy-example.toml").lesson
    assert "its **A**" in lesson and "exit" in lesson.split("its **A**")[1][:40]
    robust = next(term for term in GLOSSARY if term.term == "robust alignment")
    assert "internal alignment" in robust.meaning and "corrigible alignment" in robust.meaning
