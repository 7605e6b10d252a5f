"""Overviews without a measure: the newest full-year forecast, and the budget's main lines.

`/prognos` is the newest forecast; `/prognos 2024` the newest forecast *of 2024*;
`/prognos efter oktober` the forecast made then. Each shows its main lines (resultat,
avvikelse mot budget, balanskrav, nettokostnadsutveckling, the main cost lines), and for
the result and the cost development the previous forecast and the budget of that year.
"""

from __future__ import annotations

from planbot.answer.common import MAX_FACTS, difference, start
from planbot.answer.context import Context
from planbot.answer.fit import period_fit
from planbot.answer.group import stated_at
from planbot.answer.model import Answer, Fact
from planbot.periods import fact_period
from planbot.query.slots import Slots

MAIN_FORECAST_LINES = (
    "resultat",
    "avvikelse_mot_budget",
    "balanskravsresultat",
    "nettokostnadsutveckling",
    "skatteintakter_och_utjamning",
    "verksamhetens_intakter",
    "lonekostnader",
    "kopt_vard",
    "lakemedel",
    "inhyrd_personal",
    "ovriga_kostnader",
    "forvaltningarnas_budgetunderskott",
    "finansnetto",
    "investeringar",
    "likvida_medel",
    "pensionsmedel",
    "pensionsatagande",
)
COMPARED_IN_OVERVIEW = ("resultat", "nettokostnadsutveckling")
MAIN_BUDGET_LINES = (
    "resultat",
    "skattesats",
    "nettokostnadsutveckling",
    "investeringar",
    "balanskravsresultat",
)
HEAD = "resultat"


def forecast_overview(ctx: Context, slots: Slots) -> Answer:
    answer = start(slots, "forecast", None)
    forecasts = [
        f
        for m in MAIN_FORECAST_LINES
        for f in ctx.facts(m, "forecast")
        if fact_period(f.period).shape == "year"
    ]
    if slots.when.any:
        fits = {f.id: period_fit(fact_period(f.period), slots.when, f) for f in forecasts}
        top = max(fits.values(), default=0.0)
        chosen = [f for f in forecasts if fits[f.id] >= top * 0.97] if top > 0 else []
    else:
        chosen = forecasts
    if not chosen:
        answer.status = "no_value"
        answer.message = "no_forecast"
        answer.facts = sorted(forecasts, key=stated_at, reverse=True)[:MAX_FACTS]
        return answer
    # The newest forecast among those: the lines one deck gives for one year.
    heads = [f for f in chosen if f.measure_id == HEAD] or chosen
    newest = max(heads, key=lambda f: (stated_at(f), f.year or 0))
    current = [f for f in chosen if stated_at(f) == stated_at(newest) and f.year == newest.year]
    current = _main_lines(current)
    answer.facts = current[:MAX_FACTS]
    for measure_id in COMPARED_IN_OVERVIEW:
        line = next((f for f in current if f.measure_id == measure_id and f.qualifier is None), None)
        if line is not None:
            answer.facts.extend(_context(ctx, line))
    answer.period = newest.period
    return answer


def _context(ctx: Context, head: Fact) -> list[Fact]:
    """The previous forecast and the budget for the same year and measure."""
    out = []
    measure = ctx.measure(head.measure_id)
    same = [
        f for f in ctx.facts(head.measure_id, "forecast")
        if f.year == head.year and f.qualifier == head.qualifier and stated_at(f) < stated_at(head)
        and f.unit == head.unit
    ]  # fmt: skip
    if same:
        previous = max(same, key=stated_at)
        out.append(previous.labelled("tidigare prognos"))
        out.append(difference(measure, head, previous, "förändring mot tidigare prognos"))
    budgets = [f for f in ctx.facts(head.measure_id, "budget") if f.year == head.year and f.unit == head.unit]
    budgets.sort(key=lambda f: f.source.date if f.source else "", reverse=True)
    budgets.sort(key=lambda f: f.qualifier is not None)
    out += [b.labelled("budget") for b in budgets[:2]]
    return out


def _main_lines(facts: list[Fact]) -> list[Fact]:
    """A forecast's main lines: its summary slide first, then one line for each other main
    measure (a full income statement repeats the summary and would drown it)."""
    rank = {m: i for i, m in enumerate(MAIN_FORECAST_LINES)}
    head = next((f for f in facts if f.measure_id == HEAD and f.qualifier is None), None)
    section = head.source.section if head and head.source else None
    summary = [f for f in facts if f.source and f.source.section == section]
    covered = {f.measure_id for f in summary}
    rest: list[Fact] = []
    for fact in sorted(facts, key=lambda f: (f.qualifier is not None, f.id)):
        if fact.measure_id not in covered:
            rest.append(fact)
            covered.add(fact.measure_id)
    return sorted(
        summary + rest, key=lambda f: (rank.get(f.measure_id, len(rank)), f.qualifier is not None, f.id)
    )


def budget_overview(ctx: Context, slots: Slots) -> Answer:
    answer = start(slots, "budget", None)
    rank = {m: i for i, m in enumerate(MAIN_BUDGET_LINES)}
    budgets = [f for m in MAIN_BUDGET_LINES for f in ctx.facts(m, "budget") if f.qualifier is None]
    if slots.when.any:
        budgets = [f for f in budgets if period_fit(fact_period(f.period), slots.when, f) >= 0.75]
    budgets.sort(key=lambda f: (rank[f.measure_id], f.year or 0, f.id))
    answer.status = "answered" if budgets else "no_value"
    answer.facts = budgets[:MAX_FACTS]
    return answer
