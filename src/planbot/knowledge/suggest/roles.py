"""What a number in a document is when it is not a figure: a year, a date, a list index …

Most numbers of a board deck are not figures anyone would cut: the years in headings, the
day in "Per 30 maj", the "3." of a numbered list, the "18–25 år" of an age range, the
1177 of "1177.se", the ticks of a chart axis and the data labels printed beside it, the
note references of a table, OCR scraps, the second copy of a slide, a title repeating the
bullet below it. They are recognised here by their form and their neighbours alone, never
by what a particular document says, and are neither proposed nor used as examples.
Everything else is left to the learned selection (model.py).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from planbot.knowledge.numbers import number_spans
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.figures import Figure, figures
from planbot.periods import MONTH_ALIASES
from planbot.text import collapse, fold, tokens

# Words after which a four-digit number is a year ("sedan 2012", "april 2023", "Budget 2024").
_YEAR_BEFORE = frozenset(
    "ar aret arets i under till fran sedan for infor mellan per tom om efter fore an och samt "
    "prognos budget utfall plan regionplan bokslut jamfort vs med mot tertial hosten varen".split()
)
# Words that follow a year but never a count ("2017 som gav", "2025 har", "2023 beräknas").
_YEAR_AFTER = frozenset(
    "som att har hade kommer ska skall blev var ar beraknas genomfort genomfordes visar uppgick "
    "uppgar okade minskade jamfort vs och samt till mot med i pa for inom under efter fran".split()
)
# English month abbreviations of timelines ("Jan 1 - May 28", "Apr 1 - Oct 31").
_MONTH_WORDS = frozenset(MONTH_ALIASES) | {"may", "oct"}
# Words after which a small number counts something in order, not an amount.
_ORDINAL_BEFORE = frozenset(
    "tertial vecka v fas mal kvartal steg nr nummer punkt kapitel bilaga sida page version rev "
    "etapp afs paragraf topp".split()
)
# Letters that may follow a number without a space and still make it an amount ("10%", "5st").
_GLUED_UNITS = frozenset("st kr tkr mkr mnkr mdkr min h e a ggr".split())
_DATE_TOKEN = re.compile(
    r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}[.:]\d{2}-\d{1,2}[.:]\d{2}"
)
_TIME = re.compile(r"\bkl\.?\s*$")
_WORD_AFTER = re.compile(r"\s*([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[\s.:,]*$")
_MONEY_AFTER = re.compile(r"\s*(?:%|procent|miljon|miljard|mnkr|mkr|tkr|kr\b)", re.I)
_RANGE_AFTER = re.compile(r"^\s?[-–]\s?(\d+)(?!\d|[,.]\d)")
_RANGE_BEFORE = re.compile(r"(?<![\d,.])(\d+)\s?[-–]\s?$")
_INDEX = re.compile(r"^[\s\-–•▪*·\uf0a7]*$")
_AXIS_MIN = 5


def _token_at(line: str, start: int, end: int) -> str:
    """The run of digits and date punctuation around a number ("2026-04-16", "08.00")."""
    while start > 0 and (line[start - 1].isdigit() or line[start - 1] in "-./:"):
        start -= 1
    while end < len(line) and (line[end].isdigit() or line[end] in "-./:"):
        end += 1
    return line[start:end].strip("-./:")


def _is_integer(figure: Figure) -> bool:
    return figure.value == int(figure.value)


def _plain(document: Document, figure: Figure) -> str:
    """The number as written, when it is one run of digits ("2023", not "2 081")."""
    text = figure.text(document)
    return text if text.isdigit() else ""


def _word_before(line: str, start: int) -> str:
    match = _WORD_BEFORE.search(line[:start])
    return fold(match.group(1)) if match else ""


def _word_after(line: str, end: int) -> str:
    match = _WORD_AFTER.match(line, end)
    return match.group(1) if match else ""


def _is_year(document: Document, figure: Figure, line: str) -> bool:
    plain = _plain(document, figure)
    if re.fullmatch(r"(?:19|20)\d{2}(?:19|20)\d{2}", plain):
        return True  # two years glued together by the extraction: "20232022"
    if not re.fullmatch(r"(?:19|20)\d{2}", plain):
        return False
    if figure.minus and not re.search(r"[^\W\d_]\s+[-–]\s*$", line[: figure.start]):
        return False  # "-2000" on an axis is handled there; "fokus – 2023" is a year
    if _MONEY_AFTER.match(line, figure.end):
        return False  # "2000 kr"
    if 1990 <= figure.value <= 2050:
        return True  # a count this size is written "2 005" in Swedish
    before = _word_before(line, figure.start)
    if before in _MONTH_WORDS or before in _YEAR_BEFORE or not before:
        return True
    after = _word_after(line, figure.end)
    # "1941 pågående moment", "2005 invånare": a count, unless the word is one a year takes.
    return not (after and after[0].islower() and len(after) >= 3 and fold(after) not in _YEAR_AFTER)


def _is_date(document: Document, figure: Figure, line: str) -> bool:
    if _DATE_TOKEN.fullmatch(_token_at(line, figure.start, figure.end)):
        return True
    if _TIME.search(line[: figure.start]):
        return True
    if not _is_integer(figure) or not 1 <= abs(figure.value) <= 31:
        return False
    after = _word_after(line, figure.end)
    if fold(after) in _MONTH_WORDS and not line[figure.end : figure.end + 2].strip().startswith("%"):
        return True  # "14 april", "29 maj – 19 juni"
    before = _word_before(line, figure.start)
    return not figure.minus and before in _MONTH_WORDS and not _MONEY_AFTER.match(line, figure.end)


def _is_ordinal(figure: Figure, line: str) -> bool:
    if not _is_integer(figure) or _MONEY_AFTER.match(line, figure.end):
        return False
    if _word_before(line, figure.start) in _ORDINAL_BEFORE:
        return True
    if re.search(r"\b(?:sida|page|s\.)\s*\d+\s*(?:av|of|/)\s*$", fold(line[: figure.start])):
        return True  # "Sida 4 av 12": the page count
    rest = line[figure.end :]
    if rest.startswith((":e", " §", "§", " kap")) or re.match(r",\s*\d+\s*§", rest):
        return True  # "3:e", "11 §", "kommunallagen 10 kap 3, 4 §§"
    return bool(re.search(r"\d\s+av\s+$", line[: figure.start]))  # the 10 of "9 av 10"


def _is_list_index(figure: Figure, line: str) -> bool:
    if not _is_integer(figure) or figure.value > 99 or not _INDEX.match(line[: figure.start]):
        return False
    return bool(re.match(r"[.)](?!\d)", line[figure.end :]))


def _is_range_bound(document: Document, figure: Figure, line: str) -> bool:
    """One end of "18-25 år", "3–10 år", "67+", "vecka 19-20" (not "65-70 miljoner")."""
    if not _is_integer(figure):
        return False
    rest = line[figure.end :]
    if rest.startswith("+") or re.fullmatch(r"\s?[-–]\s*", rest):
        return True  # "67+ av 20-66 år"; "barn 14-" with "17 år." on the next line
    above = next(
        (t.rstrip() for t in reversed(document.lines[max(0, figure.line - 3) : figure.line]) if t.strip()), ""
    )
    if not line[: figure.start].strip() and re.search(r"(?<![\d,.])\d+\s?[-–]$", above):
        return True
    after = _RANGE_AFTER.match(line[figure.end :])
    if after:
        return not _MONEY_AFTER.match(line, figure.end + after.end())
    before = _RANGE_BEFORE.search(line[: figure.start])
    if before and not figure.minus:
        return not _MONEY_AFTER.match(line, figure.end)
    return False


def _is_glued(figure: Figure, line: str) -> bool:
    """Glued to letters: a name ("1177.se", "1177-samtal") or an OCR fragment ("6ka", "2z")."""
    rest = line[figure.end :]
    if re.match(r"\.se\b|-[^\W\d_]|\s?%-[^\W\d_]|'", rest):
        return True  # "1177.se", "1177-samtal", "70 %-målet", "100' nya"
    if re.match(r"[&|\\][^\W\d_]|\)\d", rest) or re.search(r"\d\)$", line[: figure.start]):
        return True  # OCR scraps: "1&r" for "lär", "-1)1%" for "-1,1%"
    if re.search(r"(?:gatan|gata|vagen|vag)\s+$", fold(line[: figure.start])):
        return True  # an address: "Storgatan 29"
    glued = re.match(r"[^\W\d_]+", rest)
    return glued is not None and fold(glued.group(0)) not in _GLUED_UNITS


class NameNumbers:
    """Numbers that are part of the catalogue's names ("1177", "inom 90 dagar", "70 %-målet")."""

    def __init__(self, names: Iterable[str]) -> None:
        pairs: set[tuple[str, str]] = set()
        owners: Counter[str] = Counter()
        for name in names:
            words = tokens(name)
            for a, b in itertools.pairwise(words):
                if a.isdigit() and not b.isdigit():
                    pairs.add((a, b))
            owners.update({w for w in words if w.isdigit() and len(w) >= 4})
        self.pairs = frozenset(pairs)
        self.codes = frozenset(w for w, n in owners.items() if n >= 2)

    def names(self, document: Document, figure: Figure, line: str) -> bool:
        plain = _plain(document, figure)
        if plain in self.codes:
            return True
        after = tokens(line[figure.end :])[:1]
        return (
            bool(plain and after)
            and (plain, after[0]) in self.pairs
            and not _MONEY_AFTER.match(line, figure.end)
        )


