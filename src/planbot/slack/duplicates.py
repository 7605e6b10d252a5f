"""Slack retries and duplicate deliveries never produce a second answer.

Slack re-sends an event (with `X-Slack-Retry-Num`) when it did not see a 200 in time, and
may deliver one event twice. An event id already recorded in the runtime database is
acknowledged and dropped by the middleware here. The listeners record the id only after
they stored their work in the outbox (whose unique key is the event id too), so a crash
in between makes Slack's retry come through instead of being dropped, and it still
becomes one job. Requests are authenticated before they get here, so forged requests
cannot fill the table.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from planbot.state import connect

log = logging.getLogger(__name__)
RETENTION = timedelta(days=2)


class SeenEvents:
    """The set of event ids already received, shared by every process on the same state DB."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path)
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._lock = threading.Lock()
        self.prune()

    def known(self, event_id: str) -> bool:
        """Whether `event_id` was recorded already."""
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM slack_events WHERE event_id = ?", [event_id]).fetchone()
        return row is not None

    def record(self, event_id: str, retry_num: int = 0) -> None:
        """Record `event_id` as received (its work, if any, is stored)."""
        self.first_time(event_id, retry_num)

    def first_time(self, event_id: str, retry_num: int = 0) -> bool:
        """Record `event_id`; False when it was already recorded (a retry or a duplicate)."""
        with self._lock:
            cursor = self._conn.execute(
                "INSERT OR IGNORE INTO slack_events (event_id, received_at, retry_num) VALUES (?, ?, ?)",
                [event_id, datetime.now(UTC).isoformat(timespec="milliseconds"), retry_num],
            )
        return cursor.rowcount == 1

    def prune(self, now: datetime | None = None) -> int:
        cutoff = ((now or datetime.now(UTC)) - RETENTION).isoformat(timespec="milliseconds")
        with self._lock:
            return self._conn.execute("DELETE FROM slack_events WHERE received_at < ?", [cutoff]).rowcount

    def reopen(self) -> None:
        """A new connection (the database file was replaced)."""
        with self._lock:
            old, self._conn = self._conn, connect(self.path)
            self._conn.execute("PRAGMA synchronous = NORMAL")
        old.close()

    def close(self) -> None:
        self._conn.close()


def _retry_num(request: BoltRequest) -> int:
    values = request.headers.get("x-slack-retry-num") or ["0"]
    try:
        return int(values[0])
    except ValueError:
        return 0


def register(app: App, seen: SeenEvents) -> None:
    """Install the middleware that drops events already received (recorded by the listeners)."""

    @app.middleware
    def drop_duplicate_events(
        request: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str):
            retry = _retry_num(request)
            try:
                first = not seen.known(event_id)
            except sqlite3.Error:
                log.exception("could not look up event %s; handling it anyway", event_id)
                first = True
            if not first:
                log.info("dropped duplicate event %s (retry %d)", event_id, retry)
                return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
        return next()
