"""Outcomes and indicators: the series asked for, newest first, then what is said in words."""

from __future__ import annotations

import re

from planbot.answer.common import MAX_FACTS, chart_only, newest_first, start
from planbot.answer.context import Context
from planbot.answer.group import Group
from planbot.answer.model import Answer, Fact
from planbot.knowledge.store import MeasureInfo
from planbot.query.resolve import stem
from planbot.query.slots import Slots
from planbot.text import fold

MAX_STATEMENTS = 3
MIN_QUALIFIER_WORD = 4


def names_a_statement(group: Group, slots: Slots, by_qualifier: bool = False) -> bool:
    """Whether the question's own words name what a statement is about, its qualifier
    ("/indikator SVF utmaningar"), more than any figure's, asking for no number in its words:
    the statement answers, whatever kind the command asks for. `by_qualifier`: only a
    statement with a qualifier counts, not one about the whole measure."""
    if _asks_a_figure(slots):
        return False
    stems = _question_stems(slots, slots.consumed)
    words = set(slots.words)
    said = max(
        (
            f.qualifier for f in group.fits
            if f.fact.kind == "statement" and f.fact.value is None and not chart_only(f.fact)
            and (
                _stems_in(f.fact.qualifier, stems)
                or (f.fact.qualifier is None and f.named and stems and not by_qualifier)
                # its qualifier said as one word, though that word names the measure too
                # ("avskrivningstider" of the measure "Avskrivningar")
                or fold(f.fact.qualifier or "") in words
            )
        ),
        default=0.0,
    )  # fmt: skip
    figures = max((f.qualifier for f in group.fits if f.fact.value is not None), default=0.0)
    return said > 0 and said > figures


