"""What time a question is about: years, ranges, months, points in time, as-of, since.

"2024", "2024 och 2025" (two years), "2024–2026" / "mellan 2023 och 2025" / "från 2023
till 2026" (a range), "långsiktigt", "januari–april 2026" (a part of a year), "efter april
2026" (the end of a part of the year, or when a forecast was made), "oktoberprognosen" /
"prognosen i oktober" (when a forecast was made), "den 31 december 2025" / "vid årsskiftet"
(a point in time), "sedan 2012" (a baseline, not the period asked about).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planbot.periods import MONTH_ALIASES as SWEDISH_MONTHS

MONTH_ALIASES = {
    **SWEDISH_MONTHS,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "oct": 10,
}  # fmt: skip
_YEAR = r"(?:19|20)\d{2}"
_MONTH = "|".join(sorted(MONTH_ALIASES, key=len, reverse=True))
# "regionplan 2024–2026", "RP 2024-26", "planen för 2024–2026": a document, not a period.
_DOCUMENT = re.compile(
    rf"\b(?:regionplan\w*|rp|plan|planen|regionplanens|planens)\s+(?:for\s+)?({_YEAR}|2\d)\s*-\s*({_YEAR}|\d{{2}})\b"
)  # ("RP 24–26": two digits, as analysts write it)
_PLAN_WORD = re.compile(
    r"\b(?:regionplan\w*|rp|i planen|enligt planen|planperioden|enligt plan|"
    r"plan(?:en)?(?=\s+(?:\d{4}|mnkr|tkr|procent)\b|\s*$)|in the plan)\b"
)  # "avskrivningar plan 2025": the plan's figure
# "under planperioden", and the plan's three years said in words ("de kommande tre åren",
# "treårsperioden", "the next three years").
_PLAN_PERIOD = re.compile(
    r"\b(?:planperiod(?:en|ens)?|trearsperiod(?:en|ens)?|(?:kommande|narmaste)\s+(?:tre|3)\s+aren"
    r"|(?:next|coming)\s+(?:three|3)\s+years|three[- ]year\s+period)\b"
)
# "short- and long-term": the hyphen stands for "term".
_SHORT_TERM = re.compile(
    r"\b(?:kortsiktig\w*|kort sikt|short[- ]?term\b|short-?(?=\s*(?:and|or|&)\s+(?:long|langsiktig)))"
)
# "i år och på sikt", "this year and in the long term": the plan's first year beside the
# long-term target (alone, "i år" is no period of its own: the newest figures answer it).
_THIS_YEAR = re.compile(r"\b(?:i ar|detta ar|this year|i nulaget)\b")
_TOM = r"t\.?\s?o\.?\s?m\.?"  # "t.o.m.", "t o m", "tom": till och med
_YEAR_RANGE = re.compile(rf"\b({_YEAR})\s*(?:-|till|{_TOM})\s*({_YEAR}|\d{{2}})\b")
_BETWEEN = re.compile(rf"\b(?:mellan|fran|between|from)\s+({_YEAR})\s+(?:och|till|and|to|-)\s+({_YEAR})\b")
_SINCE = re.compile(rf"\b(?:sedan|sen|since)\s+(?:ar\s+)?({_YEAR})\b")
_MONTH_RANGE = re.compile(
    rf"\b({_MONTH})\.?\s*(?:-|till|to|through)\s*({_MONTH})\.?(?:\s+(?:ar\s+)?({_YEAR}))?\b"
)
# "tertial 1 2026", "första tertialet", "T1 2026" (January–April); "Q1", "kvartal 1" (January–March).
_ORDINALS = {
    "forsta": 1,
    "andra": 2,
    "tredje": 3,
    "fjarde": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
}
_ORDINAL = "|".join(_ORDINALS)
_PART_OF_YEAR = re.compile(
    rf"\b(?:tertial\s+(?P<tertial>[123])|(?P<tertial_n>{_ORDINAL})\s+tertial(?:et)?|t(?P<tertial_t>[123])"
    rf"|q(?P<quarter>[1-4])|kvartal\s+(?P<quarter_n>[1-4])|(?P<quarter_o>{_ORDINAL})\s+(?:kvartal(?:et)?|quarter))"
    rf"(?:\s+(?:ar\s+)?(?P<year>{_YEAR}))?\b"
)
_DATE = re.compile(rf"\b(?:per\s+|den\s+)?(\d{{1,2}})\s+({_MONTH})\.?(?:\s+({_YEAR}))?\b")
_AFTER = re.compile(rf"\b(?:efter|after)\s+({_MONTH})\.?(?:\s+({_YEAR}))?\b")
_TO_DATE = re.compile(rf"\b(?:per|{_TOM}|till och med|through|as of)\s+({_MONTH})\.?(?:\s+({_YEAR}))?\b")
_MONTH_WORD = re.compile(rf"\b({_MONTH})\.?(?:\s+({_YEAR}))?\b")
# "resultatprognosen 2023 (april)": the year a forecast is for, and the month it was made.
_YEAR_AND_MONTH = re.compile(rf"\b({_YEAR})\s*\(\s*(?:efter\s+)?({_MONTH})\.?\s*\)")
_FORECAST_MONTH = re.compile(
    rf"\b({_MONTH})(?:s)?-?(?:prognos\w*|uppfoljning\w*|rapport\w*|delars\w*)(?:\s+({_YEAR}))?\b"
    # "prognosen i oktober", "prognos från SKR oktober 2023", "SKR:s prognos efter april"
    rf"|\bprognos\w*\s+(?:(?:i|fran|fr o m|efter|fran och med|fran i)\s+)?"
    rf"(?:(?:skr|esv|scb|regeringen)\w*\s+)?({_MONTH})(?:\s+({_YEAR}))?\b"
)
_YEAR_END = re.compile(
    rf"\b(?:vid\s+|till\s+)?(?:arsskiftet|arets slut|arsslutet|nyar|nyarsafton|year end|end of)"
    rf"(?:\s+({_YEAR})(?:\s*/\s*(?:{_YEAR}|\d{{2}}))?)?\b"
)
# Years written with two digits, as analysts do: "apr-23", "feb-24" (a month of a year), and
# "23–26" (a range), "23/24/25/26", "21 vs 22" (several years): only 2015–2035, only two or
# more of them joined, never a figure ("30–60 dagar", "21 vs 22 %").
_MONTH_SHORT_YEAR = re.compile(rf"\b({_MONTH})\.?[-'’](\d{{2}})\b")
_SHORT_YEAR_JOINT = r"\s*(?:-|/|->|→|till|vs\.?|mot|och|,|\s)\s*"
_SHORT_YEARS = re.compile(
    rf"(?<![\d,.:/-])(\d{{2}})((?:{_SHORT_YEAR_JOINT}\d{{2}}(?![\d,.:]\d)){{1,5}})"
    r"(?![\d,.:]\d)(?!\s*(?:%|procent|percent|dagar|days|min|minuter|minutes|st\b|mnkr|tkr|kr\b|ar\b|years|"
    r"timmar|hours|manader|months|veckor|weeks|gbit|mbit|ggr|ganger|kronor|sek))"
)
_SHORT_YEAR_GAP = re.compile(_SHORT_YEAR_JOINT)
_SHORT_YEAR_SPAN = range(15, 36)
_ISO_DATE = re.compile(rf"\b({_YEAR})-(\d{{2}})-(\d{{2}})\b")
# "2026-04", a column of the income statement: the year up to that month.
_YEAR_MONTH = re.compile(rf"\b({_YEAR})-(0[1-9]|1[0-2])\b(?!-\d)")
# "lakemedelsram 24 budgt", "budget 24 progn": one year written with two digits, where no
# other year is, beside a word for a kind of figure (never "BMI 30", "inom 30 dagar").
_KIND_WORD = (
    r"(?:budg\w*|progn\w*|utfall\w*|mal\w*|plan\w*|bokslut\w*|ram\w*|forecast\w*|target\w*|outcome\w*)"
)
_COUNTED = (
    r"(?:%|procent|percent|dagar|days|min|st\b|mnkr|tkr|kr\b|ar\b|years|timmar|hours|manader|months|"
    r"veckor|weeks|kronor|medarbetare|personer|patienter|invanare|anstallda)"
)
_LONE_SHORT_YEAR = re.compile(
    rf"\b{_KIND_WORD}\s+(2[0-9]|30)\b(?!\s*(?:[-/,.:%]|och|and|vs|mot|till)?\s*\d)(?!\s*{_COUNTED})"
    rf"|(?<![\d,.:/-])\b(2[0-9]|30)\s+{_KIND_WORD}\b"
)
_WEEK = re.compile(r"\b(?:vecka|v\.?|week)\s*(\d{1,2})\b")
_LIST_GAP = re.compile(r"\s*(?:,|och|respektive|resp\.?|samt|and)?\s*")
_LONG_TERM = re.compile(r"\b(?:langsikt\w*|langiktig\w*|pa sikt|long(?:-| )?term)\b")
_FULL_YEAR = re.compile(
    r"\b(?:helar\w*|hela aret|hela(?= (?:19|20)\d\d)|full[ -]year|whole year|whole of|for aret)\b"
)
# "mar" is also a Swedish word ("hur mår"); it counts as March only next to a year or a day.
_AMBIGUOUS_MONTHS = {"mar", "maj", "may", "march"}


@dataclass(frozen=True, slots=True)
class When:
    """The periods a question names, each kept apart so a fact can match any of them."""

    years: tuple[int, ...] = ()
    ranges: tuple[tuple[int, int], ...] = ()
    long_term: bool = False
    # Months the period is about: (first month, last month, year or None); "april" alone is (4, 4).
    months: tuple[tuple[int, int, int | None], ...] = ()
    # "efter april 2026": a forecast made then, or the part of the year up to then.
    after: tuple[tuple[int, int | None], ...] = ()
    # When a forecast was made, said explicitly ("oktoberprognosen").
    as_of: tuple[tuple[int, int | None], ...] = ()
    dates: tuple[tuple[int, int, int | None], ...] = ()
    since: int | None = None
    full_year: bool = False
    # A plan named ("regionplan 2024–2026"): (first, last) of its years, or (0, 0) for "planen".
    documents: tuple[tuple[int, int], ...] = ()
    weeks: tuple[int, ...] = ()  # "vecka 11"
    plan_period: bool = False  # "under planperioden": the years of the plan (the engine knows them)
    short_term: bool = False  # "kortsiktigt mål": the plan's first year (the engine knows it)
    spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)  # where in the text

    @property
    def any(self) -> bool:
        return bool(
            self.years or self.ranges or self.long_term or self.months or self.after or self.dates
            or self.as_of or self.weeks
        )  # fmt: skip

    @property
    def all_years(self) -> set[int]:
        found = set(self.years)
        for first, last in self.ranges:
            found.update(range(first, last + 1))
        found.update(y for *_, y in self.months if y)
        found.update(y for _, y in self.after if y)
        found.update(y for *_, y in self.dates if y)
        return found

    def label(self) -> str:
        """The periods in Swedish for a headline: "2024", "2023–2025", "långsiktigt"."""
        from planbot.periods import MONTH_NAMES

        parts: list[str] = []
        for first, last, year in self.months:
            months = MONTH_NAMES[first] if first == last else f"{MONTH_NAMES[first]}–{MONTH_NAMES[last]}"
            parts.append(f"{months} {year}" if year else months)
        for month, year in self.after:
            parts.append(f"efter {MONTH_NAMES[month]}" + (f" {year}" if year else ""))
        for day, month, year in self.dates:
            parts.append(f"{day} {MONTH_NAMES[month]}" + (f" {year}" if year else ""))
        parts += [f"{a}–{b}" for a, b in self.ranges]
        named = {y for *_, y in self.months} | {y for _, y in self.after} | {y for *_, y in self.dates}
        parts += [str(y) for y in self.years if y not in named]
        if self.long_term:
            parts.append("långsiktigt")
        return ", ".join(dict.fromkeys(parts))


def _year(text: str | None, base: int | None = None) -> int | None:
    if not text:
        return None
    if len(text) == 2 and base is not None:  # "2024-26"
        return base // 100 * 100 + int(text)
    return int(text)


def read_when(folded: str) -> When:
    """The periods in already folded text (see planbot.text.fold), never raising."""
    text = folded.replace("–", "-").replace("—", "-")
    used: list[tuple[int, int]] = []
    after_spans: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        return not any(a < match.end() and match.start() < b for a, b in used)

    def take(match: re.Match[str]) -> None:
        used.append(match.span())

    def continues_after(match: re.Match[str]) -> bool:
        """ "efter april respektive maj": a month listed right after an "efter <month>"."""
        before = [end for _, end in after_spans if end <= match.start()]
        return bool(before) and bool(_LIST_GAP.fullmatch(text[max(before) : match.start()]))

    documents: list[tuple[int, int]] = []
    year_ends: list[int] = []
    for m in _DOCUMENT.finditer(text):
        first = int(m.group(1)) if len(m.group(1)) == 4 else 2000 + int(m.group(1))
        documents.append((first, _year(m.group(2), first) or first))
        take(m)
    if not documents and _PLAN_WORD.search(text):
        documents.append((0, 0))
    for m in _YEAR_END.finditer(text):
        if free(m) and m.group(1):  # "vid årsskiftet 2025/2026": the end of 2025, not a range
            take(m)
            year_ends.append(int(m.group(1)))
    ranges: list[tuple[int, int]] = []
    short_years: list[int] = []
    for m in _SHORT_YEARS.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d{2}", m.group(0))]
        if not free(m) or any(n not in _SHORT_YEAR_SPAN for n in numbers) or numbers != sorted(set(numbers)):
            continue
        joints = _SHORT_YEAR_GAP.findall(m.group(0))
        if len(numbers) == 2 and joints[0].strip() in ("-", "->", "→", "till"):
            ranges.append((2000 + numbers[0], 2000 + numbers[1]))
        else:
            short_years.extend(2000 + n for n in numbers)
        take(m)
    for pattern in (_BETWEEN, _YEAR_RANGE):
        for m in pattern.finditer(text):
            if free(m):
                first = int(m.group(1))
                last = _year(m.group(2), first) or first
                if first < last <= first + 50:
                    ranges.append((first, last))
                    take(m)
    since = None
    for m in _SINCE.finditer(text):
        if free(m):
            since = int(m.group(1))
            take(m)
    as_of: list[tuple[int, int | None]] = []
    paired_years: list[int] = []
    for m in _YEAR_AND_MONTH.finditer(text):
        if free(m):
            paired_years.append(int(m.group(1)))
            as_of.append((MONTH_ALIASES[m.group(2)], int(m.group(1))))
            take(m)
    for m in _FORECAST_MONTH.finditer(text):
        if free(m):
            word, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            as_of.append((MONTH_ALIASES[word], _year(year)))
            take(m)
    months: list[tuple[int, int, int | None]] = []
    for m in _MONTH_SHORT_YEAR.finditer(text):
        if free(m) and int(m.group(2)) in _SHORT_YEAR_SPAN:
            month = MONTH_ALIASES[m.group(1)]
            months.append((month, month, 2000 + int(m.group(2))))
            take(m)
    for m in _MONTH_RANGE.finditer(text):
        if free(m):
            months.append((MONTH_ALIASES[m.group(1)], MONTH_ALIASES[m.group(2)], _year(m.group(3))))
            take(m)
    for m in _PART_OF_YEAR.finditer(text):
        if free(m):
            tertial = m.group("tertial") or m.group("tertial_n") or m.group("tertial_t")
            which = tertial or m.group("quarter") or m.group("quarter_n") or m.group("quarter_o")
            number = int(which) if which.isdigit() else _ORDINALS[which]
            size = 4 if tertial else 3
            if number * size <= 12:
                months.append((number * size - size + 1, number * size, _year(m.group("year"))))
                take(m)
    dates: list[tuple[int, int, int | None]] = []
    for m in _ISO_DATE.finditer(text):
        if free(m) and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            dates.append((int(m.group(3)), int(m.group(2)), int(m.group(1))))
            take(m)
    for m in _YEAR_MONTH.finditer(text):
        if free(m):
            months.append((1, int(m.group(2)), int(m.group(1))))
            take(m)
    weeks = []
    for m in _WEEK.finditer(text):
        if free(m) and 1 <= int(m.group(1)) <= 53:
            weeks.append(int(m.group(1)))
            take(m)
    for m in _DATE.finditer(text):
        day = int(m.group(1))
        if free(m) and 1 <= day <= 31:
            dates.append((day, MONTH_ALIASES[m.group(2)], _year(m.group(3))))
            take(m)
    dates += [(31, 12, year) for year in year_ends]
    for m in _YEAR_END.finditer(text):
        if free(m):
            dates.append((31, 12, _year(m.group(1))))
            take(m)
    for m in _TO_DATE.finditer(text):
        if free(m):  # "per april 2026": the year so far, up to the end of April
            months.append((1, MONTH_ALIASES[m.group(1)], _year(m.group(2))))
            take(m)
    after: list[tuple[int, int | None]] = []
    for m in _AFTER.finditer(text):
        if free(m):
            after.append((MONTH_ALIASES[m.group(1)], _year(m.group(2))))
            take(m)
            after_spans.append(m.span())
    for m in _MONTH_WORD.finditer(text):
        word, year = m.group(1), m.group(2)
        if not free(m) or (word in _AMBIGUOUS_MONTHS and year is None and not after and not months):
            continue
        month = MONTH_ALIASES[word]
        if continues_after(m):
            after.append((month, _year(year)))
            after_spans.append(m.span())
        else:
            months.append((month, month, _year(year)))
        take(m)
    years = list(paired_years) + short_years
    if not short_years and not ranges and not re.search(rf"(?<!\d){_YEAR}(?!\d)", text):
        # (Only the number is used up: the kind word beside it still says what is asked.)
        lone = [m.span(1) if m.group(1) else m.span(2) for m in _LONE_SHORT_YEAR.finditer(text)]
        lone = [(a, b) for a, b in lone if not any(x < b and a < y for x, y in used)]
        if len(lone) == 1:
            ((a, b),) = lone
            years.append(2000 + int(text[a:b]))
            used.append((a, b))
    for m in re.finditer(rf"(?<!\d)(?<!\d[,.]){_YEAR}(?!\d|%|[,.]\d)", text):
        if free(m):
            years.append(int(m.group(0)))
    # A year written once after a list of months belongs to each of them ("april och maj 2023").
    named = [y for *_, y in months if y] + [y for _, y in after if y] + [y for *_, y in dates if y]
    if named:
        months = [(a, b, y or named[-1]) for a, b, y in months]
        after = [(mo, y or named[-1]) for mo, y in after]
        dates = [(d, mo, y or named[-1]) for d, mo, y in dates]
    elif len(years) == 1 and (months or after or dates or as_of):
        (year,) = years
        months = [(a, b, y or year) for a, b, y in months]
        after = [(mo, y or year) for mo, y in after]
        dates = [(d, mo, y or year) for d, mo, y in dates]
    long_term = bool(_LONG_TERM.search(text))
    return When(
        years=tuple(dict.fromkeys(years)),
        ranges=tuple(dict.fromkeys(ranges)),
        long_term=long_term,
        months=tuple(dict.fromkeys(months)),
        after=tuple(dict.fromkeys(after)),
        as_of=tuple(dict.fromkeys(as_of)),
        dates=tuple(dict.fromkeys(dates)),
        since=since,
        full_year=bool(_FULL_YEAR.search(text)),
        documents=tuple(documents),
        plan_period=bool(_PLAN_PERIOD.search(text)),
        short_term=bool(_SHORT_TERM.search(text)) or (long_term and bool(_THIS_YEAR.search(text))),
        weeks=tuple(weeks),
        spans=tuple(used),
    )
