"""The answer engine: a parsed question in, an Answer with cited facts out.

One function per intent. Every number comes from a curated fact; a difference or a
"target met" verdict is a computed fact that names its inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from planbot.answer.model import Answer, Candidate, Fact
from planbot.formats import difference_unit, quantity, signed_quantity
from planbot.knowledge.store import KnowledgeBase, MeasureInfo
from planbot.periods import MONTH_NAMES, years_in
from planbot.query.parse import Question, parse
from planbot.query.resolve import Match, MeasureIndex
from planbot.text import fold, tokens

# The lines of a forecast that a manager expects first, in this order.
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
# Overview lines shown with the previous forecast and the budget (or budgeted ceiling).
COMPARED_IN_OVERVIEW = ("resultat", "nettokostnadsutveckling")
MAIN_BUDGET_LINES = (
    "resultat",
    "skattesats",
    "nettokostnadsutveckling",
    "investeringar",
    "balanskravsresultat",
)
DEFAULT_MEASURE = "resultat"
INTENT_KINDS = {
    "target": ("target",),
    "forecast": ("forecast",),
    "budget": ("budget",),
    "indicator": ("outcome", "statement"),
}
MAX_FACTS = 24
AMBIGUITY_RATIO = 0.9
COMMAND_FOR_INTENT = {
    "target": "/mål",
    "forecast": "/prognos",
    "budget": "/budget",
    "indicator": "/indikator",
    "compare": "/jämför",
}


def newest_first(facts: Iterable[Fact]) -> list[Fact]:
    """Facts ordered by the period they are about, then by when they were stated, newest first."""
    return sorted(
        facts,
        key=lambda f: (f.long_term, f.year or 0, f.as_of_date, f.qualifier is None, -f.id),
        reverse=True,
    )


def _matches_period_words(fact: Fact, question: Question) -> bool:
    """Months named in the question appear in the fact's period ("maj" ~ "per 30 maj 2026")."""
    if not question.months:
        return True
    folded = fold(fact.period)
    return all(MONTH_NAMES[m][:3] in folded for m, _ in question.months)


def _in_years(fact: Fact, years: list[int]) -> bool:
    return not years or fact.year in years or any(y in years_in(fact.period) for y in years)


