"""Mesa Maze: a terminal game about inner alignment."""

__version__ = "0.1.0"
