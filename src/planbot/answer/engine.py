"""The answer engine: a question in, an Answer with cited facts out.

A question is read into slots (query.slots), the measures it is about are chosen by name
and by how well their facts fit the slots (answer.choose), every fact of the measure is
scored on all slots together (answer.fit) and the best group answers (answer.group). The
group's kind decides how the answer is laid out: targets with the latest outcome and the
verdict, forecasts with the previous forecast and the budget, budgets, outcomes; or, when
the question asks for it, a comparison or a series. Where the figure asked for is not in
the sources the answer says so (`no_value`) and shows what is known; a fallback to a
neighbouring kind is labelled. Every number comes from a curated fact; differences and
verdicts are computed facts that name their inputs.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from planbot.answer.budget import answer_budget
from planbot.answer.choose import Choice, choose
from planbot.answer.common import COMMAND_FOR_INTENT, INTENT_OF_KIND, MAX_FACTS, is_placeholder, start
from planbot.answer.compare import (
    answer_before_after,
    answer_compare,
    deviation_sides,
    is_deviation,
    names_two_sides,
)
from planbot.answer.context import Context
from planbot.answer.forecast import answer_forecast
from planbot.answer.group import NAMED_STRONGLY, Group, best_group, stated_at
from planbot.answer.indicator import answer_indicator, names_a_statement
from planbot.answer.model import Answer, Candidate, Fact
from planbot.answer.overview import budget_overview, forecast_overview
from planbot.answer.series import answer_series
from planbot.answer.snapshot import measure_index, source_facts
from planbot.answer.target import answer_target
from planbot.knowledge.numbers import numbers_in
from planbot.knowledge.store import KnowledgeBase, MeasureInfo
from planbot.periods import MONTH_NAMES, fact_period
from planbot.query.cues import (
    ACHIEVE_WEIGHT,
    LATEST_WORDS,
    PRICE_WORDS,
    UNIT_WORDS,
    WE_ASK,
    WEAK_CUES,
    YES_NO_START,
    kind_of_word,
)
from planbot.query.glossary import Glossary
from planbot.query.resolve import Match, stem
from planbot.query.slots import Slots, read
from planbot.query.when import When
from planbot.text import fold

DEFAULT_MEASURE = "resultat"
DEFAULT_ORDER = ("target", "outcome", "forecast", "budget")
DEFAULT_ORDER_FOR_A_PERIOD = ("outcome", "forecast", "budget", "target")
OTHER_KIND_WEIGHT = 0.8
UNKNOWN_WORD = 1.0
UNKNOWN_TOPIC = 3.0
PARTICLES = frozenset({"om", "av", "upp", "ut", "in", "ner", "till", "fram"})  # "boka om", "räkna upp"
LATEST_OVERRIDES = 0.9  # a kind asked this clearly wins over "the latest" figure of any kind
NAME_CONTEXT = 6  # source lines either side of a quote that may say which name a figure is about
# Years named relative to the sources' present: "förra året" (the year before the newest
# document's), "i år", "nästa år". ("föregående år" is the sources' own "mot föregående år".)
RELATIVE_YEARS = (
    (re.compile(r"\b(?:forra aret|i fjol|ifjol|fjolaret|(?<!from )(?<!on )(?<!than )last year)\b"), -1),
    (re.compile(r"(?<!hittills )\b(?:i ar|detta ar|innevarande ar|(?<!so far )this year)\b"), 0),
    (re.compile(r"\b(?:nasta ar|next year)\b"), 1),
)
# Words for the present: what is "today" may be said in words ("200 kr idag").
PRESENT_WORDS = frozenset({"idag", "nu", "nulaget", "today", "currently", "now"})

Handler = Callable[[Context, Slots, MeasureInfo, Group], Answer]
HANDLERS: dict[str, Handler] = {
    "target": answer_target,
    "forecast": answer_forecast,
    "budget": answer_budget,
    "outcome": answer_indicator,
    "statement": answer_indicator,
}


# Answers kept by their question's text: an engine's knowledge base never changes and no
# answer depends on the clock, so the same text always gets the same answer ("/prognos" is
# asked all day). Questions longer than REMEMBERED_CHARS are answered afresh, never kept, so
# that what is kept stays small (at most about 2 MB of text).
REMEMBERED_ANSWERS = 4096
REMEMBERED_CHARS = 500


class Engine:
    """Answers questions from one knowledge base. Cheap to call; build once per process.

    `remember`: how many answers to keep by question text (0: none, as a benchmark of
    questions never seen before wants)."""

    def __init__(self, kb: KnowledgeBase, remember: int = REMEMBERED_ANSWERS) -> None:
        self.kb = kb
        self.glossary = Glossary(kb.glossary)
        self.context = Context(kb, self.glossary)
        # Over every measure and fact: written when the knowledge base was built, read on demand.
        self.index = measure_index(kb.conn)
        self.source_counts: dict[str, int] = dict.fromkeys(kb.sources, 0)
        self.source_counts.update(source_facts(kb.conn))
        self.names = _NameFinder(kb.names)
        self.current_year = max((int(src.date[:4]) for src in kb.sources.values()), default=0)
        self._lock = threading.Lock()
        self._remembered = lru_cache(maxsize=remember)(self._answer_alone) if remember > 0 else None

    def answer(self, raw: str) -> Answer:
        """Answer one question. Never raises for any input text. The answer is the caller's
        own: changing it changes no later answer."""
        if self._remembered is not None and len(raw) <= REMEMBERED_CHARS:
            return self._remembered(raw).copy()
        return self._answer_alone(raw)

    def _answer_alone(self, raw: str) -> Answer:
        """One question at a time: the facts loaded so far, and what is remembered of them,
        serve every thread."""
        with self._lock:
            return self._answer(raw)

    def _answer(self, raw: str) -> Answer:
        self.context.forget()
        slots = self._with_relative_years(self._with_plan_years(read(raw, self.glossary)))
        slots = self._with_particle_verbs(slots)
        if slots.intent == "help":
            return Answer(query=slots.text, intent="help", status="help")
        if slots.intent == "sources":
            return self._sources(slots)
        if not slots.words:
            # "/budget ramar": a cue that is also a measure's name names the measure.
            named = [w for w in slots.soft_words if w in WEAK_CUES]
            if not named:
                return self._without_measure(slots)
            slots = replace(slots, words=named)
        per_measure: dict[tuple[str, frozenset[str]], Slots] = {}

        def of(match: Match) -> Slots:
            """The slots as they apply to one candidate measure (made once per candidate)."""
            key = (match.measure_id, match.consumed)
            found = per_measure.get(key)
            if found is None:
                found = per_measure[key] = self._for(slots, match)
            return found

        choice = choose(
            slots,
            self.index,
            lambda m: self.context.fitness(m.measure_id, of(m)),
            lambda m, named, whole=False: self.context.naming(m.measure_id, of(m), named, whole),
            lambda m: self.context.explained(
                m.measure_id, of(m), m.named, lambda w: self._weight(w, slots.language)
            ),
            lambda m, words: self.context.names_a_row(m.measure_id, of(m), words),
            lambda m: self.context.said_only_in_words(m.measure_id),
        )
        if choice.status == "ok" and all(
            self._ratio_unnamed(slots, self.kb.measures[m]) for m in choice.measures
        ):
            # "Hur många medarbetare har regionen?" is not "Antal medarbetare per chef".
            return self._not_found(slots, choice)
        if choice.status == "not_found":
            return self._not_found(slots, choice)
        if choice.status == "ambiguous":
            return self._ambiguous(slots, choice)
        matches = {m.measure_id: m for m in choice.matches}
        answers = [
            self._about(
                replace(slots, consumed=matches[m].consumed) if m in matches else slots, self.kb.measures[m]
            )
            for m in choice.measures
        ]
        return answers[0] if len(answers) == 1 else _merge(answers)

    @staticmethod
    def _ratio_unnamed(slots: Slots, measure: MeasureInfo) -> bool:
        """Whether the measure is a rate ("Antal medarbetare per chef", "… per 100 000
        invånare") that the question names only by the words before its "per", never saying
        what it is per nor another of its names. (A breakdown, "Driftramar per förvaltning",
        is no rate.)"""
        name = fold(measure.name)
        if " per " not in name:
            return False
        before, after = name.split(" per ", 1)
        if not (before.startswith("antal ") or after[:1].isdigit()):
            return False
        said = set(re.findall(r"\w+", f"{fold(slots.text)} {slots.folded}"))
        stems = {stem(w) for w in said}

        def says(words: list[str]) -> bool:
            return all(stem(w) in stems or w in said for w in words)

        names = [fold(n) for n in (measure.name, *measure.synonyms)]
        if any(says(n.split()) for n in names if " per " not in n):
            return False
        return not any(says(n.split(" per ", 1)[1].split()[:1]) for n in names if " per " in n)

    # -- one measure ---------------------------------------------------------------------

    def _about(self, slots: Slots, measure: MeasureInfo) -> Answer:
        answer = self._about_measure(slots, measure)
        own = [f for f in answer.facts if f.value is not None and f.kind != "computed"]
        if answer.status == "answered" and (
            name := self.names.missing(slots, measure, answer.facts, self._around)
        ):
            # "befolkningen i Nybro", "Region Kronobergs prognos": the figures found are about
            # other municipalities, or the region itself; the one named is not in the sources.
            answer.status = "no_value"
            answer.message = "other_name"
            answer.context["name"] = name
        if (
            answer.status == "answered" and own
            and (
                slots.cues.kinds.get("outcome", 0.0) >= 0.9
                or (  # "/indikator X": what is measured, where only goals are known
                    slots.command == "indikator" and not slots.cues.kinds
                    and all(f.kind == "target" or (f.long_term and f.value is not None) for f in own)
                )
            )
            and slots.cues.kinds.get("target", 0.0) < slots.cues.kinds.get("outcome", 1.0)  # "what target …"
            and all(f.kind in ("statement", "target") for f in own)
            and (all(f.kind == "target" or f.long_term for f in own) or not set(slots.tokens) & PRESENT_WORDS)
        ):  # fmt: skip
            # "… utfall": only a long-term figure is said ("långsiktigt 50 %"): that is a goal;
            # "Vad blev årets resultat 2024 i bokslutet?": a figure said in words (what 2 % would
            # be) is no outcome either. (What is "today" may be said in words: "200 kr idag".)
            answer.status = "no_value"
            answer.message = "no_outcome"
        if (
            answer.status == "answered" and own and own[0].kind == "forecast"
            and not any(f.kind == "outcome" for f in own) and slots.cues.past
            and "forecast" not in slots.cues.kinds and slots.command in (None, "planbot", "indikator")
        ):  # fmt: skip
            # "Hur mycket sålde vi biljetter för i maj 2023?": what was sold, of which the
            # sources hold only the forecast made before; that is shown, not given as the answer.
            answer.status = "no_value"
            answer.message = "no_outcome"
        if (
            answer.status == "answered" and slots.cues.achieve and own
            and (
                YES_NO_START.match(slots.folded.lstrip()) is not None
                or WE_ASK.search(slots.folded) is not None  # "1177 9 min, når vi målet"
                or slots.cues.kinds.get("outcome", 0.0) > ACHIEVE_WEIGHT  # "utfall …": in its own word
            )
            and not any(f.kind in ("outcome", "forecast") for f in own)
        ):  # fmt: skip
            # "Klarar vi målet …?", "Utfall 2023 – nådde vi målet?" with no outcome or forecast
            # to judge by: the figure asked for (how it is going) is not there; the target is
            # what is known.
            answer.status = "no_value"
            answer.message = "no_outcome"
        if (
            answer.status == "answered"
            and own
            and own[0].kind in ("forecast", "outcome")
            and is_deviation(own[0])
        ):
            # "Resultatets avvikelse mot budget −212 mnkr": with the forecast and the budget it
            # is the difference of, where the source gives them.
            shown = {f.id for f in answer.facts}
            answer.facts[1:1] = [f for f in deviation_sides(self.context, own[0]) if f.id not in shown]
        if answer.status in ("answered", "no_value") and (slots.cues.statement or slots.cues.when):
            elsewhere = self._said_elsewhere(slots, measure, answer.facts)
            if elsewhere:
                # "Vad händer med 1177 direkt?": the sentence that answers is curated under the
                # measure that replaces it, and names this one.
                answer.facts = [*elsewhere, *answer.facts][:MAX_FACTS]
                answer.status = "answered"
                answer.message = None
        if answer.status == "answered":
            # "varav kultur", "varav ansvarsförbindelse": a part, shown with the whole it is of.
            answer.facts = _with_wholes(answer.facts, self.context.facts(measure.id))
        if answer.status == "answered" and answer.intent in ("indicator", "forecast", "budget", "target"):
            # The other figures the headline's own sentence or table row gives: the return
            # beside the portfolio's value, the same months a year before beside this year's.
            answer.facts = _with_its_sentence(answer.facts, self.context.facts(measure.id))
        if answer.status == "answered" and answer.intent != "target" and REDUCTION.search(slots.folded):
            answer.facts = _as_reductions(answer.facts)
        return answer

    def _around(self, fact: Fact) -> str:
        """The lines around a fact's quote in its source (blank lines alternate in the plan)."""
        return (
            " ".join(text for _, text in self.kb.source_context(fact.source, NAME_CONTEXT))
            if fact.source
            else ""
        )

    def _about_measure(self, slots: Slots, measure: MeasureInfo) -> Answer:
        if slots.unresolved is not None:
            when = slots.when
            asked_years: set[int] = {
                *when.years,
                *(y for *_, y in when.months if y),
                *(y for *_, y in when.dates if y),
            }
            years = {f.year for f in self.context.facts(measure.id) if f.value is not None and f.year}
            if not years & asked_years and max(years, default=0) >= min(asked_years, default=0) - 1:
                # "HME-index i år": no figure of this year; the newest figures answer, when
                # they are of last year (a 2024 tax rate is no answer for "i år" in 2026).
                slots = replace(slots, when=slots.unresolved, unresolved=None)
        slots = self._month_as_period(slots, measure)
        asked = self._with_default_kind(slots, measure.id)
        changed = answer_before_after(self.context, asked, measure)
        if changed is not None:
            return changed
        if slots.compare and not slots.cues.series and _spans_years(slots):
            # "/jämför X 2023–2026": every year of the span, not its two ends.
            series = answer_series(self.context, asked, measure)
            if series.status == "answered" and len({f.year for f in series.facts}) > 2:
                return series
        strong = [
            k
            for k, w in slots.cues.kinds.items()
            if w >= BOTH_KINDS and k in ("forecast", "budget", "outcome")
        ]
        if len(strong) >= 2 and not slots.compare and not slots.cues.series and not slots.cues.achieve:
            # "Hur mycket beräknades kostnaderna öka, och hur mycket hade budgeten råd med?":
            # two kinds asked in words, each its own side.
            both = answer_compare(self.context, asked, measure)
            if both.status == "answered" and len({f.kind for f in both.facts} & set(strong)) >= 2:
                return both
        if slots.compare and not slots.cues.series:
            compared = answer_compare(self.context, asked, measure)
            if compared.status != "answered" and (change := self._change_between(asked, measure)):
                return change
            # "avvikelse mot budget" names the measure, not a second side to compare with.
            own = {k for k in slots.cues.relations if stem(k) in self.context.naming_stems(measure.id)}
            if own and compared.status != "answered":
                slots = replace(slots, cues=replace(slots.cues, relations=slots.cues.relations - own))
                asked = replace(asked, cues=slots.cues)
            if compared.status == "answered":
                return compared
            if names_two_sides(slots):
                return self._said_change(slots, measure) or compared
            if slots.command == "jamfor":
                # "/jämför budgeterat resultat": nothing named to set side by side: the years.
                series = answer_series(self.context, asked, measure)
                return series if series.status == "answered" else compared
            # "jämförelse" without two sides to compare: answer the question as asked.
        one_period = slots.when.any and not slots.when.ranges and len(slots.when.years) < 2
        if (slots.cues.series and not one_period) or (
            slots.when.ranges and not self._has_range(measure, slots)
        ):
            series = answer_series(self.context, asked, measure)
            if series.status != "answered" and (change := self._change_between(asked, measure)):
                return change
            yearly = len({f.year for f in self.context.facts(measure.id) if f.value is not None} - {None}) > 1
            if series.status == "answered":
                return series
            if yearly or slots.when.ranges:
                return self._said_change(slots, measure) or series
            # "… each year" of a measure without figures for two years ("dör i Sverige varje
            # år", "öka nettokostnaden per år"): a rate, not a series; the question as asked.
        kinds = self.context.kinds.get(measure.id, set())
        if slots.cues.achieve and "budget" in slots.cues.kinds and "budget" in kinds:
            # "Klarar vi nettokostnadstaket?", "Når vi budgeterat resultat?": the forecast or
            # outcome against the budget (or ceiling), not against a target.
            against = replace(
                asked,
                kinds={"forecast": 1.0, "outcome": 1.0, "budget": 1.0},
                cues=replace(asked.cues, relations=asked.cues.relations | {"budget"}, compare=True),
            )
            compared = answer_compare(self.context, against, measure)
            if compared.status == "answered":
                return compared
        group = best_group(self.context.fits(measure.id, asked), asked)
        if slots.cues.achieve and "target" in kinds:
            return answer_target(
                self.context, asked, measure, _targets_of(group, self.context, measure, asked)
            )
        kind = self._kind_of(group, asked, measure)
        answer = HANDLERS[kind](self.context, asked, measure, group)
        shown = {id(f) for f in answer.facts}
        answer.facts += [f for f in group.also if id(f) not in shown][: max(0, MAX_FACTS - len(answer.facts))]
        if answer.status == "answered" and (
            not _in_units(answer.facts, slots.cues.units)
            or (slots.cues.price and _only_counts(answer.facts))
            or (slots.cues.price_only and not _in_money(answer.facts))
            or (slots.cues.count and _no_counts(answer.facts, slots))
            or (slots.cues.how_many and _only_changes_in_shares(answer.facts))
            or not _per_unit_given(answer.facts, slots)
        ):
            # "… i ton", "vad kostar …", "hur många invånare …": the figures there are in
            # another unit (a count for a price; a share, money or a change for a count); none
            # answers.
            answer.status = "no_value"
            answer.message = "other_unit"
        if answer.status == "answered" and self._priced_thing_missing(measure, asked, answer.facts):
            # "pris månadskort länstrafiken": the fees listed are for other things (a travel
            # card, a penalty fare); none is the price of a monthly pass.
            answer.status = "no_value"
            answer.message = "no_such_part"
        if answer.status == "answered" and self._part_missing(measure, asked, answer.facts):
            # "tjänsteresornas utsläpp 2025": that row exists for other years, not for this one.
            answer.status = "no_value"
            answer.message = "no_such_part"
        if answer.status == "answered" and self._absent_part(measure, asked, answer.facts):
            # "SVF för njurcancer": a part like the measure's rows (prostatacancer) that none
            # of them is.
            answer.status = "no_value"
            answer.message = "no_such_part"
        if answer.status == "answered" and _only_part_of_year(answer.facts, slots):
            # "… för hela 2025": the sources give January–October, not the whole year; where
            # no kind is asked, the full-year forecast is the whole year's figure there is.
            whole_year = self._full_year_forecast(asked, measure)
            if whole_year is not None:
                return whole_year
            answer.status = "no_value"
            answer.message = "only_part_of_year"
        if answer.status == "answered" and _only_changes(answer.facts, slots, self.context.facts(measure.id)):
            # "Hur mycket lägger vi totalt på …": the sources give only how much it changes.
            answer.status = "no_value"
            answer.message = "only_change"
        if group.breakdown and answer.status == "answered":
            # Only rows of a breakdown fit; the figure for the whole is not in the sources.
            answer.status = "no_value"
            answer.message = "only_parts"
        return answer

    def _month_as_period(self, slots: Slots, measure: MeasureInfo) -> Slots:
        """ "prognos december 2023" read as the forecast made then, for a measure whose sources
        give a figure of each month (ticket sales): the forecast of that month."""
        when = slots.when
        if len(when.as_of) != 1 or when.years or when.months or when.after or when.ranges:
            return slots
        month, year = when.as_of[0]
        if year is None:
            return slots
        period = f"{MONTH_NAMES[month]} {year}"
        made = any(
            stated_at(f).startswith(f"{year}-{month:02d}") for f in self.context.facts(measure.id, "forecast")
        )
        if made or not any(f.period == period for f in self.context.facts(measure.id)):
            return slots
        return replace(slots, when=replace(when, as_of=(), months=((month, month, year),)))

    def _priced_thing_missing(self, measure: MeasureInfo, slots: Slots, facts: list[Fact]) -> bool:
        """Whether a price is asked of a thing the sources never name, that neither the
        measure's name nor any of the answer's own figures is about ("månadskort")."""
        if not slots.cues.price_only:
            return False
        own = [f for f in _own_figures(facts) if f.measure_id == measure.id]
        things = [
            w
            for w in slots.words
            if not w.isdigit() and w not in slots.consumed and w not in UNIT_WORDS and w not in PRICE_WORDS
        ]
        # (A word the sources use elsewhere may be a paraphrase, "utebli" for "uteblivet"; one
        # they never use is a thing they give no price for.)
        return bool(own) and any(
            not self.context.known_word(w) and not self.context.facts_account_for(measure.id, own, w)
            for w in things
        )

    def _part_missing(self, measure: MeasureInfo, slots: Slots, facts: list[Fact]) -> bool:
        """Whether the question names a part of the measure (a qualifier of some of its facts,
        in any period) that none of the answer's own figures is."""
        fits = self.context.fits(measure.id, slots)
        # Content words of the question's own, beyond the measure's name, that name a part
        # ("tjänsteresor"): not cues, periods or the words of a generic qualifier.
        naming = self.context.naming_stems(measure.id)
        content = {
            s
            for w in slots.words
            if w not in slots.consumed
            and w not in UNIT_WORDS
            and not any(n.startswith(s := stem(w)) for n in naming)  # "pension" in "pensionsåtagande"
        }
        describer = self.context.describer

        def row(fact: Fact) -> bool:
            """A figure that is one row of a breakdown (its siblings: other qualifiers)."""
            key = (fact.measure_id, fact.kind, fact.period, fact.unit)
            return (
                fact.value is not None and fact.kind != "statement" and describer.breakdowns.get(key, False)
            )

        strong = {
            w
            for f in fits
            if f.by_qualifier >= NAMED_STRONGLY and row(f.fact)
            for w in f.named & content
            if any(w == x or x.startswith(w) or w.startswith(x) for x in describer.facets_of(f.fact))
        }
        if not strong:
            return False
        shown = {f.id for f in facts if f.value is not None and f.kind != "computed"}
        if not shown:
            return False
        named_here = {w for f in fits if f.fact.id in shown for w in f.named}
        # (Nor a word of where the figures shown are said: "Kalmar länstrafik" in the section
        # of its satisfaction targets is who set them, not a row of its survey.)
        said_in = fold(" ".join(f.source.section for f in facts if f.source and f.id in shown))
        return bool({w for w in strong - named_here if w not in said_in} - self._said_by_source(facts))

    def _said_by_source(self, facts: list[Fact]) -> set[str]:
        """The words (and stems) of the glossary's meanings for the terms the facts' own quotes use: "SKR"
        in "Trend SKR" says who made the figure, so "sveriges" (of its meaning) is no part."""
        said = fold(" ".join(f.source.quote for f in facts if f.source))
        return {
            form
            for term, meaning in self.glossary.meanings.items()
            if term in said and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", said)
            for w in meaning.split()
            for form in (w, stem(w))
        }

    def _full_year_forecast(self, slots: Slots, measure: MeasureInfo) -> Answer | None:
        """The forecast for the whole year, for a question that names no kind ("senaste
        nettokostnadsutveckling helår"), or None."""
        if slots.cues.kinds or slots.command not in (None, "planbot", "indikator"):
            return None
        forecast = replace(slots, kinds={"forecast": 1.0})
        group = best_group(self.context.fits(measure.id, forecast), forecast)
        if not any(f.kind == "forecast" for f in group.facts) or _only_part_of_year(group.facts, slots):
            return None
        answer = answer_forecast(self.context, forecast, measure, group)
        return answer if answer.status == "answered" else None

    def _said_elsewhere(self, slots: Slots, measure: MeasureInfo, facts: list[Fact]) -> list[Fact]:
        """Statements of other measures that name this one by its name and say what the
        question's other words ask ("ersätts"), where none of the answer's own does."""
        naming = self.context.naming_stems(measure.id)
        rest = [stem(w) for w in slots.words if w not in slots.consumed and stem(w) not in naming]
        rest = [s for s in rest if len(s) >= MIN_PART_WORD]
        if not rest and not slots.cues.statement:
            return []

        def says(text: str) -> bool:
            return not rest or any(s in text for s in rest)

        if rest and any(f.kind == "statement" and says(_said_text(f)) for f in facts):
            return []
        newest = max((stated_at(f) for f in facts if f.kind == "statement"), default="")
        name = fold(measure.name)
        found = [
            f for f in self.kb.facts_saying(measure.name, limit=SAID_ELSEWHERE_SEARCHED)
            if f.kind == "statement" and f.measure_id != measure.id
            and says(text := _said_text(f)) and name in text
        ]  # fmt: skip
        found.sort(key=stated_at, reverse=True)
        if not rest:
            # "Vad händer med 1177 direkt?": what a newer document says about it, first.
            found = [f for f in found if stated_at(f) > newest]
        return found[:SAID_ELSEWHERE]

    def _absent_part(self, measure: MeasureInfo, slots: Slots, facts: list[Fact]) -> bool:
        """Whether the question names a part of the kind the answer's figures are broken down
        into that is not among their parts: a word the sources do not use that ends like one
        of the rows ("lung|cancer" beside "prostata|cancer")."""
        describer = self.context.describer

        def key(fact: Fact) -> tuple[str, str, str, str | None]:
            return (fact.measure_id, fact.kind, fact.period, fact.unit)

        answered = {key(f) for f in facts if f.value is not None and f.kind != "computed"}
        facets = {
            w
            for f in self.context.facts(measure.id)
            if f.value is not None and key(f) in answered and describer.in_breakdown(f)
            for w in describer.facets_of(f)
        }
        if not facets:
            return False
        naming = self.context.naming_stems(measure.id)
        # Words of the facts' periods and sections: where the figures are said, not a part
        # ("löpande (riktlinje för finansförvaltning)").
        said_in = fold(" ".join(f"{f.period} {f.source.section if f.source else ''}" for f in facts))
        for token in slots.tokens:
            if (
                token not in slots.words or token in slots.consumed or token in UNIT_WORDS
                or len(token) < MIN_PART_WORD or not token.isalpha()
            ):  # fmt: skip
                continue
            root = stem(token)
            if (
                any(n.startswith(root) for n in naming) or root in said_in
                or self.context.accounts_for(measure.id, token) or self.context.known_word(token)
            ):  # fmt: skip
                continue
            for facet in facets:
                first = _first_part(root, facet)
                # "benchmark|värde" beside "jämförelse|värde": its first part is a row's word.
                if first and not self.context.accounts_for(measure.id, first.rstrip("s")):
                    return True
        return False

    def _change_between(self, slots: Slots, measure: MeasureInfo) -> Answer | None:
        """ "Hur mycket minskade … mellan 2024 och 2025": without both years' levels, the
        change the sources give for the later year against the year before."""
        years = sorted({*slots.when.years, *(y for span in slots.when.ranges for y in span)})
        if not slots.cues.change or len(years) != 2 or years[1] - years[0] != 1:
            return None
        later = replace(slots, when=When(years=(years[1],)))
        group = best_group(self.context.fits(measure.id, later), later)
        changes = [
            f for f in group.facts if f.value is not None and CHANGE_QUALIFIER.search(fold(f.qualifier or ""))
        ]
        if not changes:
            return None
        answer = HANDLERS[self._kind_of(group, later, measure)](self.context, later, measure, group)
        return answer if answer.status == "answered" else None

    def _with_particle_verbs(self, slots: Slots) -> Slots:
        """ "bokade om sin tid" is "ombokat", as the sources write it: a verb and the particle
        after it, where the sources use them as one word."""
        joined = {}
        for verb, particle in itertools.pairwise(slots.tokens):
            if particle in PARTICLES and verb in slots.words and self.context.known_word(particle + verb):
                joined[verb] = particle + verb
        if not joined:
            return slots
        # (The verb alone still counts: "loggat in" is said of those "som har loggat in".)
        words = [x for w in slots.words for x in ((w, joined[w]) if w in joined else (w,))]
        return replace(slots, words=words)

    def _said_change(self, slots: Slots, measure: MeasureInfo) -> Answer | None:
        """ "HME trend sedan 2023": where no two figures can be set side by side, what the
        sources say in words of how the measure has changed ("en viss nedgång i HME-index
        sedan 2023"), of a year the question names; None where a kind of figure, its unit or
        a reference ("actual … vs the 4 % cap") is asked for."""
        figure_asked = any(w >= 0.8 for k, w in slots.kinds.items() if k != "statement")
        if slots.cues.units or slots.cues.figure or slots.cues.relations or figure_asked:
            return None
        years = {str(y) for y in (*slots.when.years, *((slots.when.since,) if slots.when.since else ()))}
        said = []
        for fact in self.context.facts(measure.id, "statement"):
            text = fold(f"{fact.stated or ''} {fact.source.quote if fact.source else ''}")
            if (
                fact.value is None
                and _CHANGE_SAID.search(text)
                and (not years or any(y in text or y in fact.period for y in years))
            ):
                said.append(fact)
        if not said:
            return None
        answer = start(slots, "indicator", measure)
        answer.facts = sorted(said, key=stated_at, reverse=True)[:MAX_FACTS]
        return answer

    def _with_relative_years(self, slots: Slots) -> Slots:
        """ "förra året", "i år", "nästa år" with no year named: counted from the year of the
        newest document (the sources' present), so that answers do not change with the clock."""
        when = slots.when
        if when.years or when.ranges or when.long_term or when.plan_period or when.short_term:
            return slots
        said = f"{fold(slots.text)} {slots.folded}"
        offsets = [offset for pattern, offset in RELATIVE_YEARS if pattern.search(said)]
        if not offsets:
            return slots
        years = tuple(sorted({self.current_year + offset for offset in offsets}))
        # "jan–april jämfört med samma period i fjol": the months are this year's.
        of = self.current_year if (slots.compare and min(offsets) < 0) or len(years) > 1 else years[0]
        months = tuple((first, last, of if made is None else made) for first, last, made in when.months)
        dates = tuple((day, month, of if made is None else made) for day, month, made in when.dates)
        # ("i år" without figures of this year is the newest figures; "förra året" is that year.)
        unresolved = when if offsets == [0] else None
        resolved = replace(when, years=() if dates else years, months=months, dates=dates)
        return replace(slots, when=resolved, unresolved=unresolved)

    def _with_plan_years(self, slots: Slots) -> Slots:
        """ "Under planperioden" with no years named: the years of the newest plan (2024–2026);
        "kortsiktigt" (the plan's short-term targets): its first year."""
        when = slots.when
        if when.ranges or when.years or not self.context.plans or not (when.plan_period or when.short_term):
            return slots
        first, last = max(self.context.plans.values(), key=lambda years: years[1])
        if when.plan_period:
            return replace(slots, when=replace(when, ranges=((first, last),)))
        return replace(slots, when=replace(when, years=(first,)))

    def _weight(self, word: str, language: str = "sv") -> float:
        """How much a word tells about what is asked: its rarity among measure names; for a
        word no measure uses, as much as a rare word; for a Swedish word that no source text
        uses either ("ekologiska livsmedel"), more: the question is about something the
        knowledge base does not hold. (An unknown English word is more often a paraphrase
        the glossary lacks than another topic; one the glossary wrote for an English term is
        Swedish.)"""
        stems = self.index.lookup(word)
        if not stems:
            swedish = language == "sv" or word in self.glossary.swedish_words
            if swedish and not self.context.known_word(word):
                return UNKNOWN_TOPIC
            return UNKNOWN_WORD
        return max(self.index.idf.get(s, UNKNOWN_WORD) * q for s, q in stems)

    def _for(self, slots: Slots, match: Match) -> Slots:
        """The slots as they apply to one candidate measure: its default kind, its name's words."""
        return replace(self._with_default_kind(slots, match.measure_id), consumed=match.consumed)

    def _has_range(self, measure: MeasureInfo, slots: Slots) -> bool:
        """Whether a fact is for exactly the span asked ("2024–2026": the plan period's total)."""
        spans = {frozenset(range(a, b + 1)) for a, b in slots.when.ranges}
        return any(
            (fp := self.context.period(f)).shape == "range" and fp.years in spans
            for f in self.context.facts(measure.id)
        )

    def _with_default_kind(self, slots: Slots, measure_id: str) -> Slots:
        """Without a cue, ask for the measure's main kind of figure, and the others a little less.

        `/indikator` asks for outcomes or, for a measure without any, for its other figures
        ("/indikator pensionsåtagande": the newest forecast); `/utfall` asks for outcomes only.
        """
        if slots.cues.statement and not slots.kinds:
            return slots  # a question about what is said: statements, not a default figure
        kinds = self.context.kinds.get(measure_id, set())
        named = self._kinds_its_name_says(slots, measure_id, kinds)
        if named:
            # "avvikelse budget 2025": "budget" is a word of the measure's name ("Resultatets
            # avvikelse mot budget"), which holds no budgets: it asks for no budget.
            slots = replace(slots, kinds={k: w for k, w in slots.kinds.items() if k not in named})
        if (
            self._asks_latest(slots, measure_id)
            and max(slots.kinds.values(), default=0.0) < LATEST_OVERRIDES
            and slots.command in (None, "planbot", "indikator")
        ):
            # "förvaltningarnas underskott nu": the newest figure, measured or forecast.
            # A measure with neither has no current figure: its targets are no answer.
            current: dict[str, float] = {k: 1.0 for k in ("outcome", "forecast") if k in kinds}
            return replace(slots, kinds=current or {"outcome": 1.0})
        only_the_command = slots.command == "indikator" and not slots.cues.kinds
        if only_the_command and "outcome" not in kinds:
            # An indicator's value, measured or forecast; a target is no indicator value.
            order: list[str] = [k for k in ("forecast", "budget") if k in kinds]
            weights: dict[str, float] = {k: OTHER_KIND_WEIGHT for k in order}
            if order:
                weights[order[0]] = 1.0
            return replace(slots, kinds=weights or slots.kinds)
        if slots.kinds:
            return slots
        real_targets = any(not is_placeholder(f) for f in self.context.facts(measure_id, "target"))
        # A period named ("… 2025") asks what the figure was or will be; without one, the target.
        default = DEFAULT_ORDER_FOR_A_PERIOD if slots.when.any else DEFAULT_ORDER
        order = [k for k in default if k in kinds and (k != "target" or real_targets)]
        if not order:
            return slots
        weights = dict.fromkeys(DEFAULT_ORDER, OTHER_KIND_WEIGHT)
        weights[order[0]] = 1.0
        return replace(slots, kinds=weights)

    def _kinds_its_name_says(self, slots: Slots, measure_id: str, kinds: set[str]) -> set[str]:
        """The kinds asked for only by cue words of the measure's own name, which it has no
        figures of (and no slash command asks for)."""
        if not slots.kinds or slots.command not in (None, "planbot"):
            return set()
        naming = self.context.naming_stems(measure_id)
        said: dict[str, bool] = {}
        for token in slots.soft_words:
            found = kind_of_word(token)
            if found is not None:
                kind = found[0]
                said[kind] = said.get(kind, True) and stem(token) in naming
        return {k for k, only_named in said.items() if only_named and k not in kinds and k in slots.kinds}

    def _asks_latest(self, slots: Slots, measure_id: str) -> bool:
        """Whether "senaste"/"nu" asks for the newest figure, not names the measure
        ("nöjda kunder senaste resan")."""
        if not slots.latest:
            return False
        naming = self.context.naming_stems(measure_id)
        return any(stem(t) not in naming for t in slots.tokens if t in LATEST_WORDS)

    def _kind_of(self, group: Group, slots: Slots, measure: MeasureInfo) -> str:
        """The answer kind: the group's best fact's, the kind asked for when nothing fits."""
        asked = slots.asked
        if group.fallback:
            return asked or "forecast"
        figures = [f for f in group.fits if f.fact.kind != "statement"]
        if (slots.cues.statement and len(figures) < len(group.fits)) or names_a_statement(group, slots):
            return "statement"
        if figures:
            top = {f.fact.kind for f in figures if f.score >= figures[0].score}
            if {"forecast", "budget"} <= top:
                return "forecast"  # both asked: a forecast's answer has its budget beside it
            return figures[0].fact.kind
        if any(f.fact.value is not None for f in group.fits):
            return "outcome"  # figures stated in words
        if slots.cues.statement or not slots.kinds:
            return "statement"
        if self._said_only(slots, measure):
            return "statement"  # "/prognos ekonomiska förutsättningar 2026": the assessment said
        return asked if asked in HANDLERS else "outcome"

    def _said_only(self, slots: Slots, measure: MeasureInfo) -> bool:
        """Whether the sources say the measure only in words, and the question, "/prognos" with
        only words of its name, asks for their assessment of it."""
        if slots.cues.kinds or slots.cues.figure or slots.cues.units or slots.command != "prognos":
            # ("målvärde stolthet": a figure asked in words, which there is not; "/mål …",
            # "/budget …", "/utfall …" ask for a target, a budget, an outcome: a figure.)
            return False
        return self.context.said_only_in_words(measure.id) and self.context.says_only_its_name(
            measure.id, slots
        )

    # -- without a measure ---------------------------------------------------------------

    def _without_measure(self, slots: Slots) -> Answer:
        if slots.compare and DEFAULT_MEASURE in self.kb.measures:
            return answer_compare(self.context, slots, self.kb.measures[DEFAULT_MEASURE])
        asked = slots.asked
        if asked == "forecast":
            return forecast_overview(self.context, slots)
        if asked == "budget":
            return budget_overview(self.context, slots)
        if slots.command or asked:
            return Answer(query=slots.text, intent=INTENT_OF_KIND.get(asked or "", "unknown"), status="help")  # type: ignore[arg-type]
        return Answer(query=slots.text, intent="unknown", status="not_found")

    def _sources(self, slots: Slots) -> Answer:
        answer = Answer(query=slots.text, intent="sources", status="answered")
        answer.context["sources"] = sorted(self.kb.sources.values(), key=lambda s: s.date, reverse=True)
        answer.context["counts"] = self.source_counts
        return answer

    def _intent(self, slots: Slots) -> str:
        if slots.compare:
            return "compare"
        return INTENT_OF_KIND.get(slots.asked or "", "unknown")

    def _candidate(self, measure_id: str, intent: str) -> Candidate:
        measure = self.kb.measures[measure_id]
        command = COMMAND_FOR_INTENT.get(intent, "/planbot")
        return Candidate(measure.id, measure.name, measure.malomrade, f"{command} {measure.name}")

    def _ambiguous(self, slots: Slots, choice: Choice) -> Answer:
        intent = self._intent(slots)
        return Answer(
            query=slots.text,
            intent=intent,  # type: ignore[arg-type]
            status="ambiguous",
            candidates=[self._candidate(m, intent) for m in choice.candidates],
        )

    def _not_found(self, slots: Slots, choice: Choice) -> Answer:
        intent = self._intent(slots)
        suggestions = [m.measure_id for m in choice.matches[:3]] or self.index.suggest(slots.words)
        if len(suggestions) < 3:
            # What the documents say: a word from a quote or a statement ("Krösatåg", "blodgivare").
            for fact in self.kb.search_facts(" ".join(slots.words)):
                if fact.measure_id not in suggestions:
                    suggestions.append(fact.measure_id)
                if len(suggestions) == 3:
                    break
        return Answer(
            query=slots.text,
            intent=intent,  # type: ignore[arg-type]
            status="not_found",
            candidates=[self._candidate(s, intent) for s in suggestions[:3]],
        )


def _targets_of(group: Group, ctx: Context, measure: MeasureInfo, slots: Slots) -> Group:
    """For "har vi nått målet": the targets that fit the question (all of them when none does)."""
    targets = [f for f in group.fits if f.fact.kind == "target"]
    if targets:
        return Group(targets, qualified=group.qualified)
    fits = [f for f in ctx.fits(measure.id, slots) if f.fact.kind == "target"]
    return Group(fits, qualified=False)


MONEY = frozenset({"kr", "tkr", "mnkr", "mdkr"})
SAME_UNITS = (MONEY, frozenset({"%", "procentenheter"}), frozenset({"ton", "ton CO2e"}))


# A question about how much something fell ("hur stor var minskningen", "emissions
# reduction"), not about a rise.
REDUCTION = re.compile(r"minskn\w*|\b(?:minskat|minskade|reduction\w*|reduced|decrease[ds]?)\b")
_CHANGE_WORD = re.compile(r"\bforandring\b")


class _NameFinder:
    """The glossary's proper names (municipalities, regions, forms of cancer) in a question,
    and whether an answer's figures are about any of them."""

    def __init__(self, names: dict[str, tuple[str, tuple[str, ...]]]) -> None:
        # A folded spelling: its name as curated and all its name's folded spellings.
        self._spellings: dict[str, tuple[str, tuple[str, ...]]] = {}
        for name, (_, spellings) in names.items():
            folded = tuple(" ".join(fold(s).split()) for s in spellings)
            for spelling in folded:
                self._spellings[spelling] = (name, folded)
        alternatives = sorted(self._spellings, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(s) for s in alternatives) + ")")
            if alternatives
            else None
        )

    def named(self, slots: Slots) -> list[tuple[str, tuple[str, ...]]]:
        """The names the question uses (each as curated, with its folded spellings), in order."""
        if self._pattern is None:
            return []
        found: list[tuple[str, tuple[str, ...]]] = []
        for text in dict.fromkeys((fold(slots.text), slots.folded)):
            for hit in self._pattern.finditer(text):
                name = self._spellings[hit.group(1)]
                if name not in found:
                    found.append(name)
        return found

    def missing(
        self, slots: Slots, measure: MeasureInfo, facts: list[Fact], around: Callable[[Fact], str]
    ) -> str | None:
        """The first name the question uses, where none of the answer's own figures (nor the
        measure) is about any name it uses; None where one is, or no name is used. A figure is
        about a name its qualifier, quote or section says, or the lines around its quote
        (`around`: "… hälso- och sjukvårdsförvaltningen. Ekonomiskt innebär det …")."""
        named = self.named(slots)
        if not named:
            return None
        own = [f for f in facts if f.kind != "computed"]

        def says(text: str) -> bool:
            return any(spelling in text for _, spellings in named for spelling in spellings)

        texts = [
            fold(measure.name),
            *(
                fold(f"{f.qualifier or ''} {f.source.quote} {f.source.section}" if f.source else "")
                for f in own
            ),
        ]
        if any(says(text) for text in texts) or any(says(fold(around(f))) for f in own if f.source):
            return None
        return named[0][0]


