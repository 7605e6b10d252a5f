"""Digest state in the runtime database: subscriptions, the sent log and snapshots.

Every state change that decides who posts is one SQL statement whose WHERE clause names
the state it expects (compare-and-set), so two processes can never both win a claim.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from planbot.digest.config import DigestConfig


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def worker_id() -> str:
    """Who holds a claim: host, process and a random part (one per store)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True, slots=True)
class Subscription:
    digest: str
    channel: str
    schedule: str
    origin: str
    created_by: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class SentRow:
    id: int
    digest: str
    channel: str
    scheduled_at: str
    state: str
    attempts: int
    claimed_by: str | None
    claimed_at: float | None
    ts: str | None
    error: str | None


class DigestStore:
    """The digest tables of one runtime-database connection."""

    def __init__(self, conn: sqlite3.Connection, worker: str | None = None) -> None:
        self.conn = conn
        self.worker = worker or worker_id()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # --- subscriptions ---------------------------------------------------------------

    def sync_config(self, config: DigestConfig, now: str | None = None) -> None:
        """Mirror the config file's channels as 'config' subscriptions (new ones start now)."""
        now = now or _now_text()
        wanted = {(d.name, t.channel): t.schedule or d.schedule for d in config.digests for t in d.channels}
        with self._write() as conn:
            rows = conn.execute(
                "SELECT digest, channel, schedule FROM digest_subscriptions WHERE origin = 'config'"
            ).fetchall()
            for row in rows:
                key = (row["digest"], row["channel"])
                if key not in wanted:
                    conn.execute(
                        "DELETE FROM digest_subscriptions"
                        " WHERE digest = ? AND channel = ? AND origin = 'config'",
                        key,
                    )
                elif wanted[key] != row["schedule"]:
                    conn.execute(
                        "UPDATE digest_subscriptions SET schedule = ? WHERE digest = ? AND channel = ?",
                        [wanted[key], *key],
                    )
            for (digest, channel), schedule in wanted.items():
                conn.execute(
                    "INSERT OR IGNORE INTO digest_subscriptions"
                    " (digest, channel, schedule, origin, created_by, created_at)"
                    " VALUES (?, ?, ?, 'config', NULL, ?)",
                    [digest, channel, schedule, now],
                )

    def subscribe(self, digest: str, channel: str, schedule: str, user: str | None) -> bool:
        """Add or reschedule a Slack subscription; True when it is new."""
        with self._write() as conn:
            existing = conn.execute(
                "SELECT origin FROM digest_subscriptions WHERE digest = ? AND channel = ?", [digest, channel]
            ).fetchone()
            if existing:
                conn.execute(
                    "UPDATE digest_subscriptions SET schedule = ?, origin = 'slack', created_by = ?"
                    " WHERE digest = ? AND channel = ?",
                    [schedule, user, digest, channel],
                )
                return False
            conn.execute(
                "INSERT INTO digest_subscriptions (digest, channel, schedule, origin, created_by, created_at)"
                " VALUES (?, ?, ?, 'slack', ?, ?)",
                [digest, channel, schedule, user, _now_text()],
            )
            return True

    def unsubscribe(self, digest: str, channel: str) -> Subscription | None:
        """Remove a subscription; returns what was removed (None: there was none)."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT * FROM digest_subscriptions WHERE digest = ? AND channel = ?", [digest, channel]
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "DELETE FROM digest_subscriptions WHERE digest = ? AND channel = ?", [digest, channel]
            )
            return _subscription(row)

    def subscriptions(self, channel: str | None = None) -> list[Subscription]:
        sql = "SELECT * FROM digest_subscriptions"
        args: list[str] = []
        if channel:
            sql += " WHERE channel = ?"
            args.append(channel)
        rows = self.conn.execute(sql + " ORDER BY digest, channel", args).fetchall()
        return [_subscription(r) for r in rows]

    # --- the sent log ----------------------------------------------------------------

    def row(self, digest: str, channel: str, scheduled_at: str) -> SentRow | None:
        row = self.conn.execute(
            "SELECT * FROM digest_sent WHERE digest = ? AND channel = ? AND scheduled_at = ?",
            [digest, channel, scheduled_at],
        ).fetchone()
        return _sent(row) if row else None

    def last_scheduled(self, digest: str, channel: str) -> str | None:
        """The newest scheduled time in the log for (digest, channel), whatever its state."""
        (value,) = self.conn.execute(
            "SELECT max(scheduled_at) FROM digest_sent WHERE digest = ? AND channel = ?", [digest, channel]
        ).fetchone()
        return str(value) if value else None

    def open_rows(self, digest: str, channel: str, since: str) -> list[SentRow]:
        """Rows not settled yet (posting, failed) scheduled at or after `since`."""
        rows = self.conn.execute(
            "SELECT * FROM digest_sent WHERE digest = ? AND channel = ? AND scheduled_at >= ?"
            " AND state IN ('posting', 'failed') ORDER BY scheduled_at",
            [digest, channel, since],
        ).fetchall()
        return [_sent(r) for r in rows]

    def claim(self, digest: str, channel: str, scheduled_at: str) -> SentRow | None:
        """Claim a run before posting it: the row is ours only if we inserted it."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO digest_sent"
                " (digest, channel, scheduled_at, state, attempts, claimed_by, claimed_at, updated_at)"
                " VALUES (?, ?, ?, 'posting', 1, ?, ?, ?)",
                [digest, channel, scheduled_at, self.worker, time.time(), _now_text()],
            )
        return self.row(digest, channel, scheduled_at) if cursor.rowcount == 1 else None

    def reclaim(self, row: SentRow) -> SentRow | None:
        """Take over a failed or stale row, if nobody changed it since we read it."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE digest_sent SET state = 'posting', attempts = attempts + 1, claimed_by = ?,"
                " claimed_at = ?, updated_at = ? WHERE id = ? AND state = ? AND attempts = ?"
                " AND claimed_by IS ?",
                [self.worker, time.time(), _now_text(), row.id, row.state, row.attempts, row.claimed_by],
            )
        if cursor.rowcount != 1:
            return None
        return self.row(row.digest, row.channel, row.scheduled_at)

    def record(self, digest: str, channel: str, scheduled_at: str, state: str, error: str) -> bool:
        """Log a run that is not posted (skipped); False if a row already exists."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO digest_sent"
                " (digest, channel, scheduled_at, state, attempts, error, updated_at)"
                " VALUES (?, ?, ?, ?, 0, ?, ?)",
                [digest, channel, scheduled_at, state, error, _now_text()],
            )
        return cursor.rowcount == 1

    def mark_sent(self, row: SentRow, ts: str, fingerprints: Sequence[str]) -> None:
        """Record the post and the facts it showed, in one transaction."""
        with self._write() as conn:
            conn.execute(
                "UPDATE digest_sent SET state = 'sent', ts = ?, error = NULL, updated_at = ?"
                " WHERE id = ? AND claimed_by = ?",
                [ts, _now_text(), row.id, self.worker],
            )
            conn.execute(
                "INSERT INTO digest_snapshots (digest, channel, scheduled_at, sent_at, fingerprints)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest, channel) DO UPDATE SET"
                " scheduled_at = excluded.scheduled_at, sent_at = excluded.sent_at,"
                " fingerprints = excluded.fingerprints WHERE excluded.scheduled_at >= scheduled_at",
                [row.digest, row.channel, row.scheduled_at, _now_text(), json.dumps(list(fingerprints))],
            )

    def mark(self, row: SentRow, state: str, error: str | None, ts: str | None = None) -> None:
        """Settle or annotate our claim: failed, rejected, review, sent (without snapshot)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE digest_sent SET state = ?, error = ?, ts = coalesce(?, ts), updated_at = ?"
                " WHERE id = ? AND claimed_by = ?",
                [state, error, ts, _now_text(), row.id, self.worker],
            )

    def sent_log(self, limit: int = 50) -> list[SentRow]:
        rows = self.conn.execute(
            "SELECT * FROM digest_sent ORDER BY scheduled_at DESC, id DESC LIMIT ?", [limit]
        ).fetchall()
        return [_sent(r) for r in rows]

    # --- snapshots -------------------------------------------------------------------

    def snapshot(self, digest: str, channel: str) -> list[str] | None:
        """The fingerprints last posted to the channel, or None if never."""
        row = self.conn.execute(
            "SELECT fingerprints FROM digest_snapshots WHERE digest = ? AND channel = ?", [digest, channel]
        ).fetchone()
        return list(json.loads(row["fingerprints"])) if row else None


def _subscription(row: sqlite3.Row) -> Subscription:
    return Subscription(
        row["digest"], row["channel"], row["schedule"], row["origin"], row["created_by"], row["created_at"]
    )


def _sent(row: sqlite3.Row) -> SentRow:
    return SentRow(
        row["id"], row["digest"], row["channel"], row["scheduled_at"], row["state"], row["attempts"],
        row["claimed_by"], row["claimed_at"], row["ts"], row["error"],
    )  # fmt: skip
