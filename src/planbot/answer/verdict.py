"""Whether a target is met: an outcome against the target for the same period.

A verdict compares like with like: the same unit and qualifier, and a target that covers
the outcome's period (the same year, a standing target, or a target year still ahead, for
which an unmet target is "not yet"). A part-year outcome says nothing about a whole-year
target. Where no outcome fits, there is no verdict: the answer says it cannot tell.
"""

from __future__ import annotations

from planbot.answer.common import computed
from planbot.answer.model import Fact
from planbot.formats import difference_unit, signed_quantity
from planbot.knowledge.store import MeasureInfo
from planbot.periods import fact_period

YES, NO, NOT_YET = "Ja", "Nej", "Inte än"


def direction_of(measure: MeasureInfo, target: Fact) -> str | None:
    """The measure's direction, or the target's own words ("minst", "högst")."""
    if measure.direction:
        return measure.direction
    quote = target.source.quote if target.source else ""
    words = f"{target.qualifier or ''} {target.stated or ''} {quote}".casefold()
    if any(w in words for w in ("minst", "minimum", "lägst", "över")):
        return "higher"
    if any(w in words for w in ("högst", "maximalt", "max ", "under", "mindre än")):
        return "lower"
    return None


def covers(target: Fact, outcome: Fact) -> str | None:
    """How the target's period relates to the outcome's: "same", "so_far" (a share measured
    over part of the target's year), "ahead" (a target year still to come), or None."""
    tp, op = fact_period(target.period), fact_period(outcome.period)
    if tp.shape in ("timeless", "long_term"):
        return "ahead" if tp.shape == "long_term" else "same"
    if tp.shape == "year" and op.year is not None and tp.year is not None:
        if tp.year == op.year:
            if not op.partial:
                return "same"
            # A share over January–April says how the year is going; an amount does not.
            return "so_far" if outcome.unit == "%" else None
        if tp.year > op.year:
            return "ahead"
    return None


def is_reduction(target: Fact) -> bool:
    """A target for how much something falls ("80 % minskning till 2030")."""
    return "minskning" in (target.qualifier or "").casefold()


def is_change(outcome: Fact) -> bool:
    """An outcome that is a change ("−3 %, förändring mot föregående år") or a fall
    ("72 %, minskning sedan 2012")."""
    words = (outcome.qualifier or "").casefold()
    return "förändring" in words or "minskning" in words


def fall_of(outcome: Fact) -> float | None:
    """How far a change outcome says something fell: 72 for "72 %, minskning sedan 2012"
    and for "−72 %, förändring sedan 2012"."""
    if outcome.value is None or not is_change(outcome):
        return None
    return outcome.value if "minskning" in (outcome.qualifier or "").casefold() else -outcome.value


def pick_target(targets: list[Fact], outcome: Fact) -> Fact | None:
    """The target an outcome is judged against: same unit and qualifier, covering its period."""
    same = [t for t in targets if t.value is not None and t.unit == outcome.unit]
    matching = [t for t in same if (t.qualifier or "") == (outcome.qualifier or "")]
    if not matching and len({t.qualifier for t in same}) == 1 and outcome.qualifier is None:
        # one series of targets ("nationellt mål, minst") for the measure's outcomes; not for
        # an outcome of a part of it ("'Jag sparar tid …': instämmer" is no "färdtjänst")
        matching = same
    if not matching and is_change(outcome):
        matching = [t for t in same if is_reduction(t)]  # a change against a reduction target
    ranked = [t for t in matching if covers(t, outcome) in ("same", "so_far")] + [
        t
        for t in sorted(matching, key=lambda t: fact_period(t.period).year or 9999)
        if covers(t, outcome) == "ahead"
    ]
    return ranked[0] if ranked else None


def verdict(measure: MeasureInfo, outcome: Fact, target: Fact) -> Fact | None:
    """Ja / Nej / Inte än as a computed fact naming the outcome and the target."""
    if outcome.value is None or target.value is None:
        return None
    fall = fall_of(outcome)
    if is_reduction(target) and fall is not None:
        # "72 % minskning sedan 2012" against "80 % minskning": the fall reached against the
        # fall aimed at.
        met = fall >= target.value
        relation = covers(target, outcome)
        word = YES if met else (NOT_YET if relation in ("ahead", "so_far") else NO)
        gap = fall - target.value
        text = (
            f"{word} – utfall {outcome.text} ({outcome.period}) mot målvärde {target.text} minskning "
            f"({target.period}), skillnad {signed_quantity(gap, outcome.unit)}"
        )
        fact = computed(measure, gap, difference_unit(outcome.unit), text, (outcome, target), outcome.period)
        return fact.labelled("bedömning")
    direction = direction_of(measure, target)
    if direction is None:
        return None
    met = outcome.value <= target.value if direction == "lower" else outcome.value >= target.value
    relation = covers(target, outcome)
    word = YES if met else (NOT_YET if relation in ("ahead", "so_far") else NO)
    so_far = " hittills" if relation == "so_far" else ""
    gap = outcome.value - target.value
    text = (
        f"{word}{so_far} – utfall {outcome.text} ({outcome.period}) "
        f"mot målvärde {target.text} ({target.period}), "
        f"skillnad {signed_quantity(gap, outcome.unit)}"
    )
    fact = computed(measure, gap, difference_unit(outcome.unit), text, (outcome, target), outcome.period)
    return fact.labelled("bedömning")
