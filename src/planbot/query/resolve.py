"""Resolve the words of a question to catalogued measures, however people write them.

Inflections are handled by a Swedish stemmer plus prefix matching ("sjukfrånvaron" →
"sjukfrånvaro"), abbreviations and everyday words by the catalogue's synonyms, missing
å/ä/ö by folding, and small typos by fuzzy matching (rapidfuzz).
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from planbot.query.words import STOPWORDS
from planbot.text import tokens

_STEMMER = snowballstemmer.stemmer("swedish")
MIN_PREFIX = 4
FUZZY_MIN_LENGTH = 6
FUZZY_CUTOFF = 86
DETAIL_WEIGHT = 0.35  # a word of a measure's qualifiers or statements, not of its name
SOFT_WEIGHT = 0.4  # a cue word ("budget", "ram") that is also in a measure's name
SYNONYM_PART_QUALITY = 0.9  # a one-word name said by a compound synonym of it
TAIL_QUALITY = 0.5  # a word that ends a name's compound ("ram" in "driftram")
PREFERRED_WEIGHT = 1.25
STOP_STEM_MIN = 500
STOP_STEM_SHARE = 0.25


# What may follow a stem in an inflected form: "kostnad|erna", "region|ens", "prognos|en".
INFLECTIONS = frozenset(
    "a e n t s r en et er ar or na ns ts es as rs ade ad at ande arna erna orna ens ets ers ars ernas arnas "
    "ornas".split()
)
UNNAMED_HEAD = 0.5
GENERIC_HEAD = re.compile(
    r"(?:okning|minskning|forandring|utveckling|niva|tal|takt|andel|lage|summa|belopp|mal|budget|prognos"
    r"|utfall|ram|kostnad|intakt)"
)


def inflection(rest: str) -> bool:
    """Whether what follows a name's stem in a word is an ending, not another word."""
    rest = rest.removeprefix("s") if len(rest) > 2 else rest  # the linking s of "sjukvårds|…"
    return len(rest) <= 2 or rest in INFLECTIONS


def known_rest(rest: str, vocabulary: Container[str]) -> bool:
    """Whether what follows a known stem in a word leaves it about that stem: an ending, a
    word of `vocabulary`, or a word saying how a figure is measured ("lönekostnads|ökning",
    "hyrpersonal|kostnaderna"); not another word ("hälso|val")."""
    if inflection(rest):
        return True
    rest = rest[1:] if rest.startswith("s") and len(rest) > 3 else rest
    return rest in vocabulary or stem(rest) in vocabulary or GENERIC_HEAD.match(rest) is not None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) if len(word) > 3 else word


def phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(text) if t not in STOPWORDS)


