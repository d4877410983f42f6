"""Scripted agents: route planning and the four strategies of the design."""
