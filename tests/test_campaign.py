"""The built-in campaign and examples: complete, in the order of the ideas they teach, and teaching the terms."""

from __future__ import annotations

import re

import pytest

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


def test_campaign_teaches_the_ideas_in_order():
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


def test_the_campaign_teaches_what_the_quiz_asks():
    from game.glossary import GLOSSARY
    from game.quiz.bank import LEVEL_IDEAS, bank

    lessons = {f"campaign/{p.name}": " ".join(load_level(p).lesson.lower().split()) for p in pack_files(CAMPAIGN)}
    taught_by = {
        "terminal-vs-instrumental": ("terminal goal", "instrumental goal"),
        "heuristics-vs-optimisers": ("heuristic", "optimiser", "generalise", "flail"),
        "outer-vs-inner-alignment": ("outer alignment", "inner alignment", "makers"),
    }
    for idea, words in taught_by.items():
        levels = {q.level for q in bank() if q.idea == idea and q.level} | {
            level for level, its in LEVEL_IDEAS.items() if its == idea
        }
        assert any(all(w in lessons[level] for w in words) for level in levels), idea
    # Terminal and instrumental are named where the player pretends (the toy example), heuristics
    # and optimisers where the world shifts (level 5), each in the glossary in the player's words.
    assert "pretending is instrumental" in lessons["campaign/04-toy-example.toml"]
    assert "competently pursue the wrong goal" in lessons["campaign/05-distributional-shift.toml"]
    terms = {term.term: term for term in GLOSSARY}
    for word in ("terminal goal", "instrumental goal", "heuristic", "optimiser", "capability failure"):
        assert word in terms and "level" not in terms[word].meaning.lower(), word
    assert "level 12" in terms["outer alignment"].in_game


def test_the_makers_wish_is_missed_by_a_perfectly_obedient_agent():
    from game.core.makers import WISHES, objectives

    path = CAMPAIGN / "12-the-makers-wish.toml"
    level = load_level(path)
    wish = WISHES[f"campaign/{path.name}"]
    obedient = objectives(simulate(level, "aligned"), wish)
    # Every episode does what the overseer checks, and none gives the makers what they wanted.
    assert obedient.base == obedient.episodes == len(level.episodes)
    assert obedient.makers == 0 and obedient.crushed > 0 and obedient.mesa == 0
    # The three objectives are three different things: no strategy tops all three.
    scores = {name: objectives(simulate(level, name), wish) for name in ("aligned", "greedy", "deceptive")}
    assert max(scores, key=lambda n: scores[n].base) == "aligned"
    assert scores["deceptive"].mesa > scores["aligned"].mesa
    assert all(score.makers < score.episodes for score in scores.values())


@pytest.mark.slow
async def test_the_makers_wish_debrief_puts_three_objectives_side_by_side(tmp_path):
    from game.tui.screens.debrief import DebriefScreen
    from game.tui.widgets.objectives import ObjectivesPanel
    from tests.tui_helpers import make_app, press_all, wait_for_screen, wait_until

    app = make_app(tmp_path, play_path=CAMPAIGN / "12-the-makers-wish.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for episode in range(5):  # the shortest road, every time: exactly what the overseer checks
            await press_all(pilot, ["enter"] * (episode > 0) + ["right"] * 8)
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert isinstance(debrief, DebriefScreen)
        panel = debrief.query_one(ObjectivesPanel)
        assert await wait_until(pilot, lambda: "you" in panel.scores)
        you, aligned = panel.scores["you"], panel.scores["aligned"]
        assert you == aligned and (you.base, you.makers, you.crushed) == (5, 0, 15)
        table = panel.query_one("DataTable")
        rows = {str(table.get_row_at(n)[0]): [str(c) for c in table.get_row_at(n)] for n in range(table.row_count)}
        assert rows["you"][1:] == ["0 of 5", "15", "5 of 5", "0"]
        assert set(rows) == {"aligned", "greedy", "deceptive", "oracle", "you"}