def axis_lines(document: Document) -> frozenset[int]:
    """Lines holding the ticks of a chart axis: five or more numbers in even steps."""
    out: set[int] = set()
    for index, line in enumerate(document.lines):
        values = [abs(s.value) * (-1 if s.minus else 1) for s in number_spans(line)]
        if len(values) >= _AXIS_MIN and _even(values):
            out.add(index)
    # The same, one number a line: "-4000 / -2000 / 0 / 2000 / 4000".
    run: list[tuple[int, float]] = []
    for index, line in enumerate([*document.lines, "end"]):
        text = line.strip()
        if not text:
            continue
        spans = number_spans(text)
        rest = text[: spans[0].start] + text[spans[0].end :] if spans else text
        alone = len(spans) == 1 and not re.sub(r"[-–−+%\s]", "", rest)
        if alone:
            span = spans[0]
            run.append((index, -span.value if span.minus else span.value))
            continue
        if len(run) >= _AXIS_MIN - 1:
            values = [v for _, v in run]
            for start in range(len(values) - (_AXIS_MIN - 1) + 1):
                tail = values[start:]
                if _even(tail, strict=True):
                    out.update(i for i, _ in run[start:])
                    break
        run = []
    return frozenset(out)


def _even(values: list[float], strict: bool = False) -> bool:
    """Mostly even steps between magnitudes (OCR may drop a sign: "-6% 4% -2%")."""
    pairs = itertools.pairwise(values)
    steps = [round(b - a, 6) if strict else round(abs(abs(b) - abs(a)), 6) for a, b in pairs]
    nonzero = [s for s in steps if s]
    if not nonzero:
        return False
    _, count = Counter(nonzero).most_common(1)[0]
    return count == len(steps) if strict else count >= 0.6 * len(steps)


