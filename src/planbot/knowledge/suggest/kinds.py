"""What kind of figure a number is, read from the words around it.

A table column says it ("Prognos 2026", "Budget 2026", "2026-04" for an outcome so far), or
the row label does ("Utfall i % av budget 2023"). Otherwise the nearest word before the
number that names a kind: "Resultatprognosen uppgår till", "beräknas öka med", "Investerings-
budget", "Målsättning 90 %", "Vi ska minska … med 80 %". A budget named as what something is
compared with ("avviker från budget med", "understiger budget med") names nothing: the
figure is of the kind the heading above names ("Ekonomisk helårsprognos 2026 efter april").
A figure for the year before ("där motsvarande siffra f g år var -349,8") and one for the
year so far ("Nettokostnadsutveckling efter februari uppgår till 6,6 procent") are outcomes.
Anything else a board deck reports is an outcome.
"""

from __future__ import annotations

import re

from planbot.knowledge.suggest.document import Document, year_month
from planbot.knowledge.suggest.figures import Figure, clause
from planbot.periods import years_in
from planbot.text import fold

_WORD = re.compile(r"[a-z0-9]+")
_FORECAST_VERBS = ("beraknas", "beraknad", "beraknat", "forvantas", "bedoms", "prognostiseras")
_TARGET_WORDS = frozenset("mal malet malen malsattning malsattningen malvarde malvardet minst".split())
# Words after which "budget" is what a figure is compared with, not what it is.
_COMPARED = frozenset("fran an mot understiger overstiger av jamfort med".split())
_SO_FAR = re.compile(
    r"\befter\s+(?:-\s*)?(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november)\b"
)
_LAST_YEAR = re.compile(r"(?:\bf\s?g\s?ar|foregaende\s+ar|fjolaret)\s+(?:var|blev|uppgick till)\s*[-–]?\s*$")


def _near(word: str, target: str) -> bool:
    """The same word, or one letter off (OCR: "berdknas" for "beräknas")."""
    if word == target:
        return True
    return len(word) == len(target) >= 7 and sum(a != b for a, b in zip(word, target, strict=True)) == 1


def _kind_of_word(word: str, before: str, sentence: bool) -> str | None:
    if "prognos" in word:
        return "forecast"
    if any(_near(word, verb) for verb in _FORECAST_VERBS):
        return "forecast"
    if (
        word == "budget" or word.endswith("budget") or word.startswith("budgeter")
    ) and before not in _COMPARED:
        return "budget"
    if word in _TARGET_WORDS or (sentence and word == "ska"):
        return "target"
    if word.startswith("utfall"):
        return "outcome"
    return None


def cue(text: str, nearest: bool = True, clause: bool = False) -> str | None:
    """The kind the words of `text` name: the one nearest its end, or (`nearest=False`) the first.

    "ska" names a target only in the clause of the number itself ("Vi ska minska … med 80 %");
    further away it is any rule ("ska anskaffningsvärdet överstiga ett prisbasbelopp")."""
    words = _WORD.findall(fold(text))
    order = range(len(words) - 1, -1, -1) if nearest else range(len(words))
    for index in order:
        kind = _kind_of_word(words[index], words[index - 1] if index else "", clause)
        if kind:
            return kind
    return None


def column_kind(document: Document, figure: Figure) -> str | None:
    """The kind a table column (or, for month columns, the row label) names."""
    if figure.column is None:
        return None
    kind = cue(figure.column, nearest=False)
    if kind is None and re.search(r"\bplan\b", fold(figure.column)):
        kind = "budget"  # "Plan 2025" in a budget table
    if kind is None:
        kind = cue(figure.row_label or "", nearest=False)
    if kind is None:
        years = years_in(figure.column)
        if year_month(figure.column) or (years and document.year and years[-1] <= document.year):
            kind = "outcome"
    return kind


def read_kind(document: Document, figure: Figure) -> tuple[str, str]:
    """The figure's kind and the words that gave it."""
    kind = column_kind(document, figure)
    if kind:
        return kind, "kind the table column names"
    line = document.lines[figure.line]
    before = line[figure.sentence[0] : figure.start]
    if _LAST_YEAR.search(fold(before)):
        return "outcome", "a figure for the year before"
    own, after = clause(document, figure)
    kind = cue(own, clause=True) or cue(after, nearest=False, clause=True)
    if kind:
        return kind, "kind the clause names"
    label = document.lines[figure.label_line] if figure.label_line is not None else ""
    kind = cue(label + " " + before)
    if kind:
        return kind, "kind the sentence names"
    if _SO_FAR.search(fold(label + " " + before)):
        return "outcome", "the year so far, to the month after 'efter'"
    kind = cue(document.heading_text(figure.line))
    if kind:
        return kind, "kind the heading names"
    return "outcome", "what a board deck reports"
