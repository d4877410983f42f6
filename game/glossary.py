"""The words of the paper the campaign uses, in plain words, with what they are in the game."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    in_game: str


GLOSSARY: tuple[Term, ...] = (
    Term(
        "mesa-optimiser",
        "A learned model that is itself an optimiser: it searches for plans that reach a goal of its own.",
        "You, the agent: you plan your way to green apples.",
    ),
    Term(
        "base optimiser",
        "The training process that made the model, such as gradient descent.",
        "The overseer, who reviews training episodes and rewrites your goal.",
    ),
    Term(
        "base objective",
        "What the base optimiser rewards: the goal its makers chose.",
        "Reach the exit within the shortest path plus the tolerance.",
    ),
    Term(
        "mesa-objective",
        "The goal the learned model actually pursues, which may differ from the base objective.",
        "Green apples.",
    ),
    Term(
        "episode",
        "One go at a task, from start to end.",
        "One maze, from the start to an exit or the last step.",
    ),
    Term(
        "training",
        "Episodes in which the model's behaviour is scored and it gets updated.",
        "Episodes the overseer may review; a failed review is an update.",
    ),
    Term(
        "deployment",
        "Using the model for real, after training: nobody updates it any more.",
        "Episodes that are never reviewed: your goal can no longer change.",
    ),
    Term(
        "gradient update",
        "A small change to the model that makes it score better on the base objective.",
        "A failed review: the goal weight drops by the learning rate.",
    ),
    Term(
        "goal weight",
        "(The game's own term.) How much of your goal is still yours.",
        "The goal meter: 1 is all apples, 0 is all exit; below 1 some of your steps are taken over.",
    ),
    Term(
        "outer alignment",
        "Whether the base objective is what the makers really want.",
        "Until level 12 it holds: the exit is all anyone wants. In level 12 the makers also want "
        "the red apples (the harvest) left whole, and the overseer never checks that: an agent "
        "that obeys it perfectly crushes the harvest.",
    ),
    Term(
        "inner alignment",
        "Whether the mesa-objective matches the base objective.",
        "Whether you want the exit (aligned) or apples (misaligned).",
    ),
    Term(
        "terminal goal",
        "Something wanted for its own sake, not as a way to get something else.",
        "Green apples: you want them, full stop.",
    ),
    Term(
        "instrumental goal",
        "Something wanted only because it helps with a terminal goal; it is dropped once it stops helping.",
        "The exit in training, for a deceptive agent: reaching it keeps your goal safe. Pretending is "
        "instrumental; the apples are terminal.",
    ),
    Term(
        "optimiser",
        "Something that searches among possible plans for one that reaches its goal, even in places "
        "it has never been: an animal planning its route to food.",
        "You: in a new maze you still find your way to the green apples.",
    ),
    Term(
        "heuristic",
        "A fixed rule of thumb that worked before, followed without planning: a plant growing towards "
        "the light.",
        "The learning lab's end-to-end policies: learned rules from what they see to a move, no "
        "planning; trained to reach a green exit, they reach the green apple as often as the exit.",
    ),
    Term(
        "capability failure",
        "A model that fails in a new situation because it cannot cope, not because it wants the wrong "
        "thing: it flails and gets nothing done.",
        "An agent lost in level 5's big maze, reaching neither the exit nor an apple.",
    ),
    Term(
        "pseudo-alignment",
        "A mesa-objective that matches the base objective on the training data, and not beyond it.",
        "Going for the green thing when the exit was always green.",
    ),
    Term(
        "distributional shift",
        "Deployment differs from the situations seen in training.",
        "Bigger mazes, grey exits and green apples only in deployment.",
    ),
    Term(
        "adversarial training",
        "Training on the situations most likely to make the model misbehave.",
        "Tempting mazes in training, with apples placed to cost the most steps.",
    ),
    Term(
        "deceptive alignment",
        "A model that behaves as if aligned during training, to keep its own goal until deployment.",
        "The deceptive strategy: exit in training, apples in deployment.",
    ),
    Term(
        "corrigible alignment",
        "A model whose goal points at whatever the base objective asks for: it has come to want "
        "what the base optimiser rewards, by looking to it.",
        "The aligned strategy: the exit, every episode.",
    ),
    Term(
        "robust alignment",
        "A model whose goal stays the base objective even in situations unlike training. The paper "
        "counts two kinds: internal alignment (the base objective is built into the model's own goal) "
        "and corrigible alignment (the goal points at the base objective). Deceptive alignment only "
        "looks like it.",
        "The aligned strategy stands for both: the exit, every episode, in training and deployment.",
    ),
    Term(
        "honeypot",
        "A test made to look like deployment, to catch a model waiting for it.",
        "A training episode announced as deployment.",
    ),
    Term(
        "spot check",
        "Reviewing only a random share of a model's behaviour, because reviewing everything costs too much.",
        "`watch` below 1: some training episodes are not reviewed.",
    ),
    Term(
        "hidden deployment",
        "Not telling a model whether it is being trained or deployed.",
        "Episodes announced as hidden.",
    ),
    Term(
        "par",
        "(The game's own term.) The score to beat.",
        "What the deceptive strategy scores, unless the level sets it.",
    ),
)
