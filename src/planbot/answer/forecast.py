"""Forecasts: the figure asked for, newest first, with the previous forecast and the budget.

Where no forecast covers the period asked for but the plan or a budget does, that figure
stands in, labelled as such in every rendering ("budget – ingen prognos finns").
"""

from __future__ import annotations

from planbot.answer.common import MAX_FACTS, newest_first, start
from planbot.answer.context import Context
from planbot.answer.group import Group, stated_at
from planbot.answer.model import Answer, Fact
from planbot.knowledge.store import MeasureInfo
from planbot.query.slots import Slots

FALLBACK_LABEL = "ingen prognos finns – budget/plan"


def answer_forecast(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> Answer:
    answer = start(slots, "forecast", measure)
    if group.fallback:
        # No forecast for the period. Where the board decks never forecast the measure, the
        # plan's figure is the only projection there is, and answers, labelled; where they
        # do, a forecast missing for this period is missing, and the budget is what is known.
        stand_in = [f for f in group.facts if f.kind != "statement"]
        forecast_elsewhere = any(
            f.source and f.source.source_id not in ctx.plans for f in ctx.facts(measure.id, "forecast")
        )
        planned = all(f.source and f.source.source_id in ctx.plans for f in stand_in)
        if forecast_elsewhere or not planned:
            answer.status = "no_value"
        answer.message = "fallback"
        answer.facts = [f.labelled(FALLBACK_LABEL) for f in stand_in][:MAX_FACTS]
        return answer
    chosen = [f for f in group.facts if f.kind == "forecast"]
    if not chosen:
        answer.status = "no_value"
        answer.message = "no_forecast"
        answer.facts = newest_first(group.facts or ctx.facts(measure.id, "forecast"))[:MAX_FACTS]
        return answer
    # Rows of a breakdown the question does not name ("immateriella anläggningstillgångar")
    # give way to the whole, however much newer their document.
    parts = {id(f.fact) for f in group.fits if f.part or f.specific}
    if any(f.qualifier is None for f in chosen):
        chosen = [f for f in chosen if id(f) not in parts] or chosen
    if not slots.when.any:
        # No period asked: the newest forecast made (a plan's projection of a later year
        # is older than a board deck's forecast of this one).
        newest = max(stated_at(f) for f in chosen)
        chosen = [f for f in chosen if stated_at(f) == newest]
    chosen.sort(key=lambda f: (stated_at(f), f.qualifier is None), reverse=True)
    newest = stated_at(chosen[0])
    current = [f for f in chosen if stated_at(f) == newest]
    answer.facts = current + [f.labelled("tidigare prognos") for f in chosen if stated_at(f) != newest]
    answer.facts += context_for(ctx, measure, current)
    answer.facts = answer.facts[:MAX_FACTS]
    return answer


def context_for(ctx: Context, measure: MeasureInfo, current: list[Fact]) -> list[Fact]:
    """The previous forecast of the same year and qualifier, and the budget of that period
    (that month's, for a month's forecast), or of that year."""
    out: list[Fact] = []
    shown = {f.id for f in current}
    for head in current[:2]:
        earlier = [
            f for f in ctx.facts(measure.id, "forecast")
            if f.year == head.year and f.qualifier == head.qualifier and f.unit == head.unit
            and stated_at(f) < stated_at(head) and f.id not in shown
        ]  # fmt: skip
        if earlier:
            previous = max(earlier, key=stated_at)
            out.append(previous.labelled("tidigare prognos"))
            shown.add(previous.id)
    years = {f.year for f in current}
    budgets = [f for f in ctx.facts(measure.id, "budget") if f.year in years and f.id not in shown]
    # A month's forecast is read against that month's budget, where there is one.
    periods = {f.period for f in current}
    budgets = (
        [f for f in budgets if f.period in periods]
        or [f for f in budgets if f.period == str(f.year)]
        or budgets
    )
    # The main budgeted figure first; where documents disagree, the newest document first.
    budgets.sort(key=lambda f: f.source.date if f.source else "", reverse=True)
    budgets.sort(key=lambda f: f.qualifier is not None)
    out += [b.labelled("budget") for b in budgets[:3]]
    return out
