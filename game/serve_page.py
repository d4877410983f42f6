"""The page `mesa-maze serve` hands to browsers, with nothing fetched from the internet.

textual-serve's own page loads its font from a web font service, which an
offline classroom cannot reach. The same font ships inside textual-serve and
is served by the game's own server, so the page is rewritten to use that
copy: every request a browser makes goes to the teacher's machine.
"""

from __future__ import annotations

import atexit
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


def offline_page(text: str) -> str:
    """textual-serve's page with the web font link replaced by the locally served font."""
    return _WEB_FONT.sub(LOCAL_FONT, text)


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
