"""Which measure a figure is about: its own words, its slide's headings, the nearest curated
figures, and the units the measure allows.

Three kinds of evidence, weighed by how sure each is:

- the figure's own words — a table row's label, the clause the number stands in ("Övriga
  kostnader beräknas öka med 121 mnkr"), else its line and label line — matched against the
  catalogue's names and synonyms;
- the slide's headings ("Stiftelseurkund Krösatågen AB" above "4. Aktiekapital" above
  "1 000 000 SEK"), which count for less, the nearer the more;
- the measures of the curated figures worded most like it, which count for as much as they
  are alike: a sentence the decks repeat word for word ("Resultatprognosen avviker från
  budget med …") is named the way the curators named it.

A measure whose units cannot hold the figure's ("procent" is no mnkr) is never chosen, and
"köpt vård och läkemedel … 5,8 procent respektive 4,4 procent" names the measures in turn.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planbot.knowledge.models import Measure
from planbot.knowledge.numbers import number_spans
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.examples import Example
from planbot.knowledge.suggest.figures import Figure, clause
from planbot.query.resolve import Match, MeasureIndex
from planbot.text import fold, tokens

# How far above a figure a heading still names what it is about (a slide's title), and how
# far below (exports that put a slide's title after its text).
_HEADING_SPAN = 40
_BELOW_SPAN = 30


@dataclass(frozen=True, slots=True)
class Named:
    """The measure chosen, its share of the evidence, and what named it."""

    measure: str | None
    share: float
    example: Example | None
    way: str | None


# Words naming a kind of figure, not what it is about: "Budget 2023" names no measure.
_KIND_WORDS = frozenset("budget prognos utfall plan mal malvarde malsattning".split())


def _words(text: str) -> list[str]:
    return [w for w in tokens(text) if not w.isdigit() and w not in _KIND_WORDS]


def _own(document: Document, figure: Figure) -> list[list[str]]:
    """The figure's own words, nearest first: row label or clause; line; label line."""
    line = document.lines[figure.line]
    if figure.row_label is not None:
        levels = [_words(figure.row_label)]
    else:
        levels = [_words(" ".join(clause(document, figure))), _words(line[: figure.start])]
    if figure.label_line is not None:
        levels.append(_words(document.lines[figure.label_line]))
    return levels


def _headings(document: Document, figure: Figure) -> list[str]:
    """The headings above the figure on its slide, nearest first, and the part it is in."""
    out: list[str] = []
    index = document.headings[figure.line]
    while index is not None and figure.line - index <= _HEADING_SPAN and len(out) < 8:
        out.append(document.lines[index])
        index = document.headings[index]
    # Some exports put a slide's title after its text ("Resultat av årets medarbetarenkät -
    # hållbart säkerhetsindex, HSE" below the figures): the next heading below comes next.
    below = next(
        (
            i
            for i in range(figure.line + 1, min(figure.line + _BELOW_SPAN, len(document.lines)))
            if document.is_heading(i)
        ),
        None,
    )
    if below is not None:
        out.append(document.lines[below])
    part = document.part_of[figure.line]
    if part:
        out.append(part)
    return out


class Namer:
    """Chooses a figure's measure from the catalogue (see the module docstring)."""

    def __init__(self, measures: dict[str, Measure], unit_of_token: dict[str, str]) -> None:
        self.measures = measures
        self.index = MeasureIndex({m.id: [m.name, *m.synonyms] for m in measures.values()})
        self.unit_of_token = unit_of_token

    def _fits(self, measure: str, figure: Figure) -> bool:
        unit = self.unit_of_token.get(figure.unit_token)
        known = self.measures.get(measure)
        return known is None or unit is None or unit in known.units

    def _named(self, words: list[str], figure: Figure) -> list[Match]:
        if not words:
            return []
        found = self.index.match(words, limit=8)
        return [m for m in found if m.coverage >= 0.5 and self._fits(m.measure_id, figure)]

    def in_turn(self, document: Document, figure: Figure) -> str | None:
        """The n-th number of "X och Y … 5,8 procent respektive 4,4 procent" is the n-th measure's."""
        line = document.lines[figure.line]
        first, last = figure.sentence
        sentence = line[first:last]
        if "respektive" not in fold(sentence):
            return None
        numbers = number_spans(sentence)
        order = [n for n, s in enumerate(numbers) if first + s.start == figure.start]
        if not order or len(numbers) < 2:
            return None
        head = sentence[: numbers[0].start]
        words = _words(head)
        named = [m for m in self._named(words, figure) if m.coverage >= 0.99]
        if len(named) < 2:
            return None
        position = {
            m.measure_id: min(words.index(w) for w in m.named if w in words) for m in named if m.named
        }
        ranked = sorted(position, key=lambda measure: position[measure])
        return ranked[order[0]] if order[0] < len(ranked) else None

    def name(self, document: Document, figure: Figure, near: list[tuple[Example, float]]) -> Named:
        """The figure's measure, its share of the evidence and the evidence that won."""
        turn = self.in_turn(document, figure)
        if turn is not None:
            return Named(turn, 1.0, None, "measure names taken in turn ('respektive')")
        scores: dict[str, float] = defaultdict(float)
        ways: dict[str, tuple[float, str, Example | None]] = {}

        def add(measure: str, weight: float, way: str, example: Example | None = None) -> None:
            scores[measure] += weight
            if measure not in ways or weight > ways[measure][0]:
                ways[measure] = (weight, way, example)

        top = near[0][1] if near else 0.0
        # A curated figure worded almost the same is the best evidence there is; a bare
        # number ("4,0") is alike any other and says nothing.
        own_words = _own(document, figure)
        wordy = min(1.0, len({w for level in own_words for w in level if len(w) > 2}) / 3)
        trust = min(1.0, max(0.0, (top - 0.45) / 0.45)) * wordy
        total = sum(s for _, s in near) or 1.0
        for example, similarity in near:
            assert example.fact is not None
            measure = example.fact.record.measure
            if measure in self.measures and self._fits(measure, figure):
                add(measure, trust * similarity / total, "nearest curated figure", example)
        own_weight = 1.0 - 0.6 * trust
        named_here = False
        for level, words in enumerate(own_words):
            matches = self._named(words, figure)
            if matches:
                named_here = True
                best = matches[0].score
                for match in matches:
                    add(
                        match.measure_id,
                        own_weight * (match.score / best) * match.coverage**2 / (1 + 0.3 * level),
                        "measure name in the text",
                    )
                break
        # The slide's titles say what its figures are about when they do not say it; the
        # nearer a title, the more it counts, and titles that agree add up.
        weight = (0.35 if named_here else 0.8) * own_weight
        for level, heading in enumerate(_headings(document, figure)):
            matches = self._named(_words(heading), figure)[:3]
            for match in matches:
                add(
                    match.measure_id,
                    weight * (match.score / matches[0].score) * match.coverage**2 * 0.5**level,
                    "measure name in a heading",
                )
        if not scores:
            return Named(None, 0.0, None, None)
        measure = max(scores, key=lambda m: scores[m])
        share = scores[measure] / (sum(scores.values()) or 1.0)
        _, way, chosen = ways[measure]
        return Named(measure, share, chosen, way)
