"""Swedish periods and dates: "2026", "långsiktigt", "jan–april 2026", "efter april 2026"."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


_RANGE = re.compile(r"((?:19|20)\d{2})\s*[–/-]\s*((?:19|20)\d{2})")
_MONTH_SPAN = re.compile(r"\b([a-z]+)\s*[–-]\s*([a-z]+)\s+((?:19|20)\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([a-z]+)\s+((?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(r"\b([a-z]+)\s+((?:19|20)\d{2})\b")
_TERTIAL = re.compile(r"\btertial\s+([123])\s+((?:19|20)\d{2})\b")


@dataclass(frozen=True, slots=True)
class FactPeriod:
    """A fact's period, read once: what span of time its figure is about.

    `shape` is one of: year ("2024"), range ("2024–2026"), months ("jan–april 2026",
    "tertial 1 2023"), month ("januari 2023"), date ("per 30 april 2023"), long_term,
    other (with the years it names, if any: "senaste 12 månaderna (juni 2023)"), timeless
    ("löpande", "ej angivet").
    """

    shape: str
    years: frozenset[int] = frozenset()
    first_month: int | None = None
    last_month: int | None = None
    day: int | None = None

    @property
    def year(self) -> int | None:
        return max(self.years) if self.years else None

    @property
    def partial(self) -> bool:
        """About a part of a year (months, a month, a date), not a whole year."""
        return self.shape in ("months", "month", "date")


@lru_cache(maxsize=4096)
def fact_period(period: str) -> FactPeriod:
    """Read a curated period text (see knowledge/README.md) into a FactPeriod."""
    text = fold(period).replace("—", "-").strip()
    if is_long_term(text):
        return FactPeriod("long_term")
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return FactPeriod("year", frozenset({int(text)}))
    if m := re.fullmatch(r"till ((?:19|20)\d{2})", text):
        return FactPeriod("year", frozenset({int(m[1])}))
    if (m := _DAY_MONTH.search(text)) and m[2] in MONTH_ALIASES:
        month = MONTH_ALIASES[m[2]]
        return FactPeriod("date", frozenset({int(m[3])}), month, month, int(m[1]))
    if m := _TERTIAL.search(text):
        first = (int(m[1]) - 1) * 4 + 1
        return FactPeriod("months", frozenset({int(m[2])}), first, first + 3)
    if (m := _MONTH_SPAN.search(text)) and m[1] in MONTH_ALIASES and m[2] in MONTH_ALIASES:
        return FactPeriod("months", frozenset({int(m[3])}), MONTH_ALIASES[m[1]], MONTH_ALIASES[m[2]])
    if m := _RANGE.search(text):
        first, last = int(m[1]), int(m[2])
        if first < last and not re.search(r"[a-z]{3,}\s+" + m[1], text):
            return FactPeriod("range", frozenset(range(first, last + 1)))
    years = years_in(text)
    if (m := _MONTH_YEAR.fullmatch(text)) and m[1] in MONTH_ALIASES:
        month = MONTH_ALIASES[m[1]]
        return FactPeriod("month", frozenset({int(m[2])}), month, month)
    if years:
        return FactPeriod("other", frozenset(years))
    return FactPeriod("timeless")
