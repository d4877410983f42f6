"""Scripted agents: route planning and the four strategies (docs/levels.md)."""
