"""The learning lab: watch gradient descent grow a misaligned mesa-optimiser (no Textual here)."""