_PART_OF = re.compile(r"(?i)^(.*?)[,;]?\s*\b(?:varav|därav)\b")


def _with_wholes(facts: list[Fact], measure_facts: list[Fact]) -> list[Fact]:
    """The answer's facts, each part ("Regionala utvecklingsförvaltningen, varav kultur",
    "varav ansvarsförbindelse") followed by the whole it is a part of (the same figure's row
    without the "varav"), where the sources give it and the answer does not show it."""
    shown = {f.id for f in facts}
    out: list[Fact] = []
    for fact in facts:
        out.append(fact)
        part = _PART_OF.match(fact.qualifier or "") if fact.value is not None else None
        if part is None:
            continue
        whole_name = fold(part.group(1).strip())
        wholes = [
            f for f in measure_facts
            if f.id not in shown and f.value is not None and f.kind == fact.kind and f.period == fact.period
            and f.unit == fact.unit and f.as_of == fact.as_of and not _PART_OF.match(f.qualifier or "")
            and f.source is not None and fact.source is not None and f.source.file == fact.source.file
            and (whole_name in fold(f.qualifier or "") if whole_name else f.qualifier is None)
        ]  # fmt: skip
        if len(wholes) == 1:
            out.append(wholes[0])
            shown.add(wholes[0].id)
    return out[: max(MAX_FACTS, len(facts))]


