"""The query log (who asked what, which facts answered, when) and its retention.

Writes go through a queue to one writer thread, so a request never waits on SQLite's
fsync; the writer commits in batches and prunes rows older than the retention.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from planbot.answer.model import Answer
from planbot.state import connect

log = logging.getLogger(__name__)
PRUNE_EVERY_S = 3600.0


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


class QueryLog:
    """Append-only log of answered questions; `days=0` disables it."""

    def __init__(self, path: Path, days: int) -> None:
        self.path = path
        self.days = days
        self._queue: queue.Queue[Entry | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._flushed = threading.Condition()
        self._pending = 0

    def record(
        self, surface: str, answer: Answer, user_id: str | None, channel_id: str | None, duration_ms: float
    ) -> None:
        if self.days <= 0:
            return
        entry = Entry(
            now_iso(), surface, user_id, channel_id, answer.query[:2000], answer.intent, answer.status,
            json.dumps([f.id for f in answer.facts]), round(duration_ms, 3),
        )  # fmt: skip
        with self._flushed:
            self._pending += 1
        self._ensure_writer()
        self._queue.put(entry)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every recorded entry is committed (tests, shutdown)."""
        with self._flushed:
            self._flushed.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _ensure_writer(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._write_forever, name="query-log", daemon=True)
            self._thread.start()

    def _write_forever(self) -> None:
        conn = connect(self.path)
        conn.execute("PRAGMA synchronous = NORMAL")
        prune(conn, self.days)
        pruned_at = time.monotonic()
        while True:
            batch = [self._queue.get()]
            while len(batch) < 500:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            entries = [e for e in batch if e is not None]
            try:
                _insert(conn, entries)
            except sqlite3.Error:
                log.exception("query log: %d entries not written", len(entries))
            with self._flushed:
                self._pending -= len(entries)
                self._flushed.notify_all()
            if time.monotonic() - pruned_at > PRUNE_EVERY_S:
                prune(conn, self.days)
                pruned_at = time.monotonic()
            if None in batch:
                conn.close()
                return


def _insert(conn: sqlite3.Connection, entries: list[Entry]) -> None:
    if not entries:
        return
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO query_log (asked_at, surface, user_id, channel_id, query, intent, status, fact_ids,"
        " duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (e.asked_at, e.surface, e.user_id, e.channel_id, e.query, e.intent, e.status, e.fact_ids,
             e.duration_ms)
            for e in entries
        ],
    )  # fmt: skip
    conn.execute("COMMIT")


def prune(conn: sqlite3.Connection, days: int, now: datetime | None = None) -> int:
    """Delete query-log rows older than `days`; returns how many."""
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="milliseconds")
    return conn.execute("DELETE FROM query_log WHERE asked_at < ?", [cutoff]).rowcount
