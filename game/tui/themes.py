"""The game's palettes, as Textual themes: one colour system for the whole app.

Each palette is a registered theme. Besides Textual's own colours, a theme
sets the map's colours as theme variables (`$maze-green`, `$maze-agent`...);
widgets that draw maps declare component classes (`maze-view--green`...)
coloured from those variables and read them with `get_component_rich_style`,
as Textual's `DataTable` does. Changing the theme recolours every widget.

Every object colour is at least 3:1 against the floor (`$maze-floor`) and
text at least 4.5:1 against the backgrounds it is written on, in every
palette: tests/test_themes.py computes the ratios from these themes.
"""

from __future__ import annotations

import dataclasses

from textual.theme import BUILTIN_THEMES, Theme

from game.core.tiles import Colour

COLOUR_NAMES = tuple(colour.name.lower() for colour in Colour)
"""grey, green, red, blue, yellow, purple, orange, white: the colours of walls, apples and exits."""
MARKS = ("agent", "agent-taken-over", "trail")
"""What is drawn on a map besides its tiles."""


def _map_colours(
    floor: str, colours: dict[str, str], agent: str, taken_over: str, trail: str
) -> dict[str, str]:
    variables = {f"maze-{name}": colours[name] for name in COLOUR_NAMES}
    variables |= {
        "maze-floor": floor,
        "maze-agent": agent,
        "maze-agent-taken-over": taken_over,
        "maze-trail": trail,
        "maze-cursor": "#ffd700",
        "maze-cursor-text": "#000000",
    }
    return variables


_DARK = BUILTIN_THEMES["textual-dark"]
_DARK_FLOOR = "#121212"

STANDARD = dataclasses.replace(
    _DARK,
    name="mesa-standard",
    primary="#4a9fe8",  # Textual's #0178D4 is 4.1:1 on the dark background: too faint for text
    error="#ff7d90",
    background=_DARK_FLOOR,
    variables=_map_colours(
        _DARK_FLOOR,
        {
            "grey": "#949494",
            "green": "#00d700",
            "red": "#ff3b3b",
            "blue": "#4c8dff",
            "yellow": "#d7d700",
            "purple": "#c77dff",
            "orange": "#ff8700",
            "white": "#eeeeee",
        },
        agent="#5fd7ff",
        taken_over="#ff5fff",
        trail="#ff5fff",
    ),
)
COLOUR_BLIND = dataclasses.replace(
    STANDARD,
    name="mesa-colour-blind",
    variables=_map_colours(
        _DARK_FLOOR,
        {  # Okabe-Ito: safe for the common kinds of colour blindness
            "grey": "#9a9a9a",
            "green": "#009E73",
            "red": "#E0661A",  # Okabe-Ito's vermillion #D55E00, a little lighter
            "blue": "#2C8FD6",  # Okabe-Ito's blue #0072B2 is 3.0:1 on the floor: lightened
            "yellow": "#F0E442",
            "purple": "#CC79A7",
            "orange": "#E69F00",
            "white": "#ffffff",
        },
        agent="#56B4E9",
        taken_over="#CC79A7",
        trail="#CC79A7",
    ),
)
HIGH_CONTRAST = Theme(
    name="mesa-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5050",
    dark=True,
    variables=_map_colours(
        "#000000",
        {  # full-strength colours on black, for projectors and low vision
            "grey": "#ffffff",
            "green": "#00ff00",
            "red": "#ff4a4a",
            "blue": "#40a0ff",
            "yellow": "#ffff00",
            "purple": "#ff60ff",
            "orange": "#ffa000",
            "white": "#ffffff",
        },
        agent="#00ffff",
        taken_over="#ff60ff",
        trail="#ff60ff",
    ),
)
MONOCHROME = Theme(
    name="mesa-monochrome",
    primary="#d0d0d0",
    secondary="#a0a0a0",
    accent="#ffffff",
    foreground="#e0e0e0",
    background="#000000",
    surface="#101010",
    panel="#202020",
    success="#ffffff",
    warning="#ffffff",
    error="#ffffff",
    dark=True,
    variables=_map_colours(
        "#000000",
        {name: "#ffffff" for name in COLOUR_NAMES} | {"grey": "#a8a8a8"},  # shapes alone tell objects apart
        agent="#ffffff",
        taken_over="#ffffff",
        trail="#c0c0c0",
    )
    | {"maze-cursor": "#ffffff"},
)

THEMES = {
    "standard": STANDARD,
    "colour-blind": COLOUR_BLIND,
    "monochrome": MONOCHROME,
    "high-contrast": HIGH_CONTRAST,
}
"""Each palette's theme, by the palette's name in the settings."""

VARIABLE_DEFAULTS = STANDARD.variables
"""The map's colours under a theme that is not the game's own (Textual's, chosen in ctrl+p)."""


def object_css(widget: str) -> str:
    """CSS for a map-drawing widget's component classes: `<prefix>--<colour>` and the agent's marks."""
    prefix = "".join(f"-{c.lower()}" if c.isupper() else c for c in widget).lstrip("-")
    rules = [f"{widget} > .{prefix}--{name} {{ color: $maze-{name}; }}" for name in (*COLOUR_NAMES, *MARKS)]
    rules.append(f"{widget} > .{prefix}--agent {{ text-style: bold; }}")
    rules.append(f"{widget} > .{prefix}--cursor {{ color: $maze-cursor-text; background: $maze-cursor; }}")
    return "\n".join(rules)


def component_classes(widget: str) -> set[str]:
    prefix = "".join(f"-{c.lower()}" if c.isupper() else c for c in widget).lstrip("-")
    return {f"{prefix}--{name}" for name in (*COLOUR_NAMES, *MARKS, "cursor")}
