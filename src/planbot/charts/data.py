"""What a chart of an answer shows: its bars, their labels, title and caption. No matplotlib.

Series ("Hur har resultatprognosen utvecklats 2023–2026?", outcomes over time, budgets per
year) and comparisons (two years, forecast against budget) have a chart; single figures,
targets and the forecast overview do not. Every plotted value is a fact's value, unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planbot.answer.model import Answer, Fact
from planbot.periods import fact_period
from planbot.render.labels import KIND_WORDS, user_text
from planbot.render.language import language_of, long_date, period_words
from planbot.render.tables import document_short

CHART_INTENTS = ("compare", "indicator", "forecast", "budget")
PLOTTED = ("outcome", "forecast", "budget", "target")  # kinds of figures; never a computed one
MAX_BARS = 12
_WORDS = {
    "sv": {"latest": "senaste", "earlier": "tidigare prognos", "older": "äldre källa", "source": "Källa",
           "sources": "Källor", "as_of": "senaste uppgift", "and": "och"},
    "en": {"latest": "latest", "earlier": "previous forecast", "older": "older source", "source": "Source",
           "sources": "Sources", "as_of": "latest figure", "and": "and"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar (the newest figure for its label) and the earlier figures marked beside it."""

    label: str
    fact: Fact
    earlier: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart in the answer's language: the bars in time order, the words around them."""

    title: str
    unit: str | None
    bars: tuple[Bar, ...]
    caption: str
    language: str
    latest_label: str  # what the bars are: the newest figure of each period
    earlier_label: str  # what the marks beside a bar are: earlier forecasts or older sources

    @property
    def facts(self) -> list[Fact]:
        """Every plotted fact: the bars, then the marks."""
        return [b.fact for b in self.bars] + [f for b in self.bars for f in b.earlier]


def _when(fact: Fact) -> tuple[int, int, int, str, str]:
    """Chronological order: the period a figure is about, then when it was stated."""
    period = fact_period(fact.period)
    stated = fact.source.date if fact.source else ""
    return (period.year or 0, period.last_month or 12, period.day or 31, fact.as_of_date, stated)


def _plotted(answer: Answer) -> list[Fact]:
    """The figures to plot: one unit (and for outcomes one qualifier), the one most figures have."""
    figures = [f for f in answer.facts if f.value is not None and f.kind in PLOTTED]
    if not figures:
        return []
    unit = Counter(f.unit for f in figures).most_common(1)[0][0]
    figures = [f for f in figures if f.unit == unit]
    if len({f.kind for f in figures}) == 1:
        qualifier = Counter(f.qualifier for f in figures).most_common(1)[0][0]
        figures = [f for f in figures if f.qualifier == qualifier]
    return figures


def chart_for(answer: Answer) -> Chart | None:
    """The chart of `answer`, or None when a picture would not say more than the figure."""
    if answer.status != "answered" or answer.intent not in CHART_INTENTS:
        return None
    if answer.intent == "forecast" and answer.measure is None:
        return None  # the overview is a table of different posts
    language = language_of(answer)
    figures = _plotted(answer)
    kinds = {f.kind for f in figures}
    by_label: dict[str, list[Fact]] = {}
    for fact in sorted(figures, key=_when):
        label = period_words(fact.period, language)
        if len(kinds) > 1:
            label = f"{KIND_WORDS[language][fact.kind]} {label}"
        by_label.setdefault(label, []).append(fact)
    if not 2 <= len(by_label) <= MAX_BARS:
        return None
    bars = tuple(
        Bar(_label(label, facts[-1], language), facts[-1], tuple(facts[:-1]))
        for label, facts in by_label.items()
    )
    words = _WORDS[language]
    return Chart(
        title=_title(figures, bars, language),
        unit=figures[0].unit,
        bars=bars,
        caption=caption(figures, language),
        language=language,
        latest_label=words["latest"],
        earlier_label=words["earlier"] if kinds == {"forecast"} else words["older"],
    )


def _label(label: str, newest: Fact, language: str) -> str:
    """A bar's label: its period, and for a forecast when it was made ("2026\nefter april 2026")."""
    return f"{label}\n{period_words(newest.as_of, language)}" if newest.as_of else label


def _title(figures: list[Fact], bars: tuple[Bar, ...], language: str) -> str:
    """ "Årets resultat – prognos 2023–2026", "Nettokostnadsutveckling"."""
    title = figures[0].measure
    qualifiers = {f.qualifier for f in figures}
    if len(qualifiers) == 1 and figures[0].qualifier:
        title += f" ({user_text(figures[0].qualifier)})"
    if len({f.kind for f in figures}) == 1:
        first, last = bars[0].fact, bars[-1].fact
        title += f" – {KIND_WORDS[language][first.kind].lower()}"
        if first.period.isdigit() and last.period.isdigit():
            title += f" {first.period}–{last.period}"
    return title


def caption(facts: list[Fact], language: str) -> str:
    """ "Källor: Regionstyrelsen 17 juni 2026 och Regionplan 2024–2026 · senaste uppgift 17 juni 2026"."""
    words = _WORDS[language]
    dated = sorted({(f.source.date, document_short(f)) for f in facts if f.source}, reverse=True)
    documents = list(dict.fromkeys(name for _, name in dated))
    if not documents:
        return ""
    named = (
        documents[0]
        if len(documents) == 1
        else ", ".join(documents[:-1]) + f" {words['and']} {documents[-1]}"
    )
    label = words["source"] if len(documents) == 1 else words["sources"]
    return f"{label}: {named} · {words['as_of']} {long_date(dated[0][0], language)}"
