"""Text normalisation shared by the knowledge build and the query parser."""

from __future__ import annotations

import re
import unicodedata

# Letters folded to ASCII before the general rule (NFKD, combining marks dropped) applies.
FOLDS = {
    "æ": "a",
    "ø": "o",
    "ß": "ss",
    "–": "-",
    "—": "-",
    "−": "-",
    "å": "a",
    "ä": "a",
    "ö": "o",
    "é": "e",
    "ü": "u",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]")
_TOKEN = re.compile(r"[a-z0-9]+")


def clean(text: str, limit: int = 2000) -> str:
    """User text made safe to process: control characters gone, whitespace collapsed, bounded."""
    text = _CONTROL.sub(" ", text[: limit * 2])
    return " ".join(text.split())[:limit]


def fold(text: str) -> str:
    """Casefold and strip diacritics: "Sjukfrånvaron" → "sjukfranvaron"."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    # str.replace per letter: several times faster than str.translate with a table, and the
    # same, since no replacement holds a letter that is replaced.
    for letter, replacement in FOLDS.items():
        if letter in folded:
            folded = folded.replace(letter, replacement)
    if folded.isascii():  # the common case, after the Swedish letters above
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Folded word tokens."""
    return _TOKEN.findall(fold(text))


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, for comparing quotes with their lines."""
    return " ".join(text.split())