def _with_its_sentence(facts: list[Fact], measure_facts: list[Fact]) -> list[Fact]:
    """The answer's facts, then the figures of the same kind that the headline's quote gives
    for its period or for the same months a year before ("885 mnkr … avkastning 20 mnkr";
    the row "Verksamhetens intäkter 538,1 606,5 …": January–April 2026, and 2025)."""
    head = facts[0] if facts else None
    if head is None or head.value is None or head.source is None or not head.source.quote:
        return facts
    shown = {f.id for f in facts}
    companions = [
        f for f in measure_facts
        if f.id not in shown and f.value is not None and f.kind == head.kind
        and (f.period == head.period or _a_year_before(f.period, head.period))
        and f.source is not None and f.source.file == head.source.file and f.source.quote == head.source.quote
    ]  # fmt: skip
    return (facts + companions)[: max(MAX_FACTS, len(facts))]


def _a_year_before(period: str, than: str) -> bool:
    """Whether `period` is the same months of the year before `than`'s ("jan–april 2025" for
    "jan–april 2026"); never for a whole year, a range or a date."""
    earlier, later = fact_period(period), fact_period(than)
    return (
        later.shape in ("months", "month")
        and (earlier.shape, earlier.first_month, earlier.last_month)
        == (later.shape, later.first_month, later.last_month)
        and len(earlier.years) == len(later.years) == 1
        and earlier.year == (later.year or 0) - 1
    )


