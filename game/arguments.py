"""Converters for command-line values: argparse `type=` callables that say what range they take."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

Number = TypeVar("Number", int, float)


def ranged(
    kind: type[Number],
    low: Number,
    high: Number,
    *,
    low_open: bool = False,
    high_open: bool = False,
    bounds: str = "",
    note: str = "",
) -> Callable[[str], Number]:
    """A converter to `kind` (int or float) that takes only numbers from `low` to `high`.

    `low_open` / `high_open` leave a bound out of the range. The message names the range in
    `bounds` when given (else from the bounds themselves), followed by `note`.
    """
    whole = kind is int
    if not bounds:
        shown_low, shown_high = (f"{low}", f"{high}") if whole else (f"{low:g}", f"{high:g}")
        top = f"below {shown_high}" if high_open else f"at most {shown_high}" if low_open else shown_high
        bounds = f"above {shown_low} and {top}" if low_open else f"from {shown_low} to {top}"

    def convert(text: str) -> Number:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be {'a whole number' if whole else 'a number'}, not {text!r}"
            ) from None
        above_low = low < value if low_open else low <= value
        below_high = value < high if high_open else value <= high
        if not (above_low and below_high):  # written so that a float NaN is refused too
            raise argparse.ArgumentTypeError(f"must be {bounds}{note}, not {value if whole else text}")
        return value

    return convert
