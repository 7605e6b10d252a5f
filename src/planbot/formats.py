"""Swedish number formats for everything a user reads: "1 372,4 mnkr", "−212 mnkr", "75 %"."""

from __future__ import annotations

from functools import lru_cache

MINUS = "\u2212"


@lru_cache(maxsize=8192)
def number(value: float, decimals: int | None = None) -> str:
    """A number in Swedish format with a non-breaking thousands space and a true minus."""
    from babel.numbers import format_decimal  # imported lazily: start-up time matters

    pattern = "#,##0.###" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale="sv_SE")
    return text.replace("-", MINUS)


@lru_cache(maxsize=8192)
def quantity(value: float, unit: str | None) -> str:
    """A value with its unit: 75 %, 120 mnkr, 11,86 kr per skattekrona."""
    shown = number(value)
    return f"{shown} {unit}" if unit else shown


def difference_unit(unit: str | None) -> str | None:
    """The unit of a difference: between two percentages it is percentage points."""
    return "procentenheter" if unit == "%" else unit


def signed_quantity(value: float, unit: str | None) -> str:
    """A difference, always with its sign: +12 mnkr, −315 mnkr, +5 procentenheter."""
    text = quantity(value, difference_unit(unit))
    return text if value < 0 else "+" + text if value > 0 else text