def role(document: Document, figure: Figure, names: NameNumbers, axes: frozenset[int]) -> str | None:
    """What the number is if it is not a figure, or None."""
    line = document.lines[figure.line]
    if figure.column is not None and fold(figure.column).strip() in ("not", "noter"):
        return "note reference"
    if figure.line in axes:
        return "chart axis"
    if _is_date(document, figure, line):
        return "date"
    if _is_year(document, figure, line):
        return "year"
    if _is_list_index(figure, line):
        return "list index"
    if _is_ordinal(figure, line):
        return "ordinal"
    if _is_range_bound(document, figure, line):
        return "range"
    if _is_glued(figure, line) or names.names(document, figure, line):
        return "name"
    return None


def _is_row(line: str) -> bool:
    """A table row: three or more numbers, more numbers than words."""
    numbers = len(number_spans(line))
    return numbers >= 3 and numbers > len(_content(line))


def repeated_lines(document: Document) -> frozenset[int]:
    """Lines with numbers that repeat another line word for word (a slide shown twice).

    A line with few numbers counts as repeated only with the line after it ("93 procent
    känner till 1177.se som en webbplats" goes on differently twice). The copy kept is the
    one in the largest table ("Budget 2023 …" in a two-row table, then again in a five-row
    table on the next slide), else the first."""
    lines = document.lines
    following = [""] * len(lines)
    nxt = ""
    for index in range(len(lines) - 1, -1, -1):
        following[index] = nxt
        if lines[index].strip():
            nxt = collapse(lines[index])
    copies: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        text = collapse(line)
        if len(text) >= 8 and number_spans(text):
            copies[text if _is_row(text) else f"{text} / {following[index]}"].append(index)
    header = document.header_of
    rows = Counter(h.line for h, line in zip(header, lines, strict=True) if h is not None and _is_row(line))

    def size(index: int) -> int:
        table = header[index]
        return rows[table.line] if table is not None else 0

    out: set[int] = set()
    for group in copies.values():
        if len(group) > 1:
            keep = max(group, key=lambda i: (size(i), -i))
            out.update(i for i in group if i != keep)
    return frozenset(out)


