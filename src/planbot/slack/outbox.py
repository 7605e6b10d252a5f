"""The outbox: work for Slack that planbot acknowledged, persisted and delivered exactly once.

A listener `submit`s a job (a key, a kind, a lane and a payload) before Slack gets its
acknowledgement; the row in the runtime database (table `outbox`, migration 0004) is what
makes the work survive a restart. Sender threads then deliver the jobs:

- Lanes: a lane is a channel. Its jobs go one at a time, in order, so one slow or
  rate-limited channel holds back only itself, never the mentions and DMs of others,
  and the answers in a thread keep their order.
- No double posts: a job's message is fixed the first time it is sent. Before sending,
  the job is marked `in_doubt`; when Slack's answer does not say what happened (5xx,
  reset, timeout) it stays so, and the next attempt first looks for the job's key in the
  channel's history (planbot.slack.posting). What never reached Slack (refused, 429) is
  simply sent again: after Retry-After, by rescheduling the lane, never by sleeping.
  While Slack cannot be reached at all, one job at a time probes it (backing off to
  every UNREACHABLE_MAX_S); every lane goes on as soon as Slack answers again.
- Never lost: a job is claimed by the process that stored it. Each process beats a
  heartbeat; the keeper thread of another (or of the next start, after SIGTERM or
  kill -9) takes over the jobs of a process that stopped. On shutdown, `close` lets jobs
  in flight finish within a grace period and releases the rest for the next process.
- People are told: a job that cannot be delivered (refused for good, or still failing
  at its deadline) tells the person who asked, through its kind's `undeliverable`.

What a job sends is decided by its kind (planbot.slack.jobs): `prepare` returns a `Post`
or a `Respond`, `sent` and `undeliverable` return follow-up jobs.
"""

from __future__ import annotations

import bisect
import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from planbot.background import Worker, owner_id, owner_is_dead
from planbot.errors import PlanbotError
from planbot.slack import posting
from planbot.state import connect

log = logging.getLogger(__name__)
HEARTBEAT_S = 2.0
LEASE_S = 15.0  # a process silent this long is taken over
RECOVER_EVERY_S = 2.0
PRUNE_EVERY_S = 3600.0
RETENTION_S = 2 * 86400.0
HISTORY_SLACK_S = 300.0  # clocks differ: look this much further back than the first send
MAX_BACKOFF_S = 30.0
UNREACHABLE_MAX_S = 5.0


class OutboxUnavailable(PlanbotError):
    """The runtime database cannot take the work; Slack should deliver the event again."""


@dataclass(frozen=True, slots=True)
class Post:
    """chat.postMessage of `message` in `channel` (a thread when `thread_ts`).

    `checkable`: the channel's history can be read to find the post again (False for a
    DM addressed by user id: such a post is sent at most once).
    """

    channel: str
    message: dict[str, Any]
    thread_ts: str | None = None
    checkable: bool = True


@dataclass(frozen=True, slots=True)
class Respond:
    """A POST to an interaction's response_url; `idempotent` ones (replace, delete) may be repeated."""

    url: str
    body: dict[str, Any]
    idempotent: bool = False


Send = Post | Respond


@dataclass(frozen=True, slots=True)
class NewJob:
    key: str
    kind: str
    lane: str
    payload: dict[str, Any]


@dataclass(slots=True)
class Job:
    id: int
    key: str
    kind: str
    lane: str
    payload: dict[str, Any]
    created_at: float
    send: Send | None = None
    in_doubt: bool = False
    attempts: int = 0
    first_sent_at: float | None = None


class Kind(Protocol):
    """What one kind of job sends, and what follows when it is sent or cannot be."""

    def prepare(self, job: Job) -> Send: ...

    def sent(self, job: Job, ts: str | None) -> list[NewJob]: ...

    def undeliverable(self, job: Job, reason: str) -> list[NewJob]: ...


@dataclass(frozen=True, slots=True)
class _Result:
    """How one attempt ended: `state` sent | failed | retry | dropped (the claim was lost)."""

    state: str
    ts: str | None = None
    error: str | None = None
    retry_at: float = 0.0
    in_doubt: bool = False
    unreachable: bool = False  # Slack could not be reached at all (nothing was sent)


