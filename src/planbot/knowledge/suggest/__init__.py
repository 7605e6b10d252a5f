"""Candidate facts from a new document, for a person to review (`planbot kb suggest`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from planbot.knowledge.load import Knowledge
from planbot.knowledge.numbers import parse_number
from planbot.query.resolve import MeasureIndex
from planbot.text import tokens

_FIGURE = re.compile(
    r"\d[\d \u00a0]*(?:[.,]\d+)?\s*(?:mnkr|mkr|tkr|kr|%|procent|ton|st\b|dagar|minuter)", re.I
)
_UNITS = {"mkr": "mnkr", "procent": "%", "ton": "ton CO2e"}


def _kind(words: list[str]) -> str:
    """A first guess at the kind of figure a line states, from its words."""
    if any("prognos" in w or w.startswith(("beraknas", "forvantas")) for w in words):
        return "forecast"
    if any("budget" in w for w in words):
        return "budget"
    if any(w in ("mal", "malet", "malvarde", "malvardet") for w in words):
        return "target"
    return "outcome"


def suggest(knowledge: Knowledge, source_file: Path, source_id: str | None = None) -> list[dict[str, Any]]:
    """Lines of `source_file` stating a figure, as fact skeletons with a guessed measure.

    Lines already cited by a curated fact of the same source are skipped.
    """
    index = MeasureIndex({m.id: [m.name, *m.synonyms] for m in knowledge.measures.values()})
    cited = {
        n
        for f in knowledge.facts
        if f.source_id == source_id
        for n in range(f.record.lines[0], f.record.lines[1] + 1)
    }
    out = []
    for number, line in enumerate(source_file.read_text(encoding="utf-8").splitlines(), start=1):
        match = _FIGURE.search(line)
        if not match or number in cited:
            continue
        words = tokens(line)
        best = index.match(words)
        unit = (
            match.group(0).split()[-1].lower()
            if " " in match.group(0)
            else re.sub(r"[\d ,.]", "", match.group(0))
        )
        out.append(
            {
                "measure": best[0].measure_id if best else "TODO",
                "kind": _kind(words),
                "period": "TODO",
                "value": parse_number(re.match(r"[\d \u00a0.,]+", match.group(0)).group(0)),  # type: ignore[union-attr]
                "unit": _UNITS.get(unit, unit),
                "section": "TODO",
                "lines": [number, number],
                "quote": line.strip(),
            }
        )
    return out
