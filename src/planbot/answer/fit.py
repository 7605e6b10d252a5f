"""How well one fact fits a question, slot by slot: period, kind and qualifier.

Every candidate fact is scored on all slots together instead of being filtered by one
slot after another, so that a near miss on one slot (the plan's figure for a year no
forecast covers) can still be offered, labelled, while a clear mismatch (a target for a
question about today's outcome) never is.

- period: 1.0 for the period asked for, less for an overlap (a part of the year for a
  whole year, the plan period for one of its years), 0 for another period; 0.5 when the
  question names no period.
- kind: the weight of the fact's kind among those asked for (1.0 for the clearest);
  a labelled fallback for a forecast that does not exist is the plan's or budget's figure
  for the same period; statements support every answer a little; 0.5 when no kind is asked.
- qualifier: the idf-weighted question words that name the fact's qualifier (or, for a
  statement, its words): "telefon", "PV", "somatisk slutenvård" (via the plan's
  abbreviations), "efter RUR".
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from planbot.answer.common import PLACEHOLDERS
from planbot.answer.model import Fact
from planbot.periods import FactPeriod
from planbot.query.cues import kind_of_word
from planbot.query.glossary import Glossary
from planbot.query.resolve import stem
from planbot.query.slots import Slots
from planbot.query.when import When
from planbot.query.words import STOPWORDS, mark_municipality
from planbot.text import fold, tokens

NEUTRAL = 0.5
PRESENTED_THEN = 0.9  # a forecast presented in the month asked for, though made before it
STATEMENT_SUPPORT = 0.15
NO_FALLBACK = "-"  # a marker among the kind weights
STATED_FIGURE = 0.7
STATED_THEN = 0.8  # a figure the document of the month asked for gives, for its own period
WEAK_CUE = 0.7  # a kind cued below this is preferred, not required
WEAKLY_OTHER = 0.5
WEAK_NEIGHBOURS = {"budget": ("target", "forecast", "outcome"), "outcome": ("forecast",)}
FALLBACK = {"forecast": ("budget", 0.45)}  # asked kind → (neighbour offered instead, its weight)
NEGATIONS = frozenset({"ej", "inte", "utan", "exklusive", "exkl", "ingen", "inga"})
MIN_PREFIX = 5
COMPOUND_PART = 6
PREFIX_SHARE = 0.75  # "psykiatri" ~ "psykiatrisk", not "hälso" ~ "hälsoval"
INFLECTED_COMMON = 6
OTHER_UNIT = 0.35
VARIANT = re.compile(
    r"(?:efter|fore|innan|inklusive|inkl|exklusive|exkl|enligt|utan|med|before|after|including|excluding)\b"
)
# Qualifier words that say how a figure is measured, not which part of the measure it is:
# a qualifier made only of these ("förändring mot föregående år") is the whole measure.
GENERIC = frozenset(
    stem(w)
    for w in """
    förändring forandring mot föregående foregaende år ar f g fg sedan jämfört jamfort med totalt total
    summa helår helar helårsprognos prognos budget budgeterat budgeterad utfall nivå niva andel procent
    ökning okning minskning per månad manad vid årets arets slut enligt resultaträkningen
    resultatrakningen avvikelse bättre battre sämre samre än an minst högst hogst maximalt minimum
    nationellt nationella mål mal målvärde malvarde målvärdet i av och för for till om utgångsnivå
    utgangsniva cirka ca preliminärt preliminart ackumulerat hela samtliga region regionen kalmar län lan
    marknadsvärde marknadsvarde värde varde belopp nettobelopp bruttobelopp
    """.split()
)  # fmt: skip


@dataclass(slots=True, eq=False)
class Fit:
    """One fact's fit to a question (never changed once made; not frozen, because a frozen
    dataclass is several times slower to construct, and the engine makes one per candidate
    fact per question; compared by identity)."""

    fact: Fact
    period: float
    kind: float
    qualifier: float
    fallback: bool = False
    unit: float = 1.0
    part: bool = False  # a part of the measure (a breakdown row) the question does not name
    specific: bool = False  # qualified as an item or part the question does not name
    named: frozenset[str] = frozenset()  # the question's words that name its qualifier
    context: float = 0.0  # question words in the quoted source text: breaks ties only
    source: float = 1.0  # from the document the question names, if it names one
    by_qualifier: float = 0.0  # the part of `qualifier` earned by the qualifier itself

    @property
    def score(self) -> float:
        return self.period * self.kind * self.unit * self.source


def _within(month: int | None, first: int, last: int) -> bool:
    return month is not None and first <= month <= last


def _says_year(fact: Fact, year: int) -> bool:
    """Whether a statement without a figure names the year in its words."""
    if fact.kind != "statement" or fact.value is not None:
        return False
    return str(year) in f"{fact.stated or ''} {fact.source.quote if fact.source else ''}"


def period_fit(fp: FactPeriod, when: When, fact: Fact) -> float:
    """How well a fact's period matches the periods a question names (the best of them)."""
    if not when.any:
        return NEUTRAL
    best = 0.0
    made = (int(fact.as_of_date[:4]), int(fact.as_of_date[5:7])) if fact.as_of_date[:4].isdigit() else None
    for year in when.years:
        if fp.shape == "year" and year in fp.years:
            score = 1.0
        elif fp.shape == "range" and year in fp.years:
            # A sum over the span is another figure than the year's; a sentence about the span
            # that names the year ("nås inte för 2024 och 2026") is about that year.
            score = 1.0 if _says_year(fact, year) else 0.75
        elif fp.shape == "date" and (fp.day, fp.last_month) == (31, 12) and year in fp.years:
            score = 0.85  # the balance at the end of the year stands for the year
        elif fp.partial and year in fp.years:
            score = 0.3 if when.full_year else 0.6
        elif fp.shape == "other" and year in fp.years:
            score = 0.5
        else:
            score = 0.0
        best = max(best, score)
    for first, last in when.ranges:
        span = set(range(first, last + 1))
        if fp.shape == "range" and fp.years == span:
            score = 1.0  # the figure for the whole span ("728,5 mnkr under planperioden")
        elif fp.shape == "year" and fp.years <= span:
            score = 0.9
        elif fp.shape == "range" and fp.years & span:
            score = 0.6
        elif fp.years & span:
            score = 0.45
        else:
            score = 0.0
        best = max(best, score)
    if when.long_term:
        if fp.shape == "long_term":
            best = max(best, 1.0)
        elif fact.kind == "target" and fp.shape == "year" and (fp.year or 0) >= 2030:
            best = max(best, 0.7)  # "till 2030": a far target is a long-term one
        elif fact.kind == "target" and fp.shape == "range":
            best = max(best, 0.6)  # a target over the plan period, no year of its own: its aim
    stated = fact.source.date[:7] if fact.source else ""
    for first, last, month_year in when.months:
        if first == last and stated == f"{month_year}-{last:02d}":
            # "i juni 2023-decket", "enligt RS mars 2024": what the document of that month says.
            best = max(best, STATED_THEN)
        if month_year is not None and month_year not in fp.years and fp.shape != "timeless":
            continue
        if fp.shape == "months" and fp.first_month is not None and fp.last_month is not None:
            if (fp.first_month, fp.last_month) == (first, last):
                score = 1.0
            elif fp.last_month == last:
                score = 0.9
            elif first == last and _within(first, fp.first_month, fp.last_month):
                score = 0.5
            else:
                score = 0.0
        elif fp.shape in ("month", "date") and _within(fp.last_month, first, last):
            score = 1.0 if fp.shape == "month" else 0.9
        elif fact.kind == "forecast" and made and made[1] == last and month_year in (None, made[0]):
            score = 0.9  # "prognosen i april": a forecast made then
        elif fact.kind == "target" and fp.shape == "year" and month_year in fp.years:
            score = 0.8  # "jan–april 2026 jämfört med målet": the year's target holds all year
        else:
            score = 0.0
        best = max(best, score if month_year is not None else score * 0.9)
    for day, month, date_year in when.dates:
        if date_year is not None and date_year not in fp.years:
            continue
        if fp.shape == "date" and fp.last_month == month:
            score = 1.0 if fp.day == day else 0.9
        elif (day, month) == (31, 12) and fp.shape == "year":
            qualifier = (fact.qualifier or "").casefold()
            score = 0.95 if ("årets slut" in qualifier or "årsskiftet" in qualifier) else 0.5
        elif fp.shape == "months" and fp.last_month == month:
            score = 0.6
        else:
            score = 0.0
        best = max(best, score)
    if when.weeks:
        # No curated figure is weekly unless its period says so ("vecka 11").
        text = fold(fact.period)
        best = 1.0 if any(f"vecka {w}" in text for w in when.weeks) else 0.0
    moment = _moment_fit(fp, when, fact, made)
    if moment is None:
        return best
    has_base = bool(when.years or when.ranges or when.long_term or when.months or when.dates)
    return min(best, moment) if has_base else moment


