"""The sign of a figure: as written, or given in words ("minskar med 12 mnkr" is −12).

A minus written against the number ("-263", "med – 212") is a minus. A dash that opens a
bullet ("- 150 000 tittare") or separates a label from its number ("Region Skåne - 50
aktier") is not. Where no sign is written, the nearest word before the number that says
which way something went decides ("ökar", "minskningen", "negativt", "understiger",
"budgetunderskott"); failing that, the heading or label line the figure stands under
("Positiv utveckling – reducerade utsläpp" above "• El och värme: 3 %"). Targets keep the
number as written: "minska med 80 % till 2030" is a target of 80 (a reduction).
"""

from __future__ import annotations

import re

from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.figures import Figure
from planbot.text import fold

# Word stems (folded) that say a value went down or up. A compound counts by its last part
# ("utsläppsminskningen", "budgetunderskott", "utsläppsökningen").
_DOWN = re.compile(r"minsk|underskott|reducer|forsamr|nedgang|^(?:negativ|understig|sank|tapp|lagre|samre)")
_UP = re.compile(
    r"ok(?:a|ar|ade|at|ning|ningen|ningar)$|overskott|forbattr|^(?:positiv|overstig|hoj|battre|hogre)"
)
_WORD = re.compile(r"[^\W_]+")
# Words after which a dash before a number is a minus, not a separator ("till – 398,9").
_MINUS_AFTER = frozenset(
    "till med pa av ar var blev motsvarande uppgar uppgick om runt cirka ca totalt summa".split()
)


def _direction(text: str) -> int:
    """-1, +1 or 0: the last word of `text` that says which way a value went."""
    for word in reversed(_WORD.findall(fold(text))):
        # OCR reads ö as 6 ("6ka" for "öka"): a 6 inside a word is an ö.
        word = re.sub(r"(?<=[a-z])6|6(?=[a-z])", "o", word)
        if word.isdigit():
            continue
        if _DOWN.search(word):
            return -1
        if _UP.search(word):
            return 1
    return 0


def written_minus(document: Document, figure: Figure) -> bool:
    """Whether the minus the number reader saw is a minus (not a bullet or a separator)."""
    if not figure.minus:
        return False
    line = document.lines[figure.line]
    before = line[: figure.start]
    dash = re.search(r"([-–−])(\s*)$", before)
    if dash is None:
        return True
    head = before[: dash.start()]
    if not head.strip():
        return not dash.group(2)  # "-7,2" at the start of a line; "- 150 000" is a bullet
    if not dash.group(2) or not head.endswith((" ", "\t")):
        return True  # "motsvarande -7,2", "(-177 mnkr)"
    words = _WORD.findall(fold(head))
    return not words or words[-1] in _MINUS_AFTER or not head.rstrip()[-1:].isalpha()


def negative(document: Document, figure: Figure, kind: str | None, context_lines: list[int]) -> bool:
    """Whether the figure's value is negative: written so, or said so in words."""
    if figure.minus and written_minus(document, figure):
        return True
    line = document.lines[figure.line]
    if re.search(r"\+\s*$", line[: figure.start]):
        return False
    if kind == "target" or figure.column is not None:
        return False
    direction = _direction(line[figure.sentence[0] : figure.start])
    if direction == 0 and len(line.split()) <= 6:
        # A short "label: value" line takes the direction of the lines it stands under.
        for index in context_lines:
            direction = _direction(document.lines[index])
            if direction:
                break
    return direction < 0
