"""The figures of a document: every number the value check can read, with its context.

A figure knows its line, its place in the line, the unit word after it, the sentence it
stands in, and, in a table, its column label and row label. That context is what the
curated examples are compared on, with every number masked so that "uppgår till 120 mnkr"
and "uppgår till – 347,8 mnkr" read the same.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from planbot.knowledge.numbers import NumberSpan, number_spans
from planbot.knowledge.suggest.document import Document, split_cells
from planbot.periods import MONTH_ALIASES
from planbot.text import fold

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ•▪–-])")
_LEAD = re.compile(r"^[\s\-–•▪*·]+")
_UNIT = re.compile(r"\s*(%|[a-zåäöA-ZÅÄÖ₂]+)")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_CLAUSE_END = re.compile(r"[.;]\s|,\s(?=[A-ZÅÄÖ])")


@dataclass(frozen=True, slots=True)
class Figure:
    """One number in a document, with what surrounds it."""

    line: int  # 0-based
    start: int  # in the line
    end: int
    value: float  # as written, a leading minus applied
    minus: bool
    unit_token: str  # folded word right after the number: "mnkr", "procent", "%", "" …
    sentence: tuple[int, int]  # the sentence (or table row) it stands in, offsets in the line
    label_line: int | None  # a short line above that names what this line lists
    column: str | None  # table column label
    row_label: str | None  # table row label

    @property
    def is_year(self) -> bool:
        return not self.minus and self.value == int(self.value) and 1990 <= self.value <= 2060

    def text(self, document: Document) -> str:
        return document.lines[self.line][self.start : self.end]


def _sentence(line: str, start: int) -> tuple[int, int]:
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(line)), len(line) + 1]
    for first, nxt in itertools.pairwise(bounds):
        if first <= start < nxt:
            end = nxt if nxt <= len(line) else len(line)
            return first, end
    return 0, len(line)


def _label_line(document: Document, index: int) -> int | None:
    """A short, number-free line just above a sub-bullet or a continuation line.

    A sub-bullet ("– Värdet per 30 maj är 2 494 mnkr") takes the bullet it hangs from
    ("• Marknadsvärde placerade pensionsmedel"), past the sub-bullets before it."""
    line = document.lines[index]
    stripped = line.strip()
    if not stripped:
        return None
    if stripped[:1] in "-–" and stripped[1:2] == " ":
        for above in range(index - 1, max(index - 8, -1), -1):
            text = document.lines[above].strip()
            if not text or text[:1] == stripped[:1]:
                continue
            if text[:1] in "•▪«*" and not re.search(r"\d", text):
                return above
            break
    for above in range(index - 1, max(index - 3, -1), -1):
        text = document.lines[above].strip()
        if text:
            if text.endswith(":") and len(text) <= 60:
                return above  # "Jan-april 2026:" above " 1581 startade vårdförlopp i RKL,"
            break
    continuation = stripped[0].islower() or (line[:1].isspace() and stripped[:1] in "-–")
    if not continuation:
        return None
    for above in range(index - 1, max(index - 3, -1), -1):
        text = document.lines[above].strip()
        if text:
            return above if not re.search(r"\d", text) or stripped[0].islower() else None
    return None


def _table_cells(document: Document, index: int, spans: list[NumberSpan]) -> dict[int, tuple[str, str]]:
    """Column label and row label of each span (by its position in `spans`) in a table row."""
    header = document.header_of[index]
    if header is None:
        return {}
    line = document.lines[index]
    out: dict[int, tuple[str, str]] = {}
    if header.tabbed and "\t" in line:
        cells = line.split("\t")
        edges = []
        position = 0
        for cell in cells:
            edges.append((position, position + len(cell)))
            position += len(cell) + 1
        label = next((c.strip() for c in cells if c.strip() and not re.search(r"\d", c)), "")
        for n, span in enumerate(spans):
            at = next((i for i, (a, b) in enumerate(edges) if a <= span.start < b), None)
            if at is not None and at < len(header.cells) and header.cells[at].strip():
                out[n] = (header.cells[at].strip(), label)
        return out
    labels = [c for c in split_cells(document.lines[header.line]) if c.strip()]
    values = list(range(len(spans)))
    # A row label may hold a year ("Budget 2023 18 485 129 …"): it labels the row, not a cell.
    while values and not _YEAR.fullmatch(labels[0]) and _is_year_span(spans[values[0]]):
        if len(values) <= len(labels) and values[0] != 0:
            break
        values.pop(0)
    first = spans[values[0]].start if values else len(line)
    label = line[:first].strip()
    for column, n in enumerate(values[: len(labels)]):
        out[n] = (labels[column], label)
    return out


def _is_year_span(span: NumberSpan) -> bool:
    return not span.minus and span.value == int(span.value) and 1990 <= span.value <= 2060


def figures(document: Document) -> list[Figure]:
    """Every number of every line, in document order."""
    out = []
    for index, line in enumerate(document.lines):
        spans = number_spans(line)
        if not spans:
            continue
        cells = _table_cells(document, index, spans)
        label_line = _label_line(document, index)
        for n, span in enumerate(spans):
            unit = _UNIT.match(line, span.end)
            token = (
                fold(unit.group(1))
                if unit and (unit.group(1) == "%" or unit.start(1) - span.end <= 1)
                else ""
            )
            column, row = cells.get(n, (None, None))
            sentence = (0, len(line)) if column is not None else _sentence(line, span.start)
            value = -span.value if span.minus else span.value
            out.append(
                Figure(
                    index, span.start, span.end, value, span.minus, token, sentence, label_line, column, row
                )
            )
    return out


def is_year(number: str) -> bool:
    """A number as written that reads as a year ("2023"; not "1941 pågående", not "2 005")."""
    return bool(re.fullmatch(r"(?:19[6-9]|20[0-5])\d", number))


def _amounts(text: str) -> list[NumberSpan]:
    """The numbers of `text` that are amounts, not a year or the day of a date."""
    out = []
    for span in number_spans(text):
        word = re.match(r"\s+([^\W\d_]+)", text[span.end :])
        day = word is not None and fold(word.group(1)) in MONTH_ALIASES and span.value <= 31
        if not is_year(text[span.start : span.end]) and not day:
            out.append(span)
    return out


def clause(document: Document, figure: Figure) -> tuple[str, str]:
    """The words of the clause a number stands in, before and after it: from the amount
    before it (or the clause's start) to the amount after it. Years and dates are words here
    ("Per 31 oktober: 898 mnkr", "med 80 % till 2030")."""
    line = document.lines[figure.line]
    first, last = figure.sentence
    before = line[first : figure.start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    previous = _amounts(before)
    if previous:
        cut = max(cut, previous[-1].end)
    after = line[figure.end : last]
    spans = _amounts(after)
    if spans:
        after = after[: spans[0].start]
    return before[cut:], after


def masked(text: str, spans: list[tuple[int, int]], target: tuple[int, int] | None) -> str:
    """`text` folded, the target number as "@" and every other number as "#"."""
    pieces = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(" @ " if (start, end) == target else " # ")
        position = end
    pieces.append(text[position:])
    return " ".join(fold("".join(pieces)).replace("*", "").split())


def context(document: Document, figure: Figure) -> str:
    """The figure's words with numbers masked: sentence (and label line), or row | column."""
    line = document.lines[figure.line]
    spans = [(s.start, s.end) for s in number_spans(line)]
    if figure.column is not None:
        # The column's kind, not its words: "Prognos 2026" and "Budget 2024" read by what they say.
        from planbot.knowledge.suggest.slots import kind_options

        row = masked(figure.row_label or "", [], None)
        kind = kind_options(document, figure).get("kind the table column names")
        column = kind or ("note" if fold(figure.column).strip() in ("not", "noter") else "column")
        return f"{row} | {column}"
    first, last = figure.sentence
    inside = [(a - first, b - first) for a, b in spans if first <= a < last]
    text = masked(line[first:last], inside, (figure.start - first, figure.end - first))
    text = _LEAD.sub("", text)
    # The words right around the number again, so that two numbers of one sentence ("budgeterat
    # resultat (@ mnkr) får nettokostnaden uppgå till maximalt # procent") read apart.
    words = text.split()
    at = words.index("@") if "@" in words else 0
    near = " ".join(words[max(0, at - 3) : at + 3])
    above = figure.label_line if figure.label_line is not None else _short_line_above(document, figure)
    if above is not None:
        label = document.lines[above]
        text = masked(label, [(s.start, s.end) for s in number_spans(label)], None) + " / " + text
    return f"{text} ¦ {near}"


def _short_line_above(document: Document, figure: Figure) -> int | None:
    """For a line of hardly any words (a chart value, "4,0"), the line above gives the context."""
    first, last = figure.sentence
    if len(re.findall(r"[^\W\d_]{2,}", document.lines[figure.line][first:last])) >= 2:
        return None
    for above in range(figure.line - 1, max(figure.line - 4, -1), -1):
        if document.lines[above].strip():
            return above
    return None