def typo_of(word_stem: str, stems: Sequence[str] | AbstractSet[str]) -> tuple[str, float] | None:
    """The stem of `stems` that `word_stem` is a typo of, with its similarity (0..100). A typo
    keeps the first letter: "nettokostnadsutvekling", not "oberoende" for "beroende"."""
    best = process.extractOne(word_stem, stems, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best and best[0][:1] == word_stem[:1] and not best[0].isdigit():
        return best[0], best[1]
    return None


@dataclass(frozen=True, slots=True)
class Match:
    measure_id: str
    score: float
    coverage: float  # the best share of one of the measure's phrases that the question covers
    hits: int = 0  # how many of the question's words name this measure
    named: frozenset[str] = frozenset()  # the question's words that hit the measure's name
    consumed: frozenset[str] = frozenset()  # the words its best-covered name or synonym uses up


class MeasureIndex:
    """An inverted index from word stems to measures, weighted by how rare each stem is.

    Built from the catalogue's names and the facts' words (at knowledge base build time), or
    made `of` the same tables read on demand from the built knowledge base
    (planbot.answer.snapshot): everything below only looks things up in them.
    """

    phrases: Mapping[str, list[tuple[str, ...]]]
    postings: Mapping[str, AbstractSet[str]]
    details: Mapping[str, AbstractSet[str]]
    idf: Mapping[str, float]
    vocab: Sequence[str]
    name_vocab: Sequence[str]
    tails: Mapping[str, Sequence[str]]
    stop_stems: AbstractSet[str]

    def __init__(
        self, phrases: Mapping[str, Iterable[str]], details: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        phrase_lists: dict[str, list[tuple[str, ...]]] = {}
        postings: dict[str, set[str]] = defaultdict(set)
        for measure_id, texts in phrases.items():
            stems = [s for s in (phrase_stems(t) for t in texts) if s]
            phrase_lists[measure_id] = stems
            for phrase in stems:
                for s in phrase:
                    postings[s].add(measure_id)
        self.phrases = phrase_lists
        # Words of a measure's qualifiers and statements: they point at the measure ("bokat",
        # "meningsfullt") with less weight than its name, and never count towards coverage.
        detail_sets: dict[str, set[str]] = defaultdict(set)
        for measure_id, texts in (details or {}).items():
            for text in texts:
                for s in phrase_stems(text):
                    if len(s) >= 3 and measure_id not in postings.get(s, ()):
                        detail_sets[s].add(measure_id)
        for s in detail_sets:
            postings.setdefault(s, set())
        self.details = detail_sets
        self.postings = dict(postings)
        total = max(len(phrases), 1)
        self.idf = {
            s: math.log(1 + total / max(len(ids | detail_sets.get(s, set())), 1))
            for s, ids in self.postings.items()
        }
        self.vocab = sorted(self.postings)
        self.name_vocab = [v for v in self.vocab if self.postings[v]]
        tails: dict[str, list[str]] = defaultdict(list)  # "ram" → ["driftram"]
        for name_stem in self.name_vocab:
            for cut in range(4, len(name_stem) - 2):
                tails[name_stem[cut:]].append(name_stem)
        self.tails = tails
        # Stems in most of a large catalogue tell measures apart no better than "och":
        # they still count towards coverage but are not scored (keeps big catalogues fast).
        common = max(STOP_STEM_MIN, int(STOP_STEM_SHARE * total))
        self.stop_stems = frozenset(s for s, ids in self.postings.items() if len(ids) > common)

    @classmethod
    def of(
        cls,
        *,
        phrases: Mapping[str, list[tuple[str, ...]]],
        postings: Mapping[str, AbstractSet[str]],
        details: Mapping[str, AbstractSet[str]],
        idf: Mapping[str, float],
        vocab: Sequence[str],
        name_vocab: Sequence[str],
        tails: Mapping[str, Sequence[str]],
        stop_stems: AbstractSet[str],
    ) -> MeasureIndex:
        """An index of tables built before (`vocab` sorted, the rest as `__init__` makes them)."""
        index = cls.__new__(cls)
        index.phrases, index.postings, index.details, index.idf = phrases, postings, details, idf
        index.vocab, index.name_vocab, index.tails, index.stop_stems = vocab, name_vocab, tails, stop_stems
        return index

    @lru_cache(maxsize=16384)  # noqa: B019 — one index per process, cached lookups are the point
    def lookup(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary stems a query word may stand for, with a match quality in (0, 1].

        The stemmer is not always consistent ("kostnad" → "kostn", "kostnader" → "kostnad",
        "balanskravsresultatet" → "balanskravsresultat" → "balanskravsresult"), so the word,
        its stem and its stem's stem all count as exact matches. Without an exact match in a
        measure's name, inflections, compounds and shortened forms are considered, and typos
        when those find nothing good and the word is none the sources use.
        """
        s = stem(word)
        found: dict[str, float] = {}
        for form in dict.fromkeys((s, word, stem(s))):
            if form in self.postings:
                found[form] = 1.0
        if word.isdigit() or any(self.postings[f] for f in found):
            # A compound the catalogue gives as another name of a one-word measure
            # ("investeringsutgifter" for Investeringar) also says that word wherever a name
            # uses it ("Investeringar i inventarier").
            # (A synonym, not the name, its first phrase, nor an inflection of it: "löner" is a
            # synonym of Lönekostnader, but the name "lönekostnader" says no "lön" of its own.)
            for form in list(found):
                for measure_id in self.postings[form]:
                    name, *synonyms = self.phrases.get(measure_id, ((),))
                    if (form,) not in synonyms or (
                        len(name) == 1 and form.startswith(name[0]) and inflection(form[len(name[0]) :])
                    ):
                        continue
                    for phrase in (name, *synonyms):
                        if len(phrase) == 1 and phrase[0] != form and form.startswith(phrase[0]):
                            found.setdefault(phrase[0], SYNONYM_PART_QUALITY)
            return tuple(found.items())
        known = bool(found)  # a word the sources use ("månader"), if no name: no typo of one
        if len(s) >= MIN_PREFIX:
            # A name's stem is a prefix of the word: an inflection or a compound.
            for end in range(len(s) - 1, MIN_PREFIX - 1, -1):
                head = s[:end]
                if self.postings.get(head):
                    quality = 0.5 + 0.5 * end / len(s)
                    if not known_rest(s[end:], self.postings):
                        if known:
                            # A word of the sources' own, a compound of a name and another
                            # word ("resultaträkning"), is a thing of its own: no "resultat".
                            break
                        # A compound whose head no name has ("hälsoval" is no "hälso-"): the
                        # name names only its first part, not what the word is about.
                        quality *= UNNAMED_HEAD
                    found[head] = quality
                    break
        # The word is a prefix of vocabulary stems: a shortened form or a compound's head.
        for head in dict.fromkeys((word, s)):
            if len(head) < 5:
                continue
            start = bisect.bisect_left(self.vocab, head)
            for candidate in self.vocab[start : start + 8]:
                if not candidate.startswith(head):
                    break
                found.setdefault(candidate, 0.5 + 0.5 * len(head) / len(candidate))
        best_named = max((q for f, q in found.items() if self.postings[f]), default=0.0)
        if best_named < 0.85 and not known and len(word) >= FUZZY_MIN_LENGTH:
            best = typo_of(s, self.name_vocab)
            if best:
                quality = (best[1] / 100) ** 2
                if quality > found.get(best[0], 0.0):
                    found[best[0]] = quality
        return tuple(found.items())

    @lru_cache(maxsize=4096)  # noqa: B019 — one index per process, cached lookups are the point
    def lookup_soft(self, word: str) -> tuple[tuple[str, float], ...]:
        """A cue word's stems in measure names: exact, or the last part of a compound."""
        found = dict(self.lookup(word))
        s = stem(word)
        if len(s) >= 3:
            for candidate in self.tails.get(s, ()):
                found.setdefault(candidate, TAIL_QUALITY)
        return tuple(found.items())

    def match(
        self,
        words: list[str],
        prefer: frozenset[str] = frozenset(),
        soft: list[str] | None = None,
        limit: int = 32,
    ) -> list[Match]:
        """Measures the words may name, best first.

        A measure scores the idf-weighted words it shares with the question, scaled by how
        much of its best-covered name or synonym the question covers. Coverage is computed
        only for measures that can still beat the best score so far (it only ever lowers
        a score), which keeps large catalogues fast. Measures in `prefer` (those holding the
        kind of figure asked for) weigh 25 % more. `soft` words count towards coverage and
        hits but score nothing. At most `limit` matches are returned.
        """
        raw: dict[str, float] = defaultdict(float)
        hits: dict[str, int] = defaultdict(int)
        named: dict[str, set[str]] = defaultdict(set)
        matched: set[str] = set()
        soft_found = [hit for word in dict.fromkeys(soft or ()) for hit in self.lookup_soft(word)]
        soft_stems = {vocab_stem for vocab_stem, _ in soft_found}
        word_stems: dict[str, set[str]] = defaultdict(set)
        for word in dict.fromkeys(words):
            per_measure: dict[str, float] = {}
            by_name: set[str] = set()
            for vocab_stem, quality in self.lookup(word):
                matched.add(vocab_stem)
                word_stems[word].add(vocab_stem)
                if vocab_stem in self.stop_stems:
                    continue
                weight = quality * self.idf[vocab_stem]
                for measure_id in self.postings[vocab_stem]:
                    by_name.add(measure_id)
                    if weight > per_measure.get(measure_id, 0.0):
                        per_measure[measure_id] = weight
                for measure_id in self.details.get(vocab_stem, ()):
                    if DETAIL_WEIGHT * weight > per_measure.get(measure_id, 0.0):
                        per_measure[measure_id] = DETAIL_WEIGHT * weight
            for measure_id, weight in per_measure.items():
                raw[measure_id] += weight
                if measure_id in by_name:
                    hits[measure_id] += 1
                    named[measure_id].add(word)
        matched |= soft_stems
        # Cue words add to measures the content words already name ("ram" for driftramar).
        for vocab_stem, quality in soft_found:
            for measure_id in self.postings.get(vocab_stem, ()):
                if measure_id in raw:
                    raw[measure_id] += SOFT_WEIGHT * quality * self.idf[vocab_stem]
        if prefer:
            for measure_id in raw.keys() & prefer:
                raw[measure_id] *= PREFERRED_WEIGHT
        ranked = heapq.nsmallest(limit * 4, raw.items(), key=lambda kv: (-kv[1], kv[0]))
        matches: list[Match] = []
        floor = 0.0
        for measure_id, score in ranked:
            if score < floor:
                break
            coverage, best_phrase = max(
                (
                    (sum(1 for s in phrase if s in matched) / len(phrase), phrase)
                    for phrase in self.phrases[measure_id]
                ),
                key=lambda cp: (cp[0], -len(cp[1])),
                default=(0.0, ()),
            )
            final = score * (0.6 + 0.4 * coverage)
            soft_hits = sum(1 for stem_ in soft_stems if measure_id in self.postings.get(stem_, ()))
            used = set(best_phrase)
            consumed = frozenset(w for w, hit in word_stems.items() if hit & used)
            matches.append(
                Match(
                    measure_id,
                    final,
                    coverage,
                    hits[measure_id] + soft_hits,
                    frozenset(named[measure_id]),
                    consumed,
                )
            )
            if named[measure_id]:
                # (Only a measure the content words name sets the floor: cue words alone,
                # "ramen … i budget", lift the frames past "läkemedel" without naming them.)
                floor = max(floor, final * 0.5)
        matches.sort(key=lambda m: (-m.score, m.measure_id))
        return matches[:limit]

    def suggest(self, words: list[str], limit: int = 3) -> list[str]:
        """Measures sharing a loosely similar word with the question, for "did you mean"."""
        counts: dict[str, float] = defaultdict(float)
        for word in dict.fromkeys(words[:12]):
            for vocab_stem, score, _ in process.extract(
                stem(word[:40]), self.vocab, scorer=fuzz.ratio, limit=3, score_cutoff=75
            ):
                for measure_id in self.postings[vocab_stem]:
                    counts[measure_id] += score * self.idf[vocab_stem]
        best = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [measure_id for measure_id, _ in best]