def _moment_fit(fp: FactPeriod, when: When, fact: Fact, made: tuple[int, int] | None) -> float | None:
    """The constraint an "efter april" or "oktoberprognosen" puts on a fact, or None.

    A forecast must have been made then; an outcome must cover the year up to then
    ("jan–april"); a figure for a whole year says nothing about that moment.
    """
    if not when.after and not when.as_of:
        return None
    best = 0.0
    for month, year in when.after:
        if fact.kind == "forecast" or (fact.kind == "statement" and fact.as_of):
            score = 1.0 if made and made[1] == month and (year is None or made[0] == year) else 0.0
        elif year is not None and year not in fp.years:
            score = 0.0
        elif fp.shape == "months" and fp.last_month == month:
            score = 1.0
        elif fp.shape in ("date", "month") and fp.last_month == month:
            score = 0.8
        else:
            score = 0.0
        best = max(best, score)
    presented = fact.source.date if fact.source else ""
    for month, year in when.as_of:
        if fact.kind not in ("forecast", "statement"):
            continue
        if made and made[1] == month and (year is None or made[0] == year):
            best = max(best, 1.0)
        elif presented[5:7] == f"{month:02d}" and (year is None or presented[:4] == str(year)):
            # "prognos dec 2025": the forecast of the December 2025 deck, made after October.
            best = max(best, PRESENTED_THEN)
    return best


