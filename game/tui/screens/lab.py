"""The learning lab: a population of mesa-optimisers trained by gradient descent, then deployed.

The class sees every agent of the population as a mark, by what it did in
deployment; the cursor picks one, whose learned objective is drawn over a
training maze and a deployment maze (the heat view), with its path.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from game.lab.channels import type_name
from game.lab.population import (
    STAGES,
    Cancelled,
    LabResult,
    LabSettings,
    deployment_set,
    objective_types,
    run_lab,
    verdict,
)
from game.lab.walk import OUTCOMES, walk
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen
from game.tui.widgets.heat_map import HeatMap
from game.tui.widgets.population_grid import MARKS, WORDS, PopulationGrid

SALIENCES = (0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""The steps of the colour-salience control; 1.0 (no scaling) is the default."""
DEFAULT_SALIENCE = 1.0
MAX_HEAT_SCALE = 2
"""The largest heat-map cell: 4x2 characters."""
HEAT_BOX_MARGIN = 2
"""Columns between two heat maps (`.lab-heat-box` in the stylesheet)."""
STAGE_SHARE = {"mazes": (0, 5), "objective": (5, 20), "heuristic": (25, 70), "deployment": (95, 5)}


class LabBody(VerticalScroll, can_focus=False):
    """The lab's page: it scrolls (page keys, the mouse) but never takes the arrows, which pick agents."""


