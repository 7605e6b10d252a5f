"""Comparisons: two (or a few) figures side by side, like with like, and their difference.

The sides are the periods the question names ("2025 och 2026", "efter april och efter
maj"), or the kinds it names for one period ("prognos och utfall 2025", "resultatet jämfört
med prognosen"). The figures paired share a unit and, where possible, a qualifier, so
that a percentage change since 2012 is never set against one since last year. A
difference is computed only between comparable figures and is labelled as computed.
Without two sides: the newest forecast against the previous one, or the outcome against
the target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from planbot.answer.common import MAX_FACTS, comparable, difference, start
from planbot.answer.context import Context, question_stems
from planbot.answer.fit import Fit
from planbot.answer.group import NAMED_STRONGLY, stated_at
from planbot.answer.model import STATED_DIFFERENCE_LABEL, Answer, Fact, SourceRef
from planbot.answer.verdict import pick_target, verdict
from planbot.knowledge.store import MeasureInfo
from planbot.query.cues import BEFORE_AFTER
from planbot.query.slots import Slots
from planbot.query.when import When
from planbot.text import fold

FIGURES = ("outcome", "forecast", "budget", "target")
CANDIDATES_PER_SIDE = 8
# Of two kinds compared, the one further on is the reference: an outcome against its forecast,
# a forecast against the budget, anything against the target.
REFERENCE_RANK = {"outcome": 0, "forecast": 1, "budget": 2, "target": 3}
# A deviation from a budget, in a folded measure name or qualifier.
_DEVIATION = re.compile(r"avvikelse|(?:mot|under|over) budget")
STATED_NEAR = 40  # lines: how far from a compared figure the source may state the difference
_CURRENT = re.compile(r",?\s*\b(?:nuvarande|tidigare|idag)\b")
# "plan mot budget", "RP 24–26 vs budget", "regionplanen och prognosen": the plan as a side.
_PLAN_SIDE = re.compile(r"\b(?:plan|planen|planens|regionplan\w*|rp(?:-plan)?)\b(?!\s*-?perioden)")


def period_sides(when: When) -> list[When]:
    """One When per period the question names; a forecast's month goes with its year
    ("2023 (april) och 2024 (februari)"). A baseline ("minskat sedan 2012 enligt 2022 och
    2025") is every side's."""
    only = when.years[0] if len(when.years) == 1 else None
    made = {year or only: (month, year or only) for month, year in when.as_of if (year or only) in when.years}
    sides = [When(years=(y,), as_of=(made[y],)) if y in made else When(years=(y,)) for y in when.years]
    sides += [When(months=(m,)) for m in when.months]
    sides += [When(after=(a,)) for a in when.after]
    sides += [When(as_of=(a,)) for a in when.as_of if (a[1] or only) not in made]
    sides += [When(dates=(d,)) for d in when.dates]
    for first, last in when.ranges:
        sides += [When(years=(first,)), When(years=(last,))]
    if when.long_term:
        sides.append(When(long_term=True))
    return [replace(side, since=when.since) for side in sides] if when.since else sides


def made_sides(when: When) -> list[When]:
    """For one year and two or more moments ("2023 efter april och efter augusti", "2026 SKR
    augusti vs oktober"): one side per forecast of the year made at each moment; else none."""
    if len(when.years) != 1 or when.ranges or when.dates or when.long_term:
        return []
    (year,) = when.years
    moments = [*when.after, *when.as_of, *((first, y) for first, last, y in when.months if first == last)]
    if len(moments) < 2 or any(len(m) != 2 for m in moments):
        return []
    return [When(years=(year,), as_of=((month, made or year),)) for month, made in moments]


def names_two_sides(slots: Slots) -> bool:
    """Whether the question itself names what to compare: two periods (or one and "the
    latest"), or two kinds."""
    kinds = {k for k, w in slots.kinds.items() if k in FIGURES and w >= 0.5} | (
        slots.cues.relations & set(FIGURES)
    )
    periods = len(period_sides(slots.when)) + (1 if slots.latest else 0)
    return periods >= 2 or len(kinds) >= 2


def answer_compare(ctx: Context, slots: Slots, measure: MeasureInfo) -> Answer:
    answer = start(slots, "compare", measure)
    facts = [f for f in ctx.facts(measure.id) if f.value is not None and f.kind in FIGURES]
    relations = [k for k in sorted(slots.cues.relations) if k in FIGURES]
    kinds = [k for k, w in sorted(slots.kinds.items(), key=lambda kv: -kv[1]) if k in FIGURES and w >= 0.5]
    plan = bool(_PLAN_SIDE.search(slots.folded)) and bool(ctx.plans)
    if relations:
        # "X jämfört med budget": the figure asked about (of the kinds it may be, the one that
        # fits the period best: a full-year forecast before a January–October outcome), and
        # the reference; "plan mot budget": the plan's figure is the one asked about.
        # (Kinds only defaulted for the measure, a target first, are not asked for.)
        explicit = kinds if slots.cues.kinds or slots.command not in (None, "planbot", "jamfor") else []
        asked = [k for k in explicit if k not in relations] or [
            k for k in ("outcome", "forecast") if k not in relations and not plan
        ]
        kinds = [*_best_kind(ctx, slots, measure, asked)[:1], *relations]
    if plan and kinds:
        # "plan, budget och prognos 2026": the plan's figure is a side of its own, beside the
        # budget of the year's board decks.
        kinds = ["plan", *(k for k in kinds if k != "plan")]
        if len(kinds) == 1:
            kinds.append("budget")
    periods = period_sides(slots.when)
    made = made_sides(slots.when)
    if made and all(_side(ctx, slots, measure, facts, when, kinds[:1]) for when in made):
        periods = made  # "resultatprognos 2023 april vs augusti": the forecasts made then
    if len(periods) == 1 and slots.latest:
        periods.append(When())  # "… i oktober med den senaste": the newest of the kind
    periods = _same_months(ctx, slots, measure, facts, periods, kinds)
    sides: list[list[Fit]] = []
    by_parts = len(periods) < 2 and not slots.cues.kinds and not relations
    named = _named_sides(ctx, slots, measure, facts) if by_parts else []
    if named:
        sides = named  # "Kalmar med Oskarshamn": kinds only defaulted make no sides
    elif len(periods) >= 2:
        for when in periods:
            sides.append(_side(ctx, slots, measure, facts, when, kinds[:1] if len(kinds) == 1 else kinds))
    elif len(kinds) >= 2:
        for kind in kinds[:3]:  # each side its own kind: a budget never stands in for the forecast
            sides.append(_kind_side(ctx, slots, measure, facts, kind, planned="plan" in kinds))
    if sides and all(sides):
        picked = _pair(sides)
    elif relations == ["budget"] and sides and sides[0] and (stated := _stated_deviations(sides[0])):
        # "skatter och utjämning mot budget 2023 enligt aprilprognosen": no budget in the
        # sources, but the forecast's deviation from it, as the source states it.
        answer.facts = stated
        answer.intent = "forecast" if stated[0].kind == "forecast" else "indicator"
        return answer
    elif relations and sides:
        picked = []  # "prognos mot budget" where one of the two is not in the sources: say so
    else:
        picked = _default(ctx, slots, measure, facts, kinds)
    # One figure is no two sides, also where two documents give it alike ("Kalmar 17 %").
    picked = list(
        {(f.measure_id, f.kind, f.period, f.qualifier, f.value, f.unit): f for f in picked}.values()
    )
    if len(picked) < 2:
        answer.status = "no_value"
        answer.message = "too_few"
        answer.facts = picked or sorted(facts, key=stated_at, reverse=True)[:6] or ctx.facts(measure.id)[:6]
        return answer
    answer.facts = _with_twins(ctx, picked)[:MAX_FACTS]
    first, second = picked[0], picked[1]
    earlier = _earlier_forecasts(ctx, measure, picked)
    if {first.kind, second.kind} == {"outcome", "target"}:
        outcome, target = (first, second) if first.kind == "outcome" else (second, first)
        judged = verdict(measure, outcome, target)
        if judged is not None:
            answer.facts.append(judged)
    elif comparable(first, second) or (named and _alike_parts(first, second)):
        if relations and second.kind in relations and first.kind not in relations:
            later, before = first, second  # "X mot budget": X less the reference
        elif named:
            later, before = first, second  # "Kalmar med Oskarshamn": the first named less the other
        elif first.kind != second.kind and {first.kind, second.kind} <= REFERENCE_RANK.keys():
            # "prognos och budget 2025": the figure less its reference, as a deviation is stated
            later, before = sorted((first, second), key=lambda f: REFERENCE_RANK[f.kind])
        else:
            later, before = (second, first) if _order(second) >= _order(first) else (first, second)
        computed = difference(measure, later, before, "skillnad")
        stated = _stated_difference(ctx, later, before, computed)
        if stated:
            # The figure first, its reference second, then the difference as the source states it.
            rest = [f for f in answer.facts if f.id not in {later.id, before.id}]
            answer.facts = [later, before, *rest, stated[0].labelled(STATED_DIFFERENCE_LABEL)]
        else:
            # The deviation the source states in words for the figure compared ("understiger
            # budget med 62 mnkr") may cover more than the rows compared: shown beside the
            # difference computed, never as it.
            said = _said_deviation(ctx, later) if before.kind == "budget" != later.kind else []
            answer.facts += [computed, *said]
    answer.facts += earlier + _competing_budgets(ctx, picked)
    return answer


def _competing_budgets(ctx: Context, picked: list[Fact]) -> list[Fact]:
    """Budgets of a side's figure that another document gives otherwise (the plan's 266 mnkr
    for 2025 beside the December deck's 364): shown with it, so that a comparison of the
    newest budgets does not hide what the other document said."""
    out: list[Fact] = []
    shown = {f.id for f in picked}
    for fact in picked:
        if fact.kind != "budget" or fact.source is None:
            continue
        for other in ctx.facts(fact.measure_id, "budget"):
            if (
                other.id not in shown and other.value is not None and other.value != fact.value
                and other.period == fact.period and other.qualifier == fact.qualifier
                and other.unit == fact.unit and other.source is not None
                and other.source.source_id != fact.source.source_id
            ):  # fmt: skip
                out.append(other)
                shown.add(other.id)
    return out


def _with_twins(ctx: Context, picked: list[Fact]) -> list[Fact]:
    """Each figure with its twin in another unit, where the source states both together
    ("ökar med 306 mnkr (5,4 %)"): the same measure, kind, period and qualifier, cited from
    the same lines."""
    out: list[Fact] = []
    shown = {f.id for f in picked}
    for fact in picked:
        out.append(fact)
        if fact.source is None:
            continue
        for twin in ctx.facts(fact.measure_id, fact.kind):
            if (
                twin.id not in shown and twin.value is not None and twin.unit != fact.unit
                and twin.period == fact.period and twin.qualifier == fact.qualifier
                and twin.source is not None and twin.source.source_id == fact.source.source_id
                and twin.source.lines == fact.source.lines
            ):  # fmt: skip
                out.append(twin)
                shown.add(twin.id)
    return out


def _stated_difference(ctx: Context, later: Fact, before: Fact, computed: Fact) -> list[Fact]:
    """The difference as the source states it, where it does: a figure of the same period in
    the same document, cited near either side, with the computed value ("Resultatets
    avvikelse mot budget −212 mnkr" beside a forecast of 120 and a budget of 332)."""
    assert computed.value is not None
    for side in (later, before):
        if side.source is None:
            continue
        for fact in _facts_near(ctx, side.source):
            if (
                fact.period == later.period and fact.id not in {later.id, before.id}
                and fact.unit == computed.unit and _same_amount(fact.value, computed.value)
            ):  # fmt: skip
                return [fact]
    return []


def _facts_near(ctx: Context, ref: SourceRef) -> Iterator[Fact]:
    """The figures the same document cites within STATED_NEAR lines of `ref`."""
    for measure_id in ctx.kb.measures_near(ref.source_id, ref.lines[0], ref.lines[1], STATED_NEAR):
        for fact in ctx.facts(measure_id):
            if (
                fact.value is not None and fact.source is not None
                and fact.source.source_id == ref.source_id
                and abs(fact.source.lines[0] - ref.lines[0]) <= STATED_NEAR
            ):  # fmt: skip
                yield fact


def _same_amount(value: float | None, other: float) -> bool:
    """Whether a stated figure is a computed one, as rounded in the source."""
    return value is not None and abs(value - other) < 0.05 + abs(other) * 0.001


def _said_deviation(ctx: Context, figure: Fact) -> list[Fact]:
    """The deviation the figure's document states in words for the measure and period."""
    return [
        f for f in ctx.facts(figure.measure_id, figure.kind)
        if f.value is not None and f.source is not None and figure.source is not None
        and f.period == figure.period and f.source.source_id == figure.source.source_id
        and f.id != figure.id and _DEVIATION.search(fold(f.qualifier or ""))
    ][:1]  # fmt: skip


def _stated_deviations(side: list[Fit]) -> list[Fact]:
    """The deviations from budget among a side's best candidates (those of its best score)."""
    best = max(f.score for f in side)
    return [f.fact for f in side if f.score >= best * 0.97 and is_deviation(f.fact)]


def is_deviation(fact: Fact) -> bool:
    """A figure that is a deviation from a budget ("Resultatets avvikelse mot budget")."""
    return bool(_DEVIATION.search(fold(fact.measure)) or _DEVIATION.search(fold(fact.qualifier or "")))


def deviation_sides(ctx: Context, deviation: Fact) -> list[Fact]:
    """The two figures a stated deviation is the difference of, where the same document gives
    both near it (a forecast of 120 and a budget of 332 beside an avvikelse of −212), the
    figure first and its reference second; or none."""
    if deviation.value is None or deviation.source is None:
        return []
    ref = deviation.source
    near = [
        f for f in _facts_near(ctx, ref)
        if f.period == deviation.period and f.unit == deviation.unit and f.id != deviation.id
        and f.kind in REFERENCE_RANK and not is_deviation(f)
    ]  # fmt: skip
    pairs = [
        (
            round(abs(a.value - b.value - deviation.value), 3),  # type: ignore[operator]
            abs(a.source.lines[0] - ref.lines[0]) + abs(b.source.lines[0] - ref.lines[0]),  # type: ignore[union-attr]
            a,
            b,
        )
        for a in near for b in near
        if REFERENCE_RANK[a.kind] < REFERENCE_RANK[b.kind] and a.measure_id == b.measure_id
        and (a.qualifier or "") == (b.qualifier or "")
        and _same_amount(a.value - b.value, deviation.value)  # type: ignore[operator]
    ]  # fmt: skip
    if not pairs:
        return []
    *_, figure, reference = min(pairs, key=lambda p: p[:2])
    return [figure, reference]


def answer_before_after(ctx: Context, slots: Slots, measure: MeasureInfo) -> Answer | None:
    """ "Öppenvårdsavgiften före och efter höjningen": the current figure and the new one,
    where the sources mark one as the current ("nuvarande"); else None."""
    if not BEFORE_AFTER.search(slots.folded):
        return None
    changed = _before_and_after(
        ctx, slots, measure, [f for f in ctx.facts(measure.id) if f.value is not None]
    )
    if changed is None:
        return None
    answer = start(slots, "compare", measure)
    before, after = changed
    answer.facts = [before, after]
    if before.unit == after.unit:
        answer.facts.append(difference(measure, after, before, "skillnad"))
    return answer


def _earlier_forecasts(ctx: Context, measure: MeasureInfo, picked: list[Fact]) -> list[Fact]:
    """Earlier forecasts of the same year and qualifier as a forecast compared, labelled."""
    out = []
    shown = {f.id for f in picked}
    for fact in picked:
        if fact.kind != "forecast":
            continue
        for other in ctx.facts(measure.id, "forecast"):
            if (
                other.id not in shown and other.period == fact.period and other.qualifier == fact.qualifier
                and other.unit == fact.unit and stated_at(other) < stated_at(fact)
            ):  # fmt: skip
                out.append(other.labelled("tidigare prognos"))
                shown.add(other.id)
    return out


def _best_kind(ctx: Context, slots: Slots, measure: MeasureInfo, kinds: list[str]) -> list[str]:
    """`kinds` with the one whose facts fit the question's period best first."""

    def best(kind: str) -> tuple[float, bool]:
        fits = ctx.fits(measure.id, replace(slots, kinds={kind: 1.0}))
        of_kind = [f for f in fits if f.fact.kind == kind and f.fact.value is not None]
        top = max((f.score for f in of_kind), default=0.0)
        # Among equals, one whose best figures are for a whole year: what a year's budget is
        # set against ("hur ligger vi till mot budget": the forecast, not January–April).
        whole = any(f.score == top and not ctx.period(f.fact).partial for f in of_kind)
        return top, whole

    return sorted(kinds, key=lambda k: tuple(-x for x in best(k)))


def _order(fact: Fact) -> tuple[int, str]:
    return (fact.year or 0, stated_at(fact))


def _same_months(
    ctx: Context, slots: Slots, measure: MeasureInfo, facts: list[Fact], periods: list[When], kinds: list[str]
) -> list[When]:
    """Part of one year set against another year ("januari–april 2026 jämfört med 2025"):
    the same months of that year, where the sources give them, not the whole year."""
    parts = [w for w in periods if len(w.months) == 1 and not w.years]
    if len(parts) != 1:
        return periods
    first, last, of = parts[0].months[0]
    out = []
    for when in periods:
        if len(when.years) == 1 and not (when.months or when.as_of) and when.years[0] != of:
            same = When(months=((first, last, when.years[0]),))
            if _side(ctx, slots, measure, facts, same, kinds[:1] if len(kinds) == 1 else kinds):
                when = same
        out.append(when)
    return out


def _side(
    ctx: Context, slots: Slots, measure: MeasureInfo, facts: list[Fact], when: When, kinds: list[str]
) -> list[Fit]:
    """The best candidates for one side: the period (and kind) it stands for."""
    side_slots = replace(
        slots, when=when, kinds={k: slots.kinds.get(k, 1.0) for k in kinds} if kinds else slots.kinds
    )
    fits = [f for f in ctx.fits(measure.id, side_slots, facts) if f.score > 0]
    if not when.any and fits:
        best = max(f.score for f in fits)
        fits = [f for f in fits if f.score >= best * 0.97]
        newest = max(stated_at(f.fact) for f in fits)
        fits = [f for f in fits if stated_at(f.fact) == newest]
    # The best fit first; among equals the main figure, then the newest document.
    fits.sort(key=lambda f: stated_at(f.fact), reverse=True)
    fits.sort(key=lambda f: (-f.score, -f.qualifier, f.fact.qualifier is not None))
    return fits[:CANDIDATES_PER_SIDE]


def _before_and_after(
    ctx: Context, slots: Slots, measure: MeasureInfo, facts: list[Fact]
) -> tuple[Fact, Fact] | None:
    """A figure marked as the current one ("öppenvårdsbesök, nuvarande") and the figure of
    the same item without the mark (the new one), the pair the question's words name best."""
    fits = {f.fact.id: f for f in ctx.fits(measure.id, slots, facts)}
    pairs = []
    for now in facts:
        item = _CURRENT.sub("", now.qualifier or "").strip(" ,")
        if not item or item == (now.qualifier or "").strip():
            continue
        for new in facts:
            if new.id != now.id and new.unit == now.unit and (new.qualifier or "").strip() == item:
                named = fits[new.id].qualifier if new.id in fits else 0.0
                pairs.append((named, stated_at(new), now, new))
    if not pairs:
        return None
    *_, now, new = max(pairs, key=lambda p: p[:2])
    return now, new


def _kind_side(
    ctx: Context, slots: Slots, measure: MeasureInfo, facts: list[Fact], kind: str, planned: bool
) -> list[Fit]:
    """The candidates of one kind; "plan" is the budget a plan gives, and beside it "budget"
    is a budget from another document."""
    asked = "budget" if kind == "plan" else kind
    when = slots.when
    if asked != "forecast" and (when.as_of or when.after) and when.years:
        # "prognosen efter februari mot budget": the moment is the forecast's; the budget,
        # target or outcome is the year's (an outcome "efter april" is January–April).
        when = replace(when, as_of=(), after=when.after if asked == "outcome" else ())
    side = [f for f in _side(ctx, slots, measure, facts, when, [asked]) if f.fact.kind == asked]
    if kind == "plan":
        return [f for f in side if f.fact.source and f.fact.source.source_id in ctx.plans]
    if kind == "budget" and planned:
        return [f for f in side if not (f.fact.source and f.fact.source.source_id in ctx.plans)]
    return side


def _named_sides(ctx: Context, slots: Slots, measure: MeasureInfo, facts: list[Fact]) -> list[list[Fit]]:
    """Two or three parts of the measure the question names by words of their own ("Kalmar
    med Oskarshamn"): a side each, the best fits first."""
    fits = [f for f in ctx.fits(measure.id, slots, facts) if f.score > 0 and f.by_qualifier >= NAMED_STRONGLY]
    by_words: dict[frozenset[str], list[Fit]] = {}
    for fit in fits:
        by_words.setdefault(fit.named, []).append(fit)
    named = sorted(by_words, key=lambda w: -max(f.score for f in by_words[w]))
    distinct = [w for i, w in enumerate(named) if not any(w & other for other in named[:i])]
    # In the order the question names them.
    order = {w: i for i, w in enumerate(question_stems(slots))}
    distinct.sort(key=lambda words: min(order.get(w, len(order)) for w in words))
    if len(distinct) < 2:
        return []
    sides = []
    for words in distinct[:3]:
        side = sorted(by_words[words], key=lambda f: stated_at(f.fact), reverse=True)
        side.sort(key=lambda f: (-f.score, -f.qualifier))
        sides.append(side[:CANDIDATES_PER_SIDE])
    return sides


def _alike_parts(a: Fact, b: Fact) -> bool:
    """Two parts of one measure measured alike (kind, period, unit): their difference means
    something though their qualifiers differ (Kalmar 17 %, Oskarshamn 8 %)."""
    return (a.kind, a.period) == (b.kind, b.period) and comparable(a, b, same_part=False)


def _pair(sides: list[list[Fit]]) -> list[Fact]:
    """One figure per side, chosen together: best fits that share a unit and a qualifier."""
    first, *rest = sides
    best: tuple[float, list[Fact]] | None = None
    for anchor in first:
        chosen = [anchor.fact]
        total = anchor.score + anchor.qualifier * 0.2
        for side in rest:
            scored = [
                (f.score + f.qualifier * 0.2 + 1.0 * (f.fact.unit == anchor.fact.unit)
                 + 1.0 * ((f.fact.qualifier or "") == (anchor.fact.qualifier or "")), f)
                for f in side if f.fact.id not in {c.id for c in chosen}
            ]  # fmt: skip
            if not scored:
                break
            value, fit = max(scored, key=lambda s: (s[0], stated_at(s[1].fact)))
            chosen.append(fit.fact)
            total += value
        if len(chosen) == len(sides) and (best is None or total > best[0]):
            best = (total, chosen)
    return best[1] if best else []


def _default(
    ctx: Context, slots: Slots, measure: MeasureInfo, facts: list[Fact], kinds: list[str]
) -> list[Fact]:
    """Without two sides: outcome vs target, or the newest forecast vs the previous one."""
    fits = ctx.fits(measure.id, slots, facts)
    in_period = [f.fact for f in fits if f.period > 0] if slots.when.any else facts
    pool = in_period or facts
    # Of the parts the question names ("Torsås"), those; never two figures it does not name.
    in_pool = {id(f) for f in pool}
    top = max((f.qualifier for f in fits if id(f.fact) in in_pool), default=0.0)
    if top >= NAMED_STRONGLY:
        named = [f.fact for f in fits if id(f.fact) in in_pool and f.qualifier >= top * 0.97]
        pool = named if len(named) >= 2 else pool
    if "target" in kinds or slots.cues.achieve:
        outcomes = sorted((f for f in pool if f.kind == "outcome"), key=_order, reverse=True)
        targets = [f for f in pool if f.kind == "target"]
        for outcome in outcomes:
            target = pick_target(targets, outcome)
            if target is not None:
                return [outcome, target]
    for kind in [k for k in kinds if k != "target"] or ["forecast", "outcome", "budget"]:
        # The newest stated first: the latest forecast, not the furthest year projected.
        of_kind = sorted(
            (f for f in pool if f.kind == kind), key=lambda f: (stated_at(f), f.year or 0), reverse=True
        )
        if len(of_kind) < 2:
            continue
        head = of_kind[0]
        same = [f for f in of_kind[1:] if f.year == head.year and comparable(f, head)]
        if same:
            return [same[0], head]
        like = [f for f in of_kind[1:] if comparable(f, head) and f.year != head.year]
        if like:
            return [like[0], head]
    return []
