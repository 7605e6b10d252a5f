"""The knowledge base at run time: the built SQLite file opened read-only, read on demand."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Mapping, ValuesView
from dataclasses import dataclass
from pathlib import Path

from planbot.answer.model import Fact, SourceRef
from planbot.errors import PlanbotError
from planbot.knowledge.freshness import is_stale
from planbot.periods import swedish_date
from planbot.settings import get_settings

# PRAGMA user_version this code reads (knowledge.build writes it); 3: English glossary terms
# marked, the engine's word statistics written at build; 4: the glossary's proper names.
SCHEMA_VERSION = 4
MEASURES_KEPT = 50_000
_UNSEEN = object()


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


def built_version(path: Path) -> int | None:
    """The schema version of the database at `path`, None when there is none."""
    if not path.is_file():
        return None
    conn = open_readonly(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


class KnowledgeBase:
    """Measures, sources and facts of the built database, read on demand.

    Sources and the glossary are read at once (a few rows); a measure when first asked for;
    facts per measure, each time they are asked for (the answer engine keeps those it uses:
    planbot.answer.context), so that opening does not grow with the knowledge base.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = open_readonly(path)
        self.conn.row_factory = sqlite3.Row
        (version,) = self.conn.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA_VERSION:
            raise PlanbotError(
                f"the knowledge base {path} was built by another version of planbot; run `planbot kb build`"
            )
        self.sources = {
            row["id"]: SourceInfo(row["id"], row["title"], row["kind"], row["date"], row["file"])
            for row in self.conn.execute("select id, title, kind, date, file from sources")
        }
        self.measures: Mapping[str, MeasureInfo] = _Measures(self.conn)
        self.facts = _Facts(self)
        self.by_measure: Mapping[str, list[Fact]] = _FactsByMeasure(self)
        self._lines: dict[str, list[str]] = {}
        tables = {row[0] for row in self.conn.execute("select name from sqlite_master where type = 'table'")}
        # (term, means, English, English only): see planbot.query.glossary. (A database built
        # before the English columns reads as Swedish terms.)
        self.glossary: list[tuple[str, str, bool, bool]] = []
        if "glossary" in tables:
            columns = {row[1] for row in self.conn.execute("pragma table_info(glossary)")}
            flags = [f if f in columns else "0" for f in ("english", "english_only")]
            self.glossary = [
                (row[0], row[1], bool(row[2]), bool(row[3]))
                for row in self.conn.execute(f"select term, means, {', '.join(flags)} from glossary")
            ]
        # The glossary's proper names (a municipality, a region): each name's kind and spellings.
        self.names: dict[str, tuple[str, tuple[str, ...]]] = {}
        if "names" in tables:
            self.names = {
                row[0]: (row[1], tuple(json.loads(row[2])))
                for row in self.conn.execute("select name, kind, spellings from names")
            }

    def facts_of(self, measure_id: str) -> list[Fact]:
        """The measure's facts, in the order they were curated (a new list of new objects)."""
        rows = self.conn.execute("select * from facts where measure_id = ? order by id", (measure_id,))
        return [self._fact(row) for row in rows]

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

    def measures_near(self, source_id: str, first: int, last: int, around: int) -> list[str]:
        """The measures with facts cited within `around` lines of `first`–`last` in a source."""
        rows = self.conn.execute(
            "select distinct measure_id from facts where source_id = ? and line_first between ? and ?",
            (source_id, first - around, last + around),
        )
        return [row[0] for row in rows]

    def source_context(self, ref: SourceRef, around: int = 3) -> list[tuple[int, str]]:
        """The cited lines with `around` lines either side, for "Visa källa"."""
        if ref.file not in self._lines:
            (text,) = self.conn.execute("select text from source_texts where file = ?", [ref.file]).fetchone()
            self._lines[ref.file] = text.splitlines()
        lines = self._lines[ref.file]
        first = max(1, ref.lines[0] - around)
        last = min(len(lines), ref.lines[1] + around)
        return [(n, lines[n - 1]) for n in range(first, last + 1)]

    def facts_saying(self, phrase: str, limit: int = 20) -> list[Fact]:
        """Facts whose quote or statement contains the words of `phrase` in order (full-text,
        diacritics removed)."""
        from planbot.text import tokens

        words = tokens(phrase)
        if not words:
            return []
        match = '"' + " ".join(words) + '"'
        ids = [
            r[0]
            for r in self.conn.execute(
                "select rowid from facts_fts where facts_fts match ? limit ?", [match, limit]
            )
        ]
        return self._facts_by_id(sorted(ids))

    def search_facts(self, query: str, limit: int = 10) -> list[Fact]:
        """Full-text search over fact quotes and statements (diacritics removed)."""
        from planbot.text import tokens

        words = [w for w in tokens(query) if len(w) > 1][:12]
        if not words:
            return []
        match = " OR ".join(f'"{w}"*' for w in words)
        ids = [
            r[0]
            for r in self.conn.execute(
                "select rowid from facts_fts where facts_fts match ? order by rank limit ?", [match, limit]
            )
        ]
        return self._facts_by_id(ids)

    def _facts_by_id(self, ids: list[int]) -> list[Fact]:
        """The facts with these ids, in the order given."""
        marks = ", ".join("?" * len(ids))
        rows = {
            row["id"]: row for row in self.conn.execute(f"select * from facts where id in ({marks})", ids)
        }
        return [self._fact(rows[i]) for i in ids if i in rows]


