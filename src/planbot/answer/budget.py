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
    ordered = budget_order(chosen, group.parts)
    if not slots.when.any:
        # No period asked: the plan's own years first, the earlier plans' figures it recalls after.
        ordered.sort(key=lambda f: not _in_its_plan(ctx, f))
    answer.facts = ordered[:MAX_FACTS]
    return answer


def _in_its_plan(ctx: Context, fact: Fact) -> bool:
    """Whether a budget is for a year of the plan that states it (not one it looks back on)."""
    span = ctx.plans.get(fact.source.source_id) if fact.source else None
    return span is None or fact.year is None or span[0] <= fact.year <= span[1]


def budget_order(budgets: list[Fact], parts: Collection[int] = ()) -> list[Fact]:
    """The whole's figures by year (the main figure first, then its other figures: "totalt"),
    then the parts by year (`parts`: ids of the breakdown rows the question does not name);
    newest document first."""
    ordered = sorted(budgets, key=lambda f: f.source.date if f.source else "", reverse=True)
    return sorted(ordered, key=lambda f: (f.long_term, id(f) in parts, f.year or 0, f.qualifier is not None))
