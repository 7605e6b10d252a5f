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
        for term, means in terms:
            key = " ".join(fold(term).split())
            meaning = fold(means)
            if key and meaning != key:
                self.meanings[key] = meaning
        alternatives = sorted(self.meanings, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(t) for t in alternatives) + r")(?![a-z0-9])")
            if alternatives
            else None
        )

    def __bool__(self) -> bool:
        return bool(self.meanings)

    def expand(self, folded: str) -> str:
        """`folded` with each term's meaning added after it ("hsf" → "hsf halso- och …")."""
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: f"{m.group(0)} {self.meanings[m.group(0)]}", folded)

    def translate(self, folded: str) -> str:
        """`folded` with each term replaced by its meaning (for English questions)."""
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self.meanings[m.group(0)], folded)
