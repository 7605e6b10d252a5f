"""The answer object and its facts, as in the answer contract of DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from planbot.formats import quantity

Intent = Literal["target", "forecast", "budget", "indicator", "compare", "sources", "help", "unknown"]
Status = Literal["answered", "no_value", "not_found", "ambiguous", "help"]


# The label of a difference the source states itself, set beside the two figures it is between.
STATED_DIFFERENCE_LABEL = "skillnad enligt källan"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a figure comes from: document, section, lines and the verbatim quote."""

    source_id: str
    document: str
    date: str
    section: str
    file: str
    lines: tuple[int, int]
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "date": self.date,
            "section": self.section,
            "file": self.file,
            "lines": list(self.lines),
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure or statement; a computed fact has no source and names its inputs."""

    id: int
    measure_id: str
    measure: str
    kind: str
    period: str
    value: float | None
    unit: str | None
    stated: str | None  # the curated text, where the fact has one ("Ja", "Netto noll")
    source: SourceRef | None
    as_of: str | None = None
    as_of_date: str = ""
    qualifier: str | None = None
    year: int | None = None
    long_term: bool = False
    inputs: tuple[Fact, ...] = ()
    label: str | None = None  # a role in this answer: "tidigare prognos", "budget"

    @property
    def text(self) -> str:
        """The fact as a user reads it: its curated text, or the value in Swedish format."""
        if self.stated:
            return self.stated
        return quantity(self.value, self.unit) if self.value is not None else ""

    def labelled(self, label: str) -> Fact:
        return replace(self, label=label)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "measure": self.measure,
            "kind": self.kind,
            "period": self.period,
            "as_of": self.as_of,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "text": self.text,
            "source": self.source.to_json() if self.source else None,
        }
        if self.kind == "computed":
            data["inputs"] = [
                {"measure": f.measure, "kind": f.kind, "period": f.period, "as_of": f.as_of,
                 "value": f.value, "unit": f.unit, "qualifier": f.qualifier}
                for f in self.inputs
            ]  # fmt: skip
        return data


@dataclass(frozen=True, slots=True)
class Candidate:
    """A measure the question may have meant, with the query that asks for it."""

    measure_id: str
    name: str
    malomrade: str | None
    query: str

    def to_json(self) -> dict[str, Any]:
        return {
            "measure_id": self.measure_id,
            "name": self.name,
            "malomrade": self.malomrade,
            "query": self.query,
        }


@dataclass(slots=True)
class Answer:
    """What planbot answers to one question; rendered by every surface."""

    query: str
    intent: Intent
    status: Status
    facts: list[Fact] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    measure_id: str | None = None
    measure: str | None = None
    malomrade: str | None = None
    direction: str | None = None
    message: str | None = None  # the headline in Swedish, when the template needs one
    period: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    # Whether the question asks if a target is met ("Har vi nått målet …?"), so that the
    # answer opens with Ja / Nej / Inte än; None when the engine does not say (renderers
    # then read the question's words). Not part of the JSON contract.
    yes_no: bool | None = None

    def copy(self) -> Answer:
        """A copy whose lists and context can be changed without changing this answer (its facts
        and candidates are immutable, so they are shared)."""
        return replace(
            self, facts=list(self.facts), candidates=list(self.candidates), context=dict(self.context)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "intent": self.intent,
            "status": self.status,
            "facts": [f.to_json() for f in self.facts],
            "candidates": [c.to_json() for c in self.candidates],
            "text": self.text,
        }