class Engine:
    """Answers questions from one knowledge base. Cheap to call; build once per process."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = MeasureIndex(
            {m.id: [m.name, *m.synonyms, m.id.replace("_", " ")] for m in kb.measures.values()}
        )
        self.kinds = {m: {f.kind for f in facts} for m, facts in kb.by_measure.items()}
        self.by_kind: dict[str, list[Fact]] = {}
        for fact in kb.facts:
            self.by_kind.setdefault(fact.kind, []).append(fact)
        self.measures_with_kind = {
            kind: frozenset(f.measure_id for f in facts) for kind, facts in self.by_kind.items()
        }
        self.source_counts: dict[str, int] = dict.fromkeys(kb.sources, 0)
        for fact in kb.facts:
            if fact.source:
                self.source_counts[fact.source.source_id] += 1

    # -- entry point -------------------------------------------------------------------

    def answer(self, raw: str) -> Answer:
        """Answer one question. Never raises for any input text."""
        question = parse(raw)
        handler: Callable[[Question], Answer] = {
            "help": self._help,
            "sources": self._sources,
        }.get(question.intent or "", self._measure_question)
        return handler(question)

    # -- help and sources ----------------------------------------------------------------

    def _help(self, question: Question, intent: str = "help") -> Answer:
        return Answer(query=question.text, intent=intent, status="help")  # type: ignore[arg-type]

    def _sources(self, question: Question) -> Answer:
        answer = Answer(query=question.text, intent="sources", status="answered")
        answer.context["sources"] = sorted(self.kb.sources.values(), key=lambda s: s.date, reverse=True)
        answer.context["counts"] = self.source_counts
        return answer

    # -- measure resolution ----------------------------------------------------------------

    def _measure_question(self, question: Question) -> Answer:
        intent = question.intent
        if not question.words:
            if intent == "forecast":
                return self._forecast_overview(question)
            if intent == "budget":
                return self._budget_overview(question)
            if intent == "compare" and DEFAULT_MEASURE in self.kb.measures:
                return self._compare(question, self.kb.measures[DEFAULT_MEASURE])
            return self._help(question, intent or "unknown")
        matches = self._rank(question)
        if not matches:
            return self._not_found(question)
        best = matches[0]
        close = [m for m in matches[1:6] if m.score >= AMBIGUITY_RATIO * best.score]
        # The best match wins outright when it is the only one whose whole name the question
        # covers, or when more of the question's words name it than any close rival.
        decisive = (best.coverage == 1.0 and all(m.coverage < 1.0 for m in close)) or all(
            m.hits < best.hits and m.coverage <= best.coverage for m in close
        )
        wanted = set(INTENT_KINDS.get(intent or "", ()))
        if close and not decisive and wanted:
            # Of close readings, the only one holding the kind of figure asked for wins.
            able = [m for m in (best, *close) if self.kinds.get(m.measure_id, set()) & wanted]
            if len(able) == 1:
                best, decisive = able[0], True
        if close and not decisive:
            return self._ambiguous(question, [best, *close])
        measure = self.kb.measures[best.measure_id]
        kinds = self.kinds.get(measure.id, set())
        if intent is None:
            # Without a cue, ask for the figures the sources hold: outcomes, else targets,
            # forecasts or budgets; a measure only talked about gets what is said.
            intent = (
                "indicator" if "outcome" in kinds
                else "target" if "target" in kinds
                else "forecast" if "forecast" in kinds
                else "budget" if "budget" in kinds
                else "indicator"
            )  # fmt: skip
        return {
            "target": self._target,
            "forecast": self._forecast,
            "budget": self._budget,
            "indicator": self._indicator,
            "compare": self._compare,
        }[intent](question, measure)

    def _rank(self, question: Question) -> list[Match]:
        wanted = INTENT_KINDS.get(question.intent or "", ())
        prefer = frozenset().union(*(self.measures_with_kind.get(kind, frozenset()) for kind in wanted))
        return self.index.match(question.words, prefer=prefer, soft=question.soft_words)

    def _candidate(self, measure_id: str, intent: str | None) -> Candidate:
        measure = self.kb.measures[measure_id]
        command = COMMAND_FOR_INTENT.get(intent or "", "/planbot")
        return Candidate(measure.id, measure.name, measure.malomrade, f"{command} {measure.name}")

    def _ambiguous(self, question: Question, matches: list[Match]) -> Answer:
        return Answer(
            query=question.text,
            intent=question.intent or "unknown",  # type: ignore[arg-type]
            status="ambiguous",
            candidates=[self._candidate(m.measure_id, question.intent) for m in matches],
        )

    def _not_found(self, question: Question) -> Answer:
        suggestions = self.index.suggest(question.words)
        if len(suggestions) < 3:
            # Full-text search over what the documents say: a word from a quote or a
            # statement ("Krösatåg", "blodgivare") points at the measure it belongs to.
            for fact in self.kb.search_facts(" ".join(question.words)):
                if fact.measure_id not in suggestions:
                    suggestions.append(fact.measure_id)
                if len(suggestions) == 3:
                    break
        return Answer(
            query=question.text,
            intent=question.intent or "unknown",  # type: ignore[arg-type]
            status="not_found",
            candidates=[self._candidate(s, question.intent) for s in suggestions],
        )

    def _start(self, question: Question, intent: str, measure: MeasureInfo) -> Answer:
        return Answer(
            query=question.text,
            intent=intent,  # type: ignore[arg-type]
            status="answered",
            measure_id=measure.id,
            measure=measure.name,
            malomrade=measure.malomrade,
            direction=measure.direction,
        )

    def _of(self, measure_id: str, *kinds: str) -> list[Fact]:
        return [f for f in self.kb.by_measure.get(measure_id, ()) if f.kind in kinds]

    # -- targets ----------------------------------------------------------------------------

    def _target(self, question: Question, measure: MeasureInfo) -> Answer:
        answer = self._start(question, "target", measure)
        targets = self._of(measure.id, "target")
        if question.long_term:
            answer.period = "långsiktigt"
            chosen = [f for f in targets if f.long_term]
        elif question.years:
            answer.period = ", ".join(str(y) for y in question.years)
            chosen = [f for f in targets if _in_years(f, question.years) and not f.long_term]
        else:
            chosen = targets
        if not targets:
            answer.status = "no_value"
            answer.message = "no_targets"
            answer.facts = newest_first(self._of(measure.id, "statement", "outcome"))[:MAX_FACTS]
            return answer
        chosen = _narrow_by_qualifier(chosen, question, measure)
        numeric = [f for f in chosen if f.value is not None]
        if not numeric:
            answer.status = "no_value"
            answer.message = "no_target_for_period"
            named = {f.qualifier for f in chosen} if chosen else {f.qualifier for f in targets}
            answer.facts = _target_order([f for f in targets if f.qualifier in named])
            return answer
        answer.facts = _target_order(chosen)
        outcome = self._latest_outcome(measure.id)
        if outcome is not None:
            answer.facts.append(outcome.labelled("senaste utfall"))
            verdict = self._verdict(measure, outcome, numeric)
            if verdict is not None:
                answer.facts.append(verdict)
        return answer

    def _latest_outcome(self, measure_id: str) -> Fact | None:
        outcomes = [f for f in self._of(measure_id, "outcome") if f.value is not None]
        return newest_first(outcomes)[0] if outcomes else None

    def _verdict(self, measure: MeasureInfo, outcome: Fact, targets: list[Fact]) -> Fact | None:
        """Whether the latest outcome meets the target for its year (or the nearest one)."""
        if measure.direction is None or outcome.value is None:
            return None
        comparable = [t for t in targets if t.unit == outcome.unit]
        same = [t for t in comparable if t.qualifier == outcome.qualifier]
        if not same and outcome.qualifier is None and len({t.qualifier for t in comparable}) == 1:
            same = comparable  # one series of targets ("nationellt mål, minst") for one of outcomes
        if not same:
            return None
        dated = [t for t in same if not t.long_term]
        target = next((t for t in dated if t.year == outcome.year), None) or (
            max(dated, key=lambda t: t.year or 0) if dated else same[0]
        )
        assert target.value is not None
        met = outcome.value <= target.value if measure.direction == "lower" else outcome.value >= target.value
        difference = outcome.value - target.value
        verb = "uppnått" if met else "inte uppnått"
        text = (
            f"Målet {verb}: utfall {outcome.text} ({outcome.period}) mot målvärde {target.text} "
            f"({target.period}), skillnad {signed_quantity(difference, outcome.unit)}"
        )
        return _computed(
            measure, difference, difference_unit(outcome.unit), text, (outcome, target), outcome.period
        )

    # -- forecasts --------------------------------------------------------------------------

    def _forecast_overview(self, question: Question) -> Answer:
        """The newest forecast (or the one asked for by month), with its main lines."""
        forecasts = [f for f in self._of_any("forecast") if f.measure_id in MAIN_FORECAST_LINES]
        chosen = _by_as_of(forecasts, question)
        if not chosen:
            answer = Answer(query=question.text, intent="forecast", status="no_value")
            answer.facts = newest_first(forecasts)[:MAX_FACTS]
            return answer
        as_of_date = max(f.as_of_date for f in chosen)
        current = [f for f in chosen if f.as_of_date == as_of_date]
        if question.years:
            current = [f for f in current if _in_years(f, question.years)] or current
        current = _main_lines(current)
        answer = Answer(query=question.text, intent="forecast", status="answered")
        answer.facts = current[:MAX_FACTS]
        head = next((f for f in current if f.measure_id == DEFAULT_MEASURE and f.qualifier is None), None)
        for measure_id in COMPARED_IN_OVERVIEW:
            line = next((f for f in current if f.measure_id == measure_id and f.qualifier is None), None)
            if line is not None:
                answer.facts.extend(self._context_for_forecast(line))
        answer.period = head.period if head else None
        return answer

    def _context_for_forecast(self, head: Fact) -> list[Fact]:
        """The previous forecast and the budget for the same year and measure."""
        out = []
        same = [
            f for f in self._of(head.measure_id, "forecast")
            if f.year == head.year and f.qualifier == head.qualifier and f.as_of_date < head.as_of_date
            and f.unit == head.unit
        ]  # fmt: skip
        if same:
            previous = max(same, key=lambda f: f.as_of_date)
            out.append(previous.labelled("tidigare prognos"))
            out.append(self._difference(head, previous, "förändring mot tidigare prognos"))
        budgets = [
            f for f in self._of(head.measure_id, "budget") if f.year == head.year and f.unit == head.unit
        ]
        # The main budgeted figure first; a budgeted ceiling ("maximalt …") where that is all there is.
        budgets = sorted(newest_first(budgets), key=lambda f: f.qualifier is not None)
        for budget in budgets[:2]:
            out.append(budget.labelled("budget"))
        return out

    def _of_any(self, kind: str) -> list[Fact]:
        return self.by_kind.get(kind, [])

    def _forecast(self, question: Question, measure: MeasureInfo) -> Answer:
        answer = self._start(question, "forecast", measure)
        forecasts = self._of(measure.id, "forecast")
        period_years = _period_years(question)
        chosen = [f for f in forecasts if _in_years(f, period_years)]
        chosen = _by_as_of(chosen, question)
        if period_years:
            answer.period = ", ".join(map(str, period_years))
        if not chosen:
            answer.status = "no_value"
            answer.message = "no_forecast"
            known = self._of(measure.id, "budget", "outcome", "statement")
            in_period = [f for f in known if _in_years(f, period_years)]
            # Nothing for that period: show the forecasts that do exist.
            answer.facts = newest_first(in_period or forecasts)[:MAX_FACTS]
            return answer
        if not period_years:
            newest_year = max((f.year or 0) for f in chosen)
            chosen = [f for f in chosen if (f.year or 0) == newest_year]
        newest = max(f.as_of_date for f in chosen)
        current = sorted(
            _narrow_by_qualifier([f for f in chosen if f.as_of_date == newest], question, measure),
            key=_primary_first,
        )
        earlier = [
            f.labelled("tidigare prognos") for f in newest_first(f for f in chosen if f.as_of_date != newest)
        ]
        answer.facts = current + earlier
        years = {f.year for f in current}
        budgets = [f for f in self._of(measure.id, "budget") if f.year in years]
        answer.facts += [b.labelled("budget") for b in newest_first(budgets)[:3]]
        answer.facts = answer.facts[:MAX_FACTS]
        return answer

    # -- budget -----------------------------------------------------------------------------

    def _budget_overview(self, question: Question) -> Answer:
        budgets = [f for f in self._of_any("budget") if _in_years(f, question.years)]
        rank = {m: i for i, m in enumerate(MAIN_BUDGET_LINES)}
        main = [f for f in budgets if f.measure_id in rank and f.qualifier is None]
        main.sort(key=lambda f: (rank[f.measure_id], f.year or 0, f.id))
        answer = Answer(query=question.text, intent="budget", status="answered" if main else "no_value")
        answer.period = ", ".join(map(str, question.years)) or None
        answer.facts = main[:MAX_FACTS]
        return answer

    def _budget(self, question: Question, measure: MeasureInfo) -> Answer:
        answer = self._start(question, "budget", measure)
        budgets = [f for f in self._of(measure.id, "budget") if _in_years(f, question.years)]
        if question.years:
            answer.period = ", ".join(map(str, question.years))
        if not budgets:
            answer.status = "no_value"
            answer.message = "no_budget"
            known = self._of(measure.id, "forecast", "outcome", "target", "statement")
            in_period = [f for f in known if _in_years(f, question.years)]
            # Nothing for that year: show the budgets that do exist.
            answer.facts = newest_first(in_period or self._of(measure.id, "budget"))[:MAX_FACTS]
            return answer
        # Newest document first where documents disagree on the same year.
        budgets.sort(
            key=lambda f: (f.year or 0, f.source.date if f.source else "", f.qualifier is None), reverse=True
        )
        if not question.years:
            budgets.sort(key=lambda f: (f.year or 0, f.qualifier is not None))
        answer.facts = _narrow_by_qualifier(budgets, question, measure)[:MAX_FACTS]
        return answer

    # -- indicators -------------------------------------------------------------------------

    def _indicator(self, question: Question, measure: MeasureInfo) -> Answer:
        answer = self._start(question, "indicator", measure)
        series = self._of(measure.id, "outcome", "statement")
        years = question.years
        chosen = [f for f in series if _in_years(f, years) and _matches_period_words(f, question)]
        if years or question.months:
            months = "–".join(MONTH_NAMES[m] for m, _ in question.months)
            answer.period = " ".join(filter(None, [months, *map(str, dict.fromkeys(years))]))
        if not chosen:
            answer.status = "no_value"
            answer.message = "no_outcome"
            answer.facts = newest_first(series or self._of(measure.id, "target", "forecast", "budget"))[
                :MAX_FACTS
            ]
            return answer
        # The series of outcomes first, newest first; then what the sources say in words.
        ordered = newest_first(_narrow_by_qualifier(chosen, question, measure))
        answer.facts = sorted(ordered, key=lambda f: f.kind == "statement")[:MAX_FACTS]
        return answer

    # -- comparisons ------------------------------------------------------------------------

    def _compare(self, question: Question, measure: MeasureInfo) -> Answer:
        answer = self._start(question, "compare", measure)
        facts = [f for f in self.kb.by_measure.get(measure.id, ()) if f.value is not None]
        kinds = _kind_preference(question)
        selectors = _selectors(question)
        unit = measure.units[0]
        picked = [
            best
            for select, by_month in selectors
            if (best := _best_for(facts, kinds, select, unit, by_as_of=by_month)) is not None
        ]
        if len(selectors) == 1 and question.latest:
            newest = _best_for(facts, kinds, lambda f: True, unit, by_as_of=True)
            if newest is not None:
                picked.append(newest)
        elif len(selectors) < 2:
            picked = self._default_pair(facts, kinds, question)
        picked = list(dict.fromkeys(picked))
        if len(picked) < 2:
            answer.status = "no_value"
            answer.message = "too_few"
            answer.facts = picked or newest_first(facts or self._of(measure.id, "statement"))[:6]
            return answer
        answer.facts = picked[:6]
        first, second = picked[0], picked[1]
        if first.unit == second.unit and first.value is not None and second.value is not None:
            answer.facts.append(self._difference(second, first, "skillnad"))
        return answer

    def _default_pair(self, facts: list[Fact], kinds: tuple[str, ...], question: Question) -> list[Fact]:
        """Without two periods: forecast vs previous forecast, or outcome vs target, for one year."""
        years = question.years
        primary = [f for f in facts if f.qualifier is None and _in_years(f, years)] or facts
        if question.intent_words & {"mal", "malet", "malvarde", "malvardet"} or "target" in kinds[:1]:
            outcome = next(iter(newest_first(f for f in primary if f.kind == "outcome")), None)
            target = next(
                iter(newest_first(f for f in primary if f.kind == "target" and not f.long_term)), None
            )
            return [f for f in (target, outcome) if f is not None]
        forecasts = sorted(
            (f for f in primary if f.kind == "forecast"), key=lambda f: f.as_of_date, reverse=True
        )
        if forecasts:
            year = forecasts[0].year
            same_year = [f for f in forecasts if f.year == year]
            pair = (
                [same_year[1], same_year[0]]
                if len(same_year) >= 2
                else [forecasts[1], forecasts[0]]
                if len(forecasts) >= 2
                else forecasts[:1]
            )
            budget = next(
                iter(newest_first(f for f in primary if f.kind == "budget" and f.year == year)), None
            )
            if len(pair) < 2 and budget is not None:
                pair = [budget, *pair]
            return pair
        by_year = newest_first(f for f in primary if f.kind in kinds)
        return list(reversed(by_year[:2]))

    def _difference(self, later: Fact, earlier: Fact, label: str) -> Fact:
        assert later.value is not None and earlier.value is not None
        difference = later.value - earlier.value
        text = (
            f"{label.capitalize()}: {signed_quantity(difference, later.unit)} "
            f"({quantity(later.value, later.unit)} − {quantity(earlier.value, earlier.unit)})"
        )
        measure = self.kb.measures[later.measure_id]
        return _computed(
            measure, difference, difference_unit(later.unit), text, (later, earlier), later.period
        )


def _computed(
    measure: MeasureInfo, value: float, unit: str | None, text: str, inputs: tuple[Fact, ...], period: str
) -> Fact:
    return Fact(
        id=0,
        measure_id=measure.id,
        measure=measure.name,
        kind="computed",
        period=period,
        value=round(value, 6),
        unit=unit,
        stated=text,
        source=None,
        inputs=inputs,
    )


def _main_lines(facts: list[Fact]) -> list[Fact]:
    """A forecast's main lines: its summary slide first, then one line for each other main
    measure (a full income statement repeats the summary and would drown it)."""
    rank = {m: i for i, m in enumerate(MAIN_FORECAST_LINES)}
    head = next((f for f in facts if f.measure_id == DEFAULT_MEASURE and f.qualifier is None), None)
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


def _of_year(year: int) -> Callable[[Fact], bool]:
    return lambda fact: fact.year == year and not fact.long_term


def _primary_first(fact: Fact) -> tuple[bool, int]:
    return (fact.qualifier is not None, fact.id)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _word_score(word: str, qualifier: str | None) -> float:
    """The share of `word` that a word of `qualifier` begins with ("sjukvårdsnämnden" ~
    "sjukvårdsförvaltningen"), counted from four letters, or for a whole short word."""
    if not qualifier:
        return 0.0
    best = max((_common_prefix(word, part) for part in tokens(qualifier)), default=0)
    return best / len(word) if best == len(word) or best >= 4 else 0.0


def _narrow_by_qualifier(facts: list[Fact], question: Question, measure: MeasureInfo) -> list[Fact]:
    """Where the question names qualifiers ("telefon och webben", "PV", "hälso- och
    sjukvårdsnämnden"), keep the facts with those qualifiers; otherwise keep them all.

    Each word goes to the qualifier it names best (a tie to the one the question names best
    overall).
    """
    qualifiers = list(dict.fromkeys(f.qualifier for f in facts))
    if len(qualifiers) < 2:
        return facts
    naming = set(tokens(" ".join([measure.name, *measure.synonyms])))
    words = [w for w in question.qualifier_words if not w.isdigit()]
    table = {q: [_word_score(w, q) for w in words] for q in qualifiers}
    # A word that also names the measure ("1177", "utsläppen") counts only where it is
    # itself a word of the qualifier ("telefon", "motivation"), not a part of one ("1177s").
    for q, scores in table.items():
        parts = set(tokens(q or ""))
        for i, word in enumerate(words):
            if word not in parts and any(n.startswith(word[:4]) for n in naming):
                scores[i] = 0.0
    total = {q: sum(scores) for q, scores in table.items()}
    named: set[str | None] = set()
    for i in range(len(words)):
        best = max(table[q][i] for q in qualifiers)
        if best > 0:
            tied = [q for q in qualifiers if table[q][i] == best]
            top = max(total[q] for q in tied)
            named.update(q for q in tied if total[q] == top)
    narrowed = [f for f in facts if f.qualifier in named]
    # A qualifier narrows the figures; it never trades them for statements alone.
    if not named or (
        all(f.kind == "statement" for f in narrowed) and any(f.kind != "statement" for f in facts)
    ):
        return facts
    return narrowed


def _target_order(facts: list[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.long_term, f.year or 0, f.id))


def _period_years(question: Question) -> list[int]:
    """Years the question asks about, leaving out the year of an "efter <månad> <år>"."""
    if question.after_month:
        rest = list(question.years)
        for year in question.month_years:
            if year in rest:
                rest.remove(year)
        return rest
    return question.years


def _as_of_is(fact: Fact, month: int, year: int | None) -> bool:
    if not fact.as_of_date:
        return False
    fact_year, fact_month = int(fact.as_of_date[:4]), int(fact.as_of_date[5:7])
    return fact_month == month and (year is None or fact_year == year)


def _by_as_of(facts: list[Fact], question: Question) -> list[Fact]:
    """Forecasts made in the month the question names ("efter oktober"), if it names one."""
    if not question.months:
        return facts
    return [f for f in facts if any(_as_of_is(f, m, y) for m, y in question.months)]


def _kind_preference(question: Question) -> tuple[str, ...]:
    words = question.intent_words
    text = fold(question.text)
    if "prognos" in text or words & {"beraknas", "beraknades", "landar"}:
        return ("forecast", "budget", "outcome", "target")
    if words & {"budget", "budgeten", "budgeterat", "budgeterade"}:
        return ("budget", "forecast", "outcome", "target")
    if words & {"mal", "malet", "malvarde", "malvardet", "malvarden"}:
        return ("target", "outcome", "forecast", "budget")
    return ("outcome", "forecast", "budget", "target")


def _best_for(
    facts: list[Fact],
    kinds: tuple[str, ...],
    where: Callable[[Fact], bool],
    unit: str | None = None,
    by_as_of: bool = False,
) -> Fact | None:
    """The fact to stand for a period: in the measure's main unit, a whole-year figure before
    a part of the year (for a month: the preferred kind first), the main figure before a
    qualified one, the newest statement."""
    hits = [f for f in facts if f.kind in kinds and where(f)]
    if not hits:
        return None
    return max(
        hits,
        key=lambda f: (
            (
                f.unit == unit,
                -kinds.index(f.kind),
                f.year is not None and f.period.strip() == str(f.year),
                f.qualifier is None,
                f.as_of_date,
                f.year or 0,
                f.id,
            )
            if by_as_of
            else (
                f.unit == unit,
                f.year is not None and f.period.strip() == str(f.year),
                -kinds.index(f.kind),
                f.qualifier is None,
                f.as_of_date,
                f.id,
            )
        ),
    )


def _selectors(question: Question) -> list[tuple[Callable[[Fact], bool], bool]]:
    """One test per period the question names, and whether it names a month: "oktober 2025"
    (when a forecast was made, or the month an outcome is for), or a year."""
    selectors: list[tuple[Callable[[Fact], bool], bool]] = []
    for month, year in question.months:
        selectors.append((_in_month(month, year), True))
    rest = list(question.years)
    for year in question.month_years:
        if year in rest:
            rest.remove(year)
    selectors.extend((_of_year(year), False) for year in dict.fromkeys(rest))
    return selectors


def _in_month(month: int, year: int | None) -> Callable[[Fact], bool]:
    name = MONTH_NAMES[month][:3]

    def test(fact: Fact) -> bool:
        if fact.kind == "forecast":
            return _as_of_is(fact, month, year)
        return name in fold(fact.period) and (year is None or year in years_in(fact.period))

    return test


__all__ = ["Engine", "newest_first", "parse"]
