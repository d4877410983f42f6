"""Serving the game to a classroom's browsers: textual-serve's server and app service, made to hold.

textual-serve runs one game process per browser tab and relays the tab's
websocket to it. As shipped it trusts every frame and every process:

- a frame `["stdin", ""]` is passed on as an empty data packet, which
  Textual's web driver takes for the end of its input, so the tab ignores
  every later key and never sees the "quit" sent when the tab closes;
- closing a tab waits, with no time limit, for its game to quit; a game
  that does not is never ended, and one ctrl+c then does not stop the
  server (a second one leaves the games running);
- a frame that is not JSON, not a list, or holds the wrong kinds ends the
  tab with a logged traceback, and a resize to any size is passed on.

Here the same pieces are subclassed, not copied: every frame is checked and
anything unexpected is ignored; each game runs in a process group of its
own, and stopping it sends "quit", waits a little, then ends the group;
stopping the server stops every game it started.

A game takes about a second to load its code, so the server keeps one game
started ahead of the next tab (game/spare.py): a tab takes it, tells it its
terminal size, and the next one starts loading.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shlex
import signal
from asyncio.subprocess import Process
from importlib.metadata import version
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from game.spare import SPARE_VARIABLE, size_line

log = logging.getLogger("mesa-maze.serve")

MAX_FRAME = 64 << 10
"""Characters of one websocket frame that are relayed; a longer frame is ignored."""
MAX_MESSAGE = 4 << 20
"""Bytes of one websocket message that are read at all; a longer one closes that tab."""
MAX_COLUMNS, MAX_ROWS = 1000, 500
"""The largest terminal a tab may ask for; a larger size is brought down to this."""
QUIT_GRACE = 3.0
"""Seconds a game has to quit by itself when its tab closes, before its processes are ended."""
KILL_GRACE = 2.0
"""Seconds between asking the processes to end (SIGTERM) and ending them (SIGKILL)."""


def _size(value: Any, default: int, largest: int) -> int:
    """A terminal dimension from a tab: a whole number from 1 to `largest`, else `default`."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, 1), largest)


class GameService(AppService):
    """One tab's game: started in a process group of its own, always ended when the tab goes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    spares: SpareGames | None = None
    """Where this tab's game comes from when one was started ahead of it (set by the server)."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return game_environment(self.debug) | {"COLUMNS": str(width), "ROWS": str(height)}

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        process = self.spares.take() if self.spares is not None else None
        if process is None:
            process = await start_game(self.command, self._build_environment(width, height))
        if self.spares is not None:
            self.spares.refill()
        self._process = process
        assert process.stdin is not None
        self._stdin = process.stdin
        process.stdin.write(size_line(width, height))  # the game waits for its tab's size (game/spare.py)
        return process

    async def send_bytes(self, data: bytes) -> bool:
        if not data:  # an empty data packet would end the game's input for good
            return True
        return await super().send_bytes(data)

    async def stop(self) -> None:
        """Ask the game to quit; end its processes when it has not after QUIT_GRACE. Safe to call twice."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        with contextlib.suppress(Exception):
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process is not None and process.returncode is None and self._stdin is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 1.0)
                self._stdin.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_GRACE)
        if process is not None:
            await end_process_group(process)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None


def game_environment(debug: bool) -> dict[str, str]:
    """A game's environment, as textual-serve makes it (the size comes with the tab)."""
    environment = dict(os.environ)
    environment |= {
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version("textual-serve"),
    }
    if debug:
        environment |= {"TEXTUAL": "debug,devtools", "TEXTUAL_LOG": "textual.log"}
    return environment


async def start_game(command: str, environment: dict[str, str]) -> Process:
    """Start a game: the command run directly (no shell in between), in a session of its own,
    so that a ctrl+c in the teacher's terminal reaches the server, which then ends every game itself."""
    return await asyncio.create_subprocess_exec(
        *shlex.split(command),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
        start_new_session=True,
    )


