"""The rules of Mesa Maze: pure Python and NumPy, no user interface."""
