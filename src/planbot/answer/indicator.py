"""Outcomes and indicators: the series asked for, newest first, then what is said in words."""

from __future__ import annotations

from planbot.answer.common import MAX_FACTS, newest_first, start
from planbot.answer.context import Context
from planbot.answer.group import Group
from planbot.answer.model import Answer
from planbot.knowledge.store import MeasureInfo
from planbot.query.slots import Slots

MAX_STATEMENTS = 3


def answer_indicator(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> Answer:
    answer = start(slots, "indicator", measure)
    # Outcomes, and figures the sources state in words ("prisbasbeloppet är 57 300 kr").
    outcomes = [f for f in group.facts if f.kind == "outcome" or (f.kind == "statement" and f.value is not None)]
    statements = [f for f in group.facts if f not in outcomes]
    if not outcomes:
        answer.status = "answered" if statements and (slots.cues.statement or not slots.kinds) else "no_value"
        answer.message = None if answer.status == "answered" else "no_outcome"
        known = statements or group.facts or ctx.facts(measure.id, "statement", "target", "forecast", "budget")
        answer.facts = newest_first(known)[:MAX_FACTS]
        return answer
    answer.facts = newest_first(outcomes) + newest_first(statements)[:MAX_STATEMENTS]
    answer.facts = answer.facts[:MAX_FACTS]
    return answer
