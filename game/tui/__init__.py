"""The Textual interface of Mesa Maze."""
