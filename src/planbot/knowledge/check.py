"""Integrity checks: what makes a wrong or unsourced number impossible to ship."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from planbot.knowledge.load import Knowledge, LocatedFact
from planbot.knowledge.models import FactRecord
from planbot.knowledge.numbers import value_in_quote
from planbot.text import collapse


def source_problems(knowledge: Knowledge) -> list[str]:
    """Each source file exists and still has the sha256 it was curated from."""
    problems = []
    digests: dict[str, str] = {}  # a file several source entries cite is hashed once
    for source in knowledge.sources.values():
        path = knowledge.root / "sources" / source.file
        if not path.is_file():
            problems.append(f"sources.yaml › {source.id} › file: {path} does not exist")
            continue
        if source.file not in digests:
            digests[source.file] = hashlib.sha256(path.read_bytes()).hexdigest()
        digest = digests[source.file]
        if digest != source.sha256:
            problems.append(
                f"sources.yaml › {source.id} › sha256: the file changed (now {digest}); "
                "a source is a byte-for-byte copy: restore it, or re-curate its facts and update the sha256"
            )
    return problems


def record_problems(
    record: FactRecord,
    lines: list[str] | None,
    units: Mapping[str, Sequence[str]],
    measure_required: bool = True,
) -> list[str]:
    """What is wrong with one fact against its source's lines (None: the file is missing,
    which source_problems reports), as `field: reason` texts; `units` are the catalogued
    measures' units.

    The build and `kb suggest` both call this, so a proposal passes exactly the checks a
    curated fact must pass. `measure_required=False` lets a proposal name a measure that
    is not catalogued yet (the curator adds it); everything else is still checked.
    """
    r = record
    problems: list[str] = []
    allowed = units.get(r.measure)
    if allowed is None:
        if measure_required:
            problems.append(f"measure: {r.measure!r} is not catalogued in knowledge/measures/")
    elif r.unit is not None and r.unit not in allowed:
        problems.append(f"unit: {r.unit!r} disagrees with measure {r.measure} (units {allowed})")
    first, last = r.lines
    if lines is None:
        pass
    elif last > len(lines):
        problems.append(f"lines: {list(r.lines)} beyond the end of the file ({len(lines)} lines)")
    elif collapse(r.quote) not in collapse(" ".join(lines[first - 1 : last])):
        problems.append(f"quote: {r.quote!r} not found in lines {first}–{last}")
    if r.value is not None and not value_in_quote(r.value, r.quote, r.sign_in_words):
        hint = "" if r.sign_in_words else " (if the sign is given in words, set sign_in_words: true)"
        problems.append(f"value: {r.value:g} does not appear in the quote{hint}")
    return problems


class FactChecker:
    """The checks of one fact at a time (record_problems). Each source document is read once."""

    def __init__(
        self, root: Path, source_files: Mapping[str, str], units: Mapping[str, Sequence[str]]
    ) -> None:
        self.root = root
        self.source_files = source_files  # source id → file under sources/
        self.units = units  # measure id → its units
        self._lines: dict[str, list[str] | None] = {}

    def _source_lines(self, source_id: str) -> list[str] | None:
        file = self.source_files[source_id]
        if file not in self._lines:
            path = self.root / "sources" / file
            # A missing file is reported by source_problems; its facts' lines cannot be checked.
            self._lines[file] = path.read_text(encoding="utf-8").splitlines() if path.is_file() else None
        return self._lines[file]

    def problems(self, fact: LocatedFact) -> list[str]:
        where = fact.where()
        found = record_problems(fact.record, self._source_lines(fact.source_id), self.units)
        return [f"{where} › {problem}" for problem in found]


def duplicate_key(fact: LocatedFact) -> tuple[object, ...]:
    """What two facts must not share: the same figure from the same source, twice."""
    r = fact.record
    return (fact.source_id, r.measure, r.kind, r.period, r.as_of, r.qualifier, r.value, r.text, r.unit)


def fact_problems(knowledge: Knowledge) -> list[str]:
    """Quotes in their lines, values in their quotes, measures and units catalogued, no duplicates."""
    checker = FactChecker(
        knowledge.root,
        {s.id: s.file for s in knowledge.sources.values()},
        {m.id: m.units for m in knowledge.measures.values()},
    )
    problems: list[str] = []
    seen: dict[tuple[object, ...], str] = {}
    for fact in knowledge.facts:
        problems.extend(checker.problems(fact))
        key = duplicate_key(fact)
        if key in seen:
            problems.append(f"{fact.where()}: duplicate of {seen[key]}")
        else:
            seen[key] = fact.where()
    return problems


def integrity_problems(knowledge: Knowledge) -> list[str]:
    return source_problems(knowledge) + fact_problems(knowledge)
