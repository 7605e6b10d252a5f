"""The curated glossary (knowledge/glossary.yaml): words people use for what the sources say.

English terms ("sick leave"), abbreviations ("HSF", "Som SV") and everyday words map to
the sources' own words. A question is read with the meanings added next to the terms it
uses; a qualifier is described with the meanings of the abbreviations it contains. Terms
match whole words, case and å/ä/ö ignored, longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planbot.text import fold


class Glossary:
    """Terms and their meanings, compiled into one pattern."""

    def __init__(self, terms: Iterable[tuple[str, str]] = ()) -> None:
        self.meanings: dict[str, str] = {}
        self._loose: dict[str, str] = {}  # the meanings by their terms written loosely
        for term, means in terms:
            key = " ".join(fold(term).split())
            meaning = fold(means)
            if key and meaning != key:
                self.meanings[key] = meaning
                self._loose[_loose(key)] = meaning
        alternatives = sorted(self.meanings, key=len, reverse=True)
        # The words of a term may be joined by spaces or hyphens: "purchased-care".
        self._pattern = (
            re.compile(
                r"(?<![a-z0-9])(?:"
                + "|".join(_SEPARATOR.join(re.escape(w) for w in t.split()) for t in alternatives)
                + r")(?![a-z0-9])"
            )
            if alternatives
            else None
        )

    def __bool__(self) -> bool:
        return bool(self.meanings)

    def expand(self, folded: str) -> str:
        """`folded` with each term's meaning added after it ("hsf" → "hsf halso- och …")."""
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: f"{m.group(0)} {self._meaning(m.group(0))}", folded)

    def translate(self, folded: str) -> str:
        """`folded` with each term replaced by its meaning (for English questions)."""
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self._meaning(m.group(0)), folded)

    def _meaning(self, found: str) -> str:
        return self.meanings.get(found) or self._loose[_loose(found)]


_SEPARATOR = r"(?:\s+|-)"


def _loose(text: str) -> str:
    """A term's words joined by single spaces, however the text joined them."""
    return " ".join(w for w in re.split(r"\s+|(?<=\w)-(?=\w)", text) if w)
