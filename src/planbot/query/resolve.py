"""Resolve the words of a question to catalogued measures, however people write them.

Inflections are handled by a Swedish stemmer plus prefix matching ("sjukfrånvaron" →
"sjukfrånvaro"), abbreviations and everyday words by the catalogue's synonyms, missing
å/ä/ö by folding, and small typos by fuzzy matching (rapidfuzz).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from planbot.query.parse import STOPWORDS
from planbot.text import fold, tokens

_STEMMER = snowballstemmer.stemmer("swedish")
MIN_PREFIX = 4


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) if len(word) > 3 else word


def phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(text) if t not in STOPWORDS)


@dataclass(frozen=True, slots=True)
class Match:
    measure_id: str
    score: float
    coverage: float  # the best share of one of the measure's phrases that the question covers
    matched: tuple[str, ...]


class MeasureIndex:
    """An inverted index from word stems to measures, weighted by how rare each stem is."""

    def __init__(self, phrases: dict[str, Iterable[str]]) -> None:
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        postings: dict[str, set[str]] = defaultdict(set)
        for measure_id, texts in phrases.items():
            stems = [s for s in (phrase_stems(t) for t in texts) if s]
            self.phrases[measure_id] = stems
            for phrase in stems:
                for s in phrase:
                    postings[s].add(measure_id)
        self.postings = dict(postings)
        total = max(len(phrases), 1)
        self.idf = {s: math.log(1 + total / len(ids)) for s, ids in self.postings.items()}
        self.vocab = sorted(self.postings)

    @lru_cache(maxsize=16384)  # noqa: B019 — one index per process, cached lookups are the point
    def lookup(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary stems a query word may stand for, with a match quality in (0, 1]."""
        s = stem(word)
        if s in self.postings:
            return ((s, 1.0),)
        found: dict[str, float] = {}
        if len(s) >= MIN_PREFIX:
            # The vocabulary stem is a prefix of the word: an inflection or a compound.
            for end in range(len(s) - 1, MIN_PREFIX - 1, -1):
                head = s[:end]
                if head in self.postings:
                    found[head] = 0.5 + 0.5 * end / len(s)
                    break
            # The word is a prefix of vocabulary stems: a shortened form.
            if len(s) >= 5:
                start = bisect.bisect_left(self.vocab, s)
                for candidate in self.vocab[start : start + 8]:
                    if not candidate.startswith(s):
                        break
                    found.setdefault(candidate, 0.5 + 0.5 * len(s) / len(candidate))
        if not found and len(word) >= 5:
            best = process.extractOne(s, self.vocab, scorer=fuzz.ratio, score_cutoff=82)
            if best:
                found[best[0]] = 0.8 * best[1] / 100
        return tuple(found.items())

    def match(self, words: list[str]) -> list[Match]:
        """Measures the words may name, best first."""
        scores: dict[str, float] = defaultdict(float)
        hits: dict[str, dict[str, float]] = defaultdict(dict)
        for word in dict.fromkeys(words):
            per_measure: dict[str, float] = {}
            for vocab_stem, quality in self.lookup(word):
                weight = quality * self.idf[vocab_stem]
                for measure_id in self.postings[vocab_stem]:
                    if weight > per_measure.get(measure_id, 0.0):
                        per_measure[measure_id] = weight
                        hits[measure_id][word] = quality
                        hits[measure_id][vocab_stem] = quality
            for measure_id, weight in per_measure.items():
                scores[measure_id] += weight
        matches = []
        for measure_id, score in scores.items():
            seen = hits[measure_id]
            coverage = max(
                (sum(1 for s in phrase if s in seen) / len(phrase) for phrase in self.phrases[measure_id]),
                default=0.0,
            )
            matches.append(Match(measure_id, score * (0.6 + 0.4 * coverage), coverage, tuple(seen)))
        matches.sort(key=lambda m: (-m.score, m.measure_id))
        return matches

    def suggest(self, text: str, names: dict[str, str], limit: int = 3) -> list[str]:
        """The measures whose names look most like `text`, for a "did you mean" list."""
        folded = {measure_id: fold(name) for measure_id, name in names.items()}
        found = process.extract(fold(text), folded, scorer=fuzz.WRatio, limit=limit, score_cutoff=65)
        return [key for _, _, key in found]
