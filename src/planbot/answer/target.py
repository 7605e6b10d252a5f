"""Targets: the target values asked for, the latest outcome beside them, and the verdict."""

from __future__ import annotations

from planbot.answer.common import MAX_FACTS, by_period, is_placeholder, newest_first, start
from planbot.answer.context import Context
from planbot.answer.group import Group
from planbot.answer.model import Answer, Fact
from planbot.answer.verdict import is_change, is_reduction, pick_target, verdict
from planbot.knowledge.store import MeasureInfo
from planbot.query.slots import Slots


def answer_target(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> Answer:
    answer = start(slots, "target", measure)
    targets = ctx.facts(measure.id, "target")
    if not [t for t in targets if not is_placeholder(t)]:
        answer.status = "no_value"
        answer.message = "no_targets"
        answer.facts = newest_first(ctx.facts(measure.id, "statement", "outcome"))[:MAX_FACTS]
        return answer
    chosen = [f for f in group.facts if f.kind == "target"]
    real = [f for f in chosen if not is_placeholder(f)]
    if not real:
        answer.status = "no_value"
        answer.message = "no_target_for_period"
        named = {f.qualifier for f in chosen} if chosen else {t.qualifier for t in targets}
        answer.facts = by_period(t for t in targets if t.qualifier in named and not is_placeholder(t))
        answer.facts = answer.facts or by_period(t for t in targets if not is_placeholder(t))
        return answer
    answer.facts = by_period(real)
    answer.facts += with_outcome(ctx, measure, real, group)
    return answer


def latest_outcomes(ctx: Context, measure: MeasureInfo, targets: list[Fact], group: Group) -> list[Fact]:
    """The newest outcome of each qualifier the targets have (or the measure's newest, unqualified)."""
    outcomes = [f for f in ctx.facts(measure.id, "outcome") if f.value is not None]
    units = {t.unit for t in targets if t.value is not None}
    outcomes = [o for o in outcomes if o.unit in units] or outcomes  # like with like: % with %
    if group.qualified:
        qualifiers = {t.qualifier for t in targets}
        outcomes = [o for o in outcomes if o.qualifier in qualifiers] or outcomes
    newest: dict[str | None, Fact] = {}
    for outcome in newest_first(outcomes):
        newest.setdefault(outcome.qualifier, outcome)
    matched = [o for q, o in newest.items() if q in {t.qualifier for t in targets}]
    if matched:
        return matched
    # Else the measure's own newest outcome, the whole of it, or the change a reduction
    # target is judged by ("−72 %, förändring sedan 2012" for "80 % minskning"): an outcome of
    # a part of it ("'Jag sparar tid …': instämmer") is no outcome of a target for another part.
    reduction = any(is_reduction(t) for t in targets)
    return newest_first([o for o in outcomes if o.qualifier is None or (reduction and is_change(o))])[:1]


def with_outcome(ctx: Context, measure: MeasureInfo, targets: list[Fact], group: Group) -> list[Fact]:
    """The latest outcomes labelled, each followed by its verdict where one can be made."""
    out: list[Fact] = []
    for outcome in latest_outcomes(ctx, measure, targets, group)[:3]:
        out.append(outcome.labelled("senaste utfall"))
        target = pick_target(targets, outcome)
        if target is not None and (judged := verdict(measure, outcome, target)) is not None:
            out.append(judged)
    return out
