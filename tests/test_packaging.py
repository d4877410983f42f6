"""The levels ship inside the wheel; a checkout or editable install falls back to `levels/`."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from game.core.packs import CHECKOUT_LEVELS, PACKAGED_LEVELS, levels_root
from tests.conftest import ROOT


def test_packaged_levels_win_and_the_checkout_is_the_fallback(tmp_path):
    packaged = tmp_path / "pkg" / "levels"
    checkout = tmp_path / "repo" / "levels"
    checkout.mkdir(parents=True)
    assert levels_root(packaged, checkout) == checkout
    packaged.mkdir(parents=True)
    assert levels_root(packaged, checkout) == packaged
    # in this checkout the packaged copy is absent and the repository's folder is used
    assert not PACKAGED_LEVELS.exists() and levels_root() == CHECKOUT_LEVELS


def test_a_wheel_installed_elsewhere_plays_its_own_campaign(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("mesa_maze-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/levels/campaign/04-toy-example.toml" in names
    assert "game/quiz/questions.toml" in names  # the question bank ships as data
    assert "game/docs/levels.md" in names  # so does the level guide
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not any(name.startswith("levels/") for name in names)
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    code = "from game.core.packs import campaign_dir; print(campaign_dir())"
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=outside, env=env)
    campaign = where.stdout.strip()
    assert campaign.startswith(str(target)), where.stderr
    check = subprocess.run(
        [sys.executable, "-m", "game", "check", campaign],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
    )
    assert check.returncode == 0 and "12 level files: 0 errors" in check.stdout, check.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "game", "quiz", "--list", "--json"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
    )
    assert listed.returncode == 0 and '"idea": "honeypots"' in listed.stdout, listed.stderr
    guide = subprocess.run(
        [sys.executable, "-m", "game", "docs", "levels"], capture_output=True, text=True, cwd=outside, env=env
    )
    assert guide.returncode == 0 and guide.stdout.startswith("# Writing Mesa Maze levels"), guide.stderr
