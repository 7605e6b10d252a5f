"""Budgets: the budgeted figures asked for; where documents disagree, each, newest first."""

from __future__ import annotations

from collections.abc import Collection

from planbot.answer.common import MAX_FACTS, newest_first, start
from planbot.answer.context import Context
from planbot.answer.group import Group
from planbot.answer.model import Answer, Fact
from planbot.knowledge.store import MeasureInfo
from planbot.query.slots import Slots


def answer_budget(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> Answer:
    answer = start(slots, "budget", measure)
    chosen = [f for f in group.facts if f.kind == "budget"]
    if not chosen:
        answer.status = "no_value"
        answer.message = "no_budget"
        answer.facts = newest_first(group.facts or ctx.facts(measure.id, "budget"))[:MAX_FACTS]
        return answer
    answer.facts = budget_order(chosen, group.parts)[:MAX_FACTS]
    return answer


def budget_order(budgets: list[Fact], parts: Collection[int] = ()) -> list[Fact]:
    """By year; within a year the main figure first, then the whole's other figures ("totalt"),
    then the parts (`parts`: ids of the breakdown rows the question does not name); newest
    document first."""
    ordered = sorted(budgets, key=lambda f: f.source.date if f.source else "", reverse=True)
    return sorted(ordered, key=lambda f: (f.long_term, f.year or 0, id(f) in parts, f.qualifier is not None))