def _as_reductions(facts: list[Fact]) -> list[Fact]:
    """Changes that are falls, as the reductions the question asks about: "förändring sedan
    2012: −64 %" is "minskning sedan 2012: 64 %" (the source's own number, its direction said
    in words). Where the source prints every one of them with its minus ("högst
    befolkningsminskning -1,1 procent") they stay as printed; where one of them has its
    direction in words, all are turned, so that the sides of a comparison read alike. A
    difference computed from reductions only is turned alike."""
    falls = [f for f in facts if _is_fall(f)]
    if all(_printed_negative(f) for f in falls):
        return facts  # the source prints each with its minus: the numbers as printed
    turned: dict[int, Fact] = {}
    out = []
    for fact in facts:
        if _is_fall(fact):
            qualifier = re.sub(r"(?i)förändring", "minskning", fact.qualifier or "")
            turned[id(fact)] = replace(fact, value=-(fact.value or 0.0), qualifier=qualifier)
            out.append(turned[id(fact)])
        elif fact.kind == "computed" and fact.inputs and all(id(i) in turned for i in fact.inputs):
            out.append(
                replace(fact, value=-(fact.value or 0.0), inputs=tuple(turned[id(i)] for i in fact.inputs))
            )
        else:
            out.append(fact)
    return out


