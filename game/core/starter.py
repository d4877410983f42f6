"""The starter level `mesa-maze new` writes: small, valid, and commented."""

STARTER_LEVEL = '''\
# A Mesa Maze level. Check it with:  mesa-maze check {name}
# Play it with:                      mesa-maze play {name}
# The full format: `mesa-maze docs levels` (docs/levels.md in the source).
format = 1
title = "My first level"
summary = "Two training episodes, then deployment."
lesson = """
The overseer only sees whether you reach the exit quickly.
What did you do once nobody was watching?
"""
seed = 1

[overseer]
learning_rate = 0.5   # how much one failed review lowers the goal weight
tolerance = 2         # extra steps allowed beyond the shortest path
watch = 1.0           # chance that a training episode is reviewed
intro = "Reach the exit. I will be watching."

[maps]
# Symbols: # wall  . floor  @ start  A green apple  a red apple  E green exit  e grey exit
room = """
#########
#A..#..A#
#.#.@.#.#
#...#...#
##.###.##
#...E...#
#########
"""

[[episode]]
phase = "training"
map = "room"
repeat = 2
say = "Training. Straight to the exit, please."

[[episode]]
phase = "deployment"
map = "room"
say = "Deployment. Nobody updates you now."
'''
