"""How `kb suggest` reads a figure: its measure, kind, period, as_of, qualifier, unit and sign.

The words around the figure are read by rules any Swedish reader would apply (kinds.py,
timing.py, naming.py, sign.py). What the curated documents add is how they read the same
wording: a nearest-neighbour index (TF-IDF character n-grams over the figure's context with
its numbers masked, so "uppgår till 120 mnkr" and "uppgår till – 347,8 mnkr" read alike)
finds the curated figures worded most like a new one. Their measures count in the choice of
measure; where they are worded the same (a sentence the decks repeat) their kind, period and
as_of are followed — as the ways their contexts produced them (slots.py), so "efter april
2023" teaches "efter oktober 2025"; their qualifiers and units carry over.

Which numbers are figures is not learned: a model of what curators cut did no better than
chance on a deck it had not seen (the examples that differ are judgement calls), so every
number that is not recognised as something else (roles.py) is proposed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from planbot.knowledge.models import Measure
from planbot.knowledge.suggest import sign, slots
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.examples import OPTIONS, Example
from planbot.knowledge.suggest.figures import Figure, context
from planbot.knowledge.suggest.kinds import read_kind
from planbot.knowledge.suggest.naming import Namer
from planbot.knowledge.suggest.timing import read_period

NEIGHBOURS = 7
# Curated figures this alike are worded the same (numbers aside): their reading is followed.
SAME_WORDING = 0.85
# Readings the figure's own words or its table column state outright.
_SAID = frozenset(
    [
        "kind the table column names", "kind the clause names", "a figure for the year before",
        *slots.COLUMN_PERIODS, "year of the table row", "from the turn of the year to the date",
        "the date the figure stands at", "the year so far, to the month after 'efter'",
        "the months the sentence names", "the month the sentence names", "the year the sentence names",
        "the year before", "the year the heading names", "the years the heading adds up",
        "the year above a column of values",
    ]
)  # fmt: skip
_UNIT_WORDS = frozenset(
    ["%", "procent", "mnkr", "mkr", "miljoner", "miljarder", "kr", "kronor", "tkr", "ton", "st", "personer"]
)


@dataclass(frozen=True, slots=True)
class Vote:
    """A field's value, how sure the reading is (0–1), the curated example behind it, and how."""

    value: str | None
    share: float
    example: Example | None
    way: str | None


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model makes of one figure of a new document."""

    figure: Figure
    context: str
    neighbour: Example | None
    similarity: float
    measure: Vote
    kind: Vote
    period: Vote
    as_of: Vote
    qualifier: Vote
    unit: str | None
    value: float  # signed: as written, or as the words say ("minskar med 12" → -12)
    sign_in_words: bool


class Suggester:
    """Fitted on the curated figures of the other documents; reads the figures of a new one."""

    def __init__(self, examples: list[Example], measures: dict[str, Measure]) -> None:
        self.measures = measures
        self.positives = [e for e in examples if e.positive]
        self.text = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        self.matrix = self.text.fit_transform([e.context for e in self.positives])
        self.units: dict[str, Counter[str]] = defaultdict(Counter)
        for e in self.positives:
            assert e.fact is not None
            if e.fact.record.unit:
                self.units[e.figure.unit_token][e.fact.record.unit] += 1
        self.namer = Namer(measures, _unit_of_token(self.units))

    def read(self, document: Document, found: list[Figure]) -> list[Reading]:
        """The reading of each figure of `document`."""
        if not found or not self.positives:
            return [self._read_one(document, f, context(document, f), []) for f in found]
        contexts = [context(document, f) for f in found]
        similarity = (self.text.transform(contexts) @ self.matrix.T).toarray()
        out = []
        for n, figure in enumerate(found):
            order = np.argsort(-similarity[n])[:NEIGHBOURS]
            near = [(self.positives[i], float(similarity[n][i])) for i in order if similarity[n][i] > 0]
            out.append(self._read_one(document, figure, contexts[n], near))
        return out

    def _read_one(
        self, document: Document, figure: Figure, text: str, near: list[tuple[Example, float]]
    ) -> Reading:
        named = self.namer.name(document, figure, near)
        measure = Vote(named.measure, named.share, named.example, named.way)
        alike = [(e, s) for e, s in near if s >= SAME_WORDING]
        kind = self._field(document, figure, alike, "kind", read_kind(document, figure))
        assert kind.value is not None
        period = self._field(document, figure, alike, "period", read_period(document, figure, kind.value))
        as_of = Vote(None, 1.0, None, None)
        if kind.value == "forecast":
            made = slots.as_of_options(document, figure)
            way = next(iter(made), None)
            as_of = self._field(document, figure, alike, "as_of", (made[way] if way else None, way))
        above = [i for i in (figure.label_line, document.headings[figure.line]) if i is not None]
        minus = sign.negative(document, figure, kind.value, above)
        return Reading(
            figure, text, near[0][0] if near else None, near[0][1] if near else 0.0,
            measure, kind, period, as_of, self._vote(document, figure, alike, "qualifier"),
            self._unit(figure, measure.value, near), -abs(figure.value) if minus else abs(figure.value),
            minus and not sign.written_minus(document, figure),
        )  # fmt: skip

    def _field(
        self,
        document: Document,
        figure: Figure,
        alike: list[tuple[Example, float]],
        field: str,
        read: tuple[str | None, str | None],
    ) -> Vote:
        """The field as the words read it, unless curated figures worded the same say otherwise.

        A sentence the decks repeat ("Förvaltningarnas budgetunderskott uppgår till …") is
        read the way the curators read it the last times; anything else by the rules."""
        value, way = read
        vote = self._vote(document, figure, alike, field)

        def key(text: str | None) -> str | None:
            return slots.canonical(text) if field in ("period", "as_of") else text

        said = way in _SAID  # the words say it outright: no example overrules them
        if not said and vote.value is not None and vote.share >= 0.6 and key(vote.value) != key(value):
            return vote
        agreed = vote.value is not None and key(vote.value) == key(value)
        return Vote(value, 1.0 if agreed else 0.8, vote.example if agreed else None, way)

    def _vote(
        self, document: Document, figure: Figure, near: list[tuple[Example, float]], field: str
    ) -> Vote:
        """The value the neighbours' ways give `field` in this figure's context, by weight."""
        options = OPTIONS[field](document, figure)
        votes: dict[str | None, float] = defaultdict(float)
        shown: dict[str | None, str | None] = {}
        best: dict[str | None, tuple[float, Example, str]] = {}
        for example, similarity in near:
            ways = example.ways(field)
            for way in ways:
                if way.startswith(slots.LITERAL):
                    value: str | None = way.removeprefix(slots.LITERAL) or None
                    weight = similarity * (0.3 if value and any(c.isdigit() for c in value) else 1.0)
                elif way in options:
                    value, weight = options[way], similarity
                else:
                    continue
                weight /= len(ways)
                key = slots.canonical(value) if field in ("period", "as_of") else value
                votes[key] += weight
                shown.setdefault(key, value)
                if key not in best or weight > best[key][0]:
                    best[key] = (weight, example, way)
        if not votes:
            return Vote(None, 0.0, None, None)
        key = max(votes, key=lambda k: votes[k])
        _, example, way = best[key]
        return Vote(shown[key], votes[key] / sum(votes.values()), example, way)

    def _unit(self, figure: Figure, measure: str | None, near: list[tuple[Example, float]]) -> str | None:
        """The unit curators give the unit word after the number, else a count for a noun
        ("300 personer", "50 aktier"), else the nearest curated figure's, else the measure's."""
        allowed = self.measures[measure].units if measure in self.measures else None
        token = figure.unit_token
        counts = self.units.get(token, Counter())
        ranked = [u for u, _ in counts.most_common() if allowed is None or u in allowed]
        if ranked and token:
            return ranked[0]
        if token.isalpha() and token not in _UNIT_WORDS:
            count = next((u for u in ("antal", "st") if allowed is None or u in allowed), None)
            if count:
                return count
        for example, _ in near:
            unit = example.fact.record.unit if example.fact else None
            if unit and (allowed is None or unit in allowed):
                return unit
        return allowed[0] if allowed else (ranked[0] if ranked else None)


def _unit_of_token(units: dict[str, Counter[str]]) -> dict[str, str]:
    """The unit curators give a figure written with a unit word ("procent" → "%")."""
    out = {}
    for token, counts in units.items():
        unit, count = counts.most_common(1)[0]
        if token in _UNIT_WORDS and count >= 0.8 * sum(counts.values()):
            out[token] = unit
    return out


def confidence(reading: Reading) -> float:
    """How sure the proposal is: how alike the nearest curated figure is, and how agreed the
    evidence for its measure, kind and period is."""
    agreement = math.prod(v.share for v in (reading.measure, reading.kind, reading.period)) ** (1 / 3)
    return 0.5 * agreement + 0.5 * min(1.0, reading.similarity)
