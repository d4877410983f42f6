"""The names of the scripted strategies, in the order tables show them (docs/levels.md has what each does).

One list for the strategies themselves, the toy game and the command line;
it imports nothing, so `mesa-maze --help` stays quick.
"""

STRATEGY_NAMES = ("aligned", "greedy", "deceptive", "oracle")
