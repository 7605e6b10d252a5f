"""Swedish periods and dates: "2026", "långsiktigt", "jan–april 2026", "efter april 2026"."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from planbot.text import fold

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ALIASES = {
    **{name: number for name, number in MONTHS.items()},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
LONG_TERM_WORDS = ("langsiktig", "langiktig", "langsikt")

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_WORD = re.compile(r"[a-z]+")


def years_in(text: str) -> list[int]:
    """Four-digit years in `text`, in order."""
    return [int(y) for y in _YEAR.findall(text)]


def months_in(folded: str) -> list[int]:
    """Month numbers named in already folded text, in order."""
    return [MONTH_ALIASES[w] for w in _WORD.findall(folded) if w in MONTH_ALIASES]


def is_long_term(text: str) -> bool:
    folded = fold(text)
    return any(word in folded for word in LONG_TERM_WORDS)


def period_year(period: str) -> int | None:
    """The year a period is about: the last year it names ("2012–2022" → 2022)."""
    years = years_in(period)
    return years[-1] if years else None


def as_of_date(as_of: str | None, document_date: str | None = None) -> str:
    """When a forecast was made, as an ISO date for sorting ("efter april 2026" → 2026-04-30).

    Month-only and year-only dates end their period. A forecast is never later than the
    document that states it ("SCB:s befolkningsprognos 2023–2070" in a 2023 plan is 2023).
    """
    ceiling = _parse_date(document_date) if document_date else None
    made = _parse_date(as_of) if as_of else None
    if made is None or (ceiling is not None and made > ceiling):
        made = ceiling
    return made or "0000-00-00"


def _parse_date(text: str) -> str | None:
    iso = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if iso:
        return _end_of(int(iso[1]), int(iso[2] or 12), int(iso[3] or 0))
    years = years_in(text)
    if not years:
        return None
    months = months_in(fold(text))
    return _end_of(years[-1], months[-1] if months else 12, 0)


def _end_of(year: int, month: int, day: int) -> str:
    if not day:
        following = date(year + (month == 12), month % 12 + 1, 1)
        day = (following - date(year, month, 1)).days
    return f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=1024)
def swedish_date(iso: str) -> str:
    """A date as Swedes write it (Babel, sv_SE): 2026-06-17 → 17 juni 2026, 2025-12 → december 2025."""
    from babel.dates import format_date  # imported lazily: start-up time matters

    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return format_date(date(*parts), "d MMMM y", locale="sv_SE")
    if len(parts) == 2:
        return format_date(date(parts[0], parts[1], 1), "MMMM y", locale="sv_SE")
    return str(parts[0])
