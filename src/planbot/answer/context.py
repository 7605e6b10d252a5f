"""The knowledge base as the answer kinds see it: facts per measure, and their fits."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from planbot.answer.fit import (
    NEGATIONS,
    Describer,
    Fit,
    kind_fit,
    kind_weights,
    period_fit,
    source_fit,
    unit_fit,
)
from planbot.answer.model import Fact
from planbot.knowledge.store import KnowledgeBase, MeasureInfo
from planbot.periods import FactPeriod, fact_period, years_in
from planbot.query.cues import UNIT_WORDS
from planbot.query.glossary import Glossary
from planbot.query.resolve import known_rest, stem
from planbot.query.slots import Slots
from planbot.text import tokens


class Context:
    """Read-only views of one knowledge base, built once per process."""

    def __init__(self, kb: KnowledgeBase, glossary: Glossary | None = None) -> None:
        self.kb = kb
        self.glossary = glossary or Glossary(kb.glossary)
        self.describer = Describer(kb.facts, self.glossary)
        self.kinds = {m: {f.kind for f in facts} for m, facts in kb.by_measure.items()}
        # The plans among the sources and the years each covers ("Regionplan 2024–2026").
        self.plans: dict[str, tuple[int, int]] = {}
        for source in kb.sources.values():
            years = years_in(source.title)
            if source.kind == "regionplan" and len(years) >= 2:
                self.plans[source.id] = (years[0], years[-1])
        self._memo: dict[tuple[object, ...], list[Fit]] = {}
        self._scores_memo: dict[tuple[object, ...], list[float]] = {}
        self._known: frozenset[str] | None = None
        self._vocabularies: dict[str, frozenset[str]] = {}
        self._naming = {
            m.id: frozenset(stem(t) for t in tokens(" ".join([m.name, *m.synonyms])))
            for m in kb.measures.values()
        }

    def measure(self, measure_id: str) -> MeasureInfo:
        return self.kb.measures[measure_id]

    def facts(self, measure_id: str, *kinds: str) -> list[Fact]:
        facts = self.kb.by_measure.get(measure_id, [])
        return [f for f in facts if f.kind in kinds] if kinds else list(facts)

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
        """Drop the fits remembered for the previous question."""
        self._memo.clear()
        self._scores_memo.clear()
        self.describer.forget()

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
            found = self._scores_memo[key] = [
                periods.fit(fact)
                * kind_fit(fact, weights)[0]
                * unit_fit(fact, units)
                * source_fit(fact, documents, self.plans)
                for fact in self.facts(measure_id)
            ]
        return found

    def _fits(self, measure_id: str, slots: Slots, facts: list[Fact] | None) -> list[Fit]:
        weights = kind_weights(slots)
        stems = question_stems(slots)
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        units = slots.cues.units
        out = []
        consumed = tuple(stem(w) for w in slots.consumed)
        periods = _Periods(slots)
        for fact in self.facts(measure_id) if facts is None else facts:
            period = periods.fit(fact)
            kind, fallback = kind_fit(fact, weights)
            qualifier, named = self.describer.named(fact, stems, naming, negated, consumed=consumed)
            by_qualifier = (
                qualifier
                if fact.kind != "statement" or qualifier <= 0
                else self.describer.score(
                    fact, stems, naming, negated, qualifier_only=True, consumed=consumed
                )
            )
            out.append(
                Fit(
                    fact,
                    period,
                    kind,
                    qualifier,
                    fallback,
                    unit_fit(fact, units),
                    self.describer.is_part(fact, stems),
                    self.describer.is_specific(fact, stems),
                    named,
                    self.describer.context(fact, stems),
                    source_fit(fact, slots.when.documents, self.plans),
                    by_qualifier,
                )
            )
        return out

    def naming(self, measure_id: str, slots: Slots, named: frozenset[str] = frozenset()) -> float:
        """How strongly the question's words beyond `named` (those naming the measure itself)
        name a qualifier of one of the measure's fitting facts."""
        rest = tuple(s for s in question_stems(slots) if s not in {stem(w) for w in named})
        if not rest:
            return 0.0
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        best = 0.0
        for fact, score in zip(self.facts(measure_id), self.scores(measure_id, slots), strict=True):
            if score > 0:
                best = max(best, self.describer.score(fact, rest, naming, negated, qualifier_only=True))
        return best

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
        vocabulary = self._vocabulary(measure_id)
        total = explained = 0.0
        for word in words:
            w = weight(word)
            total += w
            if word in named or word in slots.consumed or _names(stem(word), vocabulary):
                explained += w
        return explained / total if total else 1.0

    def _vocabulary(self, measure_id: str) -> frozenset[str]:
        found = self._vocabularies.get(measure_id)
        if found is None:
            words: set[str] = set(self._naming.get(measure_id, ()))
            for fact in self.facts(measure_id):
                # Words after a negation ("exklusive Hälsoval") say what the figure is not about.
                excluded = self.describer.excluded.get(id(fact), frozenset())
                words |= (self.describer.of(fact) | self.describer._quote_words(fact)) - excluded
            found = self._vocabularies[measure_id] = frozenset(words)
        return found

    def known_word(self, word: str) -> bool:
        """Whether any fact's description or quote uses the word (or a word it inflects)."""
        if self._known is None:
            words: set[str] = set()
            for fact in self.kb.facts:
                words |= self.describer.of(fact) | self.describer._quote_words(fact)
            self._known = frozenset(words)
        return _names(stem(word), self._known)

    def fitness(self, measure_id: str, slots: Slots) -> float:
        """How well the measure's best fact fits the question's slots (0..1), for choosing."""
        scores = self.scores(measure_id, slots)
        if not scores:
            return 0.0
        top = max(scores)
        stems = question_stems(slots)
        naming = self._naming.get(measure_id, frozenset())
        negated = bool(set(slots.tokens) & NEGATIONS)
        consumed = tuple(stem(w) for w in slots.consumed)
        qualifier = max(
            self.describer.score(fact, stems, naming, negated, consumed=consumed)
            for fact, score in zip(self.facts(measure_id), scores, strict=True)
            if score == top
        )
        return min(1.0, top + 0.1 * min(qualifier, 3.0) / 3.0)


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


def _names(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary:
        return True
    return len(word) >= 5 and any(
        v.startswith(word) or (len(v) >= 4 and word.startswith(v) and known_rest(word[len(v) :], vocabulary))
        for v in vocabulary
    )


def _signature(slots: Slots) -> tuple[object, ...]:
    """Everything about the question that a fact's fit depends on."""
    return (
        tuple(sorted(slots.kinds.items())), slots.cues.statement, slots.when, question_stems(slots),
        slots.consumed, frozenset(slots.cues.units), bool(set(slots.tokens) & NEGATIONS),
    )  # fmt: skip


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