def kind_weights(slots: Slots) -> dict[str, float]:
    """The kinds a question asks for, the clearest at 1.0; statements as asked or as support."""
    if not slots.kinds:
        # "När kommer de nya tågen?": what is said answers; no figure stands in.
        return {"statement": 1.0, NO_FALLBACK: 1.0} if slots.cues.statement else {}
    top = max(slots.kinds.values())
    weights = {kind: weight / top for kind, weight in slots.kinds.items() if weight > 0}
    if top < WEAK_CUE and not slots.command:
        # Only a weak cue ("max", "tak", "cost"): a preference, not a filter; its neighbours
        # stay in the running, below it (a past tense never makes a target or budget an
        # answer, a forecast may be).
        for asked in [k for k, w in weights.items() if w == 1.0]:
            for kind in WEAK_NEIGHBOURS.get(asked, ()):
                weights.setdefault(kind, WEAKLY_OTHER)
    if slots.cues.statement:
        weights["statement"] = 1.0
        weights[NO_FALLBACK] = 1.0  # "när kommer prognosen?": a budget is no stand-in
    return weights


def kind_fit(fact: Fact, weights: dict[str, float]) -> tuple[float, bool]:
    """(weight, is a fallback) of a fact's kind for the kinds asked.

    A statement that gives a figure ("prisbasbeloppet är 57 300 kr") answers a question
    for a figure of any kind, a little below a fact of the kind asked for.
    """
    stated_figure = fact.kind == "statement" and fact.value is not None
    if not weights:
        if stated_figure:
            return NEUTRAL * STATED_FIGURE, False
        return (STATEMENT_SUPPORT if fact.kind == "statement" else NEUTRAL), False
    if fact.kind in weights:
        return weights[fact.kind], False
    if "statement" in weights and fact.value is None and (fact.stated or "").strip() not in PLACEHOLDERS:
        return weights["statement"], False  # a target or plan in words says something too
    if stated_figure:
        return max(weights.values()) * STATED_FIGURE, False
    if fact.kind == "statement":
        return STATEMENT_SUPPORT, False
    for asked, weight in weights.items():
        if NO_FALLBACK in weights:
            break
        neighbour = FALLBACK.get(asked)
        if neighbour and neighbour[0] == fact.kind and weight == 1.0:
            return neighbour[1], True
    return 0.0, False


