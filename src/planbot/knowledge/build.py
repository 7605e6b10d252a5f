"""Build the SQLite knowledge base from knowledge/: a new file, then an atomic rename."""

from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from planbot.knowledge.load import Knowledge, load_checked
from planbot.periods import as_of_date, is_long_term, period_year
from planbot.text import fold

SCHEMA_VERSION = 1
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
    "glossary": {"term": _TEXT, "means": _TEXT},
    "facts": {
        "id": _INT, "source_id": _TEXT, "measure_id": _TEXT, "kind": _TEXT, "period": _TEXT,
        "year": _INT, "long_term": _INT, "as_of": _TEXT, "as_of_date": _TEXT, "value": _REAL,
        "text": _TEXT, "unit": _TEXT, "qualifier": _TEXT, "section": _TEXT, "line_first": _INT,
        "line_last": _INT, "quote": _TEXT, "search_text": _TEXT,
    },
}  # fmt: skip
PKS = {"sources": "id", "source_texts": "file", "measures": "id", "glossary": "term", "facts": "id"}
FOREIGN_KEYS = {"facts": [("source_id", "sources", "id"), ("measure_id", "measures", "id")]}


def _rows(knowledge: Knowledge) -> dict[str, list[dict[str, object]]]:
    sources = [s.model_dump() for s in knowledge.sources.values()]
    # Each document's text once, however many source entries cite the file.
    source_texts = [
        {"file": file, "text": (knowledge.root / "sources" / file).read_text(encoding="utf-8")}
        for file in sorted({s.file for s in knowledge.sources.values()})
    ]
    measures = [
        {
            **m.model_dump(exclude={"synonyms", "units"}),
            "synonyms": json.dumps(m.synonyms, ensure_ascii=False),
            "units": json.dumps(m.units, ensure_ascii=False),
            "search_text": fold(" ".join([m.name, *m.synonyms, m.id.replace("_", " ")])),
        }
        for m in knowledge.measures.values()
    ]
    facts = []
    for number, fact in enumerate(knowledge.facts, start=1):
        r = fact.record
        source = knowledge.sources[fact.source_id]
        facts.append(
            {
                "id": number,
                "source_id": fact.source_id,
                "measure_id": r.measure,
                "kind": r.kind,
                "period": r.period,
                "year": period_year(r.period),
                "long_term": is_long_term(r.period),
                "as_of": r.as_of,
                "as_of_date": as_of_date(r.as_of, source.date),
                "value": r.value,
                "text": r.text,
                "unit": r.unit,
                "qualifier": r.qualifier,
                "section": r.section,
                "line_first": r.lines[0],
                "line_last": r.lines[1],
                "quote": r.quote,
                "search_text": fold(" ".join(filter(None, [r.text, r.quote, r.qualifier, r.section]))),
            }
        )
    glossary = [{"term": t.term, "means": t.means} for t in knowledge.glossary]
    return {
        "sources": sources, "source_texts": source_texts, "measures": measures, "glossary": glossary,
        "facts": facts,
    }  # fmt: skip


def write_database(knowledge: Knowledge, path: Path) -> dict[str, int]:
    """Write `knowledge` to a fresh database at `path`, replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        db.conn.execute("PRAGMA journal_mode = OFF")
        db.conn.execute("PRAGMA synchronous = OFF")
        rows = _rows(knowledge)
        with db.conn:
            for name, columns in TABLES.items():
                db.table(name).create(columns, pk=PKS[name], foreign_keys=FOREIGN_KEYS.get(name))
                # Rows are already flat and typed: insert them in one executemany.
                names = list(columns)
                placeholders = ", ".join("?" * len(names))
                db.conn.executemany(
                    f"INSERT INTO [{name}] ({', '.join(f'[{c}]' for c in names)}) VALUES ({placeholders})",
                    ([row.get(c) for c in names] for row in rows[name]),
                )
            db.table("facts").create_index(["measure_id", "kind"])
            db.table("meta").insert_all([{"key": "schema_version", "value": str(SCHEMA_VERSION)}], pk="key")
        tokenize = "unicode61 remove_diacritics 2"
        db.table("measures").enable_fts(["search_text"], tokenize=tokenize)
        db.table("facts").enable_fts(["search_text"], tokenize=tokenize)
        db.conn.execute("PRAGMA user_version = 1")
        db.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return {name: len(items) for name, items in rows.items() if name not in ("source_texts", "glossary")}


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


def build(root: Path, path: Path) -> dict[str, int]:
    """Check knowledge/ (raising KnowledgeError on any problem) and build the database."""
    with _no_gc():
        return write_database(load_checked(root), path)
