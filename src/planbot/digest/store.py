"""Digest state in the runtime database: subscriptions, the sent log and snapshots.

Every state change that decides who posts is one SQL statement whose WHERE clause names
the state it expects (compare-and-set), or an INSERT that a unique key lets only one
process make, so two processes, on one SQLite file or one PostgreSQL server, can never
both win a claim.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from planbot.digest.config import DigestConfig
from planbot.state import StateDB
from planbot.state.schema import digest_sent, digest_snapshots, digest_subscriptions

subs, sent, snaps = digest_subscriptions.c, digest_sent.c, digest_snapshots.c


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
    """The digest tables of the runtime database."""

    def __init__(self, db: StateDB, worker: str | None = None) -> None:
        self.db = db
        self.worker = worker or worker_id()

    # --- subscriptions ---------------------------------------------------------------

    def sync_config(self, config: DigestConfig, now: str | None = None) -> None:
        """Mirror the config file's channels as 'config' subscriptions (new ones start now).

        Rows are changed in one order (digest, channel), so two processes syncing at once
        wait for each other rather than deadlock; nothing changes when nothing differs.
        """
        now = now or _now_text()
        wanted = {(d.name, t.channel): t.schedule or d.schedule for d in config.digests for t in d.channels}
        with self.db.read() as conn:
            rows = conn.execute(sa.select(subs.digest, subs.channel, subs.schedule, subs.origin)).all()
        have = {(r.digest, r.channel): r for r in rows}
        mirrored = {key: r.schedule for key, r in have.items() if r.origin == "config"}
        gone = sorted(key for key in mirrored if key not in wanted)
        changed = sorted(
            key for key, schedule in mirrored.items() if key in wanted and wanted[key] != schedule
        )
        new = sorted(key for key in wanted if key not in have)
        if not (gone or changed or new):
            return
        with self.db.write() as conn:
            for digest, channel in gone:
                conn.execute(
                    sa.delete(digest_subscriptions).where(
                        subs.digest == digest, subs.channel == channel, subs.origin == "config"
                    )
                )
            for digest, channel in changed:
                conn.execute(
                    sa.update(digest_subscriptions)
                    .where(subs.digest == digest, subs.channel == channel, subs.origin == "config")
                    .values(schedule=wanted[(digest, channel)])
                )
            for digest, channel in new:
                conn.execute(
                    self.db.insert(digest_subscriptions)
                    .values(
                        digest=digest,
                        channel=channel,
                        schedule=wanted[(digest, channel)],
                        origin="config",
                        created_by=None,
                        created_at=now,
                    )
                    .on_conflict_do_nothing()
                )

    def subscribe(self, digest: str, channel: str, schedule: str, user: str | None) -> bool:
        """Add or reschedule a Slack subscription; True when it is new."""
        with self.db.write() as conn:
            added = conn.execute(
                self.db.insert(digest_subscriptions)
                .values(digest=digest, channel=channel, schedule=schedule, origin="slack", created_by=user,
                        created_at=_now_text())
                .on_conflict_do_nothing()
                .returning(subs.id)
            ).first()  # fmt: skip
            if added is not None:
                return True
            conn.execute(
                sa.update(digest_subscriptions)
                .where(subs.digest == digest, subs.channel == channel)
                .values(schedule=schedule, origin="slack", created_by=user)
            )
            return False

    def unsubscribe(self, digest: str, channel: str) -> Subscription | None:
        """Remove a subscription; returns what was removed (None: there was none)."""
        with self.db.write() as conn:
            row = conn.execute(
                sa.delete(digest_subscriptions)
                .where(subs.digest == digest, subs.channel == channel)
                .returning(*digest_subscriptions.c)
            ).first()
        return _subscription(row) if row else None

    def subscriptions(self, channel: str | None = None) -> list[Subscription]:
        query = sa.select(digest_subscriptions).order_by(subs.digest, subs.channel)
        if channel:
            query = query.where(subs.channel == channel)
        with self.db.read() as conn:
            return [_subscription(r) for r in conn.execute(query)]

    # --- the sent log ----------------------------------------------------------------

    def row(self, digest: str, channel: str, scheduled_at: str) -> SentRow | None:
        query = sa.select(digest_sent).where(
            sent.digest == digest, sent.channel == channel, sent.scheduled_at == scheduled_at
        )
        with self.db.read() as conn:
            row = conn.execute(query).first()
        return _sent(row) if row else None

    def last_scheduled(self, digest: str, channel: str) -> str | None:
        """The newest scheduled time in the log for (digest, channel), whatever its state."""
        query = sa.select(sa.func.max(sent.scheduled_at)).where(
            sent.digest == digest, sent.channel == channel
        )
        with self.db.read() as conn:
            value = conn.execute(query).scalar()
        return str(value) if value else None

    def open_rows(self, digest: str, channel: str, since: str) -> list[SentRow]:
        """Rows not settled yet (posting, failed) scheduled at or after `since`."""
        query = (
            sa.select(digest_sent)
            .where(sent.digest == digest, sent.channel == channel, sent.scheduled_at >= since)
            .where(sent.state.in_(("posting", "failed")))
            .order_by(sent.scheduled_at)
        )
        with self.db.read() as conn:
            return [_sent(r) for r in conn.execute(query)]

    def claim(self, digest: str, channel: str, scheduled_at: str) -> SentRow | None:
        """Claim a run before posting it: the row is ours only if we inserted it."""
        statement = (
            self.db.insert(digest_sent)
            .values(digest=digest, channel=channel, scheduled_at=scheduled_at, state="posting", attempts=1,
                    claimed_by=self.worker, claimed_at=time.time(), updated_at=_now_text())
            .on_conflict_do_nothing()
            .returning(*digest_sent.c)
        )  # fmt: skip
        with self.db.write() as conn:
            row = conn.execute(statement).first()
        return _sent(row) if row else None

    def reclaim(self, row: SentRow) -> SentRow | None:
        """Take over a failed or stale row, if nobody changed it since we read it."""
        statement = (
            sa.update(digest_sent)
            .where(sent.id == row.id, sent.state == row.state, sent.attempts == row.attempts)
            .where(sent.claimed_by.is_not_distinct_from(row.claimed_by))
            .values(
                state="posting",
                attempts=sent.attempts + 1,
                claimed_by=self.worker,
                claimed_at=time.time(),
                updated_at=_now_text(),
            )
            .returning(*digest_sent.c)
        )
        with self.db.write() as conn:
            taken = conn.execute(statement).first()
        return _sent(taken) if taken else None

    def record(self, digest: str, channel: str, scheduled_at: str, state: str, error: str) -> bool:
        """Log a run that is not posted (skipped); False if a row already exists."""
        statement = (
            self.db.insert(digest_sent)
            .values(digest=digest, channel=channel, scheduled_at=scheduled_at, state=state, attempts=0,
                    error=error, updated_at=_now_text())
            .on_conflict_do_nothing()
            .returning(sent.id)
        )  # fmt: skip
        with self.db.write() as conn:
            return conn.execute(statement).first() is not None

    def mark_sent(self, row: SentRow, ts: str, fingerprints: Sequence[str]) -> None:
        """Record the post and the facts it showed, in one transaction."""
        snapshot = self.db.insert(digest_snapshots).values(
            digest=row.digest, channel=row.channel, scheduled_at=row.scheduled_at, sent_at=_now_text(),
            fingerprints=json.dumps(list(fingerprints)),
        )  # fmt: skip
        snapshot = snapshot.on_conflict_do_update(
            index_elements=[snaps.digest, snaps.channel],
            set_={
                "scheduled_at": snapshot.excluded.scheduled_at,
                "sent_at": snapshot.excluded.sent_at,
                "fingerprints": snapshot.excluded.fingerprints,
            },
            where=snapshot.excluded.scheduled_at >= snaps.scheduled_at,
        )
        with self.db.write() as conn:
            conn.execute(
                sa.update(digest_sent)
                .where(sent.id == row.id, sent.claimed_by == self.worker)
                .values(state="sent", ts=ts, error=None, updated_at=_now_text())
            )
            conn.execute(snapshot)

    def mark(self, row: SentRow, state: str, error: str | None, ts: str | None = None) -> None:
        """Settle or annotate our claim: failed, rejected, review, sent (without snapshot)."""
        with self.db.write() as conn:
            conn.execute(
                sa.update(digest_sent)
                .where(sent.id == row.id, sent.claimed_by == self.worker)
                .values(state=state, error=error, ts=sa.func.coalesce(ts, sent.ts), updated_at=_now_text())
            )

    def sent_log(self, limit: int = 50) -> list[SentRow]:
        query = sa.select(digest_sent).order_by(sent.scheduled_at.desc(), sent.id.desc()).limit(limit)
        with self.db.read() as conn:
            return [_sent(r) for r in conn.execute(query)]

    # --- snapshots -------------------------------------------------------------------

    def snapshot(self, digest: str, channel: str) -> list[str] | None:
        """The fingerprints last posted to the channel, or None if never."""
        query = sa.select(snaps.fingerprints).where(snaps.digest == digest, snaps.channel == channel)
        with self.db.read() as conn:
            value = conn.execute(query).scalar()
        return list(json.loads(value)) if value is not None else None


def _subscription(row: sa.Row[Any]) -> Subscription:
    return Subscription(row.digest, row.channel, row.schedule, row.origin, row.created_by, row.created_at)


def _sent(row: sa.Row[Any]) -> SentRow:
    return SentRow(
        row.id, row.digest, row.channel, row.scheduled_at, row.state, row.attempts,
        row.claimed_by, row.claimed_at, row.ts, row.error,
    )  # fmt: skip