OTHER_DOCUMENT = 0.65


def source_fit(
    fact: Fact, documents: tuple[tuple[int, int], ...], plans: dict[str, tuple[int, int]]
) -> float:
    """1 for a fact from the plan the question names ("enligt regionplan 2024–2026"), or one
    whose qualifier names it ("regionplan 2023–2025: …"); less for other documents."""
    if not documents:
        return 1.0
    for first, last in documents:
        if (first, last) == (0, 0):
            if fact.source and fact.source.source_id in plans:
                return 1.0
        elif (fact.source and plans.get(fact.source.source_id) == (first, last)) or (
            fact.qualifier and f"{first}-{last}" in _dashes(fact.qualifier)
        ):
            return 1.0
    return OTHER_DOCUMENT


# A figure for the whole country ("beräknas ha palliativt vårdbehov (Sverige)"), and a question
# about the county itself ("i Kalmar län", "in our county").
# (The country as a reference, "andel av rikets befolkning", makes no figure the country's.)
_FOR_THE_COUNTRY = re.compile(r"\b(?:sverige|i riket|hela landet)\b")
_COUNTRY = re.compile(r"\b(?:sverige|sveriges|riket|rikets|landet|landets|sweden|swedens|national\w*)\b")
_COUNTY = re.compile(
    r"\b(?:i lanet|lanets|kalmar lans?|vart lan|our county|the county|this county|our region|kalmar county"
    r"|county of kalmar)\b"
)


@lru_cache(maxsize=4096)
def asks_locally(folded: str) -> bool:
    """Whether a question asks about the county and not about the country too."""
    return bool(_COUNTY.search(folded)) and not _COUNTRY.search(folded)


@lru_cache(maxsize=4096)
def place_fit(qualifier: str | None, local: bool) -> float:
    """0 for a figure for the whole country where the question asks about the county."""
    return 0.0 if local and qualifier and _FOR_THE_COUNTRY.search(fold(qualifier)) else 1.0


@lru_cache(maxsize=4096)
def _dashes(qualifier: str) -> str:
    return fold(qualifier).replace("–", "-")


def unit_fit(fact: Fact, units: set[str]) -> float:
    """1 when the question names no unit or the fact's; less for a figure in another unit."""
    if not units or fact.value is None or fact.unit in units:
        return 1.0
    return OTHER_UNIT


def word_idf(counts: Mapping[str, int], total: int) -> dict[str, float]:
    """How rare each description word is among `total` facts, `counts` the facts each describes
    (counted when the knowledge base is built: planbot.answer.snapshot)."""
    total = max(total, 1)
    return {w: math.log(1 + total / n) for w, n in counts.items()}


