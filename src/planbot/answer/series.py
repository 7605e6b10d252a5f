"""Series: one measure's figures year by year ("hur har X utvecklats 2023–2026", "per år").

Each year gets the figures of one kind and one qualifier, so that the series compares like
with like: the kind the question asks for, else the kind that covers most of the years;
the qualifier the question names, else the one most years have. A year with several
forecasts shows each, newest first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from planbot.answer.common import MAX_FACTS, start
from planbot.answer.context import Context
from planbot.answer.fit import Fit
from planbot.answer.group import CHANGE_STEM, stated_at
from planbot.answer.model import Answer, Fact
from planbot.knowledge.store import MeasureInfo
from planbot.periods import fact_period
from planbot.query.slots import COMMANDS, Slots
from planbot.query.when import When
from planbot.text import fold

PREFERENCE = ("outcome", "forecast", "budget", "target")
PER_YEAR = 2
# Qualifiers of a figure that is a flow or a change, not the level a stock stands at
# ("kassaflöde från årsskiftet", "avkastning", "förändring sedan årsskiftet").
FLOW = re.compile(
    r"\b(?:forandring|okning|minskning|mot foregaende ar|kassaflode|avkastning|fran arsskiftet)\w*"
)


def series_years(slots: Slots) -> set[int] | None:
    """The years a series covers: the ranges and years asked, or None for every year."""
    years = set(slots.when.years)
    for first, last in slots.when.ranges:
        years.update(range(first, last + 1))
    return years or None


def answer_series(ctx: Context, slots: Slots, measure: MeasureInfo) -> Answer:
    years = series_years(slots)
    whole_years = replace(slots, when=When(years=tuple(sorted(years)) if years else ()))
    fits = _figures(ctx, whole_years, measure, years, "year")
    intent = "compare"
    answer = start(slots, intent, measure)
    if len({f.fact.year for f in fits}) < 2 and (levels := _levels(ctx, whole_years, measure, years)):
        # A stock the sources give at dates ("per 30 april 2023: 1 372 mnkr"): its levels.
        answer.facts = levels[:MAX_FACTS]
        return answer
    if not fits:
        answer.status = "no_value"
        answer.message = "too_few"
        answer.facts = ctx.facts(measure.id, "statement")[:6]
        return answer
    kind = _kind(fits, slots)
    of_kind = [f for f in fits if f.fact.kind == kind]
    qualifier = _qualifier(of_kind)
    chosen = [f for f in of_kind if f.fact.qualifier == qualifier]
    by_year = _by_year(chosen)
    main_unit = _main_unit(chosen, slots.cues.units)
    facts = []
    for year in sorted(by_year):
        facts += [f for f in by_year[year] if f.unit == main_unit][:PER_YEAR]
    if len({f.year for f in facts}) < 2:
        answer.status = "no_value"
        answer.message = "too_few"
    answer.facts = facts[:MAX_FACTS]
    return answer


def _levels(ctx: Context, slots: Slots, measure: MeasureInfo, years: set[int] | None) -> list[Fact]:
    """The levels a stock stands at on dates, year by year (two at most a year): of one
    kind; each year's figures without a qualifier, else those of the one qualifier that year
    has (a flow or a change is no level). Empty unless two years have levels."""
    dated = _figures(ctx, slots, measure, years, "date")
    fits = [f for f in dated if not FLOW.search(fold(f.fact.qualifier or ""))]
    if len({f.fact.year for f in fits}) < 2:
        return []
    kind = _kind(fits, slots)
    of_kind = [f for f in fits if f.fact.kind == kind]
    by_year = _by_year(of_kind)
    main_unit = _main_unit(of_kind, slots.cues.units)
    out: list[Fact] = []
    for year in sorted(by_year):
        facts = [f for f in by_year[year] if f.unit == main_unit]
        plain = [f for f in facts if f.qualifier is None]
        if plain or len({f.qualifier for f in facts}) == 1:
            out += (plain or facts)[:PER_YEAR]
    return out if len({f.year for f in out}) >= 2 else []


def _figures(
    ctx: Context, slots: Slots, measure: MeasureInfo, years: set[int] | None, shape: str
) -> list[Fit]:
    """The measure's figures of a kind a series compares, for periods of `shape`, in `years`."""
    return [
        f
        for f in ctx.fits(measure.id, slots)
        if f.fact.value is not None and f.fact.kind in PREFERENCE
        and fact_period(f.fact.period).shape == shape
        and (years is None or f.fact.year in years)
    ]  # fmt: skip


def _by_year(fits: list[Fit]) -> dict[int, list[Fact]]:
    """The facts by year, the newest stated first within a year."""
    by_year: dict[int, list[Fact]] = {}
    for fit in sorted(fits, key=lambda f: stated_at(f.fact), reverse=True):
        by_year.setdefault(fit.fact.year or 0, []).append(fit.fact)
    return by_year


def _main_unit(fits: list[Fit], asked: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The unit the question asks for ("%-minskning"), where the figures have it; else theirs
    most often."""
    units = Counter(f.fact.unit for f in fits)
    named = [u for u in units if u in asked]
    return named[0] if named else units.most_common(1)[0][0]


def _kind(fits: list[Fit], slots: Slots) -> str:
    # The kinds the question's words ask for (not the measure's default kinds): the first of
    # them that the figures have.
    asked = [
        k for k, w in sorted(slots.cues.kinds.items(), key=lambda kv: -kv[1]) if k in PREFERENCE and w >= 0.8
    ]
    present = {f.fact.kind for f in fits}
    for kind in asked:
        if kind in present:
            return kind
    coverage: Counter[str] = Counter()
    for kind in present:
        coverage[kind] = len({f.fact.year for f in fits if f.fact.kind == kind})
    # Then the kind the command asks for, where it makes a series ("/budget
    # balanskravsresultat 2024–2026": the plan's budgets, though forecasts cover as many years).
    command = COMMANDS.get(slots.command or "")
    if command in present and coverage[command] >= 2:
        return command
    return max(present, key=lambda k: (coverage[k], -PREFERENCE.index(k)))


def _qualifier(fits: list[Fit]) -> str | None:
    # Only "förändring" named ("hur har X minskat 2024–2025"): the levels, not the change rows.
    named = max((f.qualifier for f in fits if not f.named <= {CHANGE_STEM}), default=0.0)
    if named > 0:
        return next(f.fact.qualifier for f in fits if f.qualifier == named)
    years_per_qualifier: Counter[str | None] = Counter()
    for qualifier in {f.fact.qualifier for f in fits}:
        years_per_qualifier[qualifier] = len({f.fact.year for f in fits if f.fact.qualifier == qualifier})
    return max(years_per_qualifier, key=lambda q: (years_per_qualifier[q], q is None, q or ""))
