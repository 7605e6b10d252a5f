"""Integrity checks: what makes a wrong or unsourced number impossible to ship."""

from __future__ import annotations

import hashlib

from planbot.knowledge.load import Knowledge
from planbot.knowledge.models import FactRecord, Measure
from planbot.knowledge.numbers import value_in_quote
from planbot.text import collapse


def source_problems(knowledge: Knowledge) -> list[str]:
    """Each source file exists and still has the sha256 it was curated from."""
    problems = []
    for source in knowledge.sources.values():
        path = knowledge.root / "sources" / source.file
        if not path.is_file():
            problems.append(f"sources.yaml › {source.id} › file: {path} does not exist")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != source.sha256:
            problems.append(
                f"sources.yaml › {source.id} › sha256: the file changed (now {digest}); "
                "a source is a byte-for-byte copy: restore it, or re-curate its facts and update the sha256"
            )
    return problems


def record_problems(
    record: FactRecord, lines: list[str], measures: dict[str, Measure], measure_required: bool = True
) -> list[str]:
    """What is wrong with one fact against its source's lines, as `field: reason` texts.

    The build and `kb suggest` both call this, so a proposal passes exactly the checks a
    curated fact must pass. `measure_required=False` lets a proposal name a measure that
    is not catalogued yet (the curator adds it); everything else is still checked.
    """
    r = record
    problems: list[str] = []
    measure = measures.get(r.measure)
    if measure is None:
        if measure_required:
            problems.append(f"measure: {r.measure!r} is not catalogued in knowledge/measures/")
    elif r.unit is not None and r.unit not in measure.units:
        problems.append(f"unit: {r.unit!r} disagrees with measure {r.measure} (units {measure.units})")
    first, last = r.lines
    if last > len(lines):
        problems.append(f"lines: {list(r.lines)} beyond the end of the file ({len(lines)} lines)")
    elif collapse(r.quote) not in collapse(" ".join(lines[first - 1 : last])):
        problems.append(f"quote: {r.quote!r} not found in lines {first}–{last}")
    if r.value is not None and not value_in_quote(r.value, r.quote, r.sign_in_words):
        hint = "" if r.sign_in_words else " (if the sign is given in words, set sign_in_words: true)"
        problems.append(f"value: {r.value:g} does not appear in the quote{hint}")
    return problems


def fact_problems(knowledge: Knowledge) -> list[str]:
    """Quotes in their lines, values in their quotes, measures and units catalogued, no duplicates."""
    problems: list[str] = []
    texts: dict[str, list[str]] = {}
    seen: dict[tuple[object, ...], str] = {}
    for fact in knowledge.facts:
        r = fact.record
        where = fact.where()
        if fact.source_id not in texts:
            texts[fact.source_id] = knowledge.source_lines(fact.source_id)
        problems.extend(
            f"{where} › {problem}"
            for problem in record_problems(r, texts[fact.source_id], knowledge.measures)
        )
        key = (fact.source_id, r.measure, r.kind, r.period, r.as_of, r.qualifier, r.value, r.text, r.unit)
        if key in seen:
            problems.append(f"{where}: duplicate of {seen[key]}")
        else:
            seen[key] = where
    return problems


def integrity_problems(knowledge: Knowledge) -> list[str]:
    return source_problems(knowledge) + fact_problems(knowledge)
