"""Build the SQLite knowledge base from knowledge/: a new file, then an atomic rename.

The build streams: the catalogue (sources, measures, glossary) is read first; then each
facts file is read, validated and checked on its own (in a pool of processes when there are
many) and its rows are written as they come, so no step holds every fact. The engine's word
statistics over all facts (planbot.answer.snapshot) are added up along the way and written
as tables of their own, so that the engine reads them instead of computing them at start.
Any problem fails the build listing every problem, as `planbot kb check` does; the old
database stays in place.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from planbot.answer.model import Fact
from planbot.answer.snapshot import FileWords, Snapshot, build_describer, describe_file
from planbot.errors import KnowledgeError
from planbot.knowledge.check import FactChecker, duplicate_key, source_problems
from planbot.knowledge.load import (
    Catalogue,
    Knowledge,
    LocatedFact,
    facts_file,
    fast_facts_file,
    load_catalogue,
    load_checked,
    parse_yaml,
)
from planbot.knowledge.models import EnglishTerm
from planbot.knowledge.store import SCHEMA_VERSION
from planbot.periods import as_of_date, is_long_term, period_year
from planbot.query.glossary import Glossary, measure_names
from planbot.text import fold

PARALLEL_MIN_FILES = 16
_TEXT, _INT, _REAL = str, int, float
TABLES: dict[str, dict[str, type]] = {
    "sources": {
        "id": _TEXT, "file": _TEXT, "title": _TEXT, "kind": _TEXT, "date": _TEXT, "sha256": _TEXT,
        "original_name": _TEXT, "note": _TEXT,
    },
    "source_texts": {"file": _TEXT, "text": _TEXT},
    "measures": {
        "id": _TEXT, "name": _TEXT, "synonyms": _TEXT, "malomrade": _TEXT, "units": _TEXT,
        "direction": _TEXT, "description": _TEXT, "search_text": _TEXT,
    },
    "glossary": {"term": _TEXT, "means": _TEXT, "english": _INT, "english_only": _INT},
    "names": {"name": _TEXT, "kind": _TEXT, "spellings": _TEXT},
    "facts": {
        "id": _INT, "source_id": _TEXT, "measure_id": _TEXT, "kind": _TEXT, "period": _TEXT,
        "year": _INT, "long_term": _INT, "as_of": _TEXT, "as_of_date": _TEXT, "value": _REAL,
        "text": _TEXT, "unit": _TEXT, "qualifier": _TEXT, "section": _TEXT, "line_first": _INT,
        "line_last": _INT, "quote": _TEXT, "search_text": _TEXT,
    },
}  # fmt: skip
PKS = {
    "sources": "id",
    "source_texts": "file",
    "measures": "id",
    "glossary": "term",
    "names": "name",
    "facts": "id",
}
FOREIGN_KEYS = {"facts": [("source_id", "sources", "id"), ("measure_id", "measures", "id")]}


# -- one facts file ---------------------------------------------------------------------------


@dataclass
class FileResult:
    """One facts file read: its rows (without ids), its problems and its words."""

    source_id: str | None
    rows: list[tuple[object, ...]] = field(default_factory=list)
    parse_problems: list[str] = field(default_factory=list)
    record_problems: list[str] = field(default_factory=list)
    check_problems: list[str] = field(default_factory=list)
    words: FileWords = field(default_factory=FileWords)


class FactsReader:
    """Reads, validates and checks facts files, one at a time (one reader per process)."""

    def __init__(
        self,
        root: Path,
        sources: Mapping[str, tuple[str, str]],
        units: Mapping[str, Sequence[str]],
        glossary: Sequence[tuple[str, str, bool, bool]],
    ) -> None:
        self.sources = sources  # id → (file, date)
        self.checker = FactChecker(root, {s: file for s, (file, _) in sources.items()}, units)
        self.describer = build_describer(glossary)

    def read(self, path: Path) -> FileResult:
        facts = fast_facts_file(path, self.sources)
        if facts is not None:
            result = FileResult(facts[0].source_id if facts else None)
            self._check(facts, result)
            if not result.check_problems:
                self._rows(facts, result)
                return result
        # Something is wrong with the file: read it again with line numbers, to say what and where.
        data, problem = parse_yaml(path)
        result = FileResult(None)
        if problem:
            result.parse_problems.append(problem)
        facts = facts_file(path, data, self.sources, result.record_problems)
        result.source_id = facts[0].source_id if facts else None
        self._check(facts, result)
        return result

    def _check(self, facts: list[LocatedFact], result: FileResult) -> None:
        seen: dict[tuple[object, ...], str] = {}
        for fact in facts:
            result.check_problems.extend(self.checker.problems(fact))
            key = duplicate_key(fact)
            if key in seen:
                result.check_problems.append(f"{fact.where()}: duplicate of {seen[key]}")
            else:
                seen[key] = fact.where()

    def _rows(self, facts: list[LocatedFact], result: FileResult) -> None:
        made = []
        for fact in facts:
            r = fact.record
            result.rows.append(
                (
                    fact.source_id, r.measure, r.kind, r.period, period_year(r.period),
                    is_long_term(r.period), r.as_of, as_of_date(r.as_of, self.sources[fact.source_id][1]),
                    r.value, r.text, r.unit, r.qualifier, r.section, r.lines[0], r.lines[1], r.quote,
                    fold(" ".join(filter(None, [r.text, r.quote, r.qualifier, r.section]))),
                )
            )  # fmt: skip
            made_fact = Fact(
                0, r.measure, "", r.kind, r.period, r.value, r.unit, r.text, None, qualifier=r.qualifier
            )
            made.append((made_fact, r.quote))
        result.words = describe_file(made, self.describer)


_READER: FactsReader | None = None


def _start_worker(*args: object) -> None:
    global _READER
    gc.disable()  # a worker's objects live one file long; see _no_gc
    _READER = FactsReader(*args)  # type: ignore[arg-type]


def _read_in_worker(path: Path) -> FileResult:
    assert _READER is not None
    return _READER.read(path)


def _read_files(reader_args: tuple[object, ...], paths: list[Path]) -> Iterator[FileResult]:
    """Every facts file read, in order; on every core when there are many."""
    if len(paths) < PARALLEL_MIN_FILES or (os.cpu_count() or 1) < 2:
        reader = FactsReader(*reader_args)  # type: ignore[arg-type]
        yield from (reader.read(p) for p in paths)
        return
    with ProcessPoolExecutor(initializer=_start_worker, initargs=reader_args) as pool:
        yield from pool.map(_read_in_worker, paths, chunksize=4)


# -- the database --------------------------------------------------------------------------------


@contextmanager
def _new_database(path: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh database beside `path`, renamed onto it when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        db.conn.execute("PRAGMA journal_mode = OFF")
        db.conn.execute("PRAGMA synchronous = OFF")
        yield db
        db.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _insert(conn: sqlite3.Connection, table: str, rows: Iterable[Sequence[object]]) -> None:
    names = list(TABLES[table])
    placeholders = ", ".join("?" * len(names))
    columns = ", ".join(f"[{c}]" for c in names)
    conn.executemany(f"INSERT INTO [{table}] ({columns}) VALUES ({placeholders})", rows)


def _catalogue_rows(root: Path, catalogue: Catalogue) -> dict[str, list[tuple[object, ...]]]:
    def row(table: str, data: Mapping[str, object]) -> tuple[object, ...]:
        return tuple(data.get(c) for c in TABLES[table])

    return {
        "sources": [row("sources", s.model_dump()) for s in catalogue.sources.values()],
        # Each document's text once, however many source entries cite the file.
        "source_texts": [
            (file, (root / "sources" / file).read_text(encoding="utf-8"))
            for file in sorted({s.file for s in catalogue.sources.values()})
        ],
        "measures": [
            row(
                "measures",
                {
                    **m.model_dump(exclude={"synonyms", "units"}),
                    "synonyms": json.dumps(m.synonyms, ensure_ascii=False),
                    "units": json.dumps(m.units, ensure_ascii=False),
                    "search_text": fold(" ".join([m.name, *m.synonyms, m.id.replace("_", " ")])),
                },
            )
            for m in catalogue.measures.values()
        ],
        "glossary": [
            (
                t.term,
                t.means,
                int(isinstance(t, EnglishTerm)),
                int(isinstance(t, EnglishTerm) and t.english_only),
            )
            for t in catalogue.glossary
        ],
        "names": [
            (n.name, n.kind, json.dumps([n.name, *n.also], ensure_ascii=False)) for n in catalogue.names
        ],
    }


def _duplicated_across_files(conn: sqlite3.Connection, sources: Iterable[str]) -> bool:
    """Whether a fact is curated twice in two files naming the same source (one file each is
    checked as it is read)."""
    marks = ", ".join("?" * len(ids := list(sources)))
    row = conn.execute(
        "SELECT 1 FROM facts WHERE source_id IN (" + marks + ") GROUP BY source_id, measure_id, kind, period,"
        " as_of, qualifier, value, text, unit HAVING count(*) > 1 LIMIT 1",
        ids,
    ).fetchone()
    return row is not None


def build(root: Path, path: Path) -> dict[str, int]:
    """Check knowledge/ (raising KnowledgeError on any problem) and build the database."""
    with _no_gc():
        catalogue = load_catalogue(root)
        knowledge = Knowledge(root, catalogue.sources, catalogue.measures, catalogue.measure_files, [])
        checked_sources = source_problems(knowledge)
        glossary = [
            (t.term, t.means, isinstance(t, EnglishTerm), isinstance(t, EnglishTerm) and t.english_only)
            for t in catalogue.glossary
        ]
        reader_args = (
            root,
            {s.id: (s.file, s.date) for s in catalogue.sources.values()},
            {m.id: m.units for m in catalogue.measures.values()},
            glossary,
        )
        parse_problems: list[str] = []
        record_problems: list[str] = []
        check_problems: list[str] = []
        files_per_source: Counter[str] = Counter()
        snapshot = Snapshot()
        with _new_database(path) as db:
            for name, columns in TABLES.items():
                db.table(name).create(columns, pk=PKS[name], foreign_keys=FOREIGN_KEYS.get(name))
            conn = db.conn
            with conn:
                for name, rows in _catalogue_rows(root, catalogue).items():
                    _insert(conn, name, rows)
                facts = 0
                fact_paths = sorted((root / "facts").glob("**/*.yaml"))
                for result in _read_files(reader_args, fact_paths):
                    parse_problems += result.parse_problems
                    record_problems += result.record_problems
                    check_problems += result.check_problems
                    if result.source_id is not None:
                        files_per_source[result.source_id] += 1
                    if catalogue.problems or parse_problems or record_problems or check_problems:
                        continue  # the build fails: read on only to list every problem
                    _insert(conn, "facts", ((facts + n, *row) for n, row in enumerate(result.rows, start=1)))
                    facts += len(result.rows)
                    snapshot.add(result.words)
                    if result.rows:
                        snapshot.sources[result.source_id or ""] += len(result.rows)
                problems = (
                    catalogue.problems + parse_problems + record_problems + catalogue.glossary_problems
                    + checked_sources + check_problems
                )  # fmt: skip
                shared = [s for s, n in files_per_source.items() if n > 1]
                if shared and (problems or _duplicated_across_files(conn, shared)):
                    load_checked(root)  # lists the duplicates among the rest, file by file
                if problems:
                    raise KnowledgeError(problems)
                db.table("facts").create_index(["measure_id", "kind"])
                db.table("facts").create_index(["source_id", "line_first"])
                db.table("meta").insert_all(
                    [{"key": "schema_version", "value": str(SCHEMA_VERSION)}], pk="key"
                )
                names = Glossary(glossary)
                snapshot.write(
                    conn,
                    {
                        m.id: measure_names(m.name, m.synonyms, m.id, names)
                        for m in catalogue.measures.values()
                    },
                )
            tokenize = "unicode61 remove_diacritics 2"
            db.table("measures").enable_fts(["search_text"], tokenize=tokenize)
            db.table("facts").enable_fts(["search_text"], tokenize=tokenize)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return {"sources": len(catalogue.sources), "measures": len(catalogue.measures), "facts": facts}


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a build creates hundreds of thousands of objects
    that live until it ends, and repeated full collections would scan them all (3× slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
