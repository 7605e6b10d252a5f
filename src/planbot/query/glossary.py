"""The curated glossary (knowledge/glossary.yaml): words people use for what the sources say.

English terms ("sick leave"), abbreviations ("HSF", "Som SV") and everyday words map to
the sources' own words. A question is read with the meanings added next to the terms it
uses; a question read as English has its terms replaced by their meanings; a qualifier is
described with the meanings of the terms it contains. Terms match whole words, case and
å/ä/ö ignored, longest first, their words joined by spaces or hyphens.

An English term that is also a Swedish word ("hit", "men", "over") is marked English only:
it is replaced in an English question and left alone in a Swedish one, where it means
something else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planbot.text import fold

# (term, means) or (term, means, English, English only), as the knowledge base stores them.
Entry = tuple[str, str] | tuple[str, str, bool, bool]


class Glossary:
    """Terms and their meanings, compiled into one pattern (and one without the English-only terms)."""

    def __init__(self, terms: Iterable[Entry] = ()) -> None:
        self.meanings: dict[str, str] = {}
        self._loose: dict[str, str] = {}  # the meanings by their terms written loosely
        self._abbreviations: set[str] = set()
        self.english: frozenset[str]  # the English terms, as keys of `meanings`
        english: set[str] = set()
        english_only: set[str] = set()
        for term, means, *flags in terms:
            key = " ".join(fold(term).split())
            meaning = fold(means)
            if key and meaning != key:
                self.meanings[key] = meaning
                self._loose[_loose(key)] = meaning
                if sum(c.isupper() for c in term) >= 2:
                    self._abbreviations.add(_loose(key))  # "SVF", "HSF", "Som ÖV"
                if flags and flags[0]:
                    english.add(key)
                if len(flags) > 1 and flags[1]:
                    english_only.add(key)
        self.english = frozenset(english)
        self.english_only = frozenset(english_only)
        self._pattern = _compile(self.meanings)
        self._swedish_pattern = (
            _compile([t for t in self.meanings if t not in english_only]) if english_only else self._pattern
        )

    def __bool__(self) -> bool:
        return bool(self.meanings)

    def expand(self, folded: str) -> str:
        """`folded` with each term's meaning added after it ("hsf" → "hsf halso- och …");
        English-only terms are left as they are (Swedish text)."""
        if self._swedish_pattern is None:
            return folded
        return self._swedish_pattern.sub(lambda m: f"{m.group(0)} {self._meaning(m.group(0))}", folded)

    def write_out(self, folded: str) -> str:
        """`folded` with the abbreviations in it ("SVF", "Som SV") written out, or "" if none."""
        if self._pattern is None:
            return ""
        found = False

        def out(match: re.Match[str]) -> str:
            nonlocal found
            if _loose(match.group(0)) in self._abbreviations:
                found = True
                return self._meaning(match.group(0))
            return match.group(0)

        written = self._pattern.sub(out, folded)
        return written if found else ""

    def translate(self, folded: str) -> str:
        """`folded` with each term replaced by its meaning (for English questions)."""
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self._meaning(m.group(0)), folded)

    def _meaning(self, found: str) -> str:
        return self.meanings.get(found) or self._loose[_loose(found)]


_SEPARATOR = r"(?:\s+|-)"


def _compile(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted(terms, key=len, reverse=True)
    if not alternatives:
        return None
    # The words of a term may be joined by spaces or hyphens: "purchased-care".
    return re.compile(
        r"(?<![a-z0-9])(?:"
        + "|".join(_SEPARATOR.join(re.escape(w) for w in t.split()) for t in alternatives)
        + r")(?![a-z0-9])"
    )


def _loose(text: str) -> str:
    """A term's words joined by single spaces, however the text joined them."""
    return " ".join(w for w in re.split(r"\s+|(?<=\w)-(?=\w)", text) if w)
