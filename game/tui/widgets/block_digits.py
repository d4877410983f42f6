"""Large digits drawn in full and half blocks, so a browser draws them as solid strokes.

Textual's `Digits` uses box-drawing characters, which a browser draws as
hairlines (a 0 reads as a rectangle, a 1 as a hook). These digits are a
3x5 pixel font; each pixel is `scale` columns wide and `scale` half-rows
tall (a half-row is about as tall as a column is wide), drawn with
█ ▀ ▄. The scale is the largest that fits the width and a share of the
screen's height, so the digits grow with the screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "-": ("...", "...", "###", "...", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    ".": ("...", "...", "...", "...", ".#."),
    " ": ("...", "...", "...", "...", "..."),
}
"""Each character as five rows of three pixels (# lit)."""
PIXEL_ROWS = 5
MAX_SCALE = 4
HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _pixels(value: str) -> list[str]:
    """The lit pixels of `value` as rows, one pixel gap between characters (unknown ones are blank)."""
    glyphs = [FONT.get(char, FONT[" "]) for char in value] or [FONT[" "]]
    return [".".join(glyph[row] for glyph in glyphs) for row in range(PIXEL_ROWS)]


def width_at(value: str, scale: int) -> int:
    """Columns `value` takes at `scale`."""
    return len(_pixels(value)[0]) * scale


def rows_at(scale: int) -> int:
    """Lines the digits take at `scale` (two half-rows a line)."""
    return (PIXEL_ROWS * scale + 1) // 2


def draw(value: str, scale: int) -> list[str]:
    """`value` as lines of █ ▀ ▄ and spaces, each pixel `scale` columns by `scale` half-rows."""
    halves = [row for row in _pixels(value) for _ in range(scale)]
    if len(halves) % 2:
        halves.append("." * len(halves[0]))
    lines = []
    for top, bottom in zip(halves[::2], halves[1::2], strict=True):
        line = "".join(HALVES[a == "#", b == "#"] for a, b in zip(top, bottom, strict=True))
        lines.append("".join(char * scale for char in line))
    return lines


def fitting_scale(value: str, width: int, height: int) -> int:
    """The largest scale (at least 1) whose digits fit `width` columns and `height` lines."""
    for scale in range(MAX_SCALE, 1, -1):
        if width_at(value, scale) <= width and rows_at(scale) <= height:
            return scale
    return 1


class BlockDigits(Widget):
    """A number (digits, '-', '/', '.') in solid block strokes, centred, as large as the room allows.

    The height it may take is `share` of the screen's height (at least three lines).
    """

    DEFAULT_CSS = """
    BlockDigits {
        width: 1fr;
        height: auto;
        text-align: center;
    }
    """

    value: reactive[str] = reactive("", layout=True)

    def __init__(self, value: str = "", *, share: float = 1 / 6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.share = share
        self.set_reactive(BlockDigits.value, value)

    def update(self, value: str) -> None:
        """Show `value` (Digits' signature)."""
        self.value = value

    def _scale(self, width: int) -> int:
        return fitting_scale(self.value, width, max(rows_at(1), int(self.screen.size.height * self.share)))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return width_at(self.value, self._scale(container.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return rows_at(self._scale(width))

    def render(self) -> Text:
        lines = draw(self.value, self._scale(self.content_size.width))
        return Text("\n".join(lines), no_wrap=True, overflow="crop")
