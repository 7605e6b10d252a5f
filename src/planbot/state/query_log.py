"""The query log (who asked what, which facts answered, when) and its retention.

Writes go through a bounded queue to one writer thread, so a request never waits on
SQLite's fsync; the writer commits in batches and prunes rows older than the retention.
A batch that cannot be written is logged and dropped, never the writer: it runs as a
planbot.background.Worker (restarted if its loop fails) and shows on /healthz. When the
queue is full (the database is gone), entries are dropped and counted rather than kept.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import sqlite3
import threading
import time
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from planbot.answer.model import Answer
from planbot.background import Worker
from planbot.state import connect

log = logging.getLogger(__name__)
PRUNE_EVERY_S = 3600.0
MAX_QUEUED = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Entry:
    asked_at: str
    surface: str
    user_id: str | None
    channel_id: str | None
    query: str
    intent: str
    status: str
    fact_ids: str
    duration_ms: float


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _text(value: object) -> str | None:
    """Text SQLite can store: a lone surrogate (from JSON's "\\ud800") becomes U+FFFD; not text: str()."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return _SURROGATE.sub("\ufffd", text)


class QueryLog:
    """Append-only log of answered questions; `days=0` disables it."""

    def __init__(self, path: Path, days: int) -> None:
        self.path = path
        self.days = days
        self._queue: queue.Queue[Entry | None] = queue.Queue(MAX_QUEUED)
        self._worker = Worker("query-log", self._write_forever)
        self._flushed = threading.Condition()
        self._pending = 0
        self._reopen = threading.Event()
        self.written = 0
        self.dropped = 0

    def record(
        self, surface: str, answer: Answer, user_id: str | None, channel_id: str | None, duration_ms: float
    ) -> None:
        if self.days <= 0:
            return
        self.start()
        entry = Entry(
            now_iso(), surface, _text(user_id), _text(channel_id), _text(answer.query[:2000]) or "",
            answer.intent, answer.status, json.dumps([f.id for f in answer.facts]), round(duration_ms, 3),
        )  # fmt: skip
        with self._flushed:
            self._pending += 1
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            with self._flushed:
                self._pending -= 1
            self.dropped += 1

    def start(self) -> None:
        """Start the writer now (it also starts with the first entry)."""
        if self.days > 0:
            self._worker.start()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every recorded entry is committed (tests, shutdown)."""
        with self._flushed:
            self._flushed.wait_for(lambda: self._pending == 0, timeout)

    def reopen(self) -> None:
        """Use a new connection from the next batch on (the database file was replaced)."""
        self._reopen.set()

    def close(self) -> None:
        if self._worker.alive:
            self._queue.put(None)
            self._worker.stop(timeout=5)

    def health(self) -> dict[str, Any]:
        return {
            **self._worker.health(),
            "alive": self._worker.alive or self.days <= 0,
            "queued": self._queue.qsize(),
            "written": self.written,
            "dropped": self.dropped,
        }

    def _write_forever(self, stop: threading.Event) -> None:
        conn = self._connect()
        pruned_at = time.monotonic()
        try:
            while not stop.is_set():
                batch = [self._queue.get()]
                while len(batch) < 500:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                entries = [e for e in batch if e is not None]
                if self._reopen.is_set():
                    self._reopen.clear()
                    conn.close()
                    conn = self._connect()
                try:
                    _insert(conn, entries)
                    self.written += len(entries)
                except Exception:  # one bad batch must not stop the log
                    self.dropped += len(entries)
                    log.exception("query log: %d entries not written", len(entries))
                finally:
                    with self._flushed:
                        self._pending -= len(entries)
                        self._flushed.notify_all()
                if time.monotonic() - pruned_at > PRUNE_EVERY_S:
                    prune(conn, self.days)
                    pruned_at = time.monotonic()
                if None in batch:
                    return
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        conn = connect(self.path)
        conn.execute("PRAGMA synchronous = NORMAL")
        prune(conn, self.days)
        return conn


def _insert(conn: sqlite3.Connection, entries: list[Entry]) -> None:
    if not entries:
        return
    conn.execute("BEGIN")
    try:
        conn.executemany(
            "INSERT INTO query_log (asked_at, surface, user_id, channel_id, query, intent, status, fact_ids,"
            " duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [astuple(e) for e in entries],
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def prune(conn: sqlite3.Connection, days: int, now: datetime | None = None) -> int:
    """Delete query-log rows older than `days`; returns how many."""
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="milliseconds")
    return conn.execute("DELETE FROM query_log WHERE asked_at < ?", [cutoff]).rowcount