@dataclass(slots=True)
class _Lanes:
    """The in-memory schedule: job ids per lane in order, when each lane may go next, who is busy."""

    jobs: dict[int, Job] = field(default_factory=dict)
    order: dict[str, list[int]] = field(default_factory=dict)
    ready_at: dict[str, float] = field(default_factory=dict)
    busy: set[str] = field(default_factory=set)
    unreachable_until: float = 0.0  # Slack unreachable: no lane goes before this
    unreachable: int = 0  # attempts in a row that could not reach Slack

    def add(self, job: Job, ready_at: float = 0.0) -> None:
        if job.id in self.jobs:
            return
        self.jobs[job.id] = job
        bisect.insort(self.order.setdefault(job.lane, []), job.id)
        if ready_at:
            self.ready_at[job.lane] = max(self.ready_at.get(job.lane, 0.0), ready_at)

    def remove(self, job: Job) -> None:
        self.jobs.pop(job.id, None)
        ids = self.order.get(job.lane, [])
        if job.id in ids:
            ids.remove(job.id)
        if not ids:
            self.order.pop(job.lane, None)
            self.ready_at.pop(job.lane, None)

    def next(self, now: float) -> tuple[Job | None, float | None]:
        """The head job of the lane waiting longest that may run now, or when one may."""
        if now < self.unreachable_until:
            return None, self.unreachable_until if self.order else None
        best: tuple[int, str] | None = None
        soonest: float | None = None
        for lane, ids in self.order.items():
            if lane in self.busy:
                continue
            ready = self.ready_at.get(lane, 0.0)
            if ready > now:
                soonest = ready if soonest is None else min(soonest, ready)
            elif best is None or ids[0] < best[0]:
                best = (ids[0], lane)
        if best is None:
            return None, soonest
        return self.jobs[best[0]], None


