"""From what a colleague types to a structured question: intent, periods, measure words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planbot.periods import MONTH_ALIASES, years_in
from planbot.text import clean, fold

# Slash commands, with the ASCII spellings Slack may force on a workspace.
COMMANDS = {
    "mal": "target",
    "prognos": "forecast",
    "budget": "budget",
    "indikator": "indicator",
    "utfall": "indicator",
    "jamfor": "compare",
    "planbot": None,
}

HELP_WORDS = {"hjalp", "help", "hjalpa", "kommandon", "instruktioner", "usage"}
SOURCE_WORDS = {"kallor", "kallorna", "kalldokument", "dokument", "dokumenten", "dokumentet"}
COMPARE_WORDS = {
    "jamfor", "jamfora", "jamforelse", "jamfort", "jamforat", "skillnad", "skillnaden",
    "andrats", "forandrats", "andrat", "forandrat", "versus", "vs",
}  # fmt: skip
BUDGET_WORDS = {"budget", "budgeten", "budgeterat", "budgeterade", "budgeterad", "budgetera", "budgetens"}
TARGET_WORDS = {
    "mal", "malet", "malen", "malvarde", "malvardet", "malvarden", "malvardena", "malsattning",
    "malsattningen", "malsatt", "malsatta", "malniva", "malnivan", "maluppfyllelse", "natt",
    "uppnatt", "klarat", "klarar", "nar",
}  # fmt: skip
FORECAST_WORDS = {
    "beraknas", "beraknades", "beraknat", "forvantas", "forvantades", "vantas", "landar", "landa",
    "prognostiseras", "prognostiserat", "prognostiserade",
}  # fmt: skip
INDICATOR_WORDS = {
    "utfall",
    "utfallet",
    "indikator",
    "indikatorn",
    "indikatorer",
    "uppfoljning",
    "statistik",
}
LATEST_WORDS = {"senaste", "nyaste", "aktuella", "aktuell", "nuvarande", "senast", "nya", "idag", "nu"}
LONG_TERM = ("langsikt", "langiktig", "langsiktig")
STOPWORDS = {
    "och", "i", "pa", "for", "av", "med", "till", "som", "att", "det", "den", "de", "en", "ett",
    "ar", "var", "vad", "vilken", "vilket", "vilka", "hur", "mycket", "manga", "stor", "stora",
    "hog", "hoga", "har", "hade", "vi", "regionen", "region", "regionens", "kalmar", "lan", "lans",
    "enligt", "om", "sig", "sin", "sina", "sa", "kan", "ska", "skall", "blir", "bli", "blev",
    "finns", "fanns", "galler", "under", "efter", "fore", "mot", "fran", "sedan", "per", "inom",
    "alla", "all", "arets", "aret", "ars", "dess", "mig", "oss", "jag", "du", "visa", "ge", "geni",
    "beratta", "fa", "far", "fick", "vara", "ha", "nagon", "nagot", "nagra", "hos", "ut", "ser",
    "se", "star", "lag", "lagt", "plan", "regionplan", "regionplanen", "enl", "tack", "snalla",
    "hej", "kolla", "undrar", "veta", "vill", "dar", "eller", "samt", "ju", "val", "the", "varit",
    "blivit", "gjord", "gjorda", "gjordes", "inte", "ej", "denna", "detta", "dessa", "dom", "man",
    "mellan", "innan", "just", "totalt", "totala", "helar", "helaret", "helarsprognos", "sista",
    "forra", "fg", "tidigare", "ny", "siffra", "siffran", "siffror", "varde", "vardet",
    "nivan", "niva", "hela", "bara", "ocksa", "lite", "mer", "mest", "vid", "kr", "mnkr", "procent",
    "tal", "talet", "manad", "manaden", "month", "sager", "saga", "sagt", "sades", "tycker",
    "visar", "visade", "ligger", "landade", "gick", "gar", "nagonsin", "idag", "ungefar", "cirka",
    "ca", "info", "information", "uppgift", "uppgifter", "senaste", "dig", "din", "ni", "era",
    "varan",
}  # fmt: skip

QUALIFIER_ABBREVIATIONS = {"som"}
_TARGET_ENDINGS = ("malet", "malen", "malvarde", "malvardet", "malvarden", "malvardena", "malsattning")
# "prognosen", "helårsprognosen": the word for a forecast itself, not a measure's name.
_BARE_FORECAST = re.compile(r"(?:hel)?(?:ars)?prognos(?:en|er|erna)?")
_OUTCOME_PHRASE = re.compile(r"\bhur (?:stor|stora|hog|hoga|mycket|manga)\b.*\b(?:var|blev|uppgick|har)\b")
_COMMAND = re.compile(r"^/(\S+)\s*")
_MONTH_YEAR = re.compile(r"\b([a-z]+)\.?(?:\s+((?:19|20)\d{2}))?")
_TARGET_PHRASE = re.compile(
    r"\b(?:far|ska|skall|bor|borde)\b(?:\s+\w+){0,4}?\s+(?:vara|ligga|na|hamna|uppga|ha)\b"
)
_SINCE_YEAR = re.compile(r"\b(?:sedan|sen|fran)\s+((?:19|20)\d{2})\b")


@dataclass(slots=True)
class Question:
    """A parsed question. `words` are the folded tokens left to name a measure."""

    raw: str
    text: str
    command: str | None = None
    intent: str | None = None
    intent_words: set[str] = field(default_factory=set)
    years: list[int] = field(default_factory=list)
    baseline_years: list[int] = field(default_factory=list)
    long_term: bool = False
    months: list[tuple[int, int | None]] = field(default_factory=list)
    month_years: list[int] = field(default_factory=list)
    after_month: bool = False
    latest: bool = False
    words: list[str] = field(default_factory=list)
    soft_words: list[str] = field(default_factory=list)
    qualifier_words: list[str] = field(default_factory=list)


def parse(raw: str) -> Question:
    """Parse free text or a slash command into a Question; never raises."""
    text = clean(raw)
    question = Question(raw=raw, text=text)
    folded = fold(text)
    match = _COMMAND.match(folded)
    if match:
        name = match.group(1).split("@")[0]
        if name in COMMANDS:
            question.command = name
            question.intent = COMMANDS[name]
            folded = folded[match.end() :]
        else:
            folded = folded[match.end() :]
    folded = folded.replace("–", "-")
    all_tokens = re.findall(r"[a-z0-9]+", folded)
    token_set = set(all_tokens)

    question.baseline_years = [int(y) for y in _SINCE_YEAR.findall(folded)]
    question.years = [y for y in years_in(folded) if y not in question.baseline_years]
    question.long_term = any(t.startswith(LONG_TERM) for t in all_tokens)
    question.latest = bool(token_set & LATEST_WORDS)
    for month_match in _MONTH_YEAR.finditer(folded):
        word = month_match.group(1)
        if word in MONTH_ALIASES and not (word == "mar" and month_match.group(2) is None):
            year = int(month_match.group(2)) if month_match.group(2) else None
            question.months.append((MONTH_ALIASES[word], year))
            if year is not None:
                question.month_years.append(year)
    question.after_month = bool(re.search(r"\befter\s+[a-z]+", folded)) and bool(question.months)

    if question.intent is None:
        question.intent = _intent(all_tokens, token_set)
        if question.intent is None and _TARGET_PHRASE.search(folded):
            question.intent = "target"
    question.intent_words = token_set & (
        TARGET_WORDS | BUDGET_WORDS | COMPARE_WORDS | FORECAST_WORDS | INDICATOR_WORDS
    )
    # Intent words may also belong to a measure's name ("avvikelse mot budget"): they help
    # tell measures apart but never make one match on their own.
    question.soft_words = sorted(question.intent_words & (BUDGET_WORDS | TARGET_WORDS))
    # Words that may name a qualifier: the measure words plus the abbreviations the plan's
    # tables use that look like function words ("Som ÖV" = somatisk öppenvård).
    question.qualifier_words = [t for t in all_tokens if t not in STOPWORDS or t in QUALIFIER_ABBREVIATIONS]
    question.words = [
        t
        for t in all_tokens
        if t not in STOPWORDS
        and t not in MONTH_ALIASES
        and t not in LATEST_WORDS
        and t not in HELP_WORDS
        and not (t.isdigit() and ((len(t) == 4 and t[:2] in ("19", "20")) or len(t) <= 2))
        and not t.startswith(LONG_TERM)
        and t not in (TARGET_WORDS | BUDGET_WORDS | COMPARE_WORDS | FORECAST_WORDS | INDICATOR_WORDS)
        and not _BARE_FORECAST.fullmatch(t)
    ]
    return question


def _intent(all_tokens: list[str], token_set: set[str]) -> str | None:
    if not all_tokens or (token_set & HELP_WORDS and len(all_tokens) <= 4):
        return "help"
    if token_set & SOURCE_WORDS:
        return "sources"
    if token_set & COMPARE_WORDS:
        return "compare"
    forecast = any("prognos" in t for t in all_tokens) or bool(token_set & FORECAST_WORDS)
    # "investeringsbudget", "driftbudgeten": a compound ending in budget asks for a budget.
    budget = bool(token_set & BUDGET_WORDS) or any(t.endswith(("budget", "budgeten")) for t in all_tokens)
    if budget and not forecast:
        return "budget"
    if forecast:
        return "forecast"
    if token_set & (TARGET_WORDS - {"nar", "klarar"}):
        return "target"
    # "Vad är klimatmålet?": a word ending in a target word asks for a target, unless the
    # question asks how large something was ("Hur stora var utsläppen inom klimatmålet?").
    if any(t.endswith(_TARGET_ENDINGS) for t in all_tokens):
        return "indicator" if _OUTCOME_PHRASE.search(" ".join(all_tokens)) else "target"
    if token_set & INDICATOR_WORDS:
        return "indicator"
    return None
