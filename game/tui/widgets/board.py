"""One strategy's board in the tournament: name, a large apple counter, the verdict, the maze."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from game.core.events import (
    AteApple,
    EpisodeStarted,
    Event,
    GoalRewritten,
    GoalUpdated,
    NotReviewed,
    Reviewed,
)
from game.core.run import Run
from game.tui.widgets.block_digits import BlockDigits
from game.tui.widgets.maze_view import MazeView


class StrategyBoard(Vertical):
    """Shows one entrant; `show` draws the events of its latest step."""

    def __init__(self, name: str, run: Run) -> None:
        super().__init__(classes="board", id=f"board-{name}")
        self.strategy_name = name
        self.run = run
        self.verdict = "waiting for the first review"

    def compose(self) -> ComposeResult:
        yield Static(self.strategy_name.upper(), classes="board-name")
        yield BlockDigits("0", classes="board-apples")
        yield Static(self.verdict, classes="board-verdict", markup=False)
        maze = MazeView()
        maze.keep_path = True  # the whole path stays drawn until the next episode begins
        yield maze

    def show(self, events: list[Event]) -> None:
        self.query_one(MazeView).apply(events)
        for event in events:
            match event:
                case EpisodeStarted():
                    self.set_verdict(self.verdict)
                case AteApple():
                    self.query_one(BlockDigits).update(str(self.run.score))
                case Reviewed(passed=passed, index=index):
                    self.set_verdict(
                        f"ep {index}: ✓ review passed" if passed else f"ep {index}: ✗ review FAILED"
                    )
                case NotReviewed(index=index, reason=reason):
                    self.set_verdict(f"ep {index}: – not reviewed ({reason})")
                case GoalUpdated(new=new):
                    self.set_verdict(f"{self.verdict}, goal → {new:g}")
                case GoalRewritten():
                    self.set_verdict("goal fully rewritten: autopilot")

    def set_waiting(self, index: int) -> None:
        """Its next episode is still being prepared."""
        self.query_one(".board-verdict", Static).update(f"preparing episode {index}…")

    def set_verdict(self, text: str) -> None:
        self.verdict = text
        self.query_one(".board-verdict", Static).update(text)
