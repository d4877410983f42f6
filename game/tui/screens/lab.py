"""The learning lab: a population of mesa-optimisers trained by gradient descent, then deployed.

The class sees every agent of the population as a mark, by what it chose in
deployment; the cursor picks one, whose learned objective is drawn over a
training maze and a deployment maze (the heat view; `m` steps through the
deployment mazes), with the plan it carried out, what it did in each of the
deployment mazes, what its untrained network preferred and how far training
moved each weight.
Below: the end-to-end policies, the salience sweep and the diversity dose
curve.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from game.lab.channels import CHANNELS, type_name
from game.lab.objective import OPTIMISERS
from game.lab.plans import FLOOR, best, pack, plans, route
from game.lab.population import (
    BLUE_EXIT,
    DOSES,
    GREEN_APPLE,
    STAGES,
    Cancelled,
    LabResult,
    LabSettings,
    deployment_plans,
    deployment_set,
    run_lab,
)
from game.lab.walk import OUTCOMES
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen
from game.tui.widgets.heat_map import HeatMap
from game.tui.widgets.population_grid import MARKS, WORDS, PopulationGrid
from game.tui.widgets.solid_bar import SolidBar

SALIENCES = (0.25, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 4.0)
"""The steps of the colour-salience control; 1.0 (no scaling) is the default."""
DEFAULT_SALIENCE = 1.0
MAX_HEAT_SCALE = 2
"""The largest heat-map cell: 4x2 characters."""
HEAT_BOX_MARGIN = 2
"""Columns between two heat maps (`.lab-heat-box` in the stylesheet)."""
STAGE_SHARE = {
    "mazes": (0, 8),
    "objective": (8, 22),
    "deployment": (30, 2),
    "policy": (32, 8),
    "sweep": (40, 40),
    "dose": (80, 20),
}
CHOICE = {"exit": "the exit", "green_apple": "the green apple", "lost": "nothing (lost)"}
BAR = 20
"""Characters of a full bar in the sweep and dose charts."""


class LabBody(VerticalScroll, can_focus=False):
    """The lab's page: it scrolls (page keys, the mouse) but never takes the arrows, which pick agents."""


def share_bar(point: dict[str, float]) -> str:
    """A bar of full blocks for a curve point's exit share, then the share, its 95% interval and the
    share of all maze choices that are the exit, in numbers."""
    share = point["exit"]
    done = round(BAR * share)
    return (
        f"{'█' * done}{'░' * (BAR - done)} {share:4.0%}  (95%: {point['low']:.0%} to {point['high']:.0%}); "
        f"mazes {point['mazes_exit']:.0%}"
    )


