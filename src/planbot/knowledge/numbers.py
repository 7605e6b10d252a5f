"""Swedish number formats in source text: "1 372,4", "– 398,9", "11.86", "0,3%"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SPACES = "\u0020\u00a0\u202f\u2009"
# A run of digit groups: "214 853 771", "1 372,4", "11.86", "2023".
# (Also right after a word of approximation the space is lost from: "cirka100 miljoner".)
_NUMBER = re.compile(
    rf"(?:(?<![\w.,])|(?<=cirka)|(?<=drygt)|(?<=knappt)|(?<=omkring))(\d+(?:[{_SPACES}]\d+)*(?:[.,]\d+)?)(?![\d])"
)
_MINUS = re.compile(r"[-–−]\s{0,2}$")
_GROUP_SEP = re.compile(rf"[{_SPACES}]")


def _groups(run: str) -> list[list[str]]:
    """A run of space-separated digit groups split into the numbers it states, in order.

    A group continues the number before it only as a thousands group (exactly three
    digits after a leading group of one to three): "214 853 771" is one number,
    "2022 6 505" is the year 2022 and then 6 505, "18 086 6 505" is two numbers.
    """
    numbers: list[list[str]] = []
    for group in _GROUP_SEP.split(run):
        integer = re.split(r"[.,]", group)[0]
        continues = (
            numbers
            and len(integer) == 3
            and len(numbers[-1][0]) <= 3
            and not re.search(r"[.,]", numbers[-1][-1])
        )
        if continues:
            numbers[-1].append(group)
        else:
            numbers.append([group])
    return numbers


def _readings(run: str) -> list[float]:
    """The numbers a run states, in order (then alternative readings)."""
    numbers = _groups(run)
    readings = [float("".join(groups).replace(",", ".")) for groups in numbers]
    # "47.600 kr": a point before exactly three digits may also group thousands.
    readings += [
        float(g[0].replace(".", "")) for g in numbers if len(g) == 1 and re.fullmatch(r"\d{1,3}\.\d{3}", g[0])
    ]
    return readings


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One number as the value check reads it: where it stands in the text and its value."""

    start: int
    end: int
    value: float  # as written, without a sign
    minus: bool  # a minus sign stands right before it ("– 398,9", "-7,2")


def number_spans(text: str) -> list[NumberSpan]:
    """Every number of `text` with its position, read exactly as `numbers_in` reads them."""
    spans: list[NumberSpan] = []
    for match in _NUMBER.finditer(text):
        run, offset = match.group(1), match.start(1)
        before = text[: match.start()]
        signed = bool(_MINUS.search(before)) and not re.search(r"\d[-–−]\s?$", before)
        position = 0
        for index, groups in enumerate(_groups(run)):
            start = run.index(groups[0], position)
            end = start + len(groups[0])
            for group in groups[1:]:
                end = run.index(group, end) + len(group)
            position = end
            value = float("".join(groups).replace(",", "."))
            spans.append(NumberSpan(offset + start, offset + end, value, signed and index == 0))
    return spans


@lru_cache(maxsize=1)
def _number_words() -> dict[str, float]:
    """Swedish number words from two to a hundred ("två", "nio", "trettiofem"), from num2words.

    "en"/"ett" are left out: as articles they are everywhere, so they would let a 1 pass
    for almost any quote.
    """
    from num2words import num2words

    return {num2words(n, lang="sv"): float(n) for n in range(2, 101)}


def numbers_in(text: str) -> set[float]:
    """All numbers that `text` may state, with the sign a leading minus gives them.

    Numbers written as words count too ("ökas till nio tjänster", "två procent").
    """
    words = _number_words()
    found: set[float] = {words[w] for w in re.findall(r"[a-zåäö]+", text.casefold()) if w in words}
    for match in _NUMBER.finditer(text):
        readings = _readings(match.group(1))
        before = text[: match.start()]
        signed = bool(_MINUS.search(before)) and not re.search(r"\d[-–−]\s?$", before)
        found.update(readings)
        if signed:
            # The sign belongs to the first number of the run ("– 398,9").
            found.add(-readings[0])
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
    digits = re.sub(r"^[-–−]\s*", "", stripped)
    digits = _GROUP_SEP.sub("", digits).replace(",", ".")
    try:
        number = float(digits)
    except ValueError:
        return None
    return -number if negative else number