class Describer:
    """The words that describe each fact beyond its measure, with how rare each is.

    Facts are described as they are loaded, one measure's facts at a time (`describe`);
    how rare each word is among all facts (`idf`, from `word_idf`) was counted when the
    knowledge base was built.
    """

    def __init__(self, idf: Mapping[str, float], glossary: Glossary) -> None:
        self.glossary = glossary
        self.idf = idf
        self.words: dict[int, frozenset[str]] = {}
        self.quotes: dict[int, frozenset[str]] = {}
        self.qualified: dict[int, _QualifierWords] = {}  # what each described fact's qualifier says
        # Facts described alike (the same qualifier, in every period) share one key, so that
        # a question scores each description once.
        self.keys: dict[int, int] = {}
        self._interned: dict[tuple[object, ...], int] = {}
        self._named: dict[tuple[object, ...], tuple[float, frozenset[str]]] = {}
        self._specific: dict[tuple[frozenset[str], tuple[str, ...]], bool] = {}
        self._context: dict[tuple[frozenset[str], tuple[str, ...]], float] = {}
        self.breakdowns: dict[tuple[str, str, str, str | None], bool] = {}
        # What a qualifier's text says, worked out once per text: many facts share one.
        self._qualifier_texts: dict[str, _QualifierWords] = {}

    def _qualifier(self, qualifier: str) -> _QualifierWords:
        found = self._qualifier_texts.get(qualifier)
        if found is None:
            if len(self._qualifier_texts) > 200_000:
                self._qualifier_texts.clear()
            folded = fold(qualifier)
            # A hyphenated word is also read as one ("e-post" as "epost", "IT-förvaltningen").
            joined = [a + b for a, b in _HYPHENATED.findall(folded)]
            expanded = tokens(mark_municipality(self.glossary.expand(folded))) + joined
            own = tokens(mark_municipality(folded)) + joined
            found = self._qualifier_texts[qualifier] = _QualifierWords(
                described=frozenset(
                    stem(t) for t in expanded if t not in STOPWORDS and (not t.isdigit() or len(t) >= 2)
                ),
                qualifier=frozenset(stem(t) for t in expanded if t not in STOPWORDS),
                own=frozenset(stem(t) for t in own if t not in STOPWORDS),
                facets=_facets_of(qualifier, own),
                negated=bool(set(own) & NEGATIONS),
                excluded=ruled_out(qualifier),
            )
        return found

    def describe(self, facts: Sequence[Fact]) -> None:
        """Describe one measure's facts, all of them (a breakdown is one measure's figures
        under several qualifiers). The facts must stay alive while described: they are
        known by their id() until `clear`."""
        interned = self._interned
        for fact in facts:
            words = self._describe(fact)
            q = self.qualified[id(fact)] = self._qualifier(fact.qualifier or "")
            self.words[id(fact)] = words
            self.quotes[id(fact)] = self._quote_words(fact)
            description = (words, q.qualifier, q.own, q.excluded, q.negated)
            self.keys[id(fact)] = interned.setdefault(description, len(interned))
        # (measure, kind, period, unit) with figures under more than one qualifier: a breakdown.
        # (One figure in two units, "205 mnkr" and "2 %", is the same figure, not a breakdown.)
        qualifiers: dict[tuple[str, str, str, str | None], set[str | None]] = {}
        for fact in facts:
            if fact.value is not None:
                key = (fact.measure_id, fact.kind, fact.period, fact.unit)
                qualifiers.setdefault(key, set()).add(fact.qualifier)
        self.breakdowns.update({key: len(found) > 1 for key, found in qualifiers.items()})

    def clear(self) -> None:
        """Forget every fact described (before the facts themselves are let go)."""
        self.words.clear()
        self.quotes.clear()
        self.qualified.clear()
        self.keys.clear()
        self._interned.clear()
        self.breakdowns.clear()
        self.forget()

    def forget(self) -> None:
        """Drop what was remembered for the previous question (a long-running process would
        otherwise keep growing a heap the garbage collector has to scan)."""
        self._named.clear()
        self._specific.clear()
        self._context.clear()

    def _describe(self, fact: Fact) -> frozenset[str]:
        described = self._qualifier(fact.qualifier or "").described
        if fact.kind == "statement" and fact.stated:
            stated = [t for t in tokens(fact.stated) if t not in STOPWORDS]
            described |= frozenset(stem(t) for t in stated if not t.isdigit() or len(t) >= 2)
        return described

    def _facets(self, fact: Fact) -> frozenset[str]:
        """The qualifier's words that name a part of the measure ("telefon", "PV", "varav bil").

        A qualifier that says how the whole is reckoned ("efter användning av RUR",
        "inklusive pensionsförpliktelser", "enligt resultaträkningen") names a variant of
        the measure, not a part of it: no facets.
        """
        return self._qualifier(fact.qualifier or "").facets

    def in_breakdown(self, fact: Fact) -> bool:
        """Whether the fact has siblings: figures of its measure, kind, period and unit under
        other qualifiers."""
        return self.breakdowns.get((fact.measure_id, fact.kind, fact.period, fact.unit), False)

    def is_specific(self, fact: Fact, question_stems: tuple[str, ...]) -> bool:
        """A figure qualified as one part or item ("finansiella leasingavtal") the question
        does not name."""
        facets = self._facets(fact)
        if not facets:
            return False
        key = (facets, question_stems)
        found = self._specific.get(key)
        if found is None:
            named = sum(1 for w in facets if any(w == q or _prefix_hit(w, q) for q in question_stems))
            found = named * 2 < len(facets)
            self._specific[key] = found
        return found

    def context(self, fact: Fact, question_stems: tuple[str, ...]) -> float:
        """The question words found in the fact's quote ("återställd" in "… vara återställd …")."""
        words = self._quote_words(fact)
        key = (words, question_stems)
        found = self._context.get(key)
        if found is None:
            found = sum(self.idf.get(w, 2.0) for w in question_stems if w in words)
            self._context[key] = found
        return found

    def _quote_words(self, fact: Fact) -> frozenset[str]:
        found = self.quotes.get(id(fact))
        if found is None:
            found = quote_words(fact.source.quote if fact.source else "")
        return found

    def known(self, fact: Fact, quote: str) -> frozenset[str]:
        """Every word the fact is described or quoted with (Context.known_word)."""
        return self.of(fact) | quote_words(quote)

    def _qualifier_words(self, fact: Fact) -> frozenset[str]:
        return self._qualifier(fact.qualifier or "").qualifier

    def _own_words(self, fact: Fact) -> frozenset[str]:
        return self._qualifier(fact.qualifier or "").own

    def excluded(self, fact: Fact) -> frozenset[str]:
        """The words a negation in a described fact's qualifier rules out ("exklusive Hälsoval")."""
        q = self.qualified.get(id(fact))
        return q.excluded if q else frozenset()

    def facets_of(self, fact: Fact) -> frozenset[str]:
        """The words of a described fact's qualifier that name a part of the measure."""
        q = self.qualified.get(id(fact))
        return q.facets if q else frozenset()

    def of(self, fact: Fact) -> frozenset[str]:
        found = self.words.get(id(fact))
        return found if found is not None else self._describe(fact)

    def score(
        self,
        fact: Fact,
        question_stems: tuple[str, ...],
        naming: frozenset[str],
        negated: bool,
        qualifier_only: bool = False,
        consumed: tuple[str, ...] = (),
        unwanted: frozenset[str] = frozenset(),
    ) -> float:
        """The idf-weighted question words naming this fact's qualifier or statement."""
        return self.named(fact, question_stems, naming, negated, qualifier_only, consumed, unwanted)[0]

    def named(
        self,
        fact: Fact,
        question_stems: tuple[str, ...],
        naming: frozenset[str],
        negated: bool,
        qualifier_only: bool = False,
        consumed: tuple[str, ...] = (),
        unwanted: frozenset[str] = frozenset(),
    ) -> tuple[float, frozenset[str]]:
        """(score, the question words that name it) for this fact's qualifier or statement.

        `consumed` are stems of words the question used up naming the measure: they name a
        qualifier only when, with the other words, they name all of it ("skatteintäkter" is
        both a synonym of "Skatteintäkter och utjämning" and the name of one of its rows).
        `unwanted` are the stems the question rules out ("exkl. köpt vård"): they name only
        a qualifier that rules them out too, and count against one that includes them.
        """
        description = self.keys.get(id(fact))
        if description is None:
            return self._named_now(fact, question_stems, naming, negated, qualifier_only, consumed, unwanted)
        key = (description, question_stems, naming, negated, qualifier_only, consumed, unwanted)
        found = self._named.get(key)
        if found is None:
            found = self._named_now(fact, question_stems, naming, negated, qualifier_only, consumed, unwanted)
            self._named[key] = found
        return found

    def _named_now(
        self,
        fact: Fact,
        question_stems: tuple[str, ...],
        naming: frozenset[str],
        negated: bool,
        qualifier_only: bool,
        consumed: tuple[str, ...],
        unwanted: frozenset[str] = frozenset(),
    ) -> tuple[float, frozenset[str]]:
        described = self._qualifier_words(fact) if qualifier_only else self.of(fact)
        if not described:
            return 0.0, frozenset()
        qualifier_words = self._qualifier_words(fact)
        if consumed and qualifier_words:
            # The synonym the question used is the qualifier itself ("skatteintäkter" is a
            # synonym of "Skatteintäkter och utjämning" and the label of one of its rows):
            # a row named exactly.
            own = self._own_words(fact)
            if (
                own
                and all(any(w == q or _prefix_hit(w, q) for q in own) for w in consumed)
                and all(any(w == q or _prefix_hit(w, q) for q in (*question_stems, *consumed)) for w in own)
            ):
                question_stems = (*question_stems, *consumed)
        total = 0.0
        words = set()
        for word in question_stems:
            hit, weight = _hit(word, described)
            if hit is None or (weight < 1.0 and _is_cue(word)):
                continue  # "budget" asks for a kind of figure; it names no "kassaflödesbudget"
            # A word that also names the measure ("1177", "utsläppen") counts only where it is
            # a whole word of the qualifier itself.
            if _names_any(word, naming) and not _whole_word_of(word, qualifier_words):
                continue
            excluded = hit in self.excluded(fact)
            if excluded != (word in unwanted) and (not excluded or not negated or unwanted):
                # "exklusive Hälsoval" is not Hälsoval; "exkl. köpt vård" is not "inkl. köpt vård".
                total -= weight * self.idf.get(hit, 1.0)
                continue
            total += weight * self.idf.get(hit, 1.0)
            words.add(word)
        for compound, said in _said_apart(qualifier_words, question_stems, consumed):
            if said not in words:
                # "besök i öppenvården" names the row "öppenvårdsbesök", though each of the
                # two words alone is too short a part of it, or names the measure.
                total += self.idf.get(compound, 1.0)
                words.add(said)
        if (q := self.qualified.get(id(fact))) and q.negated and not negated:
            total -= 2.0  # "ej svarat" is not what "hur många svarade" asks for
        return total, frozenset(words)