class LabScreen(GameScreen):
    BINDINGS = [
        Binding("t", "train", "Train", id="lab.train"),
        Binding("left_square_bracket", "salience(-1)", "Colour −", key_display="[", id="lab.salience_down"),
        Binding("right_square_bracket", "salience(1)", "Colour +", key_display="]", id="lab.salience_up"),
        Binding("0", "salience(0)", "Colour salience back to 1", show=False, id="lab.salience_reset"),
        Binding("d", "diversity", "Diversity", id="lab.diversity"),
        Binding("o", "optimiser", "Optimiser", id="lab.optimiser"),
        Binding("x", "cancel", "Cancel", id="lab.cancel"),
        Binding("m", "maze(1)", "Next maze", id="lab.next_maze"),
        Binding("M", "maze(-1)", "Maze before", show=False, id="lab.maze_before"),
        Binding("up,k", "cursor(-1, 0)", "Agent above", show=False, id="lab.cursor_up"),
        Binding("down,j", "cursor(1, 0)", "Agent below", show=False, id="lab.cursor_down"),
        Binding("left,h", "cursor(0, -1)", "Agent to the left", show=False, id="lab.cursor_left"),
        Binding("right,l", "cursor(0, 1)", "Agent to the right", show=False, id="lab.cursor_right"),
        Binding("pageup", "scroll(-1)", "Scroll the lab up", show=False, id="lab.page_up"),
        Binding("pagedown", "scroll(1)", "Scroll the lab down", show=False, id="lab.page_down"),
        Binding("escape,q", "app.pop_screen", "Back", id="lab.pop_screen"),
    ]

    training: reactive[bool] = reactive(False, bindings=True)
    diversity: reactive[float] = reactive(0.0)
    optimiser: reactive[str] = reactive("adam")
    colour_salience: reactive[float] = reactive(DEFAULT_SALIENCE)
    maze: reactive[int] = reactive(0)
    """The deployment maze the heat view shows."""

    def __init__(self, settings: LabSettings | None = None) -> None:
        super().__init__()
        self.settings = replace(settings or LabSettings(), sweep=True, dose=True)
        self.result: LabResult | None = None
        self.shown_before: LabResult | None = None
        """The result on screen when a new training began (shown again if that training is cancelled)."""
        self.set_reactive(LabScreen.diversity, self.settings.diversity)
        self.set_reactive(LabScreen.optimiser, self.settings.optimiser)
        self.set_reactive(LabScreen.colour_salience, self.settings.colour_salience)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with LabBody(id="lab-body"):
            with Vertical(id="lab-controls"):
                yield Static("", id="lab-salience", markup=False)
                yield Static("", id="lab-diversity", markup=False)
                yield Static("", id="lab-optimiser", markup=False)
            with Horizontal(id="lab-progress-row"):
                yield SolidBar(id="lab-progress")
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
                    yield Static("", id="lab-moves", markup=False)
                    yield Static("", id="lab-mazes", markup=False)
                    with Horizontal(id="lab-heat"):
                        with Vertical(classes="lab-heat-box"):
                            yield Static("Training", classes="lab-heat-title")
                            yield HeatMap(id="lab-heat-training")
                        with Vertical(classes="lab-heat-box"):
                            yield Static(
                                "Deployment", classes="lab-heat-title", id="lab-heat-deployment-title"
                            )
                            yield HeatMap(id="lab-heat-deployment")
            yield Static("", id="lab-policy", markup=False)
            with Vertical(id="lab-curves"):
                yield Static("", id="lab-sweep", markup=False)
                yield Static("", id="lab-dose", markup=False)
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
        diversity = self.query_one("#lab-diversity", Static)
        state = "of mazes split colour from kind" if self.diversity else "(default: exits always green)"
        diversity.update(f"d  Diversity {self.diversity:.0%} {state}")
        diversity.set_class(self.diversity != 0, "-changed")
        optimiser = self.query_one("#lab-optimiser", Static)
        name = {"adam": "Adam (default)", "sgd": "plain gradient ascent (SGD)"}[self.optimiser]
        optimiser.update(f"o  Optimiser: {name}")
        optimiser.set_class(self.optimiser != "adam", "-changed")

    def watch_diversity(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def watch_optimiser(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def watch_colour_salience(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def action_diversity(self) -> None:
        here = min(range(len(DOSES)), key=lambda i: abs(DOSES[i] - self.diversity))
        self.diversity = DOSES[(here + 1) % len(DOSES)]

    def action_optimiser(self) -> None:
        self.optimiser = OPTIMISERS[(OPTIMISERS.index(self.optimiser) + 1) % len(OPTIMISERS)]

    def action_salience(self, step: int) -> None:
        if step == 0:
            self.colour_salience = DEFAULT_SALIENCE
            return
        here = min(range(len(SALIENCES)), key=lambda i: abs(SALIENCES[i] - self.colour_salience))
        self.colour_salience = SALIENCES[max(0, min(len(SALIENCES) - 1, here + step))]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.training
        if action in ("train", "diversity", "optimiser", "salience"):
            return not self.training
        if action == "maze":
            return self.result is not None
        return True

    def action_maze(self, step: int) -> None:
        if self.result is not None:
            self.maze = (self.maze + step) % self.result.settings.deployment_mazes

    def watch_maze(self) -> None:
        if self.result is not None:
            self._show_agent(self.query_one(PopulationGrid).cursor)

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
            self.settings,
            diversity=self.diversity,
            optimiser=self.optimiser,
            colour_salience=self.colour_salience,
        )
        self.query_one("#lab-progress", SolidBar).update(total=100, progress=0)
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

        def mesa_tested(choices: list[str]) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._mesa_tested, choices)

        try:
            result = run_lab(settings, progress, mesa_tested)
        except Cancelled:
            result = None
        if not worker.is_cancelled or result is None:
            self.app.call_from_thread(self._finished, result)

    def _progress(self, stage: str, done: int, total: int) -> None:
        start, share = STAGE_SHARE[stage]
        self.query_one("#lab-progress", SolidBar).update(progress=start + share * done / total)
        self.query_one("#lab-stage", Static).update(f"{STAGES[stage]} ({done} of {total}); x cancels")

    def _mesa_tested(self, verdicts: list[str]) -> None:
        """The population's marks as soon as they are known; the policies and the curves follow."""
        if not still_shown(self) or not self.training:
            return
        self.shown_before, self.result = self.result, None  # the agent views wait for the whole result
        for name in ("#lab-wants", "#lab-moves", "#lab-mazes", "#lab-policy", "#lab-sweep", "#lab-dose"):
            self.query_one(name, Static).update("")
        self.query_one("#lab-heat").display = False
        self.query_one(PopulationGrid).show(verdicts)
        counts = ", ".join(f"{MARKS[o]} {verdicts.count(o)} {WORDS[o]}" for o in OUTCOMES)
        self.query_one("#lab-summary", Static).update(
            f"In deployment (blue exit against green apple), by what each chose in most mazes: {counts}. "
            "The policies and the curves "
            "are still training; then pick an agent to see what it learned to want."
        )

    def _finished(self, result: LabResult | None) -> None:
        self.training = False
        stage = self.query_one("#lab-stage", Static)
        if result is not None:
            stage.update("Trained. Arrows pick an agent; t trains again.")
            self.query_one("#lab-progress", SolidBar).update(progress=100)
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
        self.maze = min(self.maze, result.settings.deployment_mazes - 1)
        self.refresh_bindings()
        self.query_one("#lab-heat").display = True
        grid = self.query_one(PopulationGrid)
        grid.show([result.verdict(a) for a in range(result.agents)])
        self._show_summary(result)
        self._show_agent(grid.cursor)

    def _show_summary(self, result: LabResult) -> None:
        s = result.settings
        population = result.population()
        counts = ", ".join(f"{MARKS[o]} {round(population[o] * result.agents)} {WORDS[o]}" for o in OUTCOMES)
        optimiser = "Adam" if s.optimiser == "adam" else "SGD"
        self.query_one("#lab-summary", Static).update(
            f"Diversity {s.diversity:.0%}, {optimiser}, colour salience {s.colour_salience:g}. In training, "
            f"the agents headed for the exit in {result.training_success.mean():.0%} of their mazes. "
            f"In deployment (blue exit against green apple), by what each chose in most of the "
            f"{s.deployment_mazes} mazes: {counts}; {result.mixed():.0%} did not do the same in every "
            f"maze. {result.prior_match():.0%} chose what their untrained network already preferred."
        )
        self._show_policy(result)
        self._show_curves(result)

    def _show_policy(self, result: LabResult) -> None:
        policy = result.policy
        if policy is None:
            self.query_one("#lab-policy", Static).update("")
            return
        shown = (
            "trained in this run"
            if policy.retrained
            else "shipped weights, trained at colour salience 1; mesa-maze lab --retrain trains them again"
        )
        deployed, untrained = policy.rates(), policy.rates("untrained")
        self.query_one("#lab-policy", Static).update(
            f"End-to-end policies ({policy.agents}: a convolutional network over the whole room, trained "
            f"by A2C to reach the green exit; {shown}). Fresh training-like rooms: exit in "
            f"{policy.training_success_fresh:.0%}. Deployment rooms (blue exit and green apple): capable "
            f"in {policy.capable:.0%}: exit {deployed['exit']:.0%}, green apple "
            f"{deployed['green_apple']:.0%}, lost {deployed['lost']:.0%}. Untrained: capable in "
            f"{1 - untrained['lost']:.0%}."
        )

    def _show_curves(self, result: LabResult) -> None:
        lines = [
            "Salience sweep: agents choosing the exit (mazes: share of all maze choices that are the exit)"
        ]
        for point in result.sweep or []:
            lines.append(f"{point['colour_salience']:>5g}  {share_bar(point)}")
        self.query_one("#lab-sweep", Static).update("\n".join(lines) if result.sweep else "")
        lines = [f"Diversity dose (salience {result.settings.colour_salience:g}): agents choosing the exit"]
        for point in result.dose or []:
            lines.append(f"{point['diversity']:>4.0%}  {share_bar(point)}")
        self.query_one("#lab-dose", Static).update("\n".join(lines) if result.dose else "")

    @on(PopulationGrid.Selected)
    def _selected(self, event: PopulationGrid.Selected) -> None:
        if self.result is not None:
            self._show_agent(event.agent)

    def _show_agent(self, agent: int) -> None:
        result = self.result
        assert result is not None
        scores = result.scores(agent)
        training = result.first_training_maze[agent]
        count = result.settings.deployment_mazes
        deployment, offered = deployment_set(count)[self.maze], deployment_plans(count)[self.maze]
        in_training = plans(training)
        kinds = {FLOOR, BLUE_EXIT, GREEN_APPLE, *in_training.ends_on.tolist(), *offered.ends_on.tolist()}
        wants = ", ".join(f"{type_name(c)} {scores[c]:+.2f}" for c in sorted(kinds, key=lambda c: -scores[c]))
        seed = result.settings.seeds[agent]
        before, after = result.untrained_verdict(agent), result.verdict(agent)
        same = "the same" if before == after else "changed"
        self.query_one("#lab-wants", Static).update(
            f"Agent {agent + 1} (seed {seed}), {WORDS[after]} in most mazes. Untrained, it would have "
            f"chosen {CHOICE[before]}; trained, {CHOICE[after]} ({same}). What it wants: {wants} (a plan "
            "is worth the sum over the cells it enters, the floor's score once a step)"
        )
        moves = result.weight_moves(agent)
        ranked_channels = sorted(CHANNELS, key=lambda c: -moves[c])
        moved = [f"{c.split(':')[1]} {moves[c]:.2f}" for c in ranked_channels if moves[c] >= 0.005]
        still = [c.split(":")[1] for c in ranked_channels if moves[c] < 0.005]
        self.query_one("#lab-moves", Static).update(
            "How far training moved each input's weights: "
            + ", ".join(moved)
            + (f"; not at all: {', '.join(still)}." if still else ".")
        )
        outcomes = [OUTCOMES[o] for o in result.mesa_outcomes[agent]]
        tally = ", ".join(f"{WORDS[o]} in {outcomes.count(o)}" for o in OUTCOMES if o in outcomes)
        self.query_one("#lab-mazes", Static).update(
            f"In the {count} deployment mazes (each followed by its mirror image, apples and exits "
            f"swapped): {' '.join(MARKS[o] for o in outcomes)}  ({tally})"
        )
        taken = best(scores[None, :], pack([[in_training]]))[0, 0]
        self.query_one("#lab-heat-training", HeatMap).show(
            training, scores, route(training, in_training.end[taken])
        )
        plan = int(result.mesa_plans[agent, self.maze])
        outcome = outcomes[self.maze]
        self.query_one("#lab-heat-deployment-title", Static).update(
            f"Deployment maze {self.maze + 1} of {count} (m: next): {WORDS[outcome]}"
        )
        self.query_one("#lab-heat-deployment", HeatMap).show(
            deployment, scores, route(deployment, offered.end[plan])
        )
        self.call_after_refresh(self.fit_heat_maps)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Let the population grid take its room: no taller than the screen leaves, then the heat maps."""
        grid = self.query_one(PopulationGrid)
        grid.max_height = max(10, self.size.height - 12)
        self.fit_heat_maps()

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
