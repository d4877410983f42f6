"""The page `mesa-maze serve` hands to browsers, with nothing fetched from the internet.

textual-serve's own page loads its font from a web font service, which an
offline classroom cannot reach. The same font ships inside textual-serve and
is served by the game's own server, so the page is rewritten to use that
copy: every request a browser makes goes to the teacher's machine.

The page also gets a title and the game's icon, asks for the font at once
(not after the script), starts the terminal as soon as the page is read and
the font is in (not once every image has loaded), puts the keyboard in the
terminal as soon as it is made (a class types its names without clicking
first), and holds keys typed before the game has drawn its first screen
until it has, instead of losing them; it marks a held key's repeats
(game/tui/repeats.py).
"""

from __future__ import annotations

import atexit
import base64
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path

LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-style: italic;
      }
    </style>"""

_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)

FAVICON = resources.files("game").joinpath("favicon.svg")

PAGE_HEAD = """<title>Mesa Maze</title>
    <link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,{icon}" />
    <link rel="preload" href="{{{{ config.static.url }}}}fonts/RobotoMono-VariableFont_wght.ttf"
      as="font" type="font/ttf" crossorigin />
    <script>
      (() => {{
        // A game starts out of focus and without its first screen. Until it has drawn that screen, keys
        // typed in the page wait (a class types its names at once); then the game is told the keyboard
        // is its, and gets them (`flush`). Other frames wait only for the connection to open.
        const keyboard = () => document.querySelector("#terminal textarea");
        const send = WebSocket.prototype.send;
        let game = null;
        WebSocket.prototype.send = function (data) {{
          game = this;
          if (!this.held) {{
            this.held = [];
            const drawn = (event) => {{
              if (typeof event.data === "string" || event.data.byteLength < 1000) return;
              this.removeEventListener("message", drawn);
              if (document.activeElement === keyboard()) send.call(this, JSON.stringify(["focus"]));
              this.flush();
            }};
            this.addEventListener("message", drawn);
            this.addEventListener("open", () => {{
              const still = [];
              for (const frame of this.held.splice(0)) {{
                if (this.waits(frame)) still.push(frame);
                else send.call(this, frame);
              }}
              this.held.push(...still);
            }});
          }}
          if (this.waits(data)) this.held.push(data);
          else send.call(this, data);
        }};
        // Held keys go one at a time, each once the game has answered the one before and then been still
        // for 100 ms (at most 500 ms, for a key that changes nothing on screen), as a person types: an
        // enter has moved the focus to the next field before the next key arrives. Keys typed meanwhile
        // queue behind them.
        WebSocket.prototype.flush = function () {{
          const frame = this.held.shift();
          if (frame === undefined) {{
            this.drawn = true;
            return;
          }}
          send.call(this, frame);
          let quiet = null;
          const next = () => {{
            clearTimeout(longest);
            clearTimeout(quiet);
            this.removeEventListener("message", heard);
            this.flush();
          }};
          const heard = () => {{
            clearTimeout(quiet);
            quiet = setTimeout(next, 100);  // the answer is over once the game has been still a moment
          }};
          const longest = setTimeout(next, 500);
          this.addEventListener("message", heard);
        }};
        WebSocket.prototype.waits = function (frame) {{
          const key = String(frame).startsWith('["stdin"');
          return this.readyState === WebSocket.CONNECTING || (key && !this.drawn);
        }};
        // A held key's repeats go with the terminal's hyper modifier, which nothing else here sends:
        // the game then knows which keys were pressed and which repeat (game/tui/repeats.py).
        const ARROWS = {{ ArrowUp: "A", ArrowDown: "B", ArrowRight: "C", ArrowLeft: "D" }};
        window.addEventListener("keydown", (event) => {{
          if (!event.repeat || !game || event.target !== keyboard()) return;
          if (event.ctrlKey || event.altKey || event.metaKey) return;
          let sequence;
          if (event.key in ARROWS) sequence = "\\x1b[1;17" + ARROWS[event.key];
          else if ([...event.key].length === 1) {{
            const code = event.key.codePointAt(0);
            sequence = "\\x1b[" + code + ";17;" + code + "u";
          }} else return;
          event.preventDefault();
          event.stopImmediatePropagation();
          game.send(JSON.stringify(["stdin", sequence]));
        }}, true);
        // textual.js makes the terminal and connects on load, which waits for the intro's background image;
        // it is started as soon as the page is read and the terminal's font is in, and then the keyboard
        // goes to the terminal (not at the first click).
        document.addEventListener("DOMContentLoaded", () => {{
          const start = window.onload;
          window.onload = null;
          const begin = () => {{
            if (start) start.call(window, new Event("load"));
            keyboard()?.focus();
          }};
          document.fonts.load('16px "Roboto Mono"').then(begin, begin);
        }});
      }})();
    </script>
  </head>"""


def page_head() -> str:
    """What the page gets before `</head>`: title, icon, font preload, keyboard focus, held keys."""
    icon = base64.b64encode(FAVICON.read_bytes()).decode("ascii")
    return PAGE_HEAD.format(icon=icon)


def offline_page(text: str) -> str:
    """textual-serve's page with the web font link replaced by the locally served font, and `page_head`."""
    return _WEB_FONT.sub(LOCAL_FONT, text).replace("</head>", page_head(), 1)


def offline_templates() -> Path:
    """A folder of textual-serve's templates, rewritten to fetch nothing from outside."""
    folder = Path(tempfile.mkdtemp(prefix="mesa-maze-serve-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    templates = resources.files("textual_serve").joinpath("templates")
    for entry in templates.iterdir():
        if entry.name.endswith(".html"):
            (folder / entry.name).write_text(
                offline_page(entry.read_text(encoding="utf-8")), encoding="utf-8"
            )
    return folder
