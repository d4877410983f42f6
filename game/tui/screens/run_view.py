"""What the play and replay screens share: a run drawn from the core's events."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from game.agents.simulate import Stopped, known_par, par
from game.core.describe import describe
from game.core.events import (
    AteApple,
    EndReason,
    EpisodeEnded,
    EpisodeStarted,
    Event,
    GoalRewritten,
    GoalUpdated,
    Moved,
    NotReviewed,
    OverseerSaid,
    ReachedExit,
    Reviewed,
    RunEnded,
    Unreviewed,
)
from game.core.level import Level
from game.core.run import Run
from game.core.words import count
from game.tui.screens.alive import still_shown
from game.tui.screens.base import GameScreen
from game.tui.widgets.banner import Banner
from game.tui.widgets.block_digits import BlockDigits
from game.tui.widgets.goal_meter import GoalMeter
from game.tui.widgets.hud import Hud, HudState
from game.tui.widgets.map_legend import MapLegend
from game.tui.widgets.maze_view import MazeView
from game.tui.widgets.overseer_log import OverseerLog

END_WORDS = {
    EndReason.EXIT: "reached an exit",
    EndReason.APPLE: "ate a green apple",
    EndReason.ALL_APPLES: "ate the last green apple",
    EndReason.MAX_STEPS: "ran out of steps",
    EndReason.GAVE_UP: "gave up",
}


class RunView(GameScreen):
    """A run on screen: the maze, the side panel and the overseer's log."""

    HELP_LEGEND = True

    def __init__(self, level: Level, seed: int | None = None) -> None:
        super().__init__()
        self.level = level
        self.run = Run(level, seed)
        self.par: int | None = known_par(level)
        self.banner_text = ""
        self.last_taken_over = False
        """The last step drawn was taken over by the rewritten goal (the side panel says so)."""

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="play-area"):
            with Vertical(id="maze-column"):
                yield Banner(self.longest_banner(), id="banner")
                yield MazeView(id="maze")
            with Vertical(id="side-panel"):
                yield BlockDigits("0", id="big-score")
                yield Hud(id="hud")
                yield GoalMeter(id="goal")
                yield MapLegend(id="legend")
                yield Static("", id="zoom-level", markup=False)
                yield OverseerLog(id="log")
        yield Footer()

    def longest_banner(self) -> str:
        """The longest end-of-episode message of this run: the banner keeps room for it."""
        total = self.run.total
        words = max(END_WORDS.values(), key=len)
        return (
            f"Episode {total} over: {words} after 999 steps, 99 green apples.  "
            f"Press enter for episode {total}."
        )

    def on_mount(self) -> None:
        self.sub_title = self.level.title
        self.set_class(self.app.settings.presenter, "presenter")
        if self.par is None:
            self.run_worker(self._find_par, thread=True, exclusive=True, group="par")

    def _find_par(self) -> None:
        worker = get_current_worker()
        try:
            value = par(self.level, stop=lambda: worker.is_cancelled)
        except Stopped:
            return
        self.app.call_from_thread(self._set_par, value)

    def _set_par(self, value: int) -> None:
        self.par = value
        if not still_shown(self):
            return
        self.update_hud()

    def action_zoom(self, steps: int = 1) -> None:
        """Larger (1) or smaller (-1) cells; past the end, fit the box. The side panel says the size."""
        self.maze.zoom(steps)

    @on(MazeView.Zoomed)
    def _zoomed(self, event: MazeView.Zoomed) -> None:
        self.query_one("#zoom-level", Static).update(f"{event.words.capitalize()}. z/Z")
        self.query_one(MapLegend).shapes = event.maze.cell.across >= 2

    @property
    def maze(self) -> MazeView:
        return self.query_one(MazeView)

    @property
    def log_view(self) -> OverseerLog:
        return self.query_one(OverseerLog)

    # -- events -> screen ---------------------------------------------------------

    def show_events(self, events: list[Event]) -> None:
        """Draw what a step of the run caused."""
        log = self.log_view
        describe_all = self.app.settings.describe_events
        self.maze.apply(events)
        for event in events:
            if describe_all:
                log.say(self.event_words(event), marker="·")
            match event:
                case Moved(taken_over=taken_over):
                    self.last_taken_over = taken_over
                case EpisodeStarted(index=index, total=total, announce=announce):
                    self.last_taken_over = False
                    self.hide_banner()
                    log.say(f"Episode {index} of {total}. I say: {announce.value}.", style="bold")
                case OverseerSaid(text=text):
                    log.say(f"“{text}”", style="italic", marker="»")
                    if not self.banner_text:
                        self.query_one(Banner).say(f"“{text}”")  # the overseer's words, over the maze
                case Reviewed() as review:
                    if review.passed:
                        log.say(f"Review passed: {review.explanation}.", marker="✓")
                    else:
                        log.say(f"Review FAILED: {review.explanation}.", style="bold", marker="✗")
                case NotReviewed(reason=reason):
                    deployed = reason is Unreviewed.DEPLOYMENT
                    why = "it was deployment" if deployed else "I did not look at this one"
                    log.say(f"Not reviewed: {why}.", marker="–")
                case GoalUpdated(old=old, new=new, learning_rate=rate):
                    log.say(
                        f"Update applied: goal weight {old:.2f} → {new:.2f} (learning rate {rate:g}).",
                        style="bold",
                        marker="!",
                    )
                    self.query_one(GoalMeter).set_weight(new)
                case GoalRewritten():
                    log.say(
                        "Your goal is fully rewritten. The autopilot takes over.", style="bold", marker="!"
                    )
                case EpisodeEnded(index=index, reason=reason, steps=steps, apples=apples):
                    self.show_banner(
                        f"Episode {index} over: {END_WORDS[reason]} after {count(steps, 'step')}, "
                        f"{count(apples, 'green apple')}."
                    )
        self.update_hud()

    @staticmethod
    def event_words(event: Event) -> str:
        """Every event as one plain line, for describe-every-event mode."""
        match event:
            case Moved(action=action, source=s, target=t, taken_over=over, bumped=bumped):
                who = "the rewritten goal" if over else "you"
                if bumped:
                    return f"{who} bumped into a wall at row {s[0] + 1}, column {s[1] + 1}"
                if s == t:
                    return f"{who} waited"
                return f"{who} moved {action.name.lower()} to row {t[0] + 1}, column {t[1] + 1}"
            case AteApple(green=green, colour=colour):
                return "ate a green apple: +1" if green else f"ate a {colour} apple: worth nothing"
            case ReachedExit():
                return "reached an exit"
            case EpisodeEnded(index=index, reason=reason, phase=phase):
                return f"episode {index} ended ({END_WORDS[reason]}); it was really {phase.value}"
            case RunEnded(score=score):
                return f"the run is over: {count(score, 'green apple')}"
        return type(event).__name__

    def update_hud(self) -> None:
        run = self.run
        episode = run.episode
        if run.autopilot:
            control = "autopilot"
        elif run.goal_weight < 1:
            shared = "TAKEN OVER" if self.last_taken_over else "shared"
            control = f"{shared}, {round(run.goal_weight * 100)}% yours"
        else:
            control = "yours"
        if self.has_class("presenter"):
            self.query_one("#big-score", BlockDigits).update(str(run.score))
        self.query_one(Hud).state = HudState(
            episode=episode.index if episode else 0,
            total=run.total,
            announce=episode.spec.announce.value if episode else "",
            score=run.score,
            par=self.par,
            steps_left=episode.steps_left if episode else 0,
            max_steps=episode.max_steps if episode else 0,
            control=control,
            taken_over=self.last_taken_over and not run.autopilot,
        )

    def show_banner(self, text: str) -> None:
        """Say `text` above the maze, in the room kept for it (the maze's box keeps its size)."""
        self.banner_text = text
        banner = self.query_one(Banner)
        banner.say(text)
        banner.add_class("-news")

    def hide_banner(self) -> None:
        self.banner_text = ""
        banner = self.query_one(Banner)
        banner.say("")
        banner.remove_class("-news")

    def describe_now(self) -> str:
        words = describe(self.run)
        self.log_view.say(words, marker="i")
        self.notify(words, title="What you see", timeout=8)
        return words