class Outbox:
    """Jobs for Slack in the runtime database, delivered by `senders` threads, lane by lane."""

    def __init__(
        self,
        path: Path,
        kinds: Mapping[str, Kind],
        client: WebClient,
        *,
        senders: int = 4,
        deadline_s: float = 600.0,
        timeout_s: float = 10.0,
    ) -> None:
        self.path = path
        self.kinds = dict(kinds)
        self.client = client
        self.deadline_s = deadline_s
        self.timeout_s = timeout_s
        self.me = owner_id()
        self.started_at = time.time()
        self._db_lock = threading.Lock()
        self._conn = self._connect()
        self._lanes = _Lanes()
        self._changed = threading.Condition()
        self._closing = False
        self._senders = [Worker(f"outbox-sender-{n}", self._send_forever) for n in range(senders)]
        self._keeper = Worker("outbox-keeper", self._keep_forever)
        self._recovered = threading.Event()
        self.delivered = 0
        self.failed = 0

    def _connect(self) -> sqlite3.Connection:
        conn = connect(self.path)
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable against a crash of the process
        return conn

    # --- submitting ----------------------------------------------------------------

    def submit(self, key: str, kind: str, lane: str, payload: dict[str, Any]) -> bool:
        """Store a job (once per key) and schedule it; False when the key was already stored."""
        assert kind in self.kinds, kind
        now = time.time()
        try:
            with self._db_lock:
                cursor = self._conn.execute(
                    "INSERT OR IGNORE INTO outbox (key, kind, lane, payload, state, not_before, claimed_by,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                    [key, kind, lane, json.dumps(payload), now, self.me, now, now],
                )
        except sqlite3.Error as error:
            raise OutboxUnavailable(f"the runtime database cannot store work for Slack: {error}") from error
        if cursor.rowcount != 1:
            log.info("outbox: %s is already stored; not stored again", key)
            return False
        job = Job(int(cursor.lastrowid or 0), key, kind, lane, payload, now)
        with self._changed:
            self._lanes.add(job)
            self._changed.notify()
        return True

    # --- running -------------------------------------------------------------------

    def start(self) -> None:
        """Start the keeper (heartbeat, taking over orphaned jobs) and the sender threads."""
        self._beat()
        self._keeper.start()
        for sender in self._senders:
            sender.start()

    def wait_recovered(self, timeout: float = 10.0) -> bool:
        """Whether the first look for orphaned jobs has run (tests, start-up)."""
        return self._recovered.wait(timeout)

    def close(self, grace_s: float = 10.0) -> None:
        """Let jobs that can go within `grace_s` go, stop, and release the rest for the next process."""
        deadline = time.monotonic() + grace_s
        with self._changed:
            while self._lanes.jobs and time.monotonic() < deadline:
                _, soonest = self._lanes.next(time.time())
                nothing_runs = not self._lanes.busy and soonest is not None
                if nothing_runs and soonest - time.time() > deadline - time.monotonic():  # type: ignore[operator]
                    break  # only jobs waiting past the grace period are left
                self._changed.wait(min(0.1, max(0.0, deadline - time.monotonic())))
            self._closing = True
            left = len(self._lanes.jobs)
            self._changed.notify_all()
        for worker in [*self._senders, self._keeper]:
            worker.stop(timeout=max(0.1, deadline - time.monotonic()) + self.timeout_s)
        with self._db_lock:
            self._conn.execute(
                "UPDATE outbox SET claimed_by = NULL WHERE claimed_by = ? AND state = 'pending'", [self.me]
            )
            self._conn.execute("DELETE FROM outbox_workers WHERE worker = ?", [self.me])
            self._conn.close()
        if left:
            log.warning("outbox: %d job(s) left for the next start", left)

    def reopen(self) -> None:
        """A new connection (the database file was replaced), holding again every job not yet done."""
        with self._db_lock:
            old, self._conn = self._conn, self._connect()
            old.close()
        with self._changed:
            jobs = list(self._lanes.jobs.values())
        now = time.time()
        for job in jobs:
            send = encode_send(job.send) if job.send is not None else None
            self._write(
                "INSERT OR IGNORE INTO outbox (id, key, kind, lane, payload, send, state, in_doubt, attempts,"
                " not_before, first_sent_at, claimed_by, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)",
                [job.id, job.key, job.kind, job.lane, json.dumps(job.payload), send, int(job.in_doubt),
                 job.attempts, now, job.first_sent_at, self.me, job.created_at, now],
            )  # fmt: skip
        self._beat()
        log.warning("outbox: reopened the runtime database; %d job(s) stored again", len(jobs))

    def health(self) -> dict[str, Any]:
        with self._changed:
            pending = len(self._lanes.jobs)
            limited = sum(1 for t in self._lanes.ready_at.values() if t > time.time())
        workers = [self._keeper, *self._senders]
        return {
            "alive": all(w.alive for w in workers),
            "restarts": sum(w.restarts for w in workers),
            "last_error": next((w.last_error for w in workers if w.last_error), None),
            "pending": pending,
            "waiting_lanes": limited,
            "delivered": self.delivered,
            "failed": self.failed,
        }

    def _send_forever(self, stop: threading.Event) -> None:
        while True:
            with self._changed:
                while True:
                    if self._closing or stop.is_set():
                        return
                    job, soonest = self._lanes.next(time.time())
                    if job is not None:
                        self._lanes.busy.add(job.lane)
                        break
                    self._changed.wait(None if soonest is None else max(0.001, soonest - time.time()))
            try:
                result = self._attempt(job)
            except Exception as error:  # a bug in a kind: the job fails, the sender goes on
                log.exception("outbox: job %s (%s) failed unexpectedly", job.key, job.kind)
                result = _Result("failed", error=f"{type(error).__name__}: {error}"[:200])
            try:
                self._settle(job, result)
            finally:
                with self._changed:
                    self._lanes.busy.discard(job.lane)
                    self._changed.notify_all()

    def _settle(self, job: Job, result: _Result) -> None:
        """Record the outcome, reschedule or finish the job, and submit what follows."""
        now = time.time()
        with self._changed:
            if result.unreachable:
                self._lanes.unreachable += 1
                self._lanes.unreachable_until = now + _probe_backoff(self._lanes.unreachable)
            elif result.state != "dropped":
                self._lanes.unreachable, self._lanes.unreachable_until = 0, 0.0
        if result.state == "retry":
            self._write(
                "UPDATE outbox SET not_before = ?, in_doubt = ?, error = ?, updated_at = ?"
                " WHERE id = ? AND claimed_by = ?",
                [result.retry_at, int(result.in_doubt), result.error, now, job.id, self.me],
            )
            job.in_doubt = result.in_doubt
            with self._changed:
                self._lanes.ready_at[job.lane] = max(self._lanes.ready_at.get(job.lane, 0.0), result.retry_at)
            return
        with self._changed:
            self._lanes.remove(job)
        if result.state == "dropped":
            return
        self._write(
            "UPDATE outbox SET state = ?, ts = ?, error = ?, updated_at = ? WHERE id = ? AND claimed_by = ?",
            [result.state, result.ts, result.error, now, job.id, self.me],
        )
        kind = self.kinds[job.kind]
        if result.state == "sent":
            self.delivered += 1
            follow = kind.sent(job, result.ts)
        else:
            self.failed += 1
            log.warning("outbox: %s (%s) could not be delivered: %s", job.key, job.kind, result.error)
            follow = kind.undeliverable(job, result.error or "")
        for new in follow:
            try:
                self.submit(new.key, new.kind, new.lane, new.payload)
            except OutboxUnavailable:
                log.exception("outbox: follow-up %s not stored", new.key)

    # --- one attempt -----------------------------------------------------------------

    def _attempt(self, job: Job) -> _Result:
        now = time.time()
        if now > job.created_at + self.deadline_s:
            return _Result("failed", error="deadline: still not delivered")
        if job.send is None:
            try:
                send = self.kinds[job.kind].prepare(job)
            except PlanbotError as error:
                return _Result("failed", error=f"prepare: {error}"[:200])
            except Exception as error:
                log.exception("outbox: preparing %s (%s) failed", job.key, job.kind)
                return _Result("failed", error=f"prepare: {type(error).__name__}"[:200])
            if not self._write(
                "UPDATE outbox SET send = ?, updated_at = ? WHERE id = ? AND claimed_by = ?",
                [encode_send(send), now, job.id, self.me],
            ):
                return _Result("dropped")
            job.send = send
        send = job.send
        if job.in_doubt:
            found = self._already_sent(job, send)
            if found is not None:
                return found
        if not self._write(
            "UPDATE outbox SET in_doubt = 1, attempts = attempts + 1,"
            " first_sent_at = coalesce(first_sent_at, ?), updated_at = ?"
            " WHERE id = ? AND claimed_by = ? AND state = 'pending'",
            [now, now, job.id, self.me],
        ):
            return _Result("dropped")  # another process took it over
        job.attempts += 1
        job.first_sent_at = job.first_sent_at or now
        if isinstance(send, Post):
            delivery = posting.post_message(
                self.client,
                send.channel,
                send.message,
                metadata=posting.marker(job.key),
                thread_ts=send.thread_ts,
            )
        else:
            delivery = posting.post_response(send.url, send.body, self.timeout_s)
        return self._after(job, delivery)

    def _already_sent(self, job: Job, send: Send) -> _Result | None:
        """For a job that may have been sent: sent (found), a retry, or None (not sent: send it)."""
        if isinstance(send, Respond):
            if send.idempotent:
                return None
            return _Result("sent", error="outcome unknown; not sent twice")
        if not send.checkable:
            return _Result("sent", error="outcome unknown; not sent twice")
        assert job.first_sent_at is not None
        try:
            ts = posting.find_posted(
                self.client,
                send.channel,
                lambda message: posting.has_marker(message, job.key),
                oldest=job.first_sent_at - HISTORY_SLACK_S,
                thread_ts=send.thread_ts,
            )
        except SlackApiError as error:
            delivery = posting.classify(error)
            if delivery.outcome in ("rate_limited", "unknown"):
                return self._after(job, delivery)
            return _Result("failed", error=f"cannot tell whether it was posted: {delivery.error}")
        except OSError as error:
            return self._after(job, posting.Delivery("unknown", error=f"history: {type(error).__name__}"))
        if ts is not None:
            log.info("outbox: %s was posted (ts %s) although Slack's answer said nothing", job.key, ts)
            return _Result("sent", ts=ts)
        return None

    def _after(self, job: Job, delivery: posting.Delivery) -> _Result:
        now = time.time()
        if delivery.outcome == "sent":
            return _Result("sent", ts=delivery.ts)
        if delivery.outcome == "refused":
            return _Result("failed", error=delivery.error)
        if delivery.outcome == "rate_limited":
            wait = delivery.retry_after if delivery.retry_after is not None else 1.0
            return _Result("retry", error=delivery.error, retry_at=now + wait, in_doubt=job.in_doubt)
        if delivery.outcome == "unreachable":
            # It never got there: no more in doubt than before, and every lane waits for Slack.
            log.info("outbox: Slack unreachable (%s); %s waits", delivery.error, job.key)
            return _Result(
                "retry", error=delivery.error, retry_at=now, in_doubt=job.in_doubt, unreachable=True
            )
        log.info("outbox: %s (%s): %s, trying again", job.key, delivery.outcome, delivery.error)
        return _Result("retry", error=delivery.error, retry_at=now + _backoff(job.attempts), in_doubt=True)

    # --- keeping ---------------------------------------------------------------------

    def _keep_forever(self, stop: threading.Event) -> None:
        pruned = 0.0
        while not stop.is_set():
            self._beat()
            self._recover()
            self._recovered.set()
            if time.monotonic() - pruned > PRUNE_EVERY_S:
                self._write(
                    "DELETE FROM outbox WHERE state IN ('sent', 'failed') AND updated_at < ?",
                    [time.time() - RETENTION_S],
                )
                pruned = time.monotonic()
            stop.wait(min(HEARTBEAT_S, RECOVER_EVERY_S))

    def _beat(self) -> None:
        self._write(
            "INSERT INTO outbox_workers (worker, heartbeat_at) VALUES (?, ?)"
            " ON CONFLICT (worker) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
            [self.me, time.time()],
        )

    def _recover(self) -> None:
        """Take over the open jobs of processes that stopped (and jobs released by a shutdown)."""
        with self._db_lock:
            owners = self._conn.execute(
                "SELECT DISTINCT o.claimed_by, w.heartbeat_at FROM outbox o"
                " LEFT JOIN outbox_workers w ON w.worker = o.claimed_by"
                " WHERE o.state = 'pending' AND (o.claimed_by IS NULL OR o.claimed_by != ?)",
                [self.me],
            ).fetchall()
        for owner, heartbeat_at in owners:
            if owner is not None and not owner_is_dead(
                owner, self.me, heartbeat_at, LEASE_S, self.started_at
            ):
                continue
            with self._db_lock:
                rows = self._conn.execute(
                    "UPDATE outbox SET claimed_by = ?, updated_at = ?"
                    " WHERE state = 'pending' AND claimed_by IS ? RETURNING *",
                    [self.me, time.time(), owner],
                ).fetchall()
                if owner is not None:
                    self._conn.execute("DELETE FROM outbox_workers WHERE worker = ?", [owner])
            if rows:
                log.warning("outbox: took over %d job(s) from %s", len(rows), owner or "a stopped process")
            with self._changed:
                for row in rows:
                    self._lanes.add(_job(row), ready_at=float(row["not_before"]))
                self._changed.notify_all()

    def _write(self, sql: str, args: list[Any]) -> bool:
        """Run one statement; True when it changed a row. Errors are logged, not raised."""
        try:
            with self._db_lock:
                return self._conn.execute(sql, args).rowcount > 0
        except sqlite3.Error:
            log.exception("outbox: the runtime database refused an update")
            return False


def _backoff(attempts: int) -> float:
    return min(MAX_BACKOFF_S, 0.25 * 2 ** max(0, attempts - 1)) * random.uniform(0.8, 1.2)


def _probe_backoff(failures: int) -> float:
    """How long to wait before probing an unreachable Slack again: 0.25 s growing to UNREACHABLE_MAX_S."""
    return min(UNREACHABLE_MAX_S, 0.25 * 1.5 ** max(0, failures - 1))


def encode_send(send: Send) -> str:
    """A Send as JSON for the outbox's `send` column (what a retry sends again)."""
    data = {"post": asdict(send)} if isinstance(send, Post) else {"respond": asdict(send)}
    return json.dumps(data)  # ASCII: any text, even a lone surrogate, can be stored


def decode_send(text: str | None) -> Send | None:
    if not text:
        return None
    data = json.loads(text)
    if "post" in data:
        return Post(**data["post"])
    return Respond(**data["respond"])


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"], key=row["key"], kind=row["kind"], lane=row["lane"], payload=json.loads(row["payload"]),
        created_at=row["created_at"], send=decode_send(row["send"]), in_doubt=bool(row["in_doubt"]),
        attempts=row["attempts"], first_sent_at=row["first_sent_at"],
    )  # fmt: skip
