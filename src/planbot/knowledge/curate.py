"""Curator tooling: candidate facts from a new document, and facts from a table (CSV/Excel).

Both print YAML in the facts format for a person to review, correct and paste into
`knowledge/facts/<source>.yaml`; `planbot kb check` then verifies every quote and value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from planbot.knowledge.load import Knowledge
from planbot.knowledge.models import FactRecord
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


def import_table(path: Path) -> list[dict[str, Any]]:
    """Facts from a CSV or Excel table whose columns are fact fields (measure, kind, period,
    value, unit, lines_first, lines_last, quote, section, …), validated like curated facts."""
    import pandas as pd

    frame = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(path)
    frame = frame.astype(object).where(frame.notna(), None)
    facts = []
    for row in frame.to_dict(orient="records"):
        first, last = row.pop("lines_first"), row.pop("lines_last", None)
        record = {k: v for k, v in row.items() if v is not None}
        record["lines"] = [int(first), int(last if last is not None else first)]
        record["period"] = str(record["period"])
        facts.append(FactRecord.model_validate(record).model_dump(exclude_defaults=True))
    return facts


def to_yaml(facts: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(facts, allow_unicode=True, sort_keys=False, width=120)