def _said_answers(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> bool:
    """Whether what the sources say in words answers the question.

    It does when the question asks for what is said ("när ska …?"); for a measure the
    sources give no figure for at all ("Hur hög är sjukfrånvaron?"), when the question
    names nothing the statements leave out ("… bland kvinnor"); and for a question that
    asks for no figure in its own words. A statement that a figure is only in a chart never
    answers.
    """
    said = [f for f in group.facts if f.kind == "statement"]
    if not said or all(chart_only(f) for f in said):
        return False
    if any(chart_only(f.fact) and f.qualifier > 0 for f in group.fits) or any(
        chart_only(f) and _names_chart(f, slots, measure) for f in ctx.facts(measure.id)
    ):
        return False  # what the question names is shown only in a chart
    if slots.cues.statement or names_a_statement(group, slots):
        return True
    if ctx.said_only_in_words(measure.id):
        if slots.command in (None, "planbot") and not slots.cues.figure:
            return True
        if (
            slots.command == "indikator"
            and not slots.cues.figure
            and ctx.says_only_its_name(measure.id, slots)
        ):
            return True  # "/indikator nationell patientenkät": its name alone asks what is said of it
        rest = {stem(w) for w in slots.words if w not in slots.consumed}
        named = frozenset().union(*(f.named for f in group.fits))
        return not (rest - named)
    if _asks_a_figure(slots):
        return False  # "/utfall …", "hur många …": a figure, which the sources do not give
    return slots.command in (None, "planbot")


def _asks_a_figure(slots: Slots) -> bool:
    """Whether the question's words ask for a number ("hur många", "/utfall …"). Whether
    something holds ("Nås det finansiella målet …?") asks for what is said of it, whatever
    kind of figure its subject is."""
    return slots.cues.figure or (
        not slots.cues.claim and any(w >= 0.8 for k, w in slots.cues.kinds.items() if k != "statement")
    )


def _named_first(facts: list[Fact], slots: Slots) -> list[Fact]:
    """Statements whose qualifier says more of the question's words first, also the words
    that name the measure ("fria arbetsskor", one of the plan's assignments); else as given."""
    stems = _question_stems(slots)
    if not stems:
        return facts
    return sorted(facts, key=lambda f: -_stems_in(f.qualifier, stems) if f.kind == "statement" else 0)


def _names_chart(fact: Fact, slots: Slots, measure: MeasureInfo) -> bool:
    """Whether the question's words beyond the measure's name, its synonyms' too, name what a
    chart-only statement is about ("dimensionspoäng" of "dimensionspoäng, endast i diagram")."""
    about = {stem(w) for w in re.findall(r"\w+", fold(fact.qualifier or "")) if len(w) >= MIN_QUALIFIER_WORD}
    name = {stem(w) for w in re.findall(r"\w+", fold(measure.name))}
    return bool((about - _CHART_WORDS) & (_question_stems(slots) - name))


_CHART_WORDS = frozenset(stem(w) for w in ("endast", "diagram", "diagrammet", "bild", "bilden"))


def _question_stems(slots: Slots, leaving: frozenset[str] = frozenset()) -> set[str]:
    """The stems of the question's words long enough to name a qualifier (not those `leaving`)."""
    return {stem(w) for w in slots.words if w not in leaving and len(w) >= MIN_QUALIFIER_WORD}


def _said_in_full(qualifier: str | None, said_stems: set[str]) -> bool:
    """Whether the question's stems hold every word of a qualifier ("avskrivningstider")."""
    words = [w for w in re.findall(r"\w+", fold(qualifier or "")) if len(w) >= MIN_QUALIFIER_WORD]
    return bool(words) and all(stem(w) in said_stems for w in words)


def _stems_in(qualifier: str | None, stems: set[str]) -> int:
    """How many of `stems` the qualifier says."""
    folded = fold(qualifier or "")
    return sum(1 for s in stems if s in folded)


def answer_indicator(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> Answer:
    answer = start(slots, "indicator", measure)
    # Outcomes, and figures the sources state in words ("prisbasbeloppet är 57 300 kr"); of a
    # measure with outcomes or targets, only where a target is asked: the result's "205 mnkr"
    # (2 % of the revenues) answers "2-procentsmålet i mnkr", not "/utfall årets resultat 2024";
    # "självfinansieringsgraden ska uppgå till 50 %" is the target, not what it is now.
    measured = bool(ctx.facts(measure.id, "outcome", "target")) and not slots.kinds.get("target")
    outcomes = [
        f
        for f in group.facts
        if f.kind == "outcome" or (f.kind == "statement" and f.value is not None and not measured)
    ]
    statements = [f for f in group.facts if f not in outcomes]
    if not outcomes:
        answer.status = "answered" if statements and _said_answers(ctx, slots, measure, group) else "no_value"
        answer.message = None if answer.status == "answered" else "no_outcome"
        known = (
            statements or group.facts or ctx.facts(measure.id, "statement", "target", "forecast", "budget")
        )
        answer.facts = _named_first(newest_first(known), slots)[:MAX_FACTS]
        return answer
    said = newest_first(statements)[:MAX_STATEMENTS]
    said_stems = {stem(w) for w in slots.words}
    if (
        slots.command in (None, "planbot")
        and any(_said_in_full(f.qualifier, said_stems) for f in statements)
        and names_a_statement(group, slots, by_qualifier=True)
        and not any(f.qualifier > 0 for f in group.fits if any(f.fact is o for o in outcomes))
    ):
        # Nothing asks for a kind of figure, no word names an outcome, and the words say
        # all of what a statement is about: it answers ("Vilka avskrivningstider används?").
        answer.facts = _named_first(said, slots)
    else:
        answer.facts = newest_first(outcomes) + (said or _said_of_it_alone(ctx, slots, measure, group))
    answer.facts = answer.facts[:MAX_FACTS]
    return answer


def _said_of_it_alone(ctx: Context, slots: Slots, measure: MeasureInfo, group: Group) -> list[Fact]:
    """For a question that names the measure and nothing else, no period, no kind of figure,
    no qualifier ("Vad är IKB-teamet?", "/indikator IKB-team"), what the sources say of it in
    words, after its outcomes: a measure is more than its latest figures."""
    if (
        slots.when.any
        or slots.cues.kinds
        or slots.cues.figure
        or not ctx.says_only_its_name(measure.id, slots)
        or any(f.qualifier > 0 for f in group.fits)  # a part named ("/indikator HME motivation")
    ):
        return []
    said = [f for f in ctx.facts(measure.id, "statement") if f.value is None and not chart_only(f)]
    return newest_first(said)[:MAX_STATEMENTS]
