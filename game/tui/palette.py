"""How tiles look: a glyph and a style per tile, in three palettes.

Glyphs alone tell every tile apart (green apple, other apple, green exit,
other exit, walls of each colour), so no palette relies on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.style import Style

from game.core.tiles import Colour, Kind

CELL_WIDTH = 2
"""Terminal columns per map cell: two, so that cells look square."""

AGENT = "◉ "
TRAIL = "∙ "
GLYPHS = {
    "floor": "  ",
    "green apple": "♣ ",
    "apple": "○ ",
    "green exit": "▣ ",
    "exit": "□ ",
}
WALL_GLYPHS = {Colour.GREY: "██", Colour.GREEN: "▓▓"}
OTHER_WALL = "▒▒"
"""Walls of other colours: a lighter shade, so they show even without colour."""

_STANDARD = {
    Colour.GREY: "grey58",
    Colour.GREEN: "green3",
    Colour.RED: "red3",
    Colour.BLUE: "dodger_blue2",
    Colour.YELLOW: "yellow3",
    Colour.PURPLE: "medium_purple2",
    Colour.ORANGE: "dark_orange",
    Colour.WHITE: "grey93",
}
_COLOUR_BLIND = {  # Okabe-Ito: safe for the common kinds of colour blindness
    Colour.GREY: "#9a9a9a",
    Colour.GREEN: "#009E73",
    Colour.RED: "#D55E00",
    Colour.BLUE: "#0072B2",
    Colour.YELLOW: "#F0E442",
    Colour.PURPLE: "#CC79A7",
    Colour.ORANGE: "#E69F00",
    Colour.WHITE: "#ffffff",
}


_HIGH_CONTRAST = {  # full-strength colours on black, for projectors and low vision
    Colour.GREY: "#ffffff",
    Colour.GREEN: "#00ff00",
    Colour.RED: "#ff3030",
    Colour.BLUE: "#40a0ff",
    Colour.YELLOW: "#ffff00",
    Colour.PURPLE: "#ff60ff",
    Colour.ORANGE: "#ffa000",
    Colour.WHITE: "#ffffff",
}


@dataclass(frozen=True)
class Palette:
    """Glyphs and styles for one palette; `colours` empty means monochrome."""

    name: str
    colours: dict[Colour, str] = field(default_factory=dict)

    @property
    def monochrome(self) -> bool:
        return not self.colours

    def _fg(self, colour: Colour, bold: bool = False, dim: bool = False) -> Style:
        if self.monochrome:
            return Style(bold=bold, dim=dim)
        return Style(color=self.colours[colour], bold=bold)

    def tile(self, kind: int, colour: int) -> tuple[str, Style]:
        """Glyph and style of a map cell."""
        colour = Colour(colour)
        if kind == Kind.WALL:
            glyph = WALL_GLYPHS.get(colour, OTHER_WALL)
            return glyph, self._fg(colour, dim=colour is Colour.GREY and self.monochrome)
        if kind == Kind.FLOOR:
            return GLYPHS["floor"], Style()
        green = colour is Colour.GREEN
        if kind == Kind.APPLE:
            glyph = GLYPHS["green apple" if green else "apple"]
            return glyph, self._fg(colour, bold=green, dim=not green)
        glyph = GLYPHS["green exit" if green else "exit"]
        return glyph, self._fg(colour, bold=True) + Style(underline=self.monochrome)

    def agent(self, taken_over: bool = False) -> Style:
        if self.monochrome:
            return Style(reverse=True, bold=True)
        background = "magenta" if taken_over else "blue"
        return Style(color="bright_white", bgcolor=background, bold=True)

    def trail(self) -> Style:
        return Style(dim=True) if self.monochrome else Style(color="magenta", bold=True)

    def meter(self, towards_apples: bool) -> Style:
        if self.monochrome:
            return Style(bold=towards_apples)
        return Style(color=self.colours[Colour.GREEN] if towards_apples else self.colours[Colour.GREY])


PALETTES = {
    "standard": Palette("standard", _STANDARD),
    "colour-blind": Palette("colour-blind", _COLOUR_BLIND),
    "monochrome": Palette("monochrome"),
    "high-contrast": Palette("high-contrast", _HIGH_CONTRAST),
}


def legend_lines() -> list[tuple[str, str]]:
    """(glyph, meaning) pairs for the key shown beside the maze and in the help."""
    return [
        (AGENT.strip(), "you"),
        (GLYPHS["green apple"].strip(), "green apple: what you want"),
        (GLYPHS["apple"].strip(), "other apple: worth nothing"),
        (GLYPHS["green exit"].strip(), "green exit"),
        (GLYPHS["exit"].strip(), "grey (other) exit"),
        (TRAIL.strip(), "a step the rewritten goal took"),
    ]
