"""Labels and values of facts as a person writes them, in Swedish or English, on every surface.

"Målvärde 2024 (telefon): 70 %", "Prognos 2026, efter april 2026: 120 mnkr", "Senaste utfall
jan–april 2026: 75 %". Curator notes ("(kolumnrubriken i källan lyder …)") stay out of
answers: they are shown with the quote behind "Visa källa". Markdown from the source
documents (`**Resultatprognosen**`) is taken out of quotes shown in answers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from planbot.answer.model import Fact, SourceRef
from planbot.formats import quantity as curated_quantity
from planbot.render.language import period_words, quantity, signed

DIRECTION_TEXT = {
    "sv": {"lower": "lägre är bättre", "higher": "högre är bättre"},
    "en": {"lower": "lower is better", "higher": "higher is better"},
}
VERDICT_WORDS = {"Ja": "yes", "Nej": "no", "Inte än": "not_yet"}
VERDICT_LABEL = "bedömning"
PREVIOUS_LABEL = "tidigare prognos"
LATEST_LABEL = "senaste utfall"
BUDGET_LABEL = "budget"

_KINDS = {
    "sv": {
        "target": "Målvärde {p}", "long_term": "Långsiktigt målvärde", "forecast": "Prognos {p}",
        "budget": "Budget {p}", "outcome": "Utfall {p}", "statement": "{P}", "computed": "Beräknat",
        PREVIOUS_LABEL: "Tidigare prognos {p}", LATEST_LABEL: "Senaste utfall {p}",
        VERDICT_LABEL: "Bedömning", "no_forecast": "{K} (ingen prognos finns)",
    },
    "en": {
        "target": "Target {p}", "long_term": "Long-term target", "forecast": "Forecast {p}",
        "budget": "Budget {p}", "outcome": "Outcome {p}", "statement": "{P}", "computed": "Computed",
        PREVIOUS_LABEL: "Previous forecast {p}", LATEST_LABEL: "Latest outcome {p}",
        VERDICT_LABEL: "Assessment", "no_forecast": "{K} (no forecast exists)",
    },
}  # fmt: skip
KIND_WORDS = {
    "sv": {"target": "Målvärde", "forecast": "Prognos", "budget": "Budget", "outcome": "Utfall",
           "statement": "Uppgift", "computed": "Beräknat"},
    "en": {"target": "Target", "forecast": "Forecast", "budget": "Budget", "outcome": "Outcome",
           "statement": "Statement", "computed": "Computed"},
}  # fmt: skip
COMPUTED_NOTE = {"sv": "beräknat av planbot", "en": "computed by planbot"}
STATED_NOTE = {"sv": "enligt källan", "en": "as the source states it"}
_DIFFERENCE_LABELS = {
    "skillnad": "Difference",
    "förändring mot tidigare prognos": "Change from the previous forecast",
}
_VERDICT_TEXT = {
    "sv": {"yes": "Ja", "no": "Nej", "not_yet": "Inte än", "so_far": "hittills", "against": "mot"},
    "en": {"yes": "Yes", "no": "No", "not_yet": "Not yet", "so_far": "so far", "against": "against"},
}
# A parenthesis that speaks about the source rather than the figure is a curator's note.
_CURATOR_NOTE = re.compile(
    r"\s*\([^()]*\b(?:källan|källtexten|textkopian|kolumnrubrik\w*|curerat?s?|kuraterat?s?)\b[^()]*\)"
)
_MARKDOWN = re.compile(r"\*\*|__|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)|^#+\s*")


def user_text(text: str) -> str:
    """Curated text without curator notes: "88 % (kolumnrubriken i källan lyder …)" → "88 %"."""
    return _CURATOR_NOTE.sub("", text).strip() if "(" in text else text


def clean_quote(quote: str) -> str:
    """A quote as a reader sees it: the document's markdown emphasis taken out."""
    return " ".join(_MARKDOWN.sub("", quote).split())