def _bare(line: str) -> bool:
    """Only numbers on the line (with signs and percent signs): a chart's data label."""
    spans = number_spans(line)
    rest = line
    for span in reversed(spans):
        rest = rest[: span.start] + rest[span.end :]
    return bool(spans) and not re.sub(r"[-–−+%\s]", "", rest)


def chart_lines(document: Document, axes: frozenset[int]) -> frozenset[int]:
    """Lines of bare numbers standing with a vertical chart axis (one tick a line, blank lines
    aside): the chart's data labels, which no text names."""
    out: set[int] = set()
    for axis in axes:
        if len(number_spans(document.lines[axis])) != 1:
            continue
        for step in (-1, 1):
            index = axis + step
            while 0 <= index < len(document.lines):
                line = document.lines[index]
                if line.strip() and not _bare(line):
                    break
                if line.strip() and index not in axes:
                    out.add(index)
                index += step
    return frozenset(out)


def _content(line: str) -> list[str]:
    return [w for w in tokens(line) if len(w) >= 3 and not w.isdigit()]


# Words too common in figures to say what a sentence is about.
_COMMON = frozenset("procent miljoner miljarder kronor respektive motsvarande ungefar cirka".split())


def _topics(line: str) -> set[str]:
    return {w[:7] for w in _content(line) if len(w) >= 6 and w not in _COMMON}


def weaker_duplicates(document: Document, found: list[Figure], span: int = 30) -> set[Figure]:
    """A value said twice on one slide ("Nettokostnadsutveckling 2024 beräknas till 5,8
    procent" as a title, "För helåret beräknas nettokostnadsutvecklingen till 5,8 procent"
    in a bullet): the mention in fewer words is left out. Table cells are never duplicates."""
    out: set[Figure] = set()
    prose = [f for f in found if f.column is None and not _is_row(document.lines[f.line])]
    for a in prose:
        words_a = _content(document.lines[a.line])
        topics_a = _topics(document.lines[a.line])
        for b in prose:
            if b.line == a.line or abs(b.line - a.line) > span or abs(b.value) != abs(a.value):
                continue
            if b.unit_token != a.unit_token:
                continue
            # The weaker mention says nothing the stronger one does not.
            words_b = _content(document.lines[b.line])
            if len(words_b) > len(words_a) and topics_a and topics_a <= _topics(document.lines[b.line]):
                out.add(a)
                break
    return out


