"""Numbers, units, dates and period words in the answer's language: Swedish, or English.

The curated facts are Swedish ("120 mnkr", "efter april 2026"); a question in English gets
the same facts with English number formats (Babel, en_GB), English units and English
period words. Measure names, qualifiers and quotes stay as the sources write them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from planbot.answer.model import Answer
from planbot.formats import MINUS

LANGUAGES = ("sv", "en")
LOCALES = {"sv": "sv_SE", "en": "en_GB"}

# How a person writes a value with each curated unit: (before the number, after it).
# "35 antal" is just 35; "77 index" is "index 77"; English money is "SEK 120m".
_UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "sv": {
        "antal": ("", ""),
        "index": ("index ", ""),
        "medelvärde 1–5": ("", " (medelvärde, skala 1–5)"),
        "procentenheter": ("", " procentenheter"),
    },
    "en": {
        "mnkr": ("SEK ", "m"),
        "mdkr": ("SEK ", "bn"),
        "tkr": ("SEK ", "k"),
        "kr": ("SEK ", ""),
        "kr per skattekrona": ("SEK ", " per tax krona"),
        "kr/m²": ("SEK ", "/m²"),
        "%": ("", "%"),
        "procentenheter": ("", " percentage points"),
        "antal": ("", ""),
        "st": ("", ""),
        "index": ("index ", ""),
        "medelvärde 1–5": ("", " (mean, scale 1–5)"),
        "ton CO2e": ("", " t CO2e"),
        "ton": ("", " t"),
        "dagar": ("", " days"),
        "minuter": ("", " minutes"),
        "månader": ("", " months"),
        "år": ("", " years"),
        "av 10": ("", " out of 10"),
        "miljoner": ("", " million"),
        "miljoner personer": ("", " million people"),
        "per 1 000 inv. >80 år": ("", " per 1,000 inhabitants over 80"),
        "per 100 000 inv. >20 år": ("", " per 100,000 inhabitants over 20"),
    },
}

_EN_WORDS = {
    "januari": "January", "februari": "February", "mars": "March", "april": "April", "maj": "May",
    "juni": "June", "juli": "July", "augusti": "August", "september": "September",
    "oktober": "October", "november": "November", "december": "December",
    "jan": "Jan", "feb": "Feb", "mar": "Mar", "apr": "Apr", "jun": "Jun", "jul": "Jul", "aug": "Aug",
    "sep": "Sep", "sept": "Sep", "okt": "Oct", "nov": "Nov", "dec": "Dec",
    "efter": "after", "per": "as of", "till": "by", "långsiktigt": "long term", "löpande": "ongoing",
    "tertial": "four-month period", "helår": "full year", "helåret": "the full year",
    "senaste": "latest", "månaderna": "months", "ej angivet": "not stated", "och": "and",
}  # fmt: skip
_EN_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _EN_WORDS), key=len, reverse=True)) + r")\b")


def language_of(answer: Answer) -> str:
    """ "en" for an answer to an English question, else "sv"."""
    language = answer.context.get("language")
    return language if language in LANGUAGES else "sv"


@lru_cache(maxsize=8192)
def number(value: float, language: str = "sv") -> str:
    """1 372,4 (sv) or 1,372.4 (en), with a true minus sign."""
    from babel.numbers import format_decimal  # imported lazily: start-up time matters

    return format_decimal(value, format="#,##0.###", locale=LOCALES[language]).replace("-", MINUS)


@lru_cache(maxsize=8192)
def quantity(value: float, unit: str | None, language: str = "sv") -> str:
    """A value as a person writes it: "120 mnkr", "35", "index 77"; "SEK 120m", "75%" in English."""
    shown = number(value, language)
    if not unit:
        return shown
    before, after = _UNITS[language].get(unit, ("", f" {unit}"))
    return f"{before}{shown}{after}"


def signed(value: float, unit: str | None, language: str = "sv") -> str:
    """A difference with its sign: "+12 mnkr", "−5 procentenheter"."""
    text = quantity(value, unit, language)
    return "+" + text if value > 0 else text


@lru_cache(maxsize=1024)
def long_date(iso: str, language: str = "sv") -> str:
    """2026-06-17 → "17 juni 2026" (sv) or "17 June 2026" (en); 2025-12 → "december 2025"."""
    from babel.dates import format_date  # imported lazily: start-up time matters

    parts = [int(p) for p in iso.split("-") if p.isdigit()]
    if len(parts) == 3:
        return format_date(date(*parts), "d MMMM y", locale=LOCALES[language])
    if len(parts) == 2:
        return format_date(date(parts[0], parts[1], 1), "MMMM y", locale=LOCALES[language])
    return str(parts[0]) if parts else iso


@lru_cache(maxsize=4096)
def period_words(text: str, language: str = "sv") -> str:
    """A curated period or as-of text in the answer's language: "efter april 2026" → "after April 2026"."""
    if language == "sv" or not text:
        return text
    return _EN_PATTERN.sub(lambda m: _EN_WORDS[m.group(1)], text)
