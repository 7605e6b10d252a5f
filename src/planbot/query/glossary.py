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
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

from planbot.text import fold

# (term, means) or (term, means, English, English only), as the knowledge base stores them.
Entry = tuple[str, str] | tuple[str, str, bool, bool]


class Glossary:
    """Terms and their meanings (and a matcher without the English-only terms)."""

    def __init__(self, terms: Iterable[Entry] = ()) -> None:
        self.meanings: dict[str, str] = {}
        self._by_words: dict[tuple[str, ...], str] = {}  # the meanings by their terms' words
        self._abbreviations: set[tuple[str, ...]] = set()
        self.english: frozenset[str]  # the English terms, as keys of `meanings`
        english: set[str] = set()
        english_only: set[str] = set()
        for term, means, *flags in terms:
            key = " ".join(fold(term).split())
            meaning = fold(means)
            if key and meaning != key:
                self.meanings[key] = meaning
                self._by_words[_words(key)] = meaning
                if sum(c.isupper() for c in term) >= 2:
                    self._abbreviations.add(_words(key))  # "SVF", "HSF", "Som ÖV"
                if flags and flags[0]:
                    english.add(key)
                if len(flags) > 1 and flags[1]:
                    english_only.add(key)
        # An English term in the other number ("drug" for "drugs", "climate reports" for
        # "climate report"), where no term is spelt so: English questions only.
        variants: set[str] = set()
        for key in sorted(english):
            variant = _other_number(key)
            if variant and variant not in self.meanings and _words(variant) not in self._by_words:
                self.meanings[variant] = self.meanings[key]
                self._by_words[_words(variant)] = self.meanings[key]
                variants.add(variant)
        self.english = frozenset(english | variants)
        self.english_only = frozenset(english_only)  # as curated
        self._not_swedish = english_only | variants

    # The matchers are built when first used: a Swedish question needs only the one without
    # the English-only terms (a few ms of every start).
    @cached_property
    def _all(self) -> _Matcher:
        return _Matcher(self.meanings)

    @cached_property
    def _swedish(self) -> _Matcher:
        if not self._not_swedish:
            return self._all
        return _Matcher([t for t in self.meanings if t not in self._not_swedish])

    @cached_property
    def _english_words(self) -> frozenset[tuple[str, ...]]:
        return frozenset(_words(term) for term in self.english)

    @cached_property
    def _english(self) -> _Matcher:
        return _Matcher(self.english)

    def english_terms(self, folded: str) -> int:
        """How many words of the glossary's English terms `folded` uses ("market share": 2)."""
        found = 0

        def count(term: str) -> str:
            nonlocal found
            found += len(_WORD.findall(term))
            return term

        self._english.sub(folded, count)
        return found

    @cached_property
    def swedish_words(self) -> frozenset[str]:
        """The words of the English terms' meanings: Swedish, in a question read as English."""
        return frozenset(w for term in self.english for w in _WORD.findall(self.meanings[term]))

    def __bool__(self) -> bool:
        return bool(self.meanings)

    def expand(self, folded: str, said_as: dict[str, str] | None = None, english: bool = False) -> str:
        """`folded` with each term's meaning added after it ("hsf" → "hsf halso- och …");
        an English term replaced by its meaning ("budget 2024 tax revenue" → "… skatteintakter":
        its English words would name nothing but by chance, "tax" the "taxa"); English-only
        terms are left as they are (Swedish text). `said_as`, if given, gets each added word
        with the word of the question it stands for ("psykiatriforvaltningen" → "psykiatrin").
        `english`: the question reads as English though it is read as Swedish ("property
        investment budget 2024"), so the English-only terms are English here too."""

        def added(found: str) -> str:
            if _words(found) in self._english_words:
                return self._meaning(found)
            meaning = self._meaning(found)
            if said_as is not None:
                said = _words(found)[-1]
                for word in _WORD.findall(meaning):
                    if word not in _words(found):
                        said_as.setdefault(word, said)
            return f"{found} {meaning}"

        # (Only a Swedish term has a genitive: "targets" is no "target" in the genitive.)
        matcher = self._all if english else self._swedish
        return matcher.sub(folded, added, genitive=lambda words: words not in self._english_words)

    def write_out(self, folded: str) -> str:
        """`folded` with the abbreviations in it ("SVF", "Som SV") written out, or "" if none."""
        found = False

        def out(term: str) -> str:
            nonlocal found
            if _words(term) in self._abbreviations:
                found = True
                return self._meaning(term)
            return term

        written = self._all.sub(folded, out)
        return written if found else ""

    def translate(self, folded: str) -> str:
        """`folded` with each term replaced by its meaning (for English questions)."""
        return self._all.sub(folded, self._meaning)

    def _meaning(self, found: str) -> str:
        return self.meanings.get(found) or self._by_words[_words(found)]