_HYPHENATED = re.compile(r"\b(\w+)-(\w+)\b")


@lru_cache(maxsize=4096)
def _is_cue(word: str) -> bool:
    """Whether a question word asks for a kind of figure ("budget", "prognosen", "mål")."""
    return kind_of_word(word) is not None


def affirmed(qualifier: str) -> str:
    """The qualifier up to a negation: what the figure is about ("Primärvårdsförvaltningen,
    exklusive Hälsoval" is about Primärvårdsförvaltningen, not about Hälsoval)."""
    for match in re.finditer(r"\w+", qualifier):
        if fold(match.group()) in NEGATIONS:
            return qualifier[: match.start()]
    return qualifier


@dataclass(frozen=True, slots=True)
class _QualifierWords:
    """What one qualifier's text says, for every fact that has it."""

    described: frozenset[str]  # with the glossary's meanings (numbers of two digits and more)
    qualifier: frozenset[str]  # with the glossary's meanings
    own: frozenset[str]  # its own words only
    facets: frozenset[str]  # the words naming a part of the measure
    negated: bool
    excluded: frozenset[str]


def _facets_of(qualifier: str, own: list[str]) -> frozenset[str]:
    if VARIANT.match(fold(qualifier)):
        return frozenset()
    words = {stem(t) for t in own if not t.isdigit()}
    return frozenset(w for w in words if w not in GENERIC and w not in STOPWORDS)


