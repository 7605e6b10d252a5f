"""The engine's word statistics over the whole knowledge base: counted when it is built,
stored in tables of its own, read a row at a time when a question first needs it.

Two things cannot be known from one measure's facts: the measure index (which measures a
word of a name, a synonym or a fact names, and how rare the word is: query.resolve) and how
rare each word describing a fact is among all facts (answer.fit.Describer). The build
(knowledge.build) feeds every fact to `describe_file`, file by file and possibly in other
processes, adds the parts up in a `Snapshot` and `write`s it into the new database; at run
time `measure_index` and `fact_word_idf` are mappings over those tables. So starting does
not grow with the knowledge base, and memory holds only the words questions have touched.

Both are computed by the engine's own code (MeasureIndex, Describer), so they are exactly
what the engine computed over every fact at start-up before.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from planbot.answer.fit import Describer, affirmed, word_idf
from planbot.answer.model import Fact
from planbot.query.glossary import Glossary
from planbot.query.resolve import MeasureIndex

V = TypeVar("V")
CACHE_MAX = 200_000  # rows remembered per table before the cache starts over

SCHEMA = """
CREATE TABLE snapshot_stems (
  position INTEGER PRIMARY KEY,  -- in the sorted vocabulary
  stem TEXT NOT NULL UNIQUE,
  measures TEXT NOT NULL,        -- ids of the measures whose name or synonym has it, space-separated
  details TEXT NOT NULL,         -- ids of the other measures whose facts' words have it
  idf REAL NOT NULL,
  stop INTEGER NOT NULL          -- in so many names that it is not scored
);
CREATE TABLE snapshot_phrases (measure_id TEXT PRIMARY KEY, phrases TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE snapshot_tails (tail TEXT PRIMARY KEY, stems TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE snapshot_fact_words (word TEXT PRIMARY KEY, idf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE snapshot_source_facts (source_id TEXT PRIMARY KEY, facts INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE snapshot_known_words (word TEXT PRIMARY KEY) WITHOUT ROWID;  -- any fact's or quote's
"""


# -- at build time ------------------------------------------------------------------------------


@dataclass
class FileWords:
    """What one facts file adds to the snapshot (small and picklable)."""

    words: Counter[str] = field(default_factory=Counter)  # description word → facts it describes
    details: dict[str, dict[str, None]] = field(default_factory=dict)  # measure → its facts' texts
    facts: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    known: set[str] = field(default_factory=set)  # the words of the descriptions and quotes


def describe_file(facts: Iterable[tuple[Fact, str]], describer: Describer) -> FileWords:
    """The words of one file's facts (each `Fact` as the knowledge base will hold it, with
    its quote)."""
    out = FileWords()
    for fact, quote in facts:
        out.facts += 1
        out.words.update(describer.of(fact))
        out.known |= describer.known(fact, quote)
        texts = out.details.setdefault(fact.measure_id, {})
        texts[affirmed(fact.qualifier or "")] = None
        if fact.kind == "statement":
            texts[fact.stated or ""] = None
        if fact.source:
            out.sources[fact.source.source_id] += 1
    return out


def build_describer(glossary: Iterable[tuple[str, str, bool, bool]]) -> Describer:
    """A describer for the build: words of facts it has not been given."""
    return Describer({}, Glossary(glossary))


@dataclass
class Snapshot:
    """The parts added up, then written into the new database."""

    words: Counter[str] = field(default_factory=Counter)
    details: dict[str, dict[str, None]] = field(default_factory=dict)
    facts: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    known: set[str] = field(default_factory=set)

    def add(self, part: FileWords) -> None:
        self.words.update(part.words)
        self.known |= part.known
        for measure_id, texts in part.details.items():
            self.details.setdefault(measure_id, {}).update(texts)
        self.facts += part.facts
        self.sources.update(part.sources)

    def write(self, conn: sqlite3.Connection, phrases: Mapping[str, Sequence[str]]) -> None:
        """Store the index of the measures named by `phrases` (their names: see
        answer.engine.measure_names) and the word statistics."""
        index = MeasureIndex(dict(phrases), self.details)
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT INTO snapshot_stems VALUES (?, ?, ?, ?, ?, ?)",
            (
                (position, s, " ".join(sorted(index.postings[s])), " ".join(sorted(index.details.get(s, ()))),
                 index.idf[s], s in index.stop_stems)
                for position, s in enumerate(index.vocab)
            ),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO snapshot_phrases VALUES (?, ?)",
            ((m, json.dumps(p, ensure_ascii=False)) for m, p in index.phrases.items()),
        )
        conn.executemany(
            "INSERT INTO snapshot_tails VALUES (?, ?)", ((t, " ".join(s)) for t, s in index.tails.items())
        )
        conn.executemany(
            "INSERT INTO snapshot_fact_words VALUES (?, ?)", word_idf(self.words, self.facts).items()
        )
        conn.executemany("INSERT INTO snapshot_source_facts VALUES (?, ?)", self.sources.items())
        conn.executemany("INSERT INTO snapshot_known_words VALUES (?)", ((w,) for w in sorted(self.known)))


# -- at run time --------------------------------------------------------------------------------

_UNSEEN = object()


class _Rows(Generic[V]):
    """Rows of one table by key, read when first asked for and remembered (None: no row). A key
    longer than the table's longest cannot be one: no query ("xxx…" typed 3000 times)."""

    def __init__(
        self, conn: sqlite3.Connection, table: str, key: str, columns: str, make: Callable[..., V]
    ) -> None:
        self._conn, self._make = conn, make
        self._sql = f"SELECT {columns} FROM {table} WHERE {key} = ?"
        self._keys_sql = f"SELECT {key} FROM {table}"
        longest = f"SELECT coalesce(max(length({key})), 0) FROM {table}"
        self.longest: int = conn.execute(longest).fetchone()[0]
        self.found: dict[object, V | None] = {}

    def get(self, key: str) -> V | None:
        found = self.found.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(key) > self.longest:
                return None
            if len(self.found) >= CACHE_MAX:
                self.found.clear()
            row = self._conn.execute(self._sql, (key,)).fetchone()
            found = self.found[key] = None if row is None else self._make(*row)
        return found  # type: ignore[return-value]

    def every_key(self) -> Iterator[str]:
        return (row[0] for row in self._conn.execute(self._keys_sql))


class _Table(Mapping[str, V]):
    """A read-only mapping over one table; iterating it reads every key."""

    def __init__(self, rows: _Rows[V]) -> None:
        self._rows = rows

    def get(self, key: str, default: object = None) -> V | object:  # type: ignore[override]
        found = self._rows.get(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> V:
        found = self._rows.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._rows.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return self._rows.every_key()

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Measures(AbstractSet[str]):
    """The measures a stem points at, read when first looked into (whether there are any is
    known without: most lookups ask only that)."""

    __slots__ = ("_any", "_column", "_conn", "_ids", "_stem")

    def __init__(self, conn: sqlite3.Connection, stem: str, column: str, any_: bool) -> None:
        self._conn, self._stem, self._column, self._any = conn, stem, column, any_
        self._ids: frozenset[str] | None = None

    def _load(self) -> frozenset[str]:
        if self._ids is None:
            sql = f"SELECT {self._column} FROM snapshot_stems WHERE stem = ?"
            self._ids = frozenset(self._conn.execute(sql, (self._stem,)).fetchone()[0].split())
        return self._ids

    def __bool__(self) -> bool:
        return self._any

    def __contains__(self, measure_id: object) -> bool:
        return self._any and measure_id in self._load()

    def __iter__(self) -> Iterator[str]:
        return iter(self._load()) if self._any else iter(())

    def __len__(self) -> int:
        return len(self._load()) if self._any else 0

    def __repr__(self) -> str:
        return f"_Measures({self._stem!r}, {sorted(self)!r})"


def measure_index(conn: sqlite3.Connection) -> MeasureIndex:
    """The measure index over the tables `Snapshot.write` made: the vocabulary read at once (a
    few thousand stems, each with how rare it is), the measures of a stem, a measure's phrases
    and a tail's stems when first looked up."""
    postings: dict[str, _Measures] = {}
    details: dict[str, _Measures] = {}
    idf: dict[str, float] = {}
    stop: set[str] = set()
    rows = conn.execute(
        "SELECT stem, measures != '', details != '', idf, stop FROM snapshot_stems ORDER BY position"
    )
    for stem, named, detailed, rarity, common in rows:
        postings[stem] = _Measures(conn, stem, "measures", bool(named))
        if detailed:
            details[stem] = _Measures(conn, stem, "details", True)
        idf[stem] = rarity
        if common:
            stop.add(stem)
    vocab = list(postings)
    phrases = _Rows(
        conn, "snapshot_phrases", "measure_id", "phrases", lambda p: [tuple(x) for x in json.loads(p)]
    )
    tails = _Rows(conn, "snapshot_tails", "tail", "stems", lambda s: s.split())
    return MeasureIndex.of(
        phrases=_Table(phrases),
        postings=postings,
        details=details,
        idf=idf,
        vocab=vocab,
        name_vocab=[v for v in vocab if postings[v]],
        tails=_Table(tails),
        stop_stems=frozenset(stop),
    )


def fact_word_idf(conn: sqlite3.Connection) -> Mapping[str, float]:
    """How rare each word describing a fact is among all facts (Describer.idf)."""
    return _Table(_Rows(conn, "snapshot_fact_words", "word", "idf", float))


def known_words(conn: sqlite3.Connection) -> Iterator[str]:
    """Every word a fact is described or quoted with, in order."""
    return (word for (word,) in conn.execute("SELECT word FROM snapshot_known_words ORDER BY word"))


def source_facts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many facts cite each source."""
    return dict(conn.execute("SELECT source_id, facts FROM snapshot_source_facts"))
