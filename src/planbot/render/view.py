"""How an answer is laid out, the same on every surface: its first line, the notes a
manager expects (no earlier forecast; budgets that disagree), a table or lines of facts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from planbot.answer.model import Answer, Fact
from planbot.render.labels import PREVIOUS_LABEL
from planbot.render.language import language_of
from planbot.render.lead import HEAD_MEASURE, Lead, lead
from planbot.render.tables import Table, fact_table, overview_table

MIN_TABLE_ROWS = 3
MAX_CACHED_VIEWS = 512
_VIEWS: dict[tuple[object, ...], AnswerView] = {}
_LOCK = threading.Lock()
TABLE_INTENTS = ("forecast", "budget", "indicator", "compare")


@dataclass(frozen=True, slots=True)
class Competing:
    """Budgets of one figure that the documents give differently: the newest document first."""

    first: Fact
    others: tuple[Fact, ...]


@dataclass(slots=True)
class AnswerView:
    answer: Answer
    language: str
    lead: Lead
    table: Table | None = None
    lines: list[Fact] = field(default_factory=list)  # facts shown one per line (all, without a table)
    competing: list[Competing] = field(default_factory=list)
    no_previous: str | None = None  # the period of a forecast that has no earlier forecast
    words: tuple[str, str] | None = None  # the first line and the details, once rendered

    @property
    def noted(self) -> list[Fact]:
        """Facts named in the details rather than in the table or the lines."""
        return [f for c in self.competing for f in c.others]

    @property
    def a(self) -> Answer:
        return self.answer

    @property
    def with_measure(self) -> bool:
        """Whether each fact line names its measure: the answer is about no one measure, or
        about several ("Kassalikviditet och Soliditet")."""
        return self.answer.measure is None or len({f.measure_id for f in self.answer.facts}) > 1


def competing_budgets(facts: list[Fact]) -> list[Competing]:
    """Budgets of the same figure (measure, period, qualifier, unit) that differ between documents."""
    groups: dict[tuple[object, ...], list[Fact]] = {}
    for fact in facts:
        if fact.kind == "budget" and fact.value is not None and fact.source is not None:
            groups.setdefault((fact.measure_id, fact.period, fact.qualifier, fact.unit), []).append(fact)
    out = []
    for group in groups.values():
        group.sort(key=lambda f: f.source.date if f.source else "", reverse=True)
        others = tuple(f for f in group[1:] if f.value != group[0].value)
        if others:
            out.append(Competing(group[0], others))
    return out


def no_previous(facts: list[Fact], intent: str | None) -> str | None:
    """The period of a forecast answer's main forecast when no earlier forecast of it is shown
    (the engine looks for one for a forecast's main figure: its absence means there is none)."""
    if intent != "forecast":
        return None
    forecasts = [f for f in facts if f.kind == "forecast" and f.label is None]
    head = next((f for f in forecasts if f.measure_id == HEAD_MEASURE and f.qualifier is None), None)
    head = head or (forecasts[0] if forecasts else None)
    if head is None:
        return None
    earlier = [f for f in facts if f.label == PREVIOUS_LABEL and f.measure_id == head.measure_id]
    return None if earlier else head.period


def layout(answer: Answer) -> AnswerView:
    """The view of `answer`: a table for the forecast overview and for series, else lines.

    Views are immutable once made and cached by the answer's content, so that the text,
    the Slack message and "Visa fler" of one answer lay it out once.
    """
    key = _content(answer)
    with _LOCK:
        view = _VIEWS.get(key)
    if view is None:
        view = _layout(answer)
        with _LOCK:
            if len(_VIEWS) >= MAX_CACHED_VIEWS:
                _VIEWS.pop(next(iter(_VIEWS)))
            _VIEWS[key] = view
    return view


def _content(answer: Answer) -> tuple[object, ...]:
    """Everything a view is made of (the JSON fields and the engine's labels), hashable."""
    return (
        answer.query, answer.intent, answer.status, answer.message, answer.period, answer.measure_id,
        answer.measure, answer.malomrade, answer.direction, answer.yes_no, language_of(answer),
        tuple(answer.facts), tuple(answer.candidates),
    )  # fmt: skip


def _layout(answer: Answer) -> AnswerView:
    view = AnswerView(answer, language_of(answer), lead(answer))
    if answer.status in ("help", "ambiguous", "not_found") or answer.intent == "sources":
        return view
    view.competing = competing_budgets([f for f in answer.facts if f.kind == "budget"])
    if answer.status == "answered":
        view.no_previous = no_previous(answer.facts, answer.intent)
    in_notes = {id(f) for c in view.competing for f in c.others}
    if answer.intent == "forecast" and answer.measure is None and answer.status == "answered":
        view.table, rest = overview_table(answer, view.language)
        view.lines = [f for f in rest if id(f) not in in_notes]
        return view
    valued = [f for f in answer.facts if f.value is not None and f.kind != "computed"]
    if answer.intent in TABLE_INTENTS and len(valued) >= MIN_TABLE_ROWS:
        view.table, view.lines = fact_table(answer.facts, view.language)
        return view
    view.lines = list(answer.facts)
    return view
