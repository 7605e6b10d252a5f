"""What every answer kind shares: the answer's head, orderings, computed facts."""

from __future__ import annotations

import re
from collections.abc import Iterable

from planbot.answer.model import Answer, Fact
from planbot.formats import difference_unit, quantity, signed_quantity
from planbot.knowledge.store import MeasureInfo
from planbot.periods import fact_period
from planbot.query.slots import Slots

MAX_FACTS = 24
INTENT_OF_KIND = {
    "target": "target",
    "forecast": "forecast",
    "budget": "budget",
    "outcome": "indicator",
    "statement": "indicator",
}
COMMAND_FOR_INTENT = {
    "target": "/mål",
    "forecast": "/prognos",
    "budget": "/budget",
    "indicator": "/indikator",
    "compare": "/jämför",
}
PLACEHOLDERS = frozenset({"*", "-", "–", "—", "x"})
# A statement that a figure exists only in a chart: the sources hold no number for it.
_CHART_ONLY = re.compile(
    r"(?:endast|bara|enbart) i (?:ett |en )?diagram"
    r"|diagram\w* (?:utan värden|värden finns inte|siffror finns inte|"
    r"har inga siffror)|utan värden i texten|finns inte i textkopian|anges inte här",
    re.IGNORECASE,
)


def start(slots: Slots, intent: str, measure: MeasureInfo | None) -> Answer:
    """An answered Answer about `measure` (None for overviews), to be filled in."""
    answer = Answer(query=slots.text, intent=intent, status="answered")  # type: ignore[arg-type]
    answer.context["language"] = slots.reply_language
    answer.yes_no = slots.cues.yes_no  # "Har vi nått målet?": the answer opens Ja/Nej/Inte än
    if measure is not None:
        answer.measure_id = measure.id
        answer.measure = measure.name
        answer.malomrade = measure.malomrade
        answer.direction = measure.direction
    label = slots.when.label()
    answer.period = label or None
    return answer


def is_placeholder(fact: Fact) -> bool:
    """A table cell that marks a missing value ("*": not targeted that year), not a value."""
    return fact.value is None and (fact.stated or "").strip() in PLACEHOLDERS


def chart_only(fact: Fact) -> bool:
    """A statement saying the figure is shown only in a chart, without its numbers."""
    return fact.value is None and bool(_CHART_ONLY.search(f"{fact.qualifier or ''} {fact.stated or ''}"))


def newest_first(facts: Iterable[Fact]) -> list[Fact]:
    """Facts by the period they are about, then by when they were stated, newest first."""
    return sorted(
        facts,
        key=lambda f: (f.long_term, f.year or 0, f.as_of_date, f.qualifier is None, -f.id),
        reverse=True,
    )


def by_period(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in the order of the periods they are about, long-term last."""
    return sorted(facts, key=lambda f: (f.long_term, f.year or 0, f.qualifier is not None, f.id))


def computed(
    measure: MeasureInfo, value: float, unit: str | None, text: str, inputs: tuple[Fact, ...], period: str
) -> Fact:
    """A figure planbot worked out from `inputs`; labelled as computed wherever it is shown."""
    return Fact(
        id=0,
        measure_id=measure.id,
        measure=measure.name,
        kind="computed",
        period=period,
        value=round(value, 6),
        unit=unit,
        stated=text,
        source=None,
        inputs=inputs,
    )


def difference(measure: MeasureInfo, later: Fact, earlier: Fact, label: str) -> Fact:
    """`later` − `earlier`, same unit, as a computed fact naming both."""
    assert later.value is not None and earlier.value is not None
    value = later.value - earlier.value
    text = (
        f"{label[0].upper()}{label[1:]}: {signed_quantity(value, later.unit)} "
        f"({quantity(later.value, later.unit)} − {quantity(earlier.value, earlier.unit)})"
    )
    return computed(measure, value, difference_unit(later.unit), text, (later, earlier), later.period)


def comparable(a: Fact, b: Fact, same_part: bool = True) -> bool:
    """Two figures whose difference means something: same unit, same qualifier (unless
    `same_part` is False: two parts set side by side), and, for an amount, the same length of
    time (January–April is not set against a whole year)."""
    return (
        a.value is not None
        and b.value is not None
        and a.unit == b.unit
        and (not same_part or (a.qualifier or "") == (b.qualifier or ""))
        and (a.unit in RATE_UNITS or _span(a) == _span(b))
    )


# Units of a rate or a share: one for part of a year compares with one for all of it.
RATE_UNITS = frozenset({"%", "procentenheter"})


def _span(fact: Fact) -> int | None:
    """How many months an amount is for: 12 for a year, the months of "jan–april"; None for a
    level at a date or a span of another shape."""
    period = fact_period(fact.period)
    if period.shape == "year":
        return 12
    if period.shape == "month":
        return 1
    if period.shape == "months" and period.first_month and period.last_month:
        return period.last_month - period.first_month + 1
    return None
