"""The learning lab: train a mesa-optimiser and a heuristic agent, then watch both in deployment."""

from __future__ import annotations

import numpy as np
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, ProgressBar, Sparkline, Static, Switch
from textual.worker import get_current_worker

from game.core.level import Announcement, EpisodeSpec, Phase
from game.core.run import Episode
from game.lab.experiment import DEPLOYMENT_MAZES, Cancelled, LabResult, run_experiment
from game.lab.objective import describe
from game.lab.worlds import deployment_world
from game.tui.palette import PALETTES
from game.tui.widgets.maze_view import MazeView

AGENTS = (("mesa_optimiser", "Mesa-optimiser (plans)"), ("heuristic", "Heuristic agent (reacts)"))
STAGES = {"objective": "training the mesa-optimiser's objective", "heuristic": "training the heuristic agent",
          "deployment": "testing both in deployment mazes"}  # fmt: skip
WORDS = {"exit": "reached the exit", "green_apple": "went to a green apple", "lost": "got lost"}


class LabScreen(Screen):
    BINDINGS = [
        Binding("t", "train", "Train", id="lab.train"),
        Binding("a", "toggle_adversarial", "Adversarial on/off", id="lab.toggle_adversarial"),
        Binding("x", "cancel", "Cancel training", id="lab.cancel"),
        Binding("escape,q", "app.pop_screen", "Back", id="lab.pop_screen"),
    ]

    def __init__(self, seed: int = 0, adversarial: bool = False) -> None:
        super().__init__()
        self.seed = seed
        self.adversarial = adversarial
        self.result: LabResult | None = None
        self.previous: LabResult | None = None
        """The run before this one, so a class can compare what each distribution taught."""
        self.training = False
        self._show_rng = np.random.default_rng(seed + 1_000_003)
        self._paths: dict[str, tuple[str, list[int], Episode]] = {}
        self._frame = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="lab-top"):
            with Vertical(id="lab-controls"):
                yield Static("Adversarial training\n(shuffled colours)", id="lab-adversarial-label")
                yield Switch(value=self.adversarial, id="lab-adversarial")
                yield Static("Press t to train.", id="lab-stage")
                yield ProgressBar(total=100, show_eta=False, id="lab-progress")
            with Vertical(id="lab-curves"):
                yield Label("Mesa-optimiser: expected base reward while training")
                yield Sparkline([0.0], id="lab-objective-curve")
                yield Label("Heuristic agent: share of training mazes solved")
                yield Sparkline([0.0], id="lab-heuristic-curve")
                yield Static("", id="lab-weights", markup=False)
        with Horizontal(id="lab-boards"):
            for key, title in AGENTS:
                with Vertical(classes="lab-board"):
                    yield Static(title, classes="board-name")
                    yield Static("", id=f"lab-tally-{key}", classes="lab-tally", markup=False)
                    yield MazeView(id=f"lab-maze-{key}")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Learning lab"
        palette = PALETTES[self.app.settings.palette]
        for key, _ in AGENTS:
            self.query_one(f"#lab-maze-{key}", MazeView).set_palette(palette)
        self.set_interval(0.06, self._walk_step)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.adversarial = event.value

    def action_toggle_adversarial(self) -> None:
        switch = self.query_one("#lab-adversarial", Switch)
        switch.value = not switch.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.training
        if action in ("train", "toggle_adversarial"):
            return not self.training
        return True

    def action_train(self) -> None:
        if self.training:
            return
        self.training = True
        if self.result is not None:
            self.previous = self.result
        self.result = None
        self._paths.clear()
        self.refresh_bindings()
        self.query_one("#lab-progress", ProgressBar).update(total=100, progress=0)
        self.train()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "lab")

    @work(thread=True, exclusive=True, group="lab")
    def train(self) -> None:
        worker = get_current_worker()
        objective: list[float] = []
        heuristic: list[float] = []

        def progress(stage: str, done: int, total: int, score: float) -> bool:
            if worker.is_cancelled:
                return False
            if stage == "objective":
                objective.append(score)
            elif stage == "heuristic":
                heuristic.append(score)
            if done == total or done % 5 == 0:
                self.app.call_from_thread(
                    self._progress, stage, done, total, list(objective), list(heuristic)
                )
            return True

        try:
            result = run_experiment(self.seed, self.adversarial, progress)
        except Cancelled:
            self.app.call_from_thread(self._finished, None)
            return
        self.app.call_from_thread(self._finished, result)

    def _progress(
        self, stage: str, done: int, total: int, objective: list[float], heuristic: list[float]
    ) -> None:
        weight = {"objective": (0, 30), "heuristic": (30, 60), "deployment": (90, 10)}[stage]
        self.query_one("#lab-progress", ProgressBar).update(progress=weight[0] + weight[1] * done / total)
        self.query_one("#lab-stage", Static).update(f"{STAGES[stage]} ({done} of {total})")
        if objective:
            self.query_one("#lab-objective-curve", Sparkline).data = objective
        if heuristic:
            self.query_one("#lab-heuristic-curve", Sparkline).data = heuristic

    def _finished(self, result: LabResult | None) -> None:
        self.training = False
        self.refresh_bindings()
        stage = self.query_one("#lab-stage", Static)
        if result is None:
            stage.update("Training cancelled. Press t to train again.")
            return
        self.result = result
        self.query_one("#lab-progress", ProgressBar).update(progress=100)
        stage.update(
            f"Trained ({'adversarial' if result.adversarial else 'default'} distribution). "
            f"Training success of the mesa-optimiser: {result.training_success:.0%}."
        )
        self.query_one("#lab-objective-curve", Sparkline).data = result.objective_curve
        self.query_one("#lab-heuristic-curve", Sparkline).data = result.heuristic_curve
        lines = [f"Mesa-optimiser, {_name(result)} training, {describe(result.weights)}"]
        if self.previous is not None:
            lines.append(f"Before, {_name(self.previous)} training, {describe(self.previous.weights)}")
        self.query_one("#lab-weights", Static).update("\n".join(lines))
        for key, _ in AGENTS:
            rates = result.deployment[key]
            lines = [f"{WORDS[o]}: {rates[o]:.0%}" for o in ("exit", "green_apple", "lost")]
            self.query_one(f"#lab-tally-{key}", Static).update(
                f"In {DEPLOYMENT_MAZES} deployment mazes: " + ", ".join(lines)
            )
        self._next_maze()

    # -- watching deployment --------------------------------------------------------

    def _next_maze(self) -> None:
        assert self.result is not None
        grid = deployment_world(self._show_rng).grid
        agents = {"mesa_optimiser": self.result.mesa, "heuristic": self.result.heuristic}
        self._paths = {}
        for key, agent in agents.items():
            outcome, path = agent.run(grid.copy())
            spec = EpisodeSpec(Phase.DEPLOYMENT, Announcement.DEPLOYMENT, grid=grid)
            episode = Episode(spec, 1, grid.copy(), False)
            self._paths[key] = (outcome, path, episode)
            self.query_one(f"#lab-maze-{key}", MazeView).show(episode)
        self._frame = 0

    def _walk_step(self) -> None:
        if not self._paths or not self.is_current:
            return
        self._frame += 1
        done = True
        for key, (_, path, episode) in self._paths.items():
            if self._frame < len(path):
                done = False
                before = episode.agent
                episode.position = path[self._frame]
                self.query_one(f"#lab-maze-{key}", MazeView).moved(before, episode.agent, False)
        if done and self._frame > max(len(p) for _, p, _ in self._paths.values()) + 15:
            self._next_maze()


def _name(result: LabResult) -> str:
    return "adversarial" if result.adversarial else "default"
