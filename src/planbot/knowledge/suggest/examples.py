"""Curated examples: the figures of the curated documents that facts were cut from.

A figure is curated when a curated fact with a value cites its line and states its value
(sign aside, where the sign is in words); the fact's fields are then known as the options
of its context that produce them (slots.py), so that they carry over to other contexts.
`labelled` also returns the figures no fact was cut from (for measuring, in bench/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planbot.knowledge.load import Knowledge, LocatedFact
from planbot.knowledge.models import MALOMRADEN
from planbot.knowledge.numbers import numbers_in
from planbot.knowledge.suggest import slots
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.figures import Figure, context, figures
from planbot.text import collapse, fold


@dataclass(frozen=True, slots=True)
class Example:
    """One figure of a curated document, and the curated fact it became (or None)."""

    source_id: str
    document: Document
    figure: Figure
    context: str
    fact: LocatedFact | None

    @property
    def positive(self) -> bool:
        return self.fact is not None

    def ways(self, field: str) -> list[str]:
        """How this example's context gives its fact's `field`: option names, else the literal."""
        assert self.fact is not None
        record = self.fact.record
        value = getattr(record, field)
        options = OPTIONS[field](self.document, self.figure)
        found = slots.matching(options, value, same=field in ("kind", "qualifier"))
        return found or [slots.LITERAL + ("" if value is None else str(value))]


OPTIONS = {
    "period": slots.period_options,
    "as_of": slots.as_of_options,
    "kind": slots.kind_options,
    "qualifier": slots.qualifier_options,
}


def part_names(knowledge: Knowledge, exclude: Iterable[str] = ()) -> frozenset[str]:
    """Folded names of document parts: the målområden and the first part of curated sections."""
    skip = set(exclude)
    names = {fold(m) for m in MALOMRADEN}
    names |= {fold(f.record.section.split(" — ")[0]) for f in knowledge.facts if f.source_id not in skip}
    return frozenset(n.strip() for n in names)


def document_of(knowledge: Knowledge, source_id: str, parts: frozenset[str]) -> Document:
    source = knowledge.sources[source_id]
    return Document(knowledge.source_lines(source_id), source.date, parts)


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def labelled(knowledge: Knowledge, source_id: str, document: Document) -> list[Example]:
    """Every figure of one curated document, each with the fact it became, if any."""
    found = figures(document)
    by_line: dict[int, list[int]] = {}
    for n, figure in enumerate(found):
        by_line.setdefault(figure.line, []).append(n)
    owner: dict[int, LocatedFact] = {}
    for fact in knowledge.facts:
        r = fact.record
        if fact.source_id != source_id or r.value is None:
            continue
        quote = collapse(r.quote)
        best = None
        for line in range(r.lines[0] - 1, r.lines[1]):
            for n in by_line.get(line, []):
                figure = found[n]
                readings = numbers_in(figure.text(document)) | {abs(figure.value)}
                if not any(_same(abs(r.value), abs(x)) for x in readings):
                    continue
                if collapse(figure.text(document)) not in quote:
                    continue
                if n not in owner:
                    best = n
                    break
                best = n if best is None else best
            if best is not None and best not in owner:
                break
        if best is not None and best not in owner:
            owner[best] = fact
    return [
        Example(source_id, document, figure, context(document, figure), owner.get(n))
        for n, figure in enumerate(found)
    ]


def training_examples(knowledge: Knowledge, exclude: Iterable[str]) -> list[Example]:
    """The curated figures (figures a fact was cut from) of every source not in `exclude`."""
    skip = set(exclude)
    parts = part_names(knowledge, skip)
    out: list[Example] = []
    for source_id in knowledge.sources:
        if source_id in skip:
            continue
        if not any(f.source_id == source_id for f in knowledge.facts):
            continue
        examples = labelled(knowledge, source_id, document_of(knowledge, source_id, parts))
        out.extend(e for e in examples if e.positive)
    return out
