"""The knowledge base at run time: the built SQLite file opened read-only, held in memory."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from planbot.answer.model import Fact, SourceRef
from planbot.errors import PlanbotError
from planbot.periods import swedish_date


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: str
    name: str
    synonyms: tuple[str, ...]
    malomrade: str | None
    units: tuple[str, ...]
    direction: str | None
    description: str


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: str
    title: str
    kind: str
    date: str
    file: str

    @property
    def date_text(self) -> str:
        return swedish_date(self.date)


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open the built database read-only and immutable: no locks, no writes, ever."""
    if not path.is_file():
        raise PlanbotError(f"the knowledge base {path} does not exist; run `planbot kb build`")
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
    )


class KnowledgeBase:
    """Measures, sources and facts, indexed for the answer engine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = open_readonly(path)
        self.conn.row_factory = sqlite3.Row
        self.sources = {
            row["id"]: SourceInfo(row["id"], row["title"], row["kind"], row["date"], row["file"])
            for row in self.conn.execute("select id, title, kind, date, file from sources")
        }
        self.measures = {
            row["id"]: MeasureInfo(
                row["id"], row["name"], tuple(json.loads(row["synonyms"])), row["malomrade"],
                tuple(json.loads(row["units"])), row["direction"], row["description"],
            )
            for row in self.conn.execute("select * from measures")
        }  # fmt: skip
        self.facts: list[Fact] = []
        self.by_measure: dict[str, list[Fact]] = defaultdict(list)
        for row in self.conn.execute("select * from facts order by id"):
            fact = self._fact(row)
            self.facts.append(fact)
            self.by_measure[fact.measure_id].append(fact)
        self._lines: dict[str, list[str]] = {}
        tables = {row[0] for row in self.conn.execute("select name from sqlite_master where type = 'table'")}
        self.glossary: list[tuple[str, str]] = (
            [(row["term"], row["means"]) for row in self.conn.execute("select term, means from glossary")]
            if "glossary" in tables
            else []
        )

    def _fact(self, row: sqlite3.Row) -> Fact:
        source = self.sources[row["source_id"]]
        value = row["value"]
        ref = SourceRef(
            source_id=source.id,
            document=source.title,
            date=source.date,
            section=row["section"],
            file=source.file,
            lines=(row["line_first"], row["line_last"]),
            quote=row["quote"],
        )
        return Fact(
            id=row["id"],
            measure_id=row["measure_id"],
            measure=self.measures[row["measure_id"]].name,
            kind=row["kind"],
            period=row["period"],
            value=value,
            unit=row["unit"],
            stated=row["text"],
            source=ref,
            as_of=row["as_of"],
            as_of_date=row["as_of_date"],
            qualifier=row["qualifier"],
            year=row["year"],
            long_term=bool(row["long_term"]),
        )

    def source_context(self, ref: SourceRef, around: int = 3) -> list[tuple[int, str]]:
        """The cited lines with `around` lines either side, for "Visa källa"."""
        if ref.source_id not in self._lines:
            (text,) = self.conn.execute("select text from source_texts where file = ?", [ref.file]).fetchone()
            self._lines[ref.source_id] = text.splitlines()
        lines = self._lines[ref.source_id]
        first = max(1, ref.lines[0] - around)
        last = min(len(lines), ref.lines[1] + around)
        return [(n, lines[n - 1]) for n in range(first, last + 1)]

    def search_facts(self, query: str, limit: int = 10) -> list[Fact]:
        """Full-text search over fact quotes and statements (diacritics removed)."""
        from planbot.text import tokens

        words = [w for w in tokens(query) if len(w) > 1][:12]
        if not words:
            return []
        match = " OR ".join(f'"{w}"*' for w in words)
        rows = self.conn.execute(
            "select rowid from facts_fts where facts_fts match ? order by rank limit ?", [match, limit]
        ).fetchall()
        by_id = {f.id: f for f in self.facts}
        return [by_id[r[0]] for r in rows if r[0] in by_id]


def open_knowledge_base() -> KnowledgeBase:
    """The knowledge base named by the settings, built first when missing or stale."""
    from planbot.settings import get_settings

    settings = get_settings()
    if settings.auto_build:
        from planbot.knowledge.freshness import is_stale

        if is_stale(settings.knowledge_dir, settings.kb_path):
            from planbot.knowledge.build import build

            build(settings.knowledge_dir, settings.kb_path)
    return KnowledgeBase(settings.kb_path)