class SpareGames:
    """One game started ahead of the next tab, its code loaded, waiting for the tab's size."""

    def __init__(self, command: str, debug: bool) -> None:
        self.command = command
        self.debug = debug
        self._spare: Process | None = None
        self._starting: asyncio.Task[None] | None = None
        self._closed = False

    def take(self) -> Process | None:
        """The spare game, when one is ready and still running."""
        spare, self._spare = self._spare, None
        if spare is not None and spare.returncode is None:
            return spare
        return None

    def refill(self) -> None:
        """Start the next spare, unless one is ready or starting."""
        if self._closed or self._spare is not None or (self._starting and not self._starting.done()):
            return
        self._starting = asyncio.ensure_future(self._start())

    async def _start(self) -> None:
        try:
            spare = await start_game(self.command, game_environment(self.debug) | {SPARE_VARIABLE: "1"})
        except OSError as error:
            log.warning("no spare game: %s", error)
            return
        if self._closed:
            await end_process_group(spare)
        else:
            self._spare = spare

    def kill(self) -> None:
        """End the spare's processes at once."""
        self._closed = True
        if self._spare is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._spare.pid, signal.SIGKILL)

    async def close(self) -> None:
        """End the spare: its input closes (it then exits by itself), and its processes end."""
        self._closed = True
        if self._starting is not None:
            with contextlib.suppress(Exception):
                await self._starting
        spare, self._spare = self._spare, None
        if spare is not None:
            if spare.stdin is not None:
                spare.stdin.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(spare.wait(), KILL_GRACE)
            await end_process_group(spare)


async def end_process_group(process: Process) -> None:
    """End a game and anything it started: SIGTERM to its group, then SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, KILL_GRACE), (signal.SIGKILL, KILL_GRACE)):
        if process.returncode is not None:
            break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), grace)
    # the game itself is gone; whatever else is left in its group goes too
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


class ClassServer(Server):
    """textual-serve's server for a classroom: checked frames, games always ended, one ctrl+c stops all."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services: set[GameService] = set()
        """The games running now, one per open tab."""
        self.spares: SpareGames | None = None
        self.keep_spare = True
        """Whether a game is started ahead of the next tab (benchmarks/browser.py measures without)."""
        self._exiting = False

    def request_exit(self) -> None:
        if self._exiting:  # a second ctrl+c: end every game at once
            for service in list(self.services):
                if service.pid is not None:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(service.pid, signal.SIGKILL)
            if self.spares is not None:
                self.spares.kill()
            return
        self._exiting = True
        super().request_exit()

    async def on_startup(self, app: web.Application) -> None:
        """The first spare game starts; nothing printed: the command line has said where the game is."""
        if self.keep_spare:
            self.spares = SpareGames(self.command, self.debug)
            self.spares.refill()

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every game this server started, and close its tab."""

        async def stop(service: GameService) -> None:
            await service.stop()
            await service.remote_close()

        stopping = [stop(service) for service in list(self.services)]
        if self.spares is not None:
            stopping.append(self.spares.close())
        await asyncio.gather(*stopping, return_exceptions=True)

    def serve(self, debug: bool = False) -> None:
        """Serve until ctrl+c (or SIGTERM), then stop every game and return."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *args: None,
            shutdown_timeout=QUIT_GRACE + 2 * KILL_GRACE + 1,
        )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its game starts with the websocket and always ends with it."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        width = _size(request.query.get("width"), 80, MAX_COLUMNS)
        height = _size(request.query.get("height"), 24, MAX_ROWS)
        service: GameService | None = None
        try:
            await websocket.prepare(request)
            service = GameService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            service.spares = self.spares
            self.services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # one tab's trouble is logged and ends that tab only
            log.warning("a tab ended: %s", error)
        finally:
            if service is not None:
                await service.stop()
                self.services.discard(service)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Relay the tab's frames to its game; any frame not understood is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT or len(message.data) > MAX_FRAME:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str) and data:
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(
                    _size(data.get("width"), 80, MAX_COLUMNS), _size(data.get("height"), 24, MAX_ROWS)
                )
            elif kind == "ping" and isinstance(data, str | int | float):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
