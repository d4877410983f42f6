"""Every palette's contrast, computed from its theme: objects >= 3:1 on the floor, text >= 4.5:1."""

from __future__ import annotations

import pytest
from textual.color import Color

from game.tui.themes import COLOUR_NAMES, MARKS, THEMES
from game.tui.widgets.heat_map import HEAT


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG's contrast ratio of two opaque colours."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolved(name: str) -> dict[str, Color]:
    """The theme's CSS variables as Textual computes them, translucent ones laid on the background."""
    theme = THEMES[name]
    variables = theme.to_color_system().generate() | theme.variables
    background = Color.parse(variables["background"])
    colours = {}
    for key, value in variables.items():
        if value.startswith("auto"):
            continue  # text that takes its colour from what it is written on: see `on`
        try:
            colour = Color.parse(value)
        except Exception:
            continue
        colours[key] = background + colour if colour.a < 1 else colour
    colours["variables"] = variables  # type: ignore[assignment]
    return colours


def on(colours: dict, text: str, under: str) -> tuple[Color, Color]:
    """The colour `text` has when written on `under` ("auto 60%": Textual's contrasting text)."""
    base = colours[under]
    value = colours["variables"][text]
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
        return base + base.get_contrast_text(alpha), base
    return colours[text], base


TEXT = ("foreground", "text", "text-muted", "primary", "success", "warning", "error", "accent")
"""Colours the game writes text in (its stylesheet's `color:` rules and Textual's own text)."""
UNDER_TEXT = ("background", "surface", "panel")


@pytest.mark.parametrize("palette", list(THEMES))
def test_every_object_stands_out_from_the_floor(palette):
    colours = resolved(palette)
    floor = colours["maze-floor"]
    assert floor == colours["background"]  # the maze's floor is the screen's background
    low = {
        name: round(contrast(colours[f"maze-{name}"], floor), 2)
        for name in (*COLOUR_NAMES, *MARKS)
        if contrast(colours[f"maze-{name}"], floor) < 3.0
    }
    assert not low, f"{palette}: below 3:1 against the floor: {low}"
    cursor = contrast(colours["maze-cursor"], colours["maze-cursor-text"])
    assert cursor >= 4.5


@pytest.mark.parametrize("palette", list(THEMES))
def test_text_is_at_least_4_5_to_1(palette):
    colours = resolved(palette)
    ratios = {(text, under): contrast(*on(colours, text, under)) for text in TEXT for under in UNDER_TEXT}
    low = {pair: round(ratio, 2) for pair, ratio in ratios.items() if ratio < 4.5}
    assert not low, f"{palette}: text below 4.5:1: {low}"
    footer = contrast(colours["footer-key-foreground"], colours["footer-background"])
    assert footer >= 4.5
    assert contrast(colours["footer-description-foreground"], colours["footer-background"]) >= 4.5


@pytest.mark.parametrize("palette", [name for name in THEMES if name != "monochrome"])
def test_objects_stand_out_on_every_heat(palette):
    """In the lab's heat views an object sits on its cell's heat: every heat is dark enough."""
    colours = resolved(palette)
    low = {
        (name, heat): round(contrast(colours[f"maze-{name}"], Color.parse(heat)), 2)
        for name in (*COLOUR_NAMES, "agent")
        for heat in HEAT
        if contrast(colours[f"maze-{name}"], Color.parse(heat)) < 3.0
    }
    assert not low, f"{palette}: below 3:1 on a heat: {low}"


def test_the_ratio_is_wcags():
    assert round(contrast(Color(0, 0, 0), Color(255, 255, 255)), 1) == 21.0
    assert contrast(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, abs=0.01)
