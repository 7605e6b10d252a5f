"""Small Swedish wording helpers: plurals, schedules in words, sentence case."""

from __future__ import annotations

import re

WEEKDAYS = ("söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
)  # fmt: skip
_NUMBER = re.compile(r"\d{1,2}")
_RANGE = re.compile(r"(\d)-(\d)")


def plural(count: int, singular: str, plural_form: str) -> str:
    """ "1 uppgift", "3 uppgifter"."""
    return f"{count} {singular if count == 1 else plural_form}"


def lower_first(text: str) -> str:
    """ "Årets resultat" → "årets resultat" (mid-sentence), leaving "HME" and "SVF-mål" alone."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def _weekdays(field: str) -> str | None:
    """ "1" → "varje måndag", "1-5" → "måndag–fredag", "1,4" → "varje måndag och torsdag"."""
    if m := _RANGE.fullmatch(field):
        first, last = int(m[1]), int(m[2])
        if first < last <= 7:
            return "vardagar" if (first, last) == (1, 5) else f"{WEEKDAYS[first]}–{WEEKDAYS[last]}"
        return None
    days = field.split(",")
    if not all(d.isdigit() and int(d) <= 7 for d in days):
        return None
    return "varje " + _join([WEEKDAYS[int(d)] for d in days])


def schedule_words(cron: str) -> str:
    """A cron schedule as a Swede says it: "0 8 1 * *" → "första dagen i månaden kl. 08.00".

    Schedules with steps, several hours or both a day of the month and a weekday are
    given as they are ("enligt schemat 0 */2 * * *").
    """
    fields = cron.split()
    fallback = f"enligt schemat {cron}"
    if len(fields) != 5:
        return fallback
    minute, hour, day, month, weekday = fields
    if not (_NUMBER.fullmatch(minute) and _NUMBER.fullmatch(hour)) or int(hour) > 23 or int(minute) > 59:
        return fallback
    at = f"kl. {int(hour):02d}.{int(minute):02d}"
    if month != "*" and not (month.isdigit() and 1 <= int(month) <= 12):
        return fallback
    in_month = f" i {MONTHS[int(month) - 1]}" if month != "*" else ""
    if day == "*" and weekday == "*":
        return f"varje dag{in_month} {at}"
    if day == "*":
        days = _weekdays(weekday)
        return f"{days}{in_month} {at}" if days else fallback
    if weekday != "*" or not (day.isdigit() and 1 <= int(day) <= 31):
        return fallback
    if month != "*":
        return f"den {int(day)} {MONTHS[int(month) - 1]} {at}"
    return f"första dagen i månaden {at}" if day == "1" else f"den {int(day)} i varje månad {at}"