_WORD = re.compile(r"[a-z0-9]+")
_JOIN = re.compile(r"\s+|-|\s*-\s*")  # how a text may join a term's words: "purchased-care"


class _Matcher:
    """Finds terms in folded text: whole words, the longest term first, left to right, their
    words joined as the term joins them or by spaces or a hyphen. (A dictionary of word
    sequences: building it costs nothing, unlike one regular expression of a thousand terms.)"""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: dict[tuple[str, ...], tuple[str, ...]] = {}  # words → the gaps between them
        for term in terms:
            words = tuple(_WORD.findall(term))
            if words:
                gaps = tuple(g for g in _WORD.split(term)[1:-1])
                self.terms.setdefault(words, gaps)
        # The most words of a term starting with a word: most words start none.
        self.longest: dict[str, int] = {}
        for words in self.terms:
            self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))

    def sub(
        self,
        text: str,
        replace: Callable[[str], str],
        genitive: Callable[[tuple[str, ...]], bool] | None = None,
    ) -> str:
        """`text` with every term found replaced by `replace(found text)`; also, a term that
        `genitive` accepts with a Swedish genitive "s" on its last word ("psykiatrins")."""
        if not self.terms:
            return text
        spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        out: list[str] = []
        done = 0  # the end of the text already copied
        i = 0
        while i < len(spans):
            opening = spans[i][2]
            longest = self.longest.get(opening, 0)
            if genitive and opening.endswith("s") and len(opening) > 4:
                longest = max(longest, self.longest.get(opening[:-1], 0))  # "psykiatrins" alone
            for length in range(min(longest, len(spans) - i), 0, -1):
                words = tuple(w for _, _, w in spans[i : i + length])
                gaps = self.terms.get(words)
                cut = 0
                if genitive and gaps is None and words[-1].endswith("s") and len(words[-1]) > 4:
                    # A term in the genitive: "psykiatrins ram" is the term "psykiatrin".
                    bare = (*words[:-1], words[-1][:-1])
                    gaps = self.terms.get(bare) if genitive(bare) else None
                    cut = 1
                if gaps is not None and all(
                    text[spans[k][1] : spans[k + 1][0]] == gap
                    or _JOIN.fullmatch(text[spans[k][1] : spans[k + 1][0]])
                    for k, gap in zip(range(i, i + length - 1), gaps, strict=True)
                ):
                    first, last = spans[i][0], spans[i + length - 1][1]
                    out.append(text[done:first])
                    out.append(replace(text[first : last - cut]))
                    done = last
                    i += length
                    break
            else:
                i += 1
        out.append(text[done:])
        return "".join(out)


def _other_number(term: str) -> str | None:
    """`term` with its last word, an English noun, in the other number ("drugs" → "drug",
    "climate report" → "climate reports"); None for a word too short or not a noun's form."""
    head, _, last = term.rpartition(" ")
    if len(last) < 4 or not last.isalpha():
        return None
    if last.endswith("ies"):
        other = last[:-3] + "y"
    elif last.endswith(("sses", "xes", "ches", "shes")):
        other = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        other = last[:-1]
    elif last.endswith("y") and last[-2] not in "aeiou":
        other = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        other = last + "es"
    else:
        other = last + "s"
    return f"{head} {other}" if head else other


def _words(text: str) -> tuple[str, ...]:
    """A term's words, however the text joins them."""
    return tuple(_WORD.findall(text))


def measure_names(name: str, synonyms: Sequence[str], measure_id: str, glossary: Glossary) -> list[str]:
    """A measure's names: its name, synonyms and id, and those with the abbreviations in them
    written out ("Inklusionsmålet (SVF)" is also about "standardiserade vårdförlopp")."""
    names = [name, *synonyms, measure_id.replace("_", " ")]
    written_out = [w for n in names if (w := glossary.write_out(fold(n)))]
    return names + [n for n in written_out if n not in names]