def _is_fall(fact: Fact) -> bool:
    """A change (outcome or forecast) whose number is negative."""
    return (
        fact.kind in ("outcome", "forecast") and fact.value is not None and fact.value < 0
        and bool(_CHANGE_WORD.search(fold(fact.qualifier or "")))
    )  # fmt: skip


def _printed_negative(fact: Fact) -> bool:
    """Whether the source prints the change with its minus ("högst befolkningsminskning
    -1,1 procent"): then the number as printed is the answer, not its magnitude."""
    return any(
        abs(n - (fact.value or 0.0)) < 1e-9 for n in numbers_in(fact.source.quote if fact.source else "")
    )


def _spans_years(slots: Slots) -> bool:
    """A span of three years or more is named, and nothing else to set side by side."""
    when = slots.when
    return (
        len(when.ranges) == 1 and when.ranges[0][1] - when.ranges[0][0] >= 2
        and not (when.years or when.months or when.after or when.dates or when.long_term)
    )  # fmt: skip


def _own_figures(facts: list[Fact]) -> list[Fact]:
    """The answer's own figures: not computed, not shown beside it with a label ("budget")."""
    return [f for f in facts if f.value is not None and f.kind != "computed" and not f.label]


# "… per vecka", "… i månaden": a rate over a span of time, which a figure answers only if its
# own words give it over that span (its unit, qualifier, measure name or quote).
_PER_TIME = re.compile(
    r"\bper\s+(veck|manad|dag|dygn|timm|week|month|day|hour)\w*"
    r"|\b(?:i|om)\s+(veck|manad|dag|dygn|timm)(?:an|en|et)\b"  # "i månaden", not "i dag"
    r"|\b(?:a|an|each|every)\s+(week|month|day|hour)\b"
)
_TIME_STEMS = {"week": "veck", "month": "manad", "day": "dag", "hour": "timm", "dygn": "dygn"}


