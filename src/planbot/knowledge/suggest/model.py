"""The learned part of `kb suggest`: which numbers are figures, and what each figure's fields are.

Two scikit-learn models and a nearest-neighbour index, all fitted on the curated examples:

- *selection*: a logistic regression over the masked context (TF-IDF character n-grams)
  and a few plain features (unit word, table cell, how alike the nearest curated figure
  and the nearest left-out number are) says how likely a curator is to cut a fact from
  the number;
- *neighbours*: cosine similarity over the same TF-IDF vectors finds the curated figures
  whose wording is closest; their measures, and the ways their contexts gave their
  kind, period, as_of and qualifier (slots.py), vote for the new figure's fields;
The sign is read, not learned (sign.py): a written minus, or the words before the number.

A figure's examples never include figures of its own document, also while training, so
the similarities the selection learns from are those a new document will see.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from planbot.knowledge.models import Measure
from planbot.knowledge.suggest import sign, slots
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.examples import OPTIONS, Example
from planbot.knowledge.suggest.figures import Figure, context
from planbot.query.resolve import MeasureIndex
from planbot.text import fold, tokens

NEIGHBOURS = 7
_UNIT_WORDS = frozenset(
    ["%", "procent", "mnkr", "mkr", "miljoner", "miljarder", "kr", "kronor", "tkr", "ton", "st", "personer"]
)


@dataclass(frozen=True, slots=True)
class Vote:
    """A field's value, how much of the neighbours' weight it got, and who gave the most."""

    value: str | None
    share: float
    example: Example | None
    way: str | None


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model makes of one figure of a new document."""

    figure: Figure
    context: str
    chance: float  # that a curator cuts a fact from it
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


def _words(document: Document, figure: Figure) -> list[str]:
    """The words that may name the figure's measure: row label, label line, sentence before it."""
    line = document.lines[figure.line]
    if figure.row_label is not None:
        text = figure.row_label
    else:
        text = line[figure.sentence[0] : figure.start] + " " + line[figure.end : figure.sentence[1]]
    if figure.label_line is not None:
        text = document.lines[figure.label_line] + " " + text
    return [w for w in tokens(text) if not w.isdigit()]