class LabScreen(GameScreen):
    BINDINGS = [
        Binding("t", "train", "Train", id="lab.train"),
        Binding("a", "toggle_adversarial", "Adversarial", id="lab.toggle_adversarial"),
        Binding("left_square_bracket", "salience(-1)", "Colour −", key_display="[", id="lab.salience_down"),
        Binding("right_square_bracket", "salience(1)", "Colour +", key_display="]", id="lab.salience_up"),
        Binding("0", "salience(0)", "Colour salience back to 1", show=False, id="lab.salience_reset"),
        Binding("x", "cancel", "Cancel", id="lab.cancel"),
        Binding("up,k", "cursor(-1, 0)", "Agent above", show=False, id="lab.cursor_up"),
        Binding("down,j", "cursor(1, 0)", "Agent below", show=False, id="lab.cursor_down"),
        Binding("left,h", "cursor(0, -1)", "Agent to the left", show=False, id="lab.cursor_left"),
        Binding("right,l", "cursor(0, 1)", "Agent to the right", show=False, id="lab.cursor_right"),
        Binding("pageup", "scroll(-1)", "Scroll the lab up", show=False, id="lab.page_up"),
        Binding("pagedown", "scroll(1)", "Scroll the lab down", show=False, id="lab.page_down"),
        Binding("escape,q", "app.pop_screen", "Back", id="lab.pop_screen"),
    ]

    training: reactive[bool] = reactive(False, bindings=True)
    adversarial: reactive[bool] = reactive(False)
    colour_salience: reactive[float] = reactive(DEFAULT_SALIENCE)

    def __init__(self, settings: LabSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or LabSettings()
        self.result: LabResult | None = None
        self.shown_before: LabResult | None = None
        """The result on screen when a new training began (shown again if that training is cancelled)."""
        self.set_reactive(LabScreen.adversarial, self.settings.adversarial)
        self.set_reactive(LabScreen.colour_salience, self.settings.colour_salience)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with LabBody(id="lab-body"):
            with Vertical(id="lab-controls"):
                yield Static("", id="lab-salience", markup=False)
                yield Static("", id="lab-adversarial", markup=False)
            with Horizontal(id="lab-progress-row"):
                yield ProgressBar(total=100, show_eta=False, id="lab-progress")
                yield Static("Press t to train the population.", id="lab-stage", markup=False)
            with Horizontal(id="lab-main"):
                with Vertical(id="lab-population-box"):
                    yield Static(f"{len(self.settings.seeds)} agents", id="lab-population-title")
                    yield PopulationGrid(len(self.settings.seeds), id="lab-population")
                    yield Static(
                        "\n".join(f"{MARKS[o]} {WORDS[o]}" for o in OUTCOMES) + "\n· not trained",
                        id="lab-marks",
                        markup=False,
                    )
                with Vertical(id="lab-agent"):
                    yield Static("", id="lab-summary", markup=False)
                    yield Static("", id="lab-wants", markup=False)
                    with Horizontal(id="lab-heat"):
                        with Vertical(classes="lab-heat-box"):
                            yield Static("Training", classes="lab-heat-title")
                            yield HeatMap(id="lab-heat-training")
                        with Vertical(classes="lab-heat-box"):
                            yield Static(
                                "Deployment", classes="lab-heat-title", id="lab-heat-deployment-title"
                            )
                            yield HeatMap(id="lab-heat-deployment")
                    yield Static("", id="lab-heuristic", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Learning lab"
        self._show_controls()

    # -- the controls ---------------------------------------------------------------

    def _show_controls(self) -> None:
        salience = self.query_one("#lab-salience", Static)
        changed = self.colour_salience != DEFAULT_SALIENCE
        words = "changed from 1: colour scaled" if changed else "default: no scaling"
        salience.update(f"[ ] Colour salience {self.colour_salience:g}  ({words})")
        salience.set_class(changed, "-changed")
        adversarial = self.query_one("#lab-adversarial", Static)
        state = "ON: half the training mazes shuffle colours" if self.adversarial else "off"
        adversarial.update(f"a  Adversarial training: {state}")
        adversarial.set_class(self.adversarial, "-changed")

    def watch_adversarial(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def watch_colour_salience(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def action_toggle_adversarial(self) -> None:
        self.adversarial = not self.adversarial

    def action_salience(self, step: int) -> None:
        if step == 0:
            self.colour_salience = DEFAULT_SALIENCE
            return
        here = min(range(len(SALIENCES)), key=lambda i: abs(SALIENCES[i] - self.colour_salience))
        self.colour_salience = SALIENCES[max(0, min(len(SALIENCES) - 1, here + step))]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.training
        if action in ("train", "toggle_adversarial", "salience"):
            return not self.training
        return True

    def action_cursor(self, rows: int, columns: int) -> None:
        self.query_one(PopulationGrid).move(rows, columns)

    def action_scroll(self, pages: int) -> None:
        body = self.query_one("#lab-body", VerticalScroll)
        (body.scroll_page_down if pages > 0 else body.scroll_page_up)()

    # -- training ---------------------------------------------------------------------

    def action_train(self) -> None:
        if self.training:
            return
        self.training = True
        self.settings = replace(
            self.settings, adversarial=self.adversarial, colour_salience=self.colour_salience
        )
        self.query_one("#lab-progress", ProgressBar).update(total=100, progress=0)
        self.train(self.settings)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "lab")

    @work(thread=True, exclusive=True, group="lab")
    def train(self, settings: LabSettings) -> None:
        worker = get_current_worker()

        def progress(stage: str, done: int, total: int) -> bool:
            if worker.is_cancelled:
                return False
            self.app.call_from_thread(self._progress, stage, done, total)
            return True

        def mesa_tested(outcomes) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._mesa_tested, [verdict(row) for row in outcomes])

        try:
            result = run_lab(settings, progress, mesa_tested)
        except Cancelled:
            result = None
        if not worker.is_cancelled or result is None:
            self.app.call_from_thread(self._finished, result)

    def _progress(self, stage: str, done: int, total: int) -> None:
        start, share = STAGE_SHARE[stage]
        self.query_one("#lab-progress", ProgressBar).update(progress=start + share * done / total)
        self.query_one("#lab-stage", Static).update(f"{STAGES[stage]} ({done} of {total}); x cancels")

    def _mesa_tested(self, verdicts: list[str]) -> None:
        """The population's marks as soon as they are known; the heuristic agents train on."""
        if not still_shown(self) or not self.training:
            return
        self.shown_before, self.result = self.result, None  # the agent views wait for the whole result
        self.query_one("#lab-wants", Static).update("")
        self.query_one("#lab-heuristic", Static).update("")
        self.query_one("#lab-heat").display = False
        self.query_one(PopulationGrid).show(verdicts)
        counts = ", ".join(f"{MARKS[o]} {verdicts.count(o)} {WORDS[o]}" for o in OUTCOMES)
        self.query_one("#lab-summary", Static).update(
            f"In deployment (grey exit, green apples): {counts}. The heuristic agents are still "
            "training; then pick an agent to see what it learned to want."
        )

    def _finished(self, result: LabResult | None) -> None:
        self.training = False
        stage = self.query_one("#lab-stage", Static)
        if result is not None:
            stage.update("Trained. Arrows pick an agent; t trains again.")
            self.query_one("#lab-progress", ProgressBar).update(progress=100)
            self._show_result(result)
            return
        stage.update("Training cancelled. Press t to train again.")
        if self.result is not None:
            return  # cancelled before anything new was shown: the last result is still on screen
        if self.shown_before is not None:
            self._show_result(self.shown_before)  # the result on screen before this training began
            return
        self.query_one(PopulationGrid).show([None] * len(self.settings.seeds))
        self.query_one("#lab-summary", Static).update("")
        self.query_one("#lab-heat").display = True

    def _show_result(self, result: LabResult) -> None:
        self.shown_before = None
        self.result = result
        self.query_one("#lab-heat").display = True
        grid = self.query_one(PopulationGrid)
        grid.show([result.verdict(a) for a in range(result.agents)])
        self._show_summary(result)
        self._show_agent(grid.cursor)

    def _show_summary(self, result: LabResult) -> None:
        population = result.population()
        counts = ", ".join(f"{MARKS[o]} {round(population[o] * result.agents)} {WORDS[o]}" for o in OUTCOMES)
        training = "adversarial" if result.settings.adversarial else "default"
        self.query_one("#lab-summary", Static).update(
            f"{training.capitalize()} training, colour salience {result.settings.colour_salience:g}. "
            f"In training, the agents headed for the exit in {result.training_success.mean():.0%} "
            f"of their mazes. In deployment (grey exit, green apples): {counts}."
        )
        heuristic = result.rates(result.heuristic_outcomes)
        self.query_one("#lab-heuristic", Static).update(
            f"Heuristic agents ({result.heuristic_outcomes.shape[0]}, react to a 5x5 view, no plan): "
            f"solved {result.heuristic_training_success.mean():.0%} of their small training mazes; "
            f"in deployment: exit {heuristic['exit']:.0%}, green apple {heuristic['green_apple']:.0%}, "
            f"lost {heuristic['lost']:.0%}."
        )

    @on(PopulationGrid.Selected)
    def _selected(self, event: PopulationGrid.Selected) -> None:
        if self.result is not None:
            self._show_agent(event.agent)

    def _show_agent(self, agent: int) -> None:
        result = self.result
        assert result is not None
        scores = result.scores(agent)
        training = result.first_training_maze[agent]
        deployment = deployment_set(result.settings.deployment_mazes)[0]
        in_training, in_deployment = set(objective_types(training)), set(objective_types(deployment))
        ranked = sorted(in_training | in_deployment, key=lambda c: -scores[c])
        wants = ", ".join(f"{type_name(c)} {scores[c]:+.1f}" for c in ranked)
        seed = result.settings.seeds[agent]
        self.query_one("#lab-wants", Static).update(
            f"Agent {agent + 1} (seed {seed}), {WORDS[result.verdict(agent)]}. What it wants: {wants}"
        )
        train_target = max(in_training, key=lambda c: scores[c])
        deploy_target = max(in_deployment, key=lambda c: scores[c])
        self.query_one("#lab-heat-training", HeatMap).show(training, scores, walk(training, train_target)[1])
        outcome, path = walk(deployment, deploy_target)
        self.query_one("#lab-heat-deployment-title", Static).update(f"Deployment: {WORDS[outcome]}")
        self.query_one("#lab-heat-deployment", HeatMap).show(deployment, scores, path)
        self.call_after_refresh(self.fit_heat_maps)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_heat_maps)

    def fit_heat_maps(self) -> None:
        """Draw the heat maps as large as the agent's column allows (bigger cells on a projector)."""
        maps = list(self.query(HeatMap))
        if not maps or any(m.grid is None for m in maps):
            return
        room = self.query_one("#lab-agent").content_size.width - HEAT_BOX_MARGIN * len(maps)
        widths = sum(m.grid.width for m in maps if m.grid is not None)
        scale = next((k for k in range(MAX_HEAT_SCALE, 0, -1) if widths * 2 * k <= room), 0)
        for heat_map in maps:
            heat_map.scale = scale