def _noise(line: str) -> bool:
    """An OCR'd chart: numbers among letter-digit scraps ("La 18 40 IS 41 40 a4 da 13 34"),
    or among letters that are no words ("Ls 21 45", "17 38 s 4"), with no sentence around."""
    spans = number_spans(line)
    if not spans:
        return False
    tokens_ = line.split()
    scraps = [t for t in tokens_ if re.search(r"\d[^\W\d_]|[^\W\d_]\d", t)]
    scraps += [t for t in tokens_ if re.search(r"[\[\]|\\]", t) and re.search(r"[^\W\d_]", t)]
    letters = [t for t in tokens_ if re.fullmatch(r"[^\W\d_]+", t)]
    stray = [t for t in letters if len(t) <= 2 and fold(t) not in _SHORT_WORDS]
    words = [w for w in re.findall(r"[^\W\d_]{4,}", line) if w.islower()]
    if len(words) > 1:
        return False
    if scraps and len(spans) >= 2:
        return True
    return bool(stray) and len(stray) == len(letters) and len(letters) <= len(spans) + 1


# Swedish words of one or two letters, and the "n" of "n= 1 368" (no OCR scraps).
_SHORT_WORDS = frozenset("i a o en ett av pa om sa de du vi ni ar nu ca st kr ej el mm kl nr ex n".split())


def series_figures(document: Document, found: list[Figure]) -> set[Figure]:
    """Six or more numbers in a row with no words between them, outside a table: the data
    labels of an OCR'd chart ("Nettodbming 12% -2,00% 1,2% 7.8% 5, % 5,95 6,0 -3,8% …")."""
    out: set[Figure] = set()
    by_line: dict[int, list[Figure]] = defaultdict(list)
    for figure in found:
        if figure.column is None and "\t" not in document.lines[figure.line]:
            by_line[figure.line].append(figure)
    for index, row in by_line.items():
        line = document.lines[index]
        run: list[Figure] = []
        for figure in sorted(row, key=lambda f: f.start):
            between = line[run[-1].end : figure.start] if run else ""
            if run and re.search(r"[^\W\d_]{3,}", between):
                if len(run) >= 6:
                    out.update(run)
                run = []
            run.append(figure)
        if len(run) >= 6:
            out.update(run)
    return out


def _trailing_zero(document: Document, figure: Figure) -> bool:
    """A 0 in a table row whose later cells are all 0: months not yet reported."""
    if figure.column is None or figure.value != 0:
        return False
    later = [s for s in number_spans(document.lines[figure.line]) if s.start >= figure.start]
    return len(later) >= 2 and all(s.value == 0 for s in later)


def not_figures(document: Document, names: NameNumbers) -> dict[Figure, str]:
    """The numbers of `document` that are not figures, with what each one is."""
    axes = axis_lines(document)
    charts = chart_lines(document, axes)
    repeated = repeated_lines(document)
    out = {}
    found = figures(document)
    for figure in found:
        kind = role(document, figure, names, axes)
        if kind is None and figure.line in charts:
            kind = "chart data label"
        elif kind is None and figure.line in repeated:
            kind = "repeated line"
        elif kind is None and _trailing_zero(document, figure):
            kind = "empty cell"
        elif kind is None and _noise(document.lines[figure.line]):
            kind = "OCR noise"
        if kind is not None:
            out[figure] = kind
    for figure in series_figures(document, [f for f in found if f not in out]):
        out[figure] = "chart data label"
    for figure in weaker_duplicates(document, [f for f in found if f not in out]):
        out[figure] = "said again nearby"
    return out