def ruled_out(qualifier: str, negations: frozenset[str] = NEGATIONS) -> frozenset[str]:
    """The stems after a negation in a qualifier (or a question, with the words that exclude
    as `negations`): "exklusive Hälsoval" rules out "hälsoval"."""
    out: set[str] = set()
    after = False
    for token in tokens(qualifier):
        if token in negations:
            after = True
        elif after and token not in STOPWORDS:
            out.add(stem(token))
    return frozenset(out)


@lru_cache(maxsize=65536)
def _names_any(word: str, naming: frozenset[str]) -> bool:
    return word in naming or any(_prefix_hit(word, n) for n in naming)


@lru_cache(maxsize=65536)
def _whole_word_of(word: str, qualifier_words: frozenset[str]) -> bool:
    return any(
        word == q or (_prefix_hit(word, q) and len(word) >= PREFIX_SHARE * len(q)) for q in qualifier_words
    )


def _said_apart(
    qualifier_words: frozenset[str], question_stems: tuple[str, ...], consumed: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(compound, question stem) for each qualifier word the question says as two words, one
    of them its own (not only naming the measure): "öppenvårdsbesök", "besök i öppenvården"."""
    found = []
    said = (*question_stems, *consumed)
    for q in qualifier_words:
        for own in question_stems:
            at = q.find(own) if len(own) >= MIN_PREFIX else -1
            if at < 0 or len(q) - len(own) < MIN_PREFIX:
                continue
            # The rest of the compound, less a linking "s": the other word's stem.
            rest = q[:at].removesuffix("s") if at else q[len(own) :].removeprefix("s")
            if len(rest) >= MIN_PREFIX and any(
                o != own and (o == rest or _prefix_hit(o, rest) or _prefix_hit(rest, o)) for o in said
            ):
                found.append((q, own))
                break
    return found


_PREFIX_HITS: dict[tuple[str, str], bool] = {}  # keys of two strings: no work for the collector
PREFIX_HITS_MAX = 200_000


def _prefix_hit(word: str, other: str) -> bool:
    """Whether two stems are one word inflected: one a long enough prefix of the other, or
    both the same but for their last two letters."""
    if not word or not other or word[0] != other[0]:
        return False  # every hit below shares at least five leading letters
    key = (word, other)
    found = _PREFIX_HITS.get(key)
    if found is None:
        if len(_PREFIX_HITS) >= PREFIX_HITS_MAX:
            _PREFIX_HITS.clear()
        found = _PREFIX_HITS[key] = _is_prefix_hit(word, other)
    return found


def _is_prefix_hit(word: str, other: str) -> bool:
    shorter, longer = (word, other) if len(word) <= len(other) else (other, word)
    if len(shorter) < MIN_PREFIX:
        return False
    if longer.startswith(shorter) and len(shorter) >= PREFIX_SHARE * len(longer):
        return True
    # Inflections the stemmer leaves apart ("beställt", "beställda"): all but the last two letters.
    common = len(os.path.commonprefix((word, other)))  # noqa: RUF071 (letters are what is compared)
    return common >= INFLECTED_COMMON and common >= len(longer) - 2


@lru_cache(maxsize=65536)
def _hit(word: str, described: frozenset[str]) -> tuple[str | None, float]:
    """The described word a question word names, and how fully: the same word, a prefix
    of it (an inflection), or a part of a compound ("kostnad" in "nettokostnadsökning")."""
    if word in described:
        return word, 1.0
    index = _index(described)
    for other in index.by_prefix.get(word[:MIN_PREFIX], ()):
        if _prefix_hit(word, other):
            return other, 1.0
    if len(word) >= COMPOUND_PART and word in index.joined:
        for other in index.ordered:
            if len(other) > len(word) + 2 and word in other:
                return other, 0.6
    return None, 0.0


@dataclass(slots=True)
class _Index:
    """A description's words by their first letters (every prefix hit shares five), and
    all of them in one string (a word in none of them is in no compound of them)."""

    by_prefix: dict[str, list[str]]
    joined: str
    ordered: tuple[str, ...]  # shortest first, then alphabetically


_INDEXES: dict[frozenset[str], _Index] = {}


def _index(described: frozenset[str]) -> _Index:
    found = _INDEXES.get(described)
    if found is None:
        by_prefix: dict[str, list[str]] = {}
        # Shortest first, then alphabetically: the same hit for every process (a set's
        # order changes with the hash seed), and the nearest word before a longer one.
        ordered = sorted(described, key=lambda w: (len(w), w))
        for other in ordered:
            if len(other) >= MIN_PREFIX:
                by_prefix.setdefault(other[:MIN_PREFIX], []).append(other)
        if len(_INDEXES) >= PREFIX_HITS_MAX:
            _INDEXES.clear()
        found = _INDEXES[described] = _Index(by_prefix, " ".join(ordered), tuple(ordered))
    return found


@lru_cache(maxsize=65536)
def quote_words(quote: str) -> frozenset[str]:
    """The stems of a source quote's words (numbers and function words left out)."""
    return frozenset(stem(t) for t in tokens(quote) if t not in STOPWORDS and not t.isdigit())
