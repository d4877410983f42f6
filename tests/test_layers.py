"""The layers of docs/architecture.md: the core knows nothing of the rest, and only the interface,
the server and the command line import Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

GAME = ROOT / "game"
MAY_IMPORT_TEXTUAL = ("game/tui/", "game/serving.py", "game/cli.py")


def imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_core_imports_only_the_core_and_the_file_helpers():
    for path in modules(GAME / "core"):
        outside = {
            name
            for name in imports(path)
            if name.startswith("game") and not name.startswith("game.core") and name != "game.fileio"
        }
        assert not outside, f"{path.relative_to(ROOT)} imports {sorted(outside)}"


def test_only_the_interface_the_server_and_the_command_line_import_textual():
    for path in modules(GAME):
        where = path.relative_to(ROOT).as_posix()
        if where.startswith(MAY_IMPORT_TEXTUAL):
            continue
        textual = {name for name in imports(path) if name.split(".")[0] in ("textual", "textual_serve")}
        assert not textual, f"{where} imports {sorted(textual)}"


def test_importing_every_core_module_loads_no_textual():
    names = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in modules(GAME / "core")
    ]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({n!r})\n" for n in names)
    code += "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
