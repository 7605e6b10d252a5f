"""The knowledge base as the answer kinds see it: facts per measure, and their fits."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TypeVar

from planbot.answer.fit import (
    NEGATIONS,
    Describer,
    Fit,
    asks_locally,
    kind_fit,
    kind_weights,
    period_fit,
    place_fit,
    ruled_out,
    source_fit,
    unit_fit,
)
from planbot.answer.model import Fact
from planbot.answer.snapshot import fact_word_idf, known_words
from planbot.knowledge.store import KnowledgeBase, MeasureInfo
from planbot.periods import FactPeriod, fact_period, years_in
from planbot.query.cues import MIN_CUE_HEAD, UNIT_WORDS, kind_of_word
from planbot.query.glossary import Glossary
from planbot.query.resolve import FUZZY_MIN_LENGTH, known_rest, phrase_stems, stem, typo_of
from planbot.query.slots import Slots
from planbot.text import fold, tokens

T = TypeVar("T")


class Context:
    """Read-only views of one knowledge base for the answer kinds. A measure's facts are
    loaded from the knowledge base when first asked for and described then; the word
    statistics over all facts were computed when it was built (planbot.answer.snapshot)."""

    MAX_LOADED = 4_000  # measures whose facts are kept between questions (memory at 1000×)

    def __init__(self, kb: KnowledgeBase, glossary: Glossary | None = None) -> None:
        self.kb = kb
        self.glossary = glossary or Glossary(kb.glossary)
        self.describer = Describer(fact_word_idf(kb.conn), self.glossary)
        self.kinds: Mapping[str, set[str]] = _PerMeasure(self._kinds)
        # The plans among the sources and the years each covers ("Regionplan 2024–2026").
        self.plans: dict[str, tuple[int, int]] = {}
        for source in kb.sources.values():
            years = years_in(source.title)
            if source.kind == "regionplan" and len(years) >= 2:
                self.plans[source.id] = (years[0], years[-1])
        self._memo: dict[tuple[object, ...], list[Fit]] = {}
        self._scores_memo: dict[tuple[object, ...], list[float]] = {}
        self._known: Vocabulary | None = None
        self._vocabularies: dict[str, Vocabulary] = {}
        self._loaded: dict[str, list[Fact]] = {}
        self._naming: Mapping[str, frozenset[str]] = _PerMeasure(self._naming_of)
        self._breakdown: Mapping[str, frozenset[str]] = _PerMeasure(self._breakdown_of)
        self._names: Mapping[str, frozenset[str]] = _PerMeasure(self._name_stems_of)
        self._all_names: Mapping[str, tuple[frozenset[str], ...]] = _PerMeasure(self._all_name_stems_of)
        # Per question (see forget): whether it says a measure's whole name.
        self._whole_named: dict[tuple[str, frozenset[str]], bool] = {}
        self._has_whole: Mapping[str, bool] = _PerMeasure(
            lambda m: any(f.qualifier is None and f.value is not None for f in self.facts(m))
        )

    def naming_stems(self, measure_id: str) -> frozenset[str]:
        """The stems of the measure's name and synonyms."""
        return self._naming.get(measure_id, frozenset())

    def measure(self, measure_id: str) -> MeasureInfo:
        return self.kb.measures[measure_id]

    def facts(self, measure_id: str, *kinds: str) -> list[Fact]:
        facts = self._loaded.get(measure_id)
        if facts is None:
            facts = self._loaded[measure_id] = self.kb.facts_of(measure_id)
            self.describer.describe(facts)
        return [f for f in facts if f.kind in kinds] if kinds else list(facts)

    def _kinds(self, measure_id: str) -> set[str] | None:
        """The kinds of figure a measure has facts of (None for a measure without facts)."""
        return {f.kind for f in self.facts(measure_id)} or None

    def _stems(self, measure_id: str, slots: Slots) -> tuple[str, ...]:
        """The question's stems that may name one of the measure's qualifiers: not the words
        of its breakdown ("förvaltning" in "Driftramar per förvaltning och nämnd" names every
        row, not "IT-förvaltningen")."""
        stems = question_stems(slots)
        breakdown = self._breakdown.get(measure_id)
        if breakdown:
            stems = tuple(s for s in stems if s not in breakdown)
        # A question that says the measure's whole name ("Skatteintäkter och utjämning", "HME
        # – motivation, ledarskap och styrning") asks for the measure, not for the rows its
        # name's words also label.
        # So do the words of any other of its names the question says whole ("skatter,
        # utjämning och generella statsbidrag": "generella statsbidrag" is a synonym, not the
        # row "kommunalekonomisk utjämning och generella statsbidrag").
        if self.says_whole_name(measure_id, slots):
            said = set(stems) | {stem(w) for w in slots.consumed}
            name = self._name_stems(measure_id).union(
                *(words for words in self._all_name_stems(measure_id) if len(words) > 1 and words <= said)
            )
            stems = tuple(s for s in stems if s not in name)
        return stems

    def _labels_a_row(self, measure_id: str, words: frozenset[str]) -> bool:
        """Whether `words` are all words of one of the measure's facts' qualifiers."""
        return any(
            words <= self.describer.qualified[id(f)].own for f in self.facts(measure_id) if f.qualifier
        )

    def _all_name_stems(self, measure_id: str) -> tuple[frozenset[str], ...]:
        """The stems of each of the measure's names: its name, then its synonyms."""
        return self._all_names.get(measure_id) or ()

    def says_only_its_name(self, measure_id: str, slots: Slots) -> bool:
        """Whether every word of the question beyond those naming the measure is a word of its
        name or synonyms ("/indikator nationell patientenkät"): nothing else is asked of it."""
        rest = {stem(w) for w in slots.words if w not in slots.consumed}
        names = frozenset().union(*self._all_name_stems(measure_id))
        return all(s in names or (len(s) >= FUZZY_MIN_LENGTH and typo_of(s, names)) for s in rest)

    def _all_name_stems_of(self, measure_id: str) -> tuple[frozenset[str], ...] | None:
        measure = self.kb.measures.get(measure_id)
        if measure is None:
            return None
        return (self._name_stems(measure_id), *(frozenset(phrase_stems(s)) for s in measure.synonyms))

    def says_whole_name(self, measure_id: str, slots: Slots) -> bool:
        """Whether the question says every word of the measure's name (of two or more), and
        the measure has figures for the whole (a measure of rows only, "Nya tåg (beställda)",
        is asked for by the row its name's words label)."""
        key = (measure_id, slots.consumed)
        found = self._whole_named.get(key)
        if found is None:
            said = {*question_stems(slots), *(stem(w) for w in slots.consumed)}
            # (A synonym that is also a row's label, "planerat underhåll", asks for the row.)
            found = bool(self._has_whole.get(measure_id)) and any(
                len(name) > 1 and name <= said and (i == 0 or not self._labels_a_row(measure_id, name))
                for i, name in enumerate(self._all_name_stems(measure_id))
            )
            self._whole_named[key] = found
        return found

    def _name_stems(self, measure_id: str) -> frozenset[str]:
        return self._names.get(measure_id) or frozenset()

    def _name_stems_of(self, measure_id: str) -> frozenset[str] | None:
        measure = self.kb.measures.get(measure_id)
        return frozenset(phrase_stems(measure.name)) if measure else None

    def _breakdown_of(self, measure_id: str) -> frozenset[str] | None:
        m = self.kb.measures.get(measure_id)
        found = PER.search(fold(m.name)) if m else None
        return frozenset(stem(w) for w in found.group(1).split(" och ")) if found else None

    def _naming_of(self, measure_id: str) -> frozenset[str] | None:
        m = self.kb.measures.get(measure_id)
        return None if m is None else frozenset(stem(t) for t in tokens(" ".join([m.name, *m.synonyms])))

    @staticmethod
    def period(fact: Fact) -> FactPeriod:
        return fact_period(fact.period)

    def fits(self, measure_id: str, slots: Slots, facts: list[Fact] | None = None) -> list[Fit]:
        """Every fact of the measure (or `facts`) scored against the question (memoised: the
        same measure is scored for choosing it, for its group and for its context)."""
        if facts is not None:
            return self._fits(measure_id, slots, facts)
        key = (measure_id, _signature(slots))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._fits(measure_id, slots, None)
        return found

    def forget(self) -> None:
        """Drop the fits remembered for the previous question (and, now and then, the facts
        loaded for earlier ones, so that memory stays bounded on a large knowledge base)."""
        self._memo.clear()
        self._scores_memo.clear()
        self._whole_named.clear()
        self.describer.forget()
        if len(self._loaded) > self.MAX_LOADED:
            self.describer.clear()  # before the facts it knows by id() are let go
            self._loaded.clear()
            self._vocabularies.clear()

    def scores(self, measure_id: str, slots: Slots) -> list[float]:
        """`Fit.score` of every fact of the measure, in order, without the rest of its fit:
        enough for weighing a candidate measure the question may not be about."""
        key = (measure_id, _signature(slots))
        fits = self._memo.get(key)
        if fits is not None:
            return [f.score for f in fits]
        found = self._scores_memo.get(key)
        if found is None:
            weights = kind_weights(slots)
            periods = _Periods(slots)
            units = slots.cues.units
            documents = slots.when.documents
            local = asks_locally(slots.folded)
            found = self._scores_memo[key] = [
                periods.fit(fact)
                * kind_fit(fact, weights)[0]
                * unit_fit(fact, units)
                * source_fit(fact, documents, self.plans)
                * place_fit(fact.qualifier, local)
                for fact in self.facts(measure_id)
            ]
        return found

    def _fits(self, measure_id: str, slots: Slots, facts: list[Fact] | None) -> list[Fit]:
        weights = kind_weights(slots)
        stems = self._stems(measure_id, slots)
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        unwanted = _unwanted(slots)
        local = asks_locally(slots.folded)
        units = slots.cues.units
        out = []
        # Words of the whole name said name no row (see _stems).
        consumed = () if self.says_whole_name(measure_id, slots) else tuple(stem(w) for w in slots.consumed)
        periods = _Periods(slots)
        for fact in self.facts(measure_id) if facts is None else facts:
            period = periods.fit(fact)
            kind, fallback = kind_fit(fact, weights)
            qualifier, named = self.describer.named(
                fact, stems, naming, negated, consumed=consumed, unwanted=unwanted
            )
            by_qualifier = (
                qualifier
                if fact.kind != "statement" or qualifier <= 0
                else self.describer.score(
                    fact, stems, naming, negated, qualifier_only=True, consumed=consumed, unwanted=unwanted
                )
            )
            specific = self.describer.is_specific(fact, stems)
            out.append(
                Fit(
                    fact,
                    period,
                    kind,
                    qualifier,
                    fallback,
                    unit_fit(fact, units),
                    specific and self.describer.in_breakdown(fact),
                    specific,
                    named,
                    self.describer.context(fact, stems),
                    source_fit(fact, slots.when.documents, self.plans) * place_fit(fact.qualifier, local),
                    by_qualifier,
                )
            )
        return out

    def naming(
        self, measure_id: str, slots: Slots, named: frozenset[str] = frozenset(), whole: bool = False
    ) -> float:
        """How strongly the question's words beyond `named` (those naming the measure itself)
        name a qualifier of one of the measure's fitting facts; with `whole`, only of facts
        whose qualifier they name all of (a row "statsbidrag läkemedel", not one of the rows
        "NKI kunder: Jag sparar tid …" for "NKI")."""
        stems = self._stems(measure_id, slots)
        rest = tuple(s for s in stems if s not in {stem(w) for w in named})
        if not rest:
            return 0.0
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        unwanted = _unwanted(slots)
        best = 0.0
        for fact, score in zip(self.facts(measure_id), self.scores(measure_id, slots), strict=True):
            if score > 0 and not (whole and self.describer.is_specific(fact, stems)):
                best = max(
                    best,
                    self.describer.score(fact, rest, naming, negated, qualifier_only=True, unwanted=unwanted),
                )
        return best

    def names_a_row(self, measure_id: str, slots: Slots, words: frozenset[str]) -> float:
        """How strongly `words` alone name a qualifier of one of the measure's facts, fitting
        or not ("avviker" names the row "avvikelse mot budget" of the tax revenues)."""
        stems = tuple(dict.fromkeys(stem(w) for w in words))
        if not stems:
            return 0.0
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        return max(
            (
                self.describer.score(fact, stems, naming, negated, qualifier_only=True)
                for fact in self.facts(measure_id)
                if fact.qualifier
            ),
            default=0.0,
        )

    def explained(
        self, measure_id: str, slots: Slots, named: frozenset[str], weight: Callable[[str], float]
    ) -> float:
        """The share of the question's words (weighted by how telling each is) that the
        measure accounts for: by its name (`named`) or by the words of its facts."""
        words = [
            w for w in slots.words if not w.isdigit() and not CHANGE_WORD.match(w) and w not in UNIT_WORDS
        ]
        if not words:
            return 1.0
        # Two cue words written as one ("budgetramen") ask for a figure of that name.
        words += [w for w in slots.soft_words if w in slots.cues.two_cues]
        vocabulary = self._vocabulary(measure_id)
        # A word the question says and the words the glossary adds for it are one word:
        # accounted for by any of them, weighing as much as the most telling.
        groups: dict[str, tuple[float, bool]] = {}
        for word in words:
            said = slots.said_as.get(word, word)
            w = weight(word)
            found = word in named or word in slots.consumed or _names(stem(word), vocabulary)
            before_w, before_found = groups.get(said, (0.0, False))
            groups[said] = (max(before_w, w), before_found or found)
        total = sum(w for w, _ in groups.values())
        explained = sum(w for w, found in groups.values() if found)
        return explained / total if total else 1.0

    def _vocabulary(self, measure_id: str) -> Vocabulary:
        found = self._vocabularies.get(measure_id)
        if found is None:
            found = self._vocabularies[measure_id] = Vocabulary(
                self._words_of(measure_id, self.facts(measure_id))
            )
        return found

    def _words_of(self, measure_id: str, facts: list[Fact]) -> set[str]:
        """The measure's name's words and those of these facts (their descriptions and quotes)."""
        words: set[str] = set(self._naming.get(measure_id, ()))
        for fact in facts:
            # Words after a negation ("exklusive Hälsoval") say what the figure is not about.
            excluded = self.describer.excluded(fact)
            words |= (self.describer.of(fact) | self.describer._quote_words(fact)) - excluded
        return words

    def said_only_in_words(self, measure_id: str) -> bool:
        """Whether the sources give the measure no figure at all, only statements."""
        return not any(f.value is not None or f.kind != "statement" for f in self.facts(measure_id))

    def facts_account_for(self, measure_id: str, facts: list[Fact], word: str) -> bool:
        """Whether the measure's name or the words of these facts of it account for a word."""
        return _names(stem(word), Vocabulary(self._words_of(measure_id, facts)))

    def accounts_for(self, measure_id: str, word: str) -> bool:
        """Whether the measure's name or the words of its facts account for a question word."""
        return _names(stem(word), self._vocabulary(measure_id))

    def known_word(self, word: str) -> bool:
        """Whether any fact's description or quote uses the word (or a word it inflects)."""
        if self._known is None:
            self._known = Vocabulary(known_words(self.kb.conn))
        return self._known.names(stem(word))

    def fitness(self, measure_id: str, slots: Slots) -> float:
        """How well the measure's best fact fits the question's slots (0..1), for choosing."""
        scores = self.scores(measure_id, slots)
        if not scores:
            return 0.0
        top = max(scores)
        stems = self._stems(measure_id, slots)
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        consumed = tuple(stem(w) for w in slots.consumed)
        unwanted = _unwanted(slots)
        qualifier = max(
            self.describer.score(fact, stems, naming, negated, consumed=consumed, unwanted=unwanted)
            for fact, score in zip(self.facts(measure_id), scores, strict=True)
            if score == top
        )
        return min(1.0, top + 0.1 * min(qualifier, 3.0) / 3.0)


