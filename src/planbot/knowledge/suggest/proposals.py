"""A model's reading of a figure turned into a proposal in the facts-file schema.

Every proposal goes through the same pydantic model and the same checks as a curated
fact (check.record_problems): its quote is verbatim in its lines and its value is in its
quote. A reading that fails them is not proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from planbot.knowledge.check import record_problems
from planbot.knowledge.models import FactRecord, Measure
from planbot.knowledge.suggest import slots
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.model import Reading, confidence
from planbot.text import tokens

_LEAD = re.compile(r"^(?:\s|[-–•▪·]|\*(?!\*))+")


@dataclass(frozen=True, slots=True)
class Proposal:
    """A candidate fact, how sure the proposal is, and why."""

    record: FactRecord
    confidence: float
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        data = self.record.model_dump(exclude_defaults=True)
        data.setdefault("qualifier", None)
        order = ["measure", "kind", "period", "as_of", "value", "unit", "qualifier", "sign_in_words"]
        order += ["section", "lines", "quote"]
        return {k: data[k] for k in order if k in data}

    def comments(self) -> list[str]:
        sure = "high" if self.confidence >= 0.7 else "medium" if self.confidence >= 0.4 else "low"
        return [f"sure: {self.confidence:.2f} ({sure})", *self.reasons]


def _quote(document: Document, reading: Reading) -> tuple[tuple[int, int], str]:
    figure = reading.figure
    line = document.lines[figure.line]
    if figure.column is not None:
        return (figure.line + 1, figure.line + 1), line.strip()
    first, last = figure.sentence
    text = _LEAD.sub("", line[first:last]).strip()
    starts_line = not _LEAD.sub("", line[:first]).strip()
    between = document.lines[figure.label_line + 1 : figure.line] if figure.label_line is not None else []
    if figure.label_line is not None and starts_line and not any(t.strip() for t in between):
        label = _LEAD.sub("", document.lines[figure.label_line]).strip()
        return (figure.label_line + 1, figure.line + 1), " ".join(f"{label} {line[:last]}".split())
    return (figure.line + 1, figure.line + 1), text


def _section(document: Document, line: int) -> str:
    part = document.part_of[line]
    heading = document.heading_text(line)
    if part and heading and heading != part:
        return f"{part} — {heading}"
    return part or heading or "(ingen rubrik)"


def _new_measure_id(document: Document, reading: Reading) -> str:
    words = [w for w in tokens(reading.figure.row_label or reading.context) if w.isalpha() and len(w) > 2]
    return "_".join(words[:3]) or "nytt_matt"


def _example_line(reading: Reading) -> str | None:
    example = reading.neighbour
    if example is None or example.fact is None:
        return None
    fact = example.fact
    return (
        f"followed {fact.file.name} facts[{fact.index}] (line {fact.line}): "
        f"{fact.record.quote[:90]!r}, similarity {reading.similarity:.2f}"
    )


def propose(document: Document, reading: Reading, measures: dict[str, Measure]) -> Proposal | None:
    """The proposal for one reading, or None when it would not pass the build's checks."""
    figure = reading.figure
    lines, quote = _quote(document, reading)
    year = str(document.year) if document.year else "okänd"
    measure = reading.measure.value or _new_measure_id(document, reading)
    kind = reading.kind.value or "outcome"
    as_of = reading.as_of.value if kind == "forecast" else None
    if kind == "forecast" and not as_of:
        as_of = f"{year}"
    value = reading.value
    unit = reading.unit or (measures[measure].units[0] if measure in measures else "st")
    data: dict[str, Any] = {
        "measure": measure,
        "kind": kind,
        "period": reading.period.value or year,
        "as_of": as_of,
        "value": value,
        "unit": unit,
        "qualifier": reading.qualifier.value,
        "section": _section(document, figure.line),
        "lines": lines,
        "quote": quote,
    }
    if reading.sign_in_words:
        data["sign_in_words"] = True
    try:
        record = FactRecord.model_validate(data)
    except ValidationError:
        return None
    if record_problems(
        record, document.lines, {m: e.units for m, e in measures.items()}, measure_required=False
    ):
        return None
    reasons = [r for r in [_example_line(reading)] if r]
    if reading.similarity < 0.5:
        reasons.append("no curated figure is worded like it: read from its own words only")
    for name, vote in (
        ("measure", reading.measure),
        ("kind", reading.kind),
        ("period", reading.period),
        ("as_of", reading.as_of),
    ):
        if vote.way:
            way = vote.way.replace(slots.LITERAL, "the examples: ")
            reasons.append(f"{name} from {way} ({vote.share:.0%} sure)")
    if measure not in measures:
        reasons.append(f"measure {measure!r} is not catalogued: add it to knowledge/measures/ or pick one")
    if reading.sign_in_words:
        reasons.append("negative: the sign is given in words")
    return Proposal(record, confidence(reading), reasons)