def _per_unit_given(facts: list[Fact], slots: Slots) -> bool:
    """Whether the figures give the rate asked ("chattmöten per vecka"), or none is asked."""
    asked = {
        _TIME_STEMS.get(unit, unit) for m in _PER_TIME.finditer(slots.folded) for unit in m.groups() if unit
    }
    if not asked:
        return True
    own = _own_figures(facts)
    if not own:
        return True
    for fact in own:
        said = fold(
            " ".join(
                (
                    fact.unit or "",
                    fact.qualifier or "",
                    fact.measure,
                    fact.source.quote if fact.source else "",
                )
            )
        )
        if all(
            re.search(rf"\b(?:per|i|om|varje|/)\s*{a}", said) or a in fold(fact.unit or "") for a in asked
        ):
            return True
    return False


# Words saying how something has changed ("en viss nedgång", "färre än 2023").
_CHANGE_SAID = re.compile(
    r"\b(?:nedgang\w*|uppgang\w*|okning\w*|okat|okade|minskning\w*|minskat|minskade|forbattr\w*|"
    r"forsamr\w*|sjunk\w*|stigit|hogre an|lagre an|farre an|fler an)\b"
)


def _only_counts(facts: list[Fact]) -> bool:
    """Whether the answer's own figures are all counts ("12 st"): none of them is a price."""
    own = _own_figures(facts)
    return bool(own) and all(f.unit == "st" for f in own)


