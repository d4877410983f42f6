"""The game's screens, one per module."""