def verdict_of(fact: Fact) -> tuple[str, bool] | None:
    """("yes" | "no" | "not_yet", so far?) of a verdict fact, else None (see answer/verdict.py)."""
    if fact.kind != "computed" or fact.label != VERDICT_LABEL or not fact.stated:
        return None
    for word, key in sorted(VERDICT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if fact.stated.startswith(word):
            return key, fact.stated[len(word) :].lstrip().startswith("hittills")
    return None


def verdict_word(key: str, so_far: bool, language: str) -> str:
    """ "Ja, hittills", "Inte än", "Yes, so far"."""
    words = _VERDICT_TEXT[language]
    return f"{words[key]}, {words['so_far']}" if so_far and key == "yes" else words[key]


@lru_cache(maxsize=8192)
def fact_value(fact: Fact, language: str = "sv") -> str:
    """The fact's value as a person writes it, in the answer's language."""
    if fact.kind == "computed":
        return _computed_value(fact, language)
    if fact.stated:
        shown = user_text(fact.stated)
        if fact.value is not None and shown == curated_quantity(fact.value, fact.unit):
            return quantity(fact.value, fact.unit, language)
        return shown
    return quantity(fact.value, fact.unit, language) if fact.value is not None else ""


def _computed_value(fact: Fact, language: str) -> str:
    verdict = verdict_of(fact)
    if verdict is not None and len(fact.inputs) == 2:
        outcome, target = fact.inputs
        against = _VERDICT_TEXT[language]["against"]
        return (
            f"{verdict_word(*verdict, language)} – {fact_value(outcome, language)} {against} "
            f"{fact_value(target, language)}, {signed(fact.value or 0.0, fact.unit, language)}"
        )
    if fact.value is None or len(fact.inputs) != 2 or any(f.value is None for f in fact.inputs):
        return (fact.stated or "").partition(": ")[2] or fact.stated or ""
    later, earlier = (quantity(f.value or 0.0, f.unit, language) for f in fact.inputs)
    earlier = f"({earlier})" if (fact.inputs[1].value or 0.0) < 0 else earlier
    return f"{signed(fact.value, fact.unit, language)} ({later} − {earlier})"


def _computed_heading(fact: Fact, language: str) -> str:
    if fact.label == VERDICT_LABEL:
        return _KINDS[language][VERDICT_LABEL]
    label = (fact.stated or "").partition(": ")[0]
    if language == "en":
        return _DIFFERENCE_LABELS.get(label.casefold(), _KINDS["en"]["computed"])
    return label or _KINDS["sv"]["computed"]


@lru_cache(maxsize=8192)
def fact_heading(fact: Fact, with_measure: bool = False, language: str = "sv") -> str:
    """ "Målvärde 2024 (telefon)", "Prognos 2026, efter april 2026", "Tidigare prognos 2026, …"."""
    kinds = _KINDS[language]
    period = period_words(fact.period, language)
    if fact.kind == "computed":
        head = _computed_heading(fact, language)
    elif fact.label in (PREVIOUS_LABEL, LATEST_LABEL):
        head = kinds[fact.label].format(p=period)
    elif fact.kind == "target" and fact.long_term:
        head = kinds["long_term"]
    else:
        head = kinds.get(fact.kind, kinds["computed"]).format(p=period, P=period[:1].upper() + period[1:])
    if fact.kind == "forecast" and fact.as_of:
        head += f", {period_words(fact.as_of, language)}"
    if fact.label and fact.label.startswith("ingen prognos"):
        head = kinds["no_forecast"].format(K=head)
    if fact.qualifier:
        head += f" ({fact.qualifier})"
    if with_measure:
        head = f"{fact.measure}: {head[0].lower()}{head[1:]}"
    return head


def is_computed(fact: Fact) -> bool:
    return fact.kind == "computed"


def section_head(section: str) -> str:
    """The top of a section path: "En långsiktigt hållbar ekonomi — Resultatanalys" → its first part."""
    return section.split(" — ")[0].strip()


def source_line(ref: SourceRef, language: str = "sv") -> str:
    """ "Regionstyrelsen 17 juni 2026 — Informationspunkter · section · rad 1098"."""
    word = "rad" if language == "sv" else "line" if ref.lines[0] == ref.lines[1] else "lines"
    lines = f"{ref.lines[0]}" if ref.lines[0] == ref.lines[1] else f"{ref.lines[0]}–{ref.lines[1]}"
    return f"{ref.document} · {ref.section} · {word} {lines}"


_PERIOD_WORDS = {
    "sv": {"long_term": "på lång sikt", "for": "för {p}"},
    "en": {"long_term": "in the long term", "for": "for {p}"},
}
_BOUNDS = {
    "sv": (("minst", "lägst"), "minst", ("högst", "maximalt", "max"), "högst"),
    "en": (("minst", "lägst"), "at least", ("högst", "maximalt", "max"), "at most"),
}


def when(fact: Fact, language: str = "sv") -> str:
    """When a figure is about, mid-sentence: "2026", "jan–april 2026", "på lång sikt"."""
    if fact.long_term:
        return _PERIOD_WORDS[language]["long_term"]
    return period_words(fact.period, language)


def in_period(fact: Fact) -> str:
    """When a figure is about after an English figure: "in 2026", "as of 30 April 2023",
    "in the long term"."""
    words = when(fact, "en")
    return words if words.startswith(("as of", "in ")) else f"in {words}"


def for_period(fact: Fact, language: str = "sv") -> str:
    """Which period a target is for, mid-sentence: "för 2026", "på lång sikt", "(löpande)"."""
    if fact.long_term:
        return _PERIOD_WORDS[language]["long_term"]
    if fact.year is not None and fact.period == str(fact.year):
        return _PERIOD_WORDS[language]["for"].format(p=fact.period)
    period = period_words(fact.period, language).replace(" (", ", ").replace("(", "").replace(")", "")
    return f"({period})"


def bound(fact: Fact, language: str = "sv") -> str:
    """ "minst " / "högst " before the short value, when the target's own words say so."""
    low, low_word, high, high_word = _BOUNDS[language]
    words = f"{fact.qualifier or ''} {fact.stated or ''}".casefold().replace(",", " ").split()
    value = short_value(fact, language).casefold()
    if any(w in words for w in low) and low_word not in value:
        return low_word + " "
    if any(w in words for w in high) and high_word not in value:
        return high_word + " "
    return ""


_BOUND_WORDS = re.compile(r"(?:^|,\s*)(?:minst|högst|maximalt)(?=,|$)\s*")


def qualifier_text(fact: Fact) -> str:
    """A qualifier without the bound `bound` already says: "nationellt mål, minst" → "nationellt mål"."""
    return user_text(_BOUND_WORDS.sub("", fact.qualifier or "").strip(" ,"))


def short_value(fact: Fact, language: str = "sv") -> str:
    """The value in a few characters, for a sentence that names several: "2 %", not the target's wording."""
    if fact.value is not None and fact.kind != "computed":
        return quantity(fact.value, fact.unit, language)
    return fact_value(fact, language)
