"""From what a colleague types to slots: what is asked about, of which kind, for when.

`read` never raises. A slash command gives a prior for the kind of figure; words in the
text that ask for a kind outright override it ("/indikator investeringsbudget" asks for a
budget). The words left after cues, periods and function words name the measure and its
qualifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from planbot.query.cues import (
    COMPARE_WORDS,
    HELP_WORDS,
    INCLUDING,
    LATEST_WORDS,
    REFERENCE,
    SERIES_WORDS,
    SOURCE_WORDS,
    VARIANT_OF,
    Cues,
    read_cues,
)
from planbot.query.glossary import Glossary
from planbot.query.when import MONTH_ALIASES, When, read_when
from planbot.query.words import ENGLISH_MARKERS, STOPWORDS, mark_municipality
from planbot.text import clean, fold

# Slash commands (with the ASCII spellings Slack may force) and the kind each suggests.
COMMANDS: dict[str, str | None] = {
    "mal": "target",
    "prognos": "forecast",
    "budget": "budget",
    "indikator": "outcome",
    "utfall": "outcome",
    "jamfor": "compare",
    "planbot": None,
}
COMMAND_PRIOR = 0.6  # below a word that says the kind outright
_COMMAND = re.compile(r"^/(\S+)\s*")
_TOKEN = re.compile(r"[a-z0-9]+")
_YEARISH = re.compile(r"(?:19|20)\d{2}")
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d,])")  # "1 000", "215 020 889"
# English articles, dropped from an English question once translated: Swedish says them in
# endings, and the cues' phrases ("efter användning av RUR") have no room for them ("an"
# would read as "än", than).
_MONTHS_FORECAST = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december)"
    r"(\s+(?:19|20)\d\d)?\s+(?:forecast|outlook)\b"
)
_ARTICLES = re.compile(r"(?<![\w-])(?:the|a|an)(?![\w-])\s*")
_PERIOD_WORDS = re.compile(r"^(?:langsikt\w*|langiktig\w*|helar\w*|arsskiftet|long|term)$")


@dataclass(slots=True)
class Slots:
    """A question read into slots."""

    raw: str
    text: str  # cleaned, as shown back to the user
    folded: str  # without the command, diacritics folded
    command: str | None = None  # "mal", "prognos", … for a slash command
    intent: str | None = None  # "help", "sources" or None
    language: str = "sv"  # how the question is read: English terms replaced, or added to Swedish
    reply_language: str = "sv"  # the answer's language: also English for a short English question
    kinds: dict[str, float] = field(default_factory=dict)  # kinds asked for, by weight
    cues: Cues = field(default_factory=Cues)
    when: When = field(default_factory=When)
    words: list[str] = field(default_factory=list)  # words that may name a measure
    heads: dict[str, str] = field(default_factory=dict)  # compound → the part that names a measure
    soft_words: list[str] = field(default_factory=list)  # cue words that may also be in a name
    tokens: list[str] = field(default_factory=list)
    consumed: frozenset[str] = frozenset()  # words used up naming the measure (not qualifiers)
    said_as: dict[str, str] = field(default_factory=dict)  # a glossary's added word → the word said
    # The period as read, where "i år", "förra året" … were counted to years (engine): a
    # measure without figures for those years is asked as if no year were named.
    unresolved: When | None = None

    @property
    def compare(self) -> bool:
        return self.command == "jamfor" or self.cues.compare

    @property
    def latest(self) -> bool:
        return self.cues.latest

    @property
    def asked(self) -> str | None:
        """The kind asked for most clearly, or None."""
        if not self.kinds:
            return None
        return max(self.kinds.items(), key=lambda kv: (kv[1], kv[0] == "outcome"))[0]


_MONTH_ALONE = re.compile(r"\b(?:i|efter|in|after)\s+([a-z]+)\b(?!\s*(?:19|20)\d\d)")
# "resultatprognos 2026 okt": a month written after the year.
_MONTH_AFTER_YEAR = re.compile(r"\b(?:19|20)\d\d\s+([a-z]+)\b(?!\s*(?:19|20)\d\d)")


# Units written short after a number: "9 min" is nine minutes (not "min", my), "2 tim".
_SHORT_UNITS = {"min": "minuter", "tim": "timmar", "h": "timmar", "mins": "minuter", "dgr": "dagar"}
_SHORT_UNIT = re.compile(r"\b(\d+)\s*(min|mins|tim|h|dgr)\b")


# Swedish function words: a question with one of them is Swedish, whatever its terms.
_SWEDISH_MARKERS = frozenset(
    "och ar hur vad vilken vilket vilka pa som det att enligt mot jamfort fran sedan blir blev var ska "
    "finns har hade kan mellan efter infor nar".split()
)


_SWEDISH_LETTERS = re.compile(r"(?<![\w])[a-zåäö]*[åäö]\w*")  # a word with å/ä/ö not written as a name


def _reads_as_english(text: str, tokens: list[str], glossary: Glossary | None) -> bool:
    """A short question in English by its words ("Torsås market share 2023 deck vs 2024 deck"):
    no Swedish function word, no word but a name with å, ä or ö, and two English signs
    (function words, or the glossary's English terms). It is answered in English; it is
    read as before."""
    if set(tokens) & _SWEDISH_MARKERS or _SWEDISH_LETTERS.search(text):
        return False
    signs = len(set(tokens) & ENGLISH_MARKERS) + (glossary.english_terms(" ".join(tokens)) if glossary else 0)
    return signs >= 2


def read(raw: str, glossary: Glossary | None = None) -> Slots:
    """Read free text or a slash command into slots, with the glossary's words where it has them."""
    text = clean(raw)
    lower = text.casefold()
    folded = fold(text)
    command = None
    match = _COMMAND.match(folded)
    if match:
        name = match.group(1).split("@")[0]
        command = name if name in COMMANDS else None
        folded = folded[match.end() :]
        lower = lower[len(match.group(0)) :] if len(lower) >= len(match.group(0)) else lower
    folded = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), folded.replace("–", "-").replace("—", "-"))
    folded = _SHORT_UNIT.sub(lambda m: f"{m.group(1)} {_SHORT_UNITS[m.group(2)]}", folded)
    tokens = _TOKEN.findall(folded)
    token_set = set(tokens)
    english = len(token_set & ENGLISH_MARKERS) >= 2
    replies_in_english = english or _reads_as_english(text, tokens, glossary)
    if english:
        # "the August 2026 forecast", "the April forecast": the forecast made after that month.
        folded = _MONTHS_FORECAST.sub(lambda m: f"forecast after {m.group(1)}{m.group(2) or ''}", folded)
    said_as: dict[str, str] = {}
    if glossary:
        folded = (
            glossary.translate(folded)
            if english
            else glossary.expand(folded, said_as, english=replies_in_english)
        )
    if english:
        folded = _ARTICLES.sub("", folded)
    folded = mark_municipality(folded)
    tokens = _TOKEN.findall(folded)
    token_set = set(tokens)
    slots = Slots(raw=raw, text=text, folded=folded, command=command, tokens=tokens, said_as=said_as)
    if english:
        slots.language = "en"
    if replies_in_english:
        slots.reply_language = "en"
    if (not tokens and command in (None, "planbot")) or (token_set & HELP_WORDS and len(tokens) <= 4):
        slots.intent = "help"
        return slots
    if token_set & SOURCE_WORDS and len(tokens) <= 6:
        slots.intent = "sources"
        return slots

    slots.cues = cues = read_cues(lower, folded, tokens, comparing=command == "jamfor")
    slots.when = when = read_when(folded)
    prior = COMMANDS.get(command or "")
    if prior and prior != "compare":
        slots.kinds[prior] = COMMAND_PRIOR
    for kind, weight in cues.kinds.items():
        slots.kinds[kind] = max(weight, slots.kinds.get(kind, 0.0))
    forecast_asked = slots.kinds and max(slots.kinds, key=lambda k: slots.kinds[k]) == "forecast"
    if forecast_asked and when.years and len(when.months) == 1 and not when.as_of and not cues.compare:
        # "prognosen för 2023 i april": a forecast for the year, made in that month.
        alone = {
            MONTH_ALIASES[m.group(1)]
            for pattern in (_MONTH_ALONE, _MONTH_AFTER_YEAR)
            for m in pattern.finditer(folded)
            if m.group(1) in MONTH_ALIASES
        }  # "i april", not "december 2023" (a month's own figure)
        made = tuple(
            (last, year)
            for first, last, year in when.months
            if first == last and last in alone and year in when.years
        )
        if made:
            slots.when = when = replace(when, as_of=made)
        elif when.full_year and when.months[0][0] == 1 and when.months[0][2] in when.years:
            # "helårsprognos 2025 per april": a whole year's forecast is not of January–April;
            # the month is when it was made.
            _, last, year = when.months[0]
            slots.when = when = replace(when, months=(), as_of=((last, year),))

    period_spans = when.spans
    period_tokens = set()
    for m in _TOKEN.finditer(folded):
        if any(a <= m.start() < b for a, b in period_spans):
            period_tokens.add(m.group(0))
    references = {t for m in REFERENCE.finditer(folded) for t in m.group(1).split()}
    variants = {t for m in VARIANT_OF.finditer(folded) for t in m.group(1).split()}
    variants -= period_tokens | set(MONTH_ALIASES) | STOPWORDS
    included = {m.group(1) for m in INCLUDING.finditer(folded)}
    words: list[str] = []
    for token in tokens:
        if token in LATEST_WORDS or token in references or (token in variants and len(tokens) > 2):
            slots.soft_words.append(token)  # "nuvarande", "budgeterat resultat": qualifier words only
            continue
        if token in STOPWORDS or token in HELP_WORDS or token in included:
            continue
        if token in period_tokens or token in MONTH_ALIASES or _PERIOD_WORDS.match(token):
            continue
        if _YEARISH.fullmatch(token):
            continue
        if token in cues.cue_tokens:
            slots.soft_words.append(token)
            continue
        if token in SERIES_WORDS or token in COMPARE_WORDS:
            slots.soft_words.append(token)
            continue
        words.append(token)
    slots.words = list(dict.fromkeys(words))
    slots.heads = {w: h for w, h in cues.heads.items() if w in slots.words}
    slots.soft_words.extend(t for t in sorted(cues.tails) if t not in slots.soft_words)
    return slots
