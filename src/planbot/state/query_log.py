"""The query log (who asked what, which facts answered, when) and its retention.

Answering never waits on the database: `record` appends to an in-memory queue (no lock,
no thread woken), and one writer thread commits what has gathered every FLUSH_EVERY_S
in one transaction, so at 300 commands/s the log costs a few inserts per second of
commit work instead of one transaction per answer. The writer prunes rows older than the
retention. A batch that cannot be written is logged and dropped, never the writer: it runs
as a planbot.background.Worker (restarted if its loop fails) and shows on /healthz. When
the queue is full (the database is gone), entries are dropped and counted rather than
kept. What is still queued when the process is killed (at most FLUSH_EVERY_S of answers)
is not logged; SIGTERM writes it.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from planbot import metrics
from planbot.answer.model import Answer
from planbot.background import Worker
from planbot.state import StateDB
from planbot.state.schema import query_log

log = logging.getLogger(__name__)
FLUSH_EVERY_S = 0.5
PRUNE_EVERY_S = 3600.0
MAX_QUEUED = 10_000
MAX_BATCH = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Entry:
    asked_at: float  # epoch seconds; written as UTC ISO 8601 by the writer thread
    surface: str
    user_id: str | None
    channel_id: str | None
    query: str
    intent: str
    status: str
    fact_ids: str
    duration_ms: float


COLUMNS = tuple(f.name for f in fields(Entry))


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")


def _text(value: object) -> str | None:
    """Text a database can store: a lone surrogate (from JSON's "\\ud800") becomes U+FFFD; not text: str()."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return _SURROGATE.sub("\ufffd", text)


class QueryLog:
    """Append-only log of answered questions; `days=0` disables it."""

    def __init__(self, db: StateDB, days: int, flush_every_s: float = FLUSH_EVERY_S) -> None:
        self.db = db
        self.days = days
        self.flush_every_s = flush_every_s
        self._entries: deque[Entry] = deque()
        self._wake = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self._closed = False
        self._worker = Worker("query-log", self._write_forever)
        self.written = 0
        self.dropped = 0

    def record(
        self, surface: str, answer: Answer, user_id: str | None, channel_id: str | None, duration_ms: float
    ) -> None:
        """Queue one answer for the log (returns at once)."""
        if self.days <= 0:
            return
        if not self._worker.alive and not self._closed:
            self._worker.start()
        if len(self._entries) >= MAX_QUEUED:
            self.dropped += 1
            metrics.QUERY_LOG_DROPPED.inc()
            return
        self._entries.append(
            Entry(
                time.time(),
                surface,
                _text(user_id),
                _text(channel_id),
                _text(answer.query[:2000]) or "",
                answer.intent,
                answer.status,
                json.dumps([f.id for f in answer.facts]),
                round(duration_ms, 3),
            )
        )

    def start(self) -> None:
        """Start the writer now (it also starts with the first entry)."""
        if self.days > 0 and not self._closed:
            self._worker.start()

    def flush(self, timeout: float = 5.0) -> None:
        """Write what is queued now and wait until it is committed (tests, shutdown)."""
        if not self._worker.alive:
            return
        with self._idle:
            self._wake.set()
            self._idle.wait_for(lambda: not self._entries and not self._busy, timeout)

    def close(self) -> None:
        """Write what is queued and stop the writer."""
        self._closed = True
        if self._worker.alive:
            self._wake.set()
            self._worker.stop(timeout=5)

    def health(self) -> dict[str, Any]:
        return {
            **self._worker.health(),
            "alive": self._worker.alive or self.days <= 0 or self._closed,
            "queued": len(self._entries),
            "written": self.written,
            "dropped": self.dropped,
        }

    def _write_forever(self, stop: threading.Event) -> None:
        prune(self.db, self.days)
        pruned_at = time.monotonic()
        while True:
            self._wake.wait(self.flush_every_s)
            self._wake.clear()
            while self._entries:
                self._write_batch()
            with self._idle:
                self._idle.notify_all()
            if stop.is_set() or self._closed:
                return
            if time.monotonic() - pruned_at > PRUNE_EVERY_S:
                prune(self.db, self.days)
                pruned_at = time.monotonic()

    def _write_batch(self) -> None:
        with self._idle:
            self._busy = True
        batch: list[Entry] = []
        try:
            while self._entries and len(batch) < MAX_BATCH:
                batch.append(self._entries.popleft())
            _insert(self.db, batch)
            self.written += len(batch)
        except Exception:  # one bad batch must not stop the log
            self.dropped += len(batch)
            metrics.QUERY_LOG_DROPPED.inc(len(batch))
            log.exception("query log: %d entries not written", len(batch))
        finally:
            with self._idle:
                self._busy = False
                self._idle.notify_all()


def _insert(db: StateDB, entries: list[Entry]) -> None:
    if not entries:
        return
    # The rows are made before the write lock is taken (other processes' writes wait for it),
    # and shallow: dataclasses.asdict deep-copies, which cost more than the insert itself.
    rows = [{**{c: getattr(e, c) for c in COLUMNS}, "asked_at": iso(e.asked_at)} for e in entries]
    with db.write() as conn:
        conn.execute(query_log.insert(), rows)


def prune(db: StateDB, days: int, now: datetime | None = None) -> int:
    """Delete query-log rows older than `days`; returns how many."""
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="milliseconds")
    with db.write() as conn:
        return conn.execute(sa.delete(query_log).where(query_log.c.asked_at < cutoff)).rowcount
