"""Swedish number formats in source text: "1 372,4", "– 398,9", "11.86", "0,3%"."""

from __future__ import annotations

import re

_SPACES = "\u0020\u00a0\u202f\u2009"
# A run of digit groups: "214 853 771", "1 372,4", "11.86", "2023".
_NUMBER = re.compile(rf"(?<![\w.,])(\d+(?:[{_SPACES}]\d+)*(?:[.,]\d+)?)(?![\d])")
_MINUS = re.compile(r"[-–−]\s{0,2}$")
_GROUP_SEP = re.compile(rf"[{_SPACES}]")


def _readings(run: str) -> set[float]:
    """Every number a run of space-separated digit groups can be read as.

    "2022 6 505" may be the year 2022 followed by 6 505; so each suffix of groups joined
    as thousands ("6 505" → 6505) and each group alone count as readings.
    """
    groups = _GROUP_SEP.split(run)
    out: set[float] = set()
    for start in range(len(groups)):
        for end in range(start + 1, len(groups) + 1):
            part = groups[start:end]
            # Thousands groups after the first must have exactly three digits.
            if any(len(g.split(",")[0].split(".")[0]) != 3 for g in part[1:]):
                continue
            if any(("," in g or "." in g) for g in part[:-1]):
                continue
            text = "".join(part).replace(",", ".")
            try:
                out.add(float(text))
            except ValueError:
                continue
    return out


def numbers_in(text: str) -> set[float]:
    """All numbers that `text` may state, with the sign a leading minus gives them."""
    found: set[float] = set()
    for match in _NUMBER.finditer(text):
        readings = _readings(match.group(1))
        before = text[: match.start()]
        signed = bool(_MINUS.search(before)) and not re.search(r"\d\s?[-–−]\s?$", before)
        for value in readings:
            found.add(value)
            if signed:
                found.add(-value)
    return found


def value_in_quote(value: float, quote: str, sign_in_words: bool = False) -> bool:
    """Whether `value` is stated in `quote` (its absolute value, where the sign is in words)."""
    candidates = numbers_in(quote)
    if any(abs(c - value) < 1e-9 for c in candidates):
        return True
    return sign_in_words and any(abs(abs(c) - abs(value)) < 1e-9 for c in candidates)


def parse_number(text: str) -> float | None:
    """Read one Swedish-formatted number ("– 398,9" → -398.9), or None."""
    stripped = text.strip().replace("%", "").strip()
    negative = bool(re.match(r"^[-–−]", stripped))
    digits = re.sub(rf"^[-–−]\s*", "", stripped)
    digits = _GROUP_SEP.sub("", digits).replace(",", ".")
    try:
        number = float(digits)
    except ValueError:
        return None
    return -number if negative else number