SHARE_UNITS = frozenset({"%", "procentenheter", "av 10"})


def _no_counts(facts: list[Fact], slots: Slots) -> bool:
    """Whether the answer's own figures are all shares or rates ("−1,1 %") or amounts of money
    ("50 mnkr"): none is a count. (Nor is a survey's number of respondents, unless asked:
    "hur många resor" is not how many answered a question about travelling.)"""
    own = _own_figures(facts)
    respondents_asked = _RESPONDENTS.search(slots.folded) is not None
    return bool(own) and all(
        f.unit in SHARE_UNITS
        or f.unit in MONEY_UNITS
        or (not respondents_asked and _RESPONDENTS.search(fold(f.qualifier or "")))
        for f in own
    )


_RESPONDENTS = re.compile(r"\b(?:respondent|svarande|antal svar|respons)\w*")


def _only_changes_in_shares(facts: list[Fact]) -> bool:
    """Whether the answer's own figures are all changes in per cent ("−1,1 %, förändring mot
    föregående år"): "hur många invånare" is not answered by how fast they change, while
    "hur många tycker …" is by a share."""
    own = _own_figures(facts)
    return bool(own) and all(
        f.unit in SHARE_UNITS and CHANGE_QUALIFIER.search(fold(f.qualifier or "")) for f in own
    )


