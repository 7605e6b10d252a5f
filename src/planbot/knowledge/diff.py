"""What a build would change: the facts in knowledge/ against those in the built database.

Facts are paired by their identity (identity.py), not by build ids, which are renumbered
at every build. Within one identity, versions equal in every compared field pair first,
then versions with the same value; what is left pairs in file order as changed, and the
rest is new (only in the files) or removed (only in the database).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from planbot.errors import PlanbotError
from planbot.knowledge.identity import FactVersion, Identity
from planbot.knowledge.load import Knowledge

COMPARED = ("value", "text", "lines", "quote", "section")


@dataclass
class FactsDiff:
    new: list[FactVersion] = field(default_factory=list)
    removed: list[FactVersion] = field(default_factory=list)
    changed: list[tuple[FactVersion, FactVersion]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.new or self.removed or self.changed)


def file_facts(knowledge: Knowledge) -> list[FactVersion]:
    return [
        FactVersion(
            f.source_id, r.measure, r.kind, r.period, r.as_of, r.qualifier, r.unit,
            r.value, r.text, r.lines, r.quote, r.section,
        )
        for f in knowledge.facts
        for r in [f.record]
    ]  # fmt: skip


def database_facts(path: Path) -> list[FactVersion]:
    """Every fact of a built knowledge base, read without the answer engine."""
    if not path.is_file():
        raise PlanbotError(f"no knowledge base at {path}: run `planbot kb build` first")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with sqlite3.connect(uri, uri=True) as db:
            rows = db.execute(
                "SELECT source_id, measure_id, kind, period, as_of, qualifier, unit, value, text,"
                " line_first, line_last, quote, section FROM facts ORDER BY id"
            ).fetchall()
    except sqlite3.DatabaseError as error:
        raise PlanbotError(f"{path} is not a planbot knowledge base ({error}): rebuild it") from None
    return [
        FactVersion(
            source_id=r[0], measure=r[1], kind=r[2], period=r[3], as_of=r[4], qualifier=r[5], unit=r[6],
            value=r[7], text=r[8], lines=(r[9], r[10]), quote=r[11], section=r[12],
        )
        for r in rows
    ]  # fmt: skip


def _differs(old: FactVersion, new: FactVersion) -> list[str]:
    return [name for name in COMPARED if getattr(old, name) != getattr(new, name)]


def diff(old: list[FactVersion], new: list[FactVersion]) -> FactsDiff:
    """Pair `old` (the database) with `new` (the files) by identity."""
    groups: dict[Identity, tuple[list[FactVersion], list[FactVersion]]] = defaultdict(lambda: ([], []))
    for fact in old:
        groups[fact.identity][0].append(fact)
    for fact in new:
        groups[fact.identity][1].append(fact)
    result = FactsDiff()
    for olds, news in groups.values():
        for same in (lambda a, b: not _differs(a, b), lambda a, b: a.value == b.value and a.text == b.text):
            for n in list(news):
                match = next((o for o in olds if same(o, n)), None)
                if match is not None:
                    olds.remove(match)
                    news.remove(n)
                    if _differs(match, n):
                        result.changed.append((match, n))
                    else:
                        result.unchanged += 1
        paired = min(len(olds), len(news))
        result.changed.extend(zip(olds[:paired], news[:paired], strict=True))
        result.removed.extend(olds[paired:])
        result.new.extend(news[paired:])
    return result


def render(result: FactsDiff, database: Path) -> str:
    """One line per new, changed and removed fact, after a count line."""
    head = (
        f"knowledge/ against {database}: {len(result.new)} new, {len(result.changed)} changed, "
        f"{len(result.removed)} removed, {result.unchanged} unchanged"
    )
    out = [head]
    for fact in sorted(result.new, key=lambda f: (f.source_id, f.lines)):
        out.append(f"new      {fact.source_id} {fact.label()}: {fact.shown()} (lines {_lines(fact)})")
    for old, fact in sorted(result.changed, key=lambda p: (p[1].source_id, p[1].lines)):
        names = _differs(old, fact)
        parts = [f"{old.shown()} → {fact.shown()}"] if {"value", "text"} & set(names) else []
        parts += [f"lines {_lines(old)} → {_lines(fact)}"] if "lines" in names else []
        parts += [f"{name} changed" for name in names if name in ("quote", "section")]
        out.append(f"changed  {fact.source_id} {fact.label()}: {'; '.join(parts)}")
    for fact in sorted(result.removed, key=lambda f: (f.source_id, f.lines)):
        out.append(f"removed  {fact.source_id} {fact.label()}: {fact.shown()} (lines {_lines(fact)})")
    if result.empty:
        out.append("nothing to build: the database holds exactly the curated facts")
    return "\n".join(out)


def _lines(fact: FactVersion) -> str:
    first, last = fact.lines
    return f"{first}" if first == last else f"{first}–{last}"
