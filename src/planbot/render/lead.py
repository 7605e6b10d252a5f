"""The answer first: what the first line of every answer says, worked out from its facts.

A yes/no question ("Har vi nått målet för …?") opens with Ja / Nej / Inte än and the
outcome against the target of the same period, or with "Det går inte att säga" and why;
any other answer opens with its figure, period and as-of. This module only picks the facts
and the case; the templates (templates/<language>/<intent>.j2) put it into words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planbot.answer.model import STATED_DIFFERENCE_LABEL, Answer, Fact
from planbot.answer.verdict import covers, pick_target
from planbot.periods import fact_period
from planbot.query.cues import read_cues
from planbot.render.labels import BUDGET_LABEL, LATEST_LABEL, verdict_of
from planbot.text import fold

HEAD_MEASURE = "resultat"
DEVIATION_MEASURE = "avvikelse_mot_budget"  # the deck's "Resultatprognosen avviker från budget med …"
MAX_TARGETS_SHOWN = 3
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Lead:
    """The case of an answer's first line and the facts it names.

    kind: verdict | cannot_tell | targets | overview | figure | fallback | difference |
    series | statement | missing | plain.
    """

    kind: str
    facts: tuple[Fact, ...] = ()
    verdict: str | None = None  # yes | no | not_yet
    so_far: bool = False
    reason: str | None = None  # why it cannot tell: no_outcome | unit | part_year | period | direction
    more: int = 0  # facts of the same kind not named in the line
    reference: Fact | None = None  # a forecast's budget; the verdict beside a target's values


def asks_yes_no(answer: Answer) -> bool:
    """Whether the question asks if a target is met ("Har vi nått …?", "Is the target met?")."""
    if answer.yes_no is not None:
        return answer.yes_no
    if answer.intent not in ("target", "compare"):
        return False
    return _reads_as_yes_no(answer.query)  # the engine did not say: read the question's words


@lru_cache(maxsize=4096)
def _reads_as_yes_no(question: str) -> bool:
    """The question's cue words ask whether a target is met (the parser's own cues)."""
    folded = fold(question)
    return read_cues(question.casefold(), folded, _TOKEN.findall(folded)).yes_no


def current(answer: Answer) -> list[Fact]:
    """The figures the answer is about: not the context (earlier forecasts, budgets, verdicts)."""
    return [f for f in answer.facts if f.label is None and f.kind != "computed"]


def lead(answer: Answer) -> Lead:
    """The case and facts of the first line of `answer`."""
    if answer.status in ("help", "ambiguous", "not_found") or answer.intent == "sources":
        return Lead("plain")
    verdicts = [f for f in answer.facts if verdict_of(f) is not None]
    yes_no = asks_yes_no(answer)
    if verdicts and (yes_no or answer.intent == "compare"):
        fact = verdicts[0]
        word, so_far = verdict_of(fact) or ("", False)
        outcome, target = fact.inputs
        return Lead("verdict", (outcome, target, fact), verdict=word, so_far=so_far)
    if yes_no and answer.intent == "target":
        return _cannot_tell(answer)
    if answer.message == "fallback":
        return Lead("fallback", tuple(answer.facts[:1]))
    if answer.status == "no_value":
        return Lead("missing")
    if answer.intent == "target":
        targets = [f for f in answer.facts if f.kind == "target"]
        shown = targets[:MAX_TARGETS_SHOWN]
        judged = verdict_of(verdicts[0]) if verdicts else None
        return Lead(
            "targets", tuple(shown), verdict=judged[0] if judged else None, so_far=bool(judged and judged[1]),
            more=len(targets) - len(shown), reference=verdicts[0] if verdicts else None,
        )  # fmt: skip
    if answer.intent == "forecast" and answer.measure is None:
        return _overview(answer)
    if answer.intent == "compare":
        return _compare(answer)
    figures = [f for f in current(answer) if f.value is not None]
    if figures:
        main = _main_figure(answer, figures)
        same = [f for f in figures if _same_figure(f, main)]
        return Lead(
            "figure", tuple(same[:2]), more=len(same) - len(same[:2]), reference=_budget_for(answer, main)
        )
    statements = [f for f in answer.facts if f.kind == "statement"]
    return Lead("statement", tuple(statements[:1])) if statements else Lead("missing")


def _main_figure(answer: Answer, figures: list[Fact]) -> Fact:
    """The figure the first line gives: the first one, or for budgets the latest year's,
    from the newest document."""
    if answer.intent != "budget":
        return figures[0]
    of_measure = [f for f in figures if f.measure_id == figures[0].measure_id]
    latest = max(f.year or 0 for f in of_measure)
    in_year = [f for f in of_measure if (f.year or 0) == latest]
    in_year = [f for f in in_year if f.unit == in_year[0].unit and f.qualifier == in_year[0].qualifier]
    return max(in_year, key=lambda f: f.source.date if f.source else "")


def _same_figure(fact: Fact, main: Fact) -> bool:
    """The same figure in another unit ("−71,7 mnkr och −26,1 %"): same line of the same document."""
    return fact is main or (
        fact.measure_id == main.measure_id and fact.period == main.period and fact.kind == main.kind
        and fact.qualifier == main.qualifier and fact.as_of == main.as_of and fact.unit != main.unit
        and fact.source is not None and main.source is not None and fact.source.file == main.source.file
    )  # fmt: skip


def _budget_for(answer: Answer, forecast: Fact) -> Fact | None:
    """The budget a forecast is read against: same measure, year and unit, newest document."""
    if forecast.kind != "forecast":
        return None
    budgets = [
        f for f in answer.facts
        if f.label == BUDGET_LABEL and f.measure_id == forecast.measure_id and f.year == forecast.year
        and f.unit == forecast.unit
    ]  # fmt: skip
    return max(budgets, key=lambda f: f.source.date if f.source else "", default=None)


def _overview(answer: Answer) -> Lead:
    now = current(answer)
    head = next((f for f in now if f.measure_id == HEAD_MEASURE and f.qualifier is None), None)
    head = head or (now[0] if now else None)
    if head is None:
        return Lead("missing")
    deviation = next(
        (
            f
            for f in now
            if f.measure_id == DEVIATION_MEASURE and f.as_of == head.as_of and f.qualifier is None
        ),
        None,
    )
    return Lead("overview", (head, deviation) if deviation else (head,))


def _compare(answer: Answer) -> Lead:
    differences = [f for f in answer.facts if f.kind == "computed" and len(f.inputs) == 2]
    if differences:
        later, earlier = differences[0].inputs
        return Lead("difference", (later, earlier, differences[0]))
    stated = [f for f in answer.facts if f.label == STATED_DIFFERENCE_LABEL]
    if stated and len(answer.facts) >= 3:
        later, earlier = answer.facts[:2]  # the figure and its reference (planbot.answer.compare)
        return Lead("difference", (later, earlier, stated[0]))
    figures = [f for f in answer.facts if f.value is not None and f.kind != "computed"]
    if len(figures) < 2:
        return Lead("figure", tuple(figures[:1])) if figures else Lead("missing")
    years = sorted({f.year for f in figures if f.year is not None})
    if len(years) < 2 or len({f.kind for f in figures}) > 1:
        return Lead("sides", tuple(figures[:3]))
    first = next(f for f in figures if f.year == years[0])
    last = next(f for f in figures if f.year == years[-1])
    return Lead("series", (first, last))


def _cannot_tell(answer: Answer) -> Lead:
    """No verdict for a yes/no question: say why (no outcome, another unit, another period)."""
    targets = [f for f in answer.facts if f.kind == "target" and f.value is not None]
    outcomes = [f for f in answer.facts if f.kind == "outcome" and f.label == LATEST_LABEL]
    outcomes = outcomes or [f for f in answer.facts if f.kind == "outcome" and f.value is not None]
    if not targets:
        return Lead("cannot_tell", tuple(outcomes[:1]), reason="no_target")
    if not outcomes:
        return Lead("cannot_tell", (targets[0],), reason="no_outcome")
    outcome = outcomes[0]
    if not any(t.unit == outcome.unit for t in targets):
        return Lead("cannot_tell", (outcome, targets[0]), reason="unit")
    target = pick_target(targets, outcome)
    if target is None:
        same_year = [t for t in targets if t.unit == outcome.unit and t.year == outcome.year]
        partial = fact_period(outcome.period).partial and bool(same_year)
        reference = same_year[0] if same_year else next(t for t in targets if t.unit == outcome.unit)
        return Lead("cannot_tell", (outcome, reference), reason="part_year" if partial else "period")
    if covers(target, outcome) is not None:
        return Lead("cannot_tell", (outcome, target), reason="direction")
    return Lead("cannot_tell", (outcome, target), reason="period")
