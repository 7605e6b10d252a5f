"""Swedish periods and dates: "2026", "långsiktigt", "jan–april 2026", "efter april 2026"."""

from __future__ import annotations

import re
from datetime import date

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


def as_of_date(as_of: str | None, fallback: str | None = None) -> str:
    """When a forecast was made, as an ISO date for sorting ("efter april 2026" → 2026-04-30).

    Falls back to the source date; month-only and year-only dates end the period.
    """
    for text in (as_of, fallback):
        if not text:
            continue
        iso = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
        if iso:
            year, month, day = int(iso[1]), int(iso[2] or 12), int(iso[3] or 0)
            return _end_of(year, month, day)
        years = years_in(text)
        months = months_in(fold(text))
        if years:
            return _end_of(years[-1], months[-1] if months else 12, 0)
    return "0000-00-00"


def _end_of(year: int, month: int, day: int) -> str:
    if not day:
        following = date(year + (month == 12), month % 12 + 1, 1)
        day = (following - date(year, month, 1)).days
    return f"{year:04d}-{month:02d}-{day:02d}"


def swedish_date(iso: str) -> str:
    """"2026-06-17" → "17 juni 2026"; "2025-12" → "december 2025"; "2023" → "2023"."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTH_NAMES[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[parts[1]]} {parts[0]}"
    return str(parts[0])