class _PerMeasure(Mapping[str, T]):
    """A value per measure, made on first use (`make` returns None where there is none)."""

    def __init__(self, make: Callable[[str], T | None]) -> None:
        self._make = make
        self._found: dict[str, T | None] = {}

    def __getitem__(self, measure_id: str) -> T:
        if measure_id not in self._found:
            if len(self._found) >= Context.MAX_LOADED:
                self._found.clear()
            self._found[measure_id] = self._make(measure_id)
        found = self._found[measure_id]
        if found is None:
            raise KeyError(measure_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return (m for m, v in self._found.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for v in self._found.values() if v is not None)


class _Periods:
    """Period fits for one question: facts of one period, kind and date of making fit alike
    (the qualifier matters only for a date: "vid årets slut")."""

    def __init__(self, slots: Slots) -> None:
        self.when = slots.when
        self.found: dict[tuple[object, ...], float] = {}

    def fit(self, fact: Fact) -> float:
        dated = fact.qualifier if self.when.dates else None
        key = (fact.period, fact.kind, fact.as_of_date, bool(fact.as_of), dated)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = period_fit(fact_period(fact.period), self.when, fact)
        return found


CHANGE_WORD = re.compile(r"^(?:ok|minsk|forandr|vax|stig|sjunk)\w*$")


class Vocabulary:
    """Stems, for finding a word among them as itself, as the start of one of them, or as one
    of them with an ending or a known word after it ("lönekostnads|ökning")."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self.ordered = sorted(self.words)
        self._found: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def names(self, word: str) -> bool:
        found = self._found.get(word)
        if found is None:
            if len(self._found) > 50_000:
                self._found.clear()
            found = self._found[word] = self._names(word)
        return found

    def _names(self, word: str) -> bool:
        if word in self.words:
            return True
        if len(word) < 5:
            return False
        at = bisect.bisect_left(self.ordered, word)
        if at < len(self.ordered) and self.ordered[at].startswith(word):
            return True  # the start of a longer word
        return any(
            word[:end] in self.words and known_rest(word[end:], self.words) for end in range(4, len(word))
        ) or any(
            # A word the kind asked for is compounded with ("budget|ram", "prognos|resultat").
            kind_of_word(word[:end]) is not None and self.names(word[end:])
            for end in range(MIN_CUE_HEAD, len(word) - 2)
        )


def _names(word: str, vocabulary: Vocabulary) -> bool:
    return vocabulary.names(word)


def _signature(slots: Slots) -> tuple[object, ...]:
    """Everything about the question that a fact's fit depends on."""
    return (
        tuple(sorted(slots.kinds.items())), slots.cues.statement, slots.when, question_stems(slots),
        slots.consumed, frozenset(slots.cues.units), bool(set(slots.tokens) & NEGATIONS),
    )  # fmt: skip


PER = re.compile(r"\bper ([a-z]+(?: och [a-z]+)*)")  # "… per förvaltning och nämnd": the breakdown
EXCLUDING = frozenset({"exklusive", "exkl", "utom", "forutom", "excluding", "except"})


def _unwanted(slots: Slots) -> frozenset[str]:
    """The stems the question rules out ("… exkl. köpt vård och läkemedel")."""
    return _ruled_out(tuple(slots.tokens))


@lru_cache(maxsize=4096)
def _ruled_out(tokens: tuple[str, ...]) -> frozenset[str]:
    # Only words that exclude ("exklusive", "utom"): "ej", "utan" and "inte" in a question
    # mostly deny a verb or belong to a measure's name ("utan transportbehov").
    return ruled_out(" ".join(tokens), EXCLUDING)


def question_stems(slots: Slots) -> tuple[str, ...]:
    """The stems of every word that may name a qualifier, with "förändring" for a question
    about a change ("hur mycket ökar …") and the baseline year of "sedan 2012"."""
    words = tuple(w for w in slots.words if w not in slots.consumed)
    heads = tuple(h for w, h in slots.heads.items() if w not in slots.consumed)
    return _stems(words, tuple(slots.soft_words), heads, slots.when.since, slots.cues.change)


@lru_cache(maxsize=4096)
def _stems(
    words: tuple[str, ...], soft: tuple[str, ...], heads: tuple[str, ...], since: int | None, change: bool
) -> tuple[str, ...]:
    found = [stem(w) for w in (*words, *soft, *heads)]
    if since is not None:
        found.append(str(since))
    if change:
        found.append(stem("forandring"))
    return tuple(dict.fromkeys(found))