class _Measures(Mapping[str, MeasureInfo]):
    """The catalogue, a measure read when first asked for."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._found: dict[str, MeasureInfo | None] = {}

    def __getitem__(self, measure_id: str) -> MeasureInfo:
        found = self._found.get(measure_id, _UNSEEN)
        if found is _UNSEEN:
            if len(self._found) >= MEASURES_KEPT:
                self._found.clear()
            row = self._conn.execute("select * from measures where id = ?", (measure_id,)).fetchone()
            found = self._found[measure_id] = None if row is None else _measure(row)
        if found is None:
            raise KeyError(measure_id)
        return found  # type: ignore[return-value]

    def __contains__(self, measure_id: object) -> bool:
        return isinstance(measure_id, str) and self.get(measure_id) is not None

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._conn.execute("select id from measures order by rowid"))

    def __len__(self) -> int:
        return self._conn.execute("select count(*) from measures").fetchone()[0]

    def values(self) -> ValuesView[MeasureInfo]:
        """Every measure, read in one pass."""
        return _AllMeasures(self)


class _AllMeasures(ValuesView[MeasureInfo]):
    def __init__(self, measures: _Measures) -> None:
        super().__init__(measures)
        self._conn = measures._conn

    def __iter__(self) -> Iterator[MeasureInfo]:
        return (_measure(row) for row in self._conn.execute("select * from measures order by rowid"))


def _measure(row: sqlite3.Row) -> MeasureInfo:
    return MeasureInfo(
        row["id"], row["name"], tuple(json.loads(row["synonyms"])), row["malomrade"],
        tuple(json.loads(row["units"])), row["direction"], row["description"],
    )  # fmt: skip


class _Facts(Collection[Fact]):
    """Every fact, read in one pass when iterated (for exports and statistics)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def __iter__(self) -> Iterator[Fact]:
        return (self._kb._fact(row) for row in self._kb.conn.execute("select * from facts order by id"))

    def __len__(self) -> int:
        return self._kb.conn.execute("select count(*) from facts").fetchone()[0]

    def __contains__(self, fact: object) -> bool:
        return isinstance(fact, Fact) and fact in self._kb.facts_of(fact.measure_id)


class _FactsByMeasure(Mapping[str, list[Fact]]):
    """Each measure's facts (read each time: callers keep what they need)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def __getitem__(self, measure_id: str) -> list[Fact]:
        facts = self._kb.facts_of(measure_id)
        if not facts:
            raise KeyError(measure_id)
        return facts

    def __iter__(self) -> Iterator[str]:
        sql = "select measure_id from facts group by measure_id order by min(id)"
        return (row[0] for row in self._kb.conn.execute(sql))

    def __len__(self) -> int:
        return self._kb.conn.execute("select count(distinct measure_id) from facts").fetchone()[0]


def open_knowledge_base() -> KnowledgeBase:
    """The knowledge base named by the settings, built first when missing, stale or built by
    another version of planbot."""
    settings = get_settings()
    if settings.auto_build:
        stale = is_stale(settings.knowledge_dir, settings.kb_path)
        if stale or built_version(settings.kb_path) != SCHEMA_VERSION:
            from planbot.knowledge.build import build  # the build's libraries only when building

            build(settings.knowledge_dir, settings.kb_path)
    return KnowledgeBase(settings.kb_path)
