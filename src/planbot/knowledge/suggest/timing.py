"""Which period a figure is for, read from the words around it.

In order: a table column ("2026-04" is January to April 2026, "Budget 2026", "Mar" in a
2023 row); a flow since the turn of the year ("positivt kassaflöde från årsskiftet med 81,6
mnkr" under "Per 30 april" is January to April); a date the figure stands at ("Per 31
oktober: 898 mnkr"); an outcome so far in the year ("Nettokostnadsutveckling efter februari
uppgår till 6,6 procent" is January to February); a range of months ("Januari-mars: 64,4
mnkr"); a year the clause names ("besök i månaden under 2025", "minska … med 80 % till
2030", but not the base year of "sedan 2012"); the year before ("siffra f g år var
-349,8"); the year on the line heading a column of values ("2023" above "4,1", "4,0" …);
the years of the nearest title that names one, the slide's or the section's ("per kommun
2023+2022" is 2022–2023, "Klimatbokslut 2022"); else the document's year.
"""

from __future__ import annotations

import re

from planbot.knowledge.numbers import number_spans
from planbot.knowledge.suggest.document import Document, month_name
from planbot.knowledge.suggest.figures import Figure, clause, is_year
from planbot.knowledge.suggest.slots import COLUMN_PERIODS, period_options
from planbot.periods import MONTH_ALIASES, months_in, years_in
from planbot.text import fold

# Years that are a base or a comparison, not the period: "sedan 2012", "jämfört med 2019".
_BASE = re.compile(r"(?:sedan|fran|jamfort med|an|mot|vs\.?)\s*$")
_TITLE_SPAN = 120
_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)")
_EFTER = re.compile(r"\befter\s+(?:-\s*)?([a-z]+)")
_LAST_YEAR = re.compile(r"(?:\bf\s?g\s?ar|foregaende\s+ar|fjolaret)\s+(?:var|blev|uppgick till)\s*[-–]?\s*$")
_SPAN = re.compile(r"\b([a-z]+)\s*(?:-|–|och|till)\s*([a-z]+)\b")


def _years(text: str) -> list[int]:
    """The years a text names as its time (a base year, "sedan 2012", is not one)."""
    folded = fold(text)
    return [
        int(s.value)
        for s in number_spans(folded)
        if is_year(folded[s.start : s.end]) and not _BASE.search(folded[: s.start])
    ]


def _date(text: str) -> tuple[int, int] | None:
    """The last "30 april" of a text, as (day, month)."""
    found = None
    for day, word in _DATE.findall(fold(text)):
        if word in MONTH_ALIASES and 1 <= int(day) <= 31:
            found = (int(day), MONTH_ALIASES[word])
    return found


def _months_span(text: str) -> tuple[int, int] | None:
    for first, last in _SPAN.findall(fold(text)):
        if first in MONTH_ALIASES and last in MONTH_ALIASES:
            return MONTH_ALIASES[first], MONTH_ALIASES[last]
    return None


def read_period(document: Document, figure: Figure, kind: str) -> tuple[str, str]:
    """The figure's period and the words that gave it."""
    options = period_options(document, figure)
    for way in (*COLUMN_PERIODS, "year of the table row"):
        if way in options:
            return options[way], way
    year = document.year or 0
    own, after = clause(document, figure)
    line = document.lines[figure.line]
    label = document.lines[figure.label_line] if figure.label_line is not None else ""
    before = label + " " + line[figure.sentence[0] : figure.start]
    near = _years(own)[-1:] or _years(after)[:1] or _years(before)[-1:]
    stated = near[0] if near else year
    if _LAST_YEAR.search(fold(before)):
        return str(stated - 1), "the year before"
    date = _date(own) or (_date(before) if kind == "outcome" else None)
    if date and "arsskiftet" in fold(own):
        return f"januari–{month_name(date[1])} {stated}", "from the turn of the year to the date"
    if date:
        return f"per {date[0]} {month_name(date[1])} {stated}", "the date the figure stands at"
    efter = next((MONTH_ALIASES[w] for w in _EFTER.findall(fold(before)) if w in MONTH_ALIASES), None)
    if efter and kind == "outcome":
        return f"januari–{month_name(efter)} {stated}", "the year so far, to the month after 'efter'"
    span = _months_span(own + " " + after) or _months_span(before)
    if span:
        return f"{month_name(span[0])}–{month_name(span[1])} {stated}", "the months the sentence names"
    if near:
        month = [m for m in months_in(fold(own)) if m]
        if len(month) == 1 and re.search(rf"[a-z]+\s+{stated}\D*$", fold(own)):
            return f"{month_name(month[0])} {stated}", "the month the sentence names"
        return str(stated), "the year the sentence names"
    column = _year_above_values(document, figure)
    if column:
        return str(column), "the year above a column of values"
    title, heading = _title_above(document, figure, None if kind in ("target", "budget") else year)
    if len(heading) >= 2 and re.search(r"\d\s*\+\s*\d", title):
        return f"{min(heading)}–{max(heading)}", "the years the heading adds up"
    if heading:
        return str(max(heading)), "the year the heading names"
    return str(year), "the document's year"


def _year_above_values(document: Document, figure: Figure) -> int | None:
    """A value alone on its line, in a column of such values under a line that is just a year
    ("2023" above "4.1", "4,0", "4,4" …): that year. A word label ("ORG") above ends it."""
    if re.search(r"[^\W\d_]", document.lines[figure.line]):
        return None
    for index in range(figure.line - 1, max(figure.line - 40, -1), -1):
        text = document.lines[index].strip()
        if not text:
            continue
        if is_year(text):
            return int(text)
        if re.search(r"[^\W\d_]", text):
            return None
    return None


def _title_above(document: Document, figure: Figure, latest: int | None) -> tuple[str, list[int]]:
    """The nearest heading above that names a year (up to `latest`), and its years: the
    slide's title, or further up the section's ("Klimatbokslut 2022"), or a caption
    ("Larmcentraler och folkmängd 2022:")."""
    for index in range(figure.line - 1, max(figure.line - _TITLE_SPAN, -1), -1):
        if document.part_of[index] != document.part_of[figure.line]:
            break
        text = document.lines[index].strip()
        if not (document.is_heading(index) or (text.endswith(":") and len(text) <= 60)):
            continue
        years = [int(y) for y in years_in(text) if latest is None or int(y) <= latest]
        if years and not number_spans(re.sub(r"(?:19|20)\d{2}", "", text)):
            return text, years
    return "", []
