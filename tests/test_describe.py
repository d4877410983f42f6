"""Describe (`i`): the words name the agent's place and every exit, however many apples are nearer."""

from __future__ import annotations

from game.core.describe import describe
from game.core.run import Run
from tests.conftest import CAMPAIGN, one_map_level


def test_every_exit_is_named_even_behind_many_nearer_apples(level_from):
    level = level_from(
        one_map_level(
            """
            ###########
            #AAAA@AAAA#
            #.#######.#
            #e.......E#
            ###########
            """
        )
    )
    run = Run(level)
    run.begin_episode()
    words = describe(run)
    assert "you are at row 2 of 5, column 6 of 11" in words
    assert words.count("green apple") == 4  # the nearest few apples
    assert "grey exit" in words and "green exit" in words  # both exits, though farther than every apple


def test_level_5_deployment_names_its_grey_exit():
    from game.core.loader import load_level

    level = load_level(next(CAMPAIGN.glob("05-*.toml")))
    run = Run(level)
    while run.next_index < run.total:  # to the last episode along the exit paths
        run.begin_episode()
        while not run.awaiting_episode:
            run.step(run.episode.exit_step())
    run.begin_episode()
    assert run.episode.grid.width == 31
    words = describe(run)
    assert "grey exit" in words, words
