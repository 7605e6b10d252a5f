"""A source document as `kb suggest` reads it: lines, date, headings, parts and tables.

Nothing here knows a particular deck: headings are short lines that are not bullets or
sentences, tables are lines of tab- or space-separated cells under a header line of column
labels (years, months, "Prognos 2026", "2026-04"), and the forecast month is the month the
document itself most often says its forecast was made after ("efter april").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from planbot.knowledge.numbers import number_spans
from planbot.periods import MONTH_ALIASES, MONTH_NAMES, months_in, years_in
from planbot.text import fold

_BULLET = re.compile(r"^\s*(?:[-–•▪*·]|\d{1,2}[.)]\s)")
_ORDINAL = re.compile(r"\b(?:tertial|kvartal|vecka|fas|etapp|del)\s+\d{1,2}\b", re.I)
_NUMBERED = re.compile(r"^\d{1,2}\.\s+(?=[^\W\d_])")
_ADDRESS = re.compile(r"\.se\b|www\.|https?:|\s\|\s|\|$")
_EFTER = re.compile(r"\befter\s+(?:-\s*)?([a-z]+)")
_WORD = re.compile(r"[a-zåäöé]+", re.I)
_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})\s*$")
_KIND_WORDS = ("prognos", "budget", "utfall", "plan", "not", "bokslut")


def _is_label_cell(cell: str) -> bool:
    """A column label: a year, a year-month, a month, or a kind word with or without a year."""
    folded = fold(cell).strip()
    if not folded:
        return False
    if re.fullmatch(r"(?:19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?", folded):
        return True
    words = _WORD.findall(folded)
    return bool(words) and all(w in MONTH_ALIASES or w in _KIND_WORDS for w in words) and len(words) <= 3


def split_cells(line: str) -> list[str]:
    """Cells of a table line: tab-separated when there are tabs, else space-separated tokens."""
    if "\t" in line:
        return line.split("\t")
    return line.split()


@dataclass(frozen=True, slots=True)
class Header:
    """A table's header line and its column labels (cells, as split)."""

    line: int  # 0-based
    cells: list[str]
    tabbed: bool


@dataclass
class Document:
    """The text of one source document, with the context `kb suggest` reads figures in."""

    lines: list[str]
    date: str | None = None  # "2026-06-17", "2025-12" or "2026", as in sources.yaml
    parts: frozenset[str] = field(default_factory=frozenset)  # folded names of the document's parts

    @cached_property
    def year(self) -> int | None:
        if self.date:
            return int(self.date[:4])
        years = [y for line in self.lines[:40] for y in years_in(line)]
        return Counter(years).most_common(1)[0][0] if years else None

    @cached_property
    def month(self) -> int | None:
        if self.date and len(self.date) >= 7:
            return int(self.date[5:7])
        return None

    @cached_property
    def folded(self) -> list[str]:
        return [fold(line) for line in self.lines]

    @cached_property
    def forecast_month(self) -> int | None:
        """The month most often named after "efter" ("prognos … efter april"), if any."""
        counts: Counter[int] = Counter()
        for text in self.folded:
            for word in _EFTER.findall(text):
                if word in MONTH_ALIASES:
                    counts[MONTH_ALIASES[word]] += 1
        return counts.most_common(1)[0][0] if counts else None

    def is_heading(self, index: int) -> bool:
        """A short line that is neither a bullet, a sentence, nor mostly numbers.

        A numbered section title ("4. Aktiekapital") is a heading; a row of column labels
        ("Jan Feb Mar …"), a web address in a footer and a line that starts in lower case
        (a sentence wrapped onto it) are not."""
        line = _NUMBERED.sub("", self.lines[index].strip())
        if (
            not line
            or len(line) > 90
            or _BULLET.match(line)
            or line.endswith((".", ",", ":", ";"))
            or _ADDRESS.search(line)
        ):
            return False
        cells = split_cells(line)
        if len(cells) >= 3 and sum(_is_label_cell(c) for c in cells) >= len(cells) - 1:
            return False
        first = next((c for c in line if c.isalpha()), "")
        if not first.isupper():
            return False  # "arbetet, men färre än 2023 är insatta i": a sentence going on
        letters = sum(c.isalpha() for c in line)
        counted = _ORDINAL.sub("", line)  # "Kundnöjdhet tertial 1 2023" is a title all the same
        numbers = [n for n in re.findall(r"\d+", counted) if not re.fullmatch(r"(?:19|20)\d{2}", n)]
        return letters >= 6 and not numbers

    @cached_property
    def headings(self) -> list[int | None]:
        """For each line, the nearest heading above it (0-based line index), or None."""
        out: list[int | None] = []
        last: int | None = None
        for index in range(len(self.lines)):
            out.append(last)
            if self.is_heading(index):
                last = index
        return out

    @cached_property
    def part_of(self) -> list[str | None]:
        """For each line, the document part (målområde) it stands in, as written in the text."""
        out: list[str | None] = []
        current: str | None = None
        for line, text in zip(self.lines, self.folded, strict=True):
            if text.strip() in self.parts:
                current = line.strip()
            out.append(current)
        return out

    def heading_text(self, index: int) -> str:
        heading = self.headings[index]
        return self.lines[heading].strip() if heading is not None else ""

    @cached_property
    def header_of(self) -> list[Header | None]:
        """For each line, the table header it stands under, if it is a table row."""
        out: list[Header | None] = [None] * len(self.lines)
        current: Header | None = None
        gap = 0
        for index, line in enumerate(self.lines):
            cells = split_cells(line)
            labels = [c for c in cells if c.strip()]
            if len(labels) >= 2 and sum(_is_label_cell(c) for c in labels) >= max(2, len(labels) - 1):
                current, gap = Header(index, cells, "\t" in line), 0
                continue
            if current is None:
                continue
            if not line.strip():
                gap += 1
                if gap > 2:
                    current = None
                continue
            gap = 0
            if "\t" in line or _space_row(line):
                out[index] = current
            elif index - current.line > 2:
                current = None
        return out


def _space_row(line: str) -> bool:
    """A row of a table set with spaces: two or more values (a leading year is the row's
    label) and no more words than values ("Utfall försäljningsvärde 2023 16 799 685 …", not
    "2022: I mars utfall så ingår …, ca 3 miljoner, april ca 2 miljoner")."""
    spans = number_spans(line)
    values = [s for s in spans if not re.fullmatch(r"(?:19|20)\d{2}", line[s.start : s.end])]
    words = [w for w in _WORD.findall(line) if len(w) >= 3]
    return len(values) >= 2 and len(words) <= len(values)


def month_name(month: int) -> str:
    return MONTH_NAMES[month]


def year_month(cell: str) -> tuple[int, int] | None:
    """`2026-04` → (2026, 4)."""
    match = _YEAR_MONTH.match(cell)
    return (int(match[1]), int(match[2])) if match else None


def months(text: str) -> list[int]:
    return months_in(fold(text))