class Suggester:
    """Fitted on the curated examples; reads the figures of a new document."""

    def __init__(
        self, examples: list[Example], measures: dict[str, Measure], selection_sources: set[str] | None = None
    ) -> None:
        self.examples = examples
        self.measures = measures
        self.index = MeasureIndex({m.id: [m.name, *m.synonyms] for m in measures.values()})
        self.text = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        matrix = self.text.fit_transform([e.context for e in examples])
        positive = np.array([e.positive for e in examples])
        self.positives = [e for e in examples if e.positive]
        self.positive_matrix = matrix[positive]
        self.negative_matrix = matrix[~positive]
        self.sources = np.array([e.source_id for e in examples])
        self.positive_sources = self.sources[positive]
        self.negative_sources = self.sources[~positive]
        self.units: dict[str, Counter[str]] = defaultdict(Counter)
        for e in self.positives:
            assert e.fact is not None
            if e.fact.record.unit:
                self.units[e.figure.unit_token][e.fact.record.unit] += 1
        self.dicts = DictVectorizer()
        pos_sims, neg_sims = self._similarities(matrix, self.sources)
        rows = [
            self._features(e.document, e.figure, p, n)
            for e, p, n in zip(examples, pos_sims, neg_sims, strict=True)
        ]
        features = sparse.hstack([matrix, self.dicts.fit_transform(rows)]).tocsr()
        # Each curated document weighs the same, however many figures it has.
        per_source = Counter(self.sources.tolist())
        weights = np.array([1.0 / per_source[s] for s in self.sources]) * len(examples) / len(per_source)
        chosen = np.array([selection_sources is None or s in selection_sources for s in self.sources])
        if chosen.sum() == 0 or len(set(positive[chosen].tolist())) < 2:
            chosen[:] = True
        self.selection = LogisticRegression(C=2.0, max_iter=3000)
        self.selection.fit(features[chosen], positive[chosen], sample_weight=weights[chosen])

    def _similarities(
        self, matrix: sparse.csr_matrix, sources: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity of each row to every positive and every negative example.

        Examples of the row's own source are masked out (set to -1)."""
        pos = (matrix @ self.positive_matrix.T).toarray()
        neg = (matrix @ self.negative_matrix.T).toarray()
        if sources is not None:
            pos[sources[:, None] == self.positive_sources[None, :]] = -1.0
            neg[sources[:, None] == self.negative_sources[None, :]] = -1.0
        return pos, neg

    def _features(
        self, document: Document, figure: Figure, pos: np.ndarray, neg: np.ndarray
    ) -> dict[str, float]:
        top_pos = float(pos.max(initial=0.0))
        top_neg = float(neg.max(initial=0.0))
        line = document.lines[figure.line]
        sentence = line[figure.sentence[0] : figure.sentence[1]]
        words = len(tokens(sentence))
        unit = (
            figure.unit_token if figure.unit_token in _UNIT_WORDS else ("word" if figure.unit_token else "")
        )
        matches = self.index.match(_words(document, figure), limit=1)
        features: dict[str, float] = {
            f"unit={unit}": 1.0,
            "nearest curated": top_pos,
            "nearest left out": top_neg,
            "curated minus left out": top_pos - top_neg,
            f"words={min(words, 12) // 3}": 1.0,
            f"numbers={min(len(list(_numbers(sentence))), 6)}": 1.0,
            "measure named": min(matches[0].score, 10.0) / 10 if matches else 0.0,
            "measure coverage": matches[0].coverage if matches else 0.0,
        }
        if figure.is_year and not unit:
            features["year"] = 1.0
        if figure.minus:
            features["minus"] = 1.0
        if figure.value != int(figure.value):
            features["decimals"] = 1.0
        if figure.label_line is not None:
            features["label line"] = 1.0
        if document.is_heading(figure.line):
            features["in a heading"] = 1.0
        if figure.column is not None:
            features["table cell"] = 1.0
            features[
                f"column kind={slots.kind_options(document, figure).get('kind the table column names')}"
            ] = 1.0
            if fold(figure.column).strip() in ("not", "noter"):
                features["note column"] = 1.0
        elif document.header_of[figure.line] is not None:
            features["table header"] = 1.0
        return features

    def read(self, document: Document, found: list[Figure]) -> list[Reading]:
        """The model's reading of each figure of `document`."""
        if not found:
            return []
        contexts = [context(document, f) for f in found]
        matrix = self.text.transform(contexts)
        pos, neg = self._similarities(matrix, None)
        rows = [self._features(document, f, p, n) for f, p, n in zip(found, pos, neg, strict=True)]
        features = sparse.hstack([matrix, self.dicts.transform(rows)]).tocsr()
        chances = self.selection.predict_proba(features)[:, 1]
        out = []
        for n, figure in enumerate(found):
            order = np.argsort(-pos[n])[:NEIGHBOURS]
            near = [(self.positives[i], float(pos[n][i])) for i in order if pos[n][i] > 0]
            measure = self._measure(document, figure, near)
            kind = self._vote(document, figure, near, "kind")
            column_kind = slots.kind_options(document, figure).get("kind the table column names")
            if column_kind is not None:
                # A table column labelled "Prognos 2026" or "Budget 2026" says the kind itself.
                kind = Vote(column_kind, 1.0, kind.example, "kind the table column names")
            period = self._vote(document, figure, near, "period")
            periods = slots.period_options(document, figure)
            for way in slots.COLUMN_PERIODS:
                if way in periods:
                    # The column says the period ("2026-04", "Budget 2026", "Mar" in a 2023 row).
                    period = Vote(periods[way], 1.0, period.example, way)
                    break
            as_of = (
                self._vote(document, figure, near, "as_of")
                if kind.value == "forecast"
                else Vote(None, 1, None, None)
            )
            unit = self._unit(figure, measure.value, near)
            above = [i for i in (figure.label_line, document.headings[figure.line]) if i is not None]
            minus = sign.negative(document, figure, kind.value, above)
            value = -abs(figure.value) if minus else abs(figure.value)
            in_words = minus and not sign.written_minus(document, figure)
            out.append(
                Reading(
                    figure, contexts[n], float(chances[n]), near[0][0] if near else None,
                    near[0][1] if near else 0.0, measure, kind, period,
                    as_of, self._vote(document, figure, near, "qualifier"), unit, value, in_words,
                )
            )  # fmt: skip
        return out

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

    def _measure(self, document: Document, figure: Figure, near: list[tuple[Example, float]]) -> Vote:
        """Neighbours' measures, weighed with how well the figure's own words name a measure."""
        scores: dict[str, float] = defaultdict(float)
        by: dict[str, tuple[float, Example | None]] = {}
        total = sum(s for _, s in near) or 1.0
        top = near[0][1] if near else 0.0
        for example, similarity in near:
            assert example.fact is not None
            measure = example.fact.record.measure
            if measure not in self.measures:
                continue
            scores[measure] += top * similarity / total
            if measure not in by or similarity > by[measure][0]:
                by[measure] = (similarity, example)
        # A measure named in the figure's own words counts where no curated figure is alike;
        # only names mostly covered count, so that one shared word ("mellan") names nothing.
        matches = [m for m in self.index.match(_words(document, figure), limit=5) if m.coverage >= 0.5]
        if matches:
            best = matches[0].score
            for match in matches:
                weight = (1 - top) * (match.score / best) * match.coverage
                scores[match.measure_id] += weight
                if match.measure_id not in by:
                    by[match.measure_id] = (0.0, None)
        if not scores:
            return Vote(None, 0.0, None, None)
        measure = max(scores, key=lambda m: scores[m])
        share = scores[measure] / (sum(scores.values()) or 1.0)
        chosen = by[measure][1]
        return Vote(
            measure, share, chosen, "nearest curated figure" if chosen else "measure name in the text"
        )

    def _unit(self, figure: Figure, measure: str | None, near: list[tuple[Example, float]]) -> str | None:
        allowed = self.measures[measure].units if measure in self.measures else None
        counts = self.units.get(figure.unit_token, Counter())
        ranked = [u for u, _ in counts.most_common() if allowed is None or u in allowed]
        if ranked and figure.unit_token:
            return ranked[0]
        for example, _ in near:
            unit = example.fact.record.unit if example.fact else None
            if unit and (allowed is None or unit in allowed):
                return unit
        return allowed[0] if allowed else (ranked[0] if ranked else None)


def _numbers(text: str) -> list[str]:
    import re

    return re.findall(r"\d+", text)


def confidence(reading: Reading) -> float:
    """How sure the proposal is: the chance it is a figure, times how agreed its fields are."""
    agreement = math.prod(v.share for v in (reading.measure, reading.kind, reading.period)) ** (1 / 3)
    return reading.chance * (0.5 + 0.5 * agreement)