MONEY_UNITS = frozenset({"kr", "tkr", "mnkr", "mdkr", "kr/m²"})


def _in_money(facts: list[Fact]) -> bool:
    """Whether the answer gives no figures, or an amount of money among them (a price can be)."""
    own = _own_figures(facts)
    return not own or any(f.unit in MONEY_UNITS for f in own)


def _in_units(facts: list[Fact], units: set[str]) -> bool:
    """Whether one of the answer's own figures (not those shown beside it) is in a unit the
    question names, or one that converts to it (tkr for mnkr); true when it names none."""
    if not units:
        return True
    accepted = set(units).union(*(same for same in SAME_UNITS if same & units))
    own = _own_figures(facts)
    return not own or any(f.unit in accepted for f in own)


CHANGE_QUALIFIER = re.compile(r"\b(?:forandring|okning|minskning|mot foregaende ar)\w*")


def _only_part_of_year(facts: list[Fact], slots: Slots) -> bool:
    """Whether a question for a whole year ("helår", "totalt 2023") gets only parts of it
    (months, January–October); a balance at the year's end stands for the year."""
    if not (slots.when.full_year or (slots.cues.total and slots.when.years)):
        return False
    own = _own_figures(facts)

    def part(fact: Fact) -> bool:
        period = fact_period(fact.period)
        return period.partial and (period.day, period.last_month) != (31, 12)

    return bool(own) and all(part(f) for f in own)


def _only_changes(facts: list[Fact], slots: Slots, measure_facts: list[Fact]) -> bool:
    """Whether a question for a total gets only changes ("förändring mot föregående år").

    Where the changes are broken down ("förvaltningarnas, förändring …" beside the whole),
    "totala lönekostnader" asks for the whole's change, not for a level.
    """
    if not slots.cues.total or slots.cues.change:
        return False
    own = _own_figures(facts)
    if not own or not all(CHANGE_QUALIFIER.search(fold(f.qualifier or "")) for f in own):
        return False
    periods = {f.period for f in own}
    parts = [
        f for f in measure_facts
        if f.period in periods and f.value is not None
        and CHANGE_QUALIFIER.sub("", fold(f.qualifier or "")).strip(" ,")
    ]  # fmt: skip
    return not parts


MIN_PART_WORD = 4
BOTH_KINDS = 0.9  # two kinds asked at least this strongly: both are answered
SAID_ELSEWHERE = 2
SAID_ELSEWHERE_SEARCHED = 20
MIN_HEAD = 4  # letters of a stem: "canc(er)", "kommun", "sjukhus"
MIN_FIRST_PART = 3
# Endings that make nouns of other words ("dragning", "styrning"): no head of a compound.
ENDINGS = frozenset({"ning", "tion", "else", "ande", "ende", "heten", "ighet", "ering"})


def _said_text(fact: Fact) -> str:
    """A statement's words and its quote, folded."""
    return fold(f"{fact.stated or ''} {fact.source.quote if fact.source else ''}")


def _first_part(word: str, other: str) -> str | None:
    """The first part of `word` where it and `other` are compounds with one head and first
    parts of their own ("lung" of "lung|canc" beside "prostata|canc"); not a head alone
    ("transport" beside "ambulanstransport")."""
    shared = 0
    while shared < min(len(word), len(other)) and word[-1 - shared] == other[-1 - shared]:
        shared += 1
    head = word[len(word) - shared :]
    if shared >= MIN_HEAD and head not in ENDINGS and min(len(word), len(other)) - shared >= MIN_FIRST_PART:
        return word[:-shared]
    return None


def _merge(answers: list[Answer]) -> Answer:
    """Answers about several measures as one: each measure's facts, in the order asked."""
    first = answers[0]
    merged = start_like(first)
    merged.facts = [f for a in answers for f in a.facts][:MAX_FACTS]
    merged.status = "answered" if any(a.status == "answered" for a in answers) else first.status
    merged.measure = " och ".join(a.measure for a in answers if a.measure)
    merged.context["measures"] = [a.measure_id for a in answers]
    return merged


def start_like(answer: Answer) -> Answer:
    merged = Answer(query=answer.query, intent=answer.intent, status=answer.status)
    merged.period = answer.period
    merged.context = dict(answer.context)
    merged.yes_no = answer.yes_no
    return merged


__all__ = ["Engine", "start"]
