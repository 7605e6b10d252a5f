"""Answers as tables: the forecast overview (post × prognos, budget, föregående prognos,
avvikelse) and series of figures (one row per figure). Surface-neutral: the text renderer
aligns them in columns, the Slack renderer makes a `table` block of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planbot.answer.model import Answer, Fact
from planbot.render.labels import (
    BUDGET_LABEL,
    KIND_WORDS,
    LATEST_LABEL,
    PREVIOUS_LABEL,
    fact_value,
    user_text,
)
from planbot.render.language import period_words, signed
from planbot.render.lead import DEVIATION_MEASURE, HEAD_MEASURE, current

DEVIATION_QUALIFIER = "avvikelse mot budget"
_HEADERS = {
    "sv": {
        "post": "Post", "forecast": "Prognos {y}", "budget": "Budget {y}", "previous": "Föregående prognos",
        "deviation": "Avvikelse mot budget", "period": "Period", "kind": "Slag", "detail": "Uppgift",
        "value": "Värde", "as_of": "Tidpunkt", "source": "Källa",
    },
    "en": {
        "post": "Item", "forecast": "Forecast {y}", "budget": "Budget {y}", "previous": "Previous forecast",
        "deviation": "Deviation from budget", "period": "Period", "kind": "Kind", "detail": "Detail",
        "value": "Value", "as_of": "As of", "source": "Source",
    },
}  # fmt: skip
_LABEL_WORDS = {
    "sv": {PREVIOUS_LABEL: "tidigare prognos", LATEST_LABEL: "senaste utfall"},
    "en": {PREVIOUS_LABEL: "previous forecast", LATEST_LABEL: "latest outcome"},
}
_AT_MOST = {"sv": "högst", "en": "at most"}


@dataclass(slots=True)
class Table:
    """Rows of text cells, with the facts each row shows (to count what a cut leaves out)."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    facts: list[list[Fact]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)  # per column: align right

    def shown(self, rows: int | None = None) -> list[Fact]:
        return [f for facts in self.facts[:rows] for f in facts]


def document_short(fact: Fact) -> str:
    """ "Regionstyrelsen 17 juni 2026" of "Regionstyrelsen 17 juni 2026 — Informationspunkter"."""
    return fact.source.document.split(" — ")[0] if fact.source else ""


def _drop_empty_columns(table: Table, keep: int = 1) -> Table:
    columns = [
        i for i in range(len(table.header)) if i < keep or any(row[i] for row in table.rows)
    ]  # fmt: skip
    return Table(
        [table.header[i] for i in columns],
        [[row[i] for i in columns] for row in table.rows],
        table.facts,
        [table.numeric[i] for i in columns],
    )


def overview_table(answer: Answer, language: str) -> tuple[Table, list[Fact]]:
    """`/prognos`: one row per post of the newest forecast; the facts no cell holds besides."""
    words = _HEADERS[language]
    forecasts = [f for f in current(answer) if f.kind == "forecast"]
    year = forecasts[0].period if forecasts else ""
    rows: dict[tuple[str, str | None], list[Fact]] = {}
    deviations: dict[tuple[str, str | None], Fact] = {}
    for fact in forecasts:
        if fact.measure_id == DEVIATION_MEASURE and fact.qualifier is None:
            deviations[(HEAD_MEASURE, None)] = fact
            rows.setdefault((HEAD_MEASURE, None), [])
        elif fact.qualifier == DEVIATION_QUALIFIER:
            deviations[(fact.measure_id, None)] = fact
            rows.setdefault((fact.measure_id, None), [])
        else:
            rows.setdefault((fact.measure_id, fact.qualifier), []).append(fact)
    placed = {id(f) for f in forecasts}
    budgets = [f for f in answer.facts if f.label == BUDGET_LABEL]
    previous = [f for f in answer.facts if f.label == PREVIOUS_LABEL]
    table = Table(
        [words["post"], words["forecast"].format(y=year), words["budget"].format(y=year),
         words["previous"], words["deviation"]],
        numeric=[False, True, True, True, True],
    )  # fmt: skip
    for (measure_id, qualifier), facts in rows.items():
        deviation = deviations.get((measure_id, qualifier))
        name = facts[0].measure if facts else deviation.measure if deviation else measure_id
        units = {f.unit for f in facts}
        budget = next(
            (b for b in budgets if b.measure_id == measure_id and qualifier is None and b.unit in units), None
        )
        before = next(
            (
                p
                for p in previous
                if p.measure_id == measure_id and p.qualifier == qualifier and p.unit in units
            ),
            None,
        )
        cells = [
            f"{name} ({qualifier})" if qualifier else name,
            " / ".join(fact_value(f, language) for f in facts),
            _budget_cell(budget, language) if budget else "",
            _previous_cell(before, language) if before else "",
            signed(deviation.value, deviation.unit, language)
            if deviation and deviation.value is not None
            else "",
        ]
        shown = [*facts, *(x for x in (budget, before, deviation) if x is not None)]
        placed.update(id(f) for f in shown)
        table.rows.append(cells)
        table.facts.append(shown)
    rest = [f for f in answer.facts if id(f) not in placed]
    return _drop_empty_columns(table, keep=2), rest


def _budget_cell(budget: Fact, language: str) -> str:
    value = fact_value(budget, language)
    if (budget.qualifier or "").startswith(("maximalt", "högst")):
        return f"{_AT_MOST[language]} {value}"
    return value


def _previous_cell(fact: Fact, language: str) -> str:
    value = fact_value(fact, language)
    return f"{value} ({period_words(fact.as_of, language)})" if fact.as_of else value


def fact_table(facts: list[Fact], language: str) -> tuple[Table, list[Fact]]:
    """A series: one row per figure, with the columns its facts need; the rest besides."""
    words = _HEADERS[language]
    figures = [f for f in facts if f.value is not None and f.kind != "computed"]
    rest = [f for f in facts if f not in figures]
    table = Table(
        [words[k] for k in ("post", "period", "kind", "detail", "value", "as_of", "source")],
        numeric=[False, False, False, False, True, False, False],
    )
    several = {
        "post": len({f.measure_id for f in figures}) > 1,
        "kind": len({f.kind for f in figures}) > 1,
        "source": len({document_short(f) for f in figures}) > 1,
    }
    for fact in figures:
        detail = ", ".join(
            x for x in (_LABEL_WORDS[language].get(fact.label or ""), fact.qualifier) if x
        )  # fmt: skip
        table.rows.append(
            [
                fact.measure if several["post"] else "",
                period_words(fact.period, language),
                KIND_WORDS[language].get(fact.kind, "") if several["kind"] else "",
                user_text(detail),
                fact_value(fact, language),
                period_words(fact.as_of or "", language),
                document_short(fact) if several["source"] else "",
            ]
        )
        table.facts.append([fact])
    return _drop_empty_columns(table, keep=0), rest
