"""What a figure's context can give each field: the options an example's fields are learned as.

A curated example's period "2026" is not learned as the string "2026" but as the ways its
context produces it: the document's year, the year in its heading, the year in its table
column. A new figure then takes the value those same ways give in *its* context, so a
forecast of 2023 teaches the period of a forecast of 2027. Options that name a literal
value ("långsiktigt", "förändring mot föregående år") carry over as they are.
"""

from __future__ import annotations

import re

from planbot.knowledge.suggest import kinds
from planbot.knowledge.suggest.document import Document, month_name, months, year_month
from planbot.knowledge.suggest.figures import Figure
from planbot.periods import MONTH_ALIASES, years_in
from planbot.text import fold

LITERAL = "literal:"
COLUMN_PERIODS = (
    "table column year-month, from January",
    "month of the table column",
    "year of the table column",
)
_EFTER = re.compile(r"\befter\s+(?:-\s*)?([a-z]+)")
_PER_DATE = re.compile(r"\bper\s+(\d{1,2})\s+([a-z]+)")
_RANGE = re.compile(r"\b([a-z]+)\s*(?:-|–|och|till)\s*([a-z]+)\b")


def canonical(text: str | None) -> str | None:
    """A period or date in one spelling: months as numbers, one dash, single spaces."""
    if text is None:
        return None
    folded = fold(text).replace("–", "-").replace("—", "-")
    words = re.split(r"(\W+)", folded)
    out = "".join(str(MONTH_ALIASES[w]) if w in MONTH_ALIASES else w for w in words)
    return " ".join(re.sub(r"\s*-\s*", "-", out).split())


def _sentence_text(document: Document, figure: Figure) -> str:
    line = document.lines[figure.line]
    first, last = figure.sentence
    text = line[first : figure.start] + " " + line[figure.end : last]
    if figure.label_line is not None:
        text = document.lines[figure.label_line] + " " + text
    return text


def _efter_month(text: str) -> int | None:
    for word in _EFTER.findall(fold(text)):
        if word in MONTH_ALIASES:
            return MONTH_ALIASES[word]
    return None


def _month_range(text: str) -> tuple[int, int] | None:
    for first, last in _RANGE.findall(fold(text)):
        if first in MONTH_ALIASES and last in MONTH_ALIASES:
            return MONTH_ALIASES[first], MONTH_ALIASES[last]
    return None


def period_options(document: Document, figure: Figure) -> dict[str, str]:
    """Every period the figure's context can state, by the way it states it."""
    year = document.year
    sentence = _sentence_text(document, figure)
    heading = document.heading_text(figure.line)
    out: dict[str, str] = {}
    if year:
        out["document year"] = str(year)
        out["year before the document"] = str(year - 1)
    sentence_years = years_in(sentence)
    if sentence_years:
        out["year in the sentence"] = str(sentence_years[-1])
        out["first year in the sentence"] = str(sentence_years[0])
    heading_years = years_in(heading)
    if heading_years:
        out["year in the heading"] = str(heading_years[-1])
    for where, found in (("sentence", sentence_years), ("heading", heading_years)):
        if len(found) >= 2 and found[0] < found[-1]:
            out[f"years spanned in the {where}"] = f"{found[0]}–{found[-1]}"
    heading_span = _month_range(heading)
    if heading_span and heading_years:
        first, last = heading_span
        out["month range in the heading"] = f"{month_name(first)}–{month_name(last)} {heading_years[-1]}"
    stated = sentence_years[-1] if sentence_years else year
    after = _efter_month(sentence)
    if after and stated:
        out["year to the month named after 'efter'"] = f"januari–{month_name(after)} {stated}"
    span = _month_range(sentence)
    if span and stated:
        out["month range in the sentence"] = f"{month_name(span[0])}–{month_name(span[1])} {stated}"
    per = _PER_DATE.search(fold(sentence))
    if per and per[2] in MONTH_ALIASES and stated:
        month = month_name(MONTH_ALIASES[per[2]])
        out["'per' date in the sentence"] = f"per {int(per[1])} {month} {stated}"
        out["from January to the 'per' date"] = f"januari–{month} {stated}"
    named = months(sentence)
    if len(named) == 1 and stated:
        out["month in the sentence"] = f"{month_name(named[0])} {stated}"
    if figure.column is not None:
        column = figure.column
        row_years = years_in(figure.row_label or "")
        column_years = years_in(column)
        ym = year_month(column)
        if ym:
            out["table column year-month, from January"] = f"januari–{month_name(ym[1])} {ym[0]}"
        elif column_years:
            out["year of the table column"] = str(column_years[-1])
        column_months = months(column)
        if column_months:
            row_year = row_years[-1] if row_years else year
            if row_year:
                out["month of the table column"] = f"{month_name(column_months[0])} {row_year}"
        if row_years:
            out["year of the table row"] = str(row_years[-1])
    return out


def as_of_options(document: Document, figure: Figure) -> dict[str, str]:
    """Every 'when the forecast was made' the context can state."""
    year = document.year
    out: dict[str, str] = {}
    if not year:
        return out
    month = (
        _efter_month(_sentence_text(document, figure))
        or _efter_month(document.heading_text(figure.line))
        or document.forecast_month
    )
    if month:
        out["month the document's forecast was made after"] = f"efter {month_name(month)} {year}"
    if document.month:
        out["document month"] = f"{month_name(document.month)} {year}"
    return out


def kind_options(document: Document, figure: Figure) -> dict[str, str]:
    """Kinds that words of the context name: the table column, the sentence, the heading."""
    out: dict[str, str] = {}
    column = kinds.column_kind(document, figure)
    if column:
        out["kind the table column names"] = column
    cue = kinds.cue(_sentence_text(document, figure))
    if cue:
        out["kind the sentence names"] = cue
    cue = kinds.cue(document.heading_text(figure.line))
    if cue:
        out["kind the heading names"] = cue
    return out


def qualifier_options(document: Document, figure: Figure) -> dict[str, str]:
    """Qualifiers the context states: a table row's label, the words before the number."""
    out: dict[str, str] = {}
    if figure.row_label:
        out["table row label"] = figure.row_label.strip(" :")
    line = document.lines[figure.line]
    before = re.sub(r"^[\s\-–•▪*·\d.]+", "", line[figure.sentence[0] : figure.start]).strip(" :–-")
    if before and len(before) <= 40 and not re.search(r"\d", before):
        out["words before the number"] = before
    return out


def matching(options: dict[str, str], value: str | None, same: bool = False) -> list[str]:
    """The option names that give `value` (compared canonically unless `same`)."""
    if value is None:
        return []
    key = value if same else canonical(value)
    return [name for name, option in options.items() if (option if same else canonical(option)) == key]
