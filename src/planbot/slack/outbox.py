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
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from planbot import metrics
from planbot.background import Worker, owner_id, owner_is_dead
from planbot.errors import PlanbotError
from planbot.logs import REQUEST_ID
from planbot.slack import posting
from planbot.state import StateDB
from planbot.state.schema import outbox, outbox_workers

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
        db: StateDB,
        kinds: Mapping[str, Kind],
        client: WebClient,
        *,
        senders: int = 4,
        deadline_s: float = 600.0,
        timeout_s: float = 10.0,
    ) -> None:
        self.db = db
        self.kinds = dict(kinds)
        self.client = client
        self.deadline_s = deadline_s
        self.timeout_s = timeout_s
        self.me = owner_id()
        self.started_at = time.time()
        self._lanes = _Lanes()
        self._changed = threading.Condition()
        self._closing = False
        self._senders = [Worker(f"outbox-sender-{n}", self._send_forever) for n in range(senders)]
        self._keeper = Worker("outbox-keeper", self._keep_forever)
        self._recovered = threading.Event()
        self.delivered = 0
        self.failed = 0

    # --- submitting ----------------------------------------------------------------

    def submit(self, key: str, kind: str, lane: str, payload: dict[str, Any]) -> bool:
        """Store a job (once per key) and schedule it; False when the key was already stored."""
        assert kind in self.kinds, kind
        now = time.time()
        statement = (
            self.db.insert(outbox)
            .values(key=key, kind=kind, lane=lane, payload=json.dumps(payload), state="pending", in_doubt=0,
                    attempts=0, not_before=now, claimed_by=self.me, created_at=now, updated_at=now)
            .on_conflict_do_nothing()
            .returning(outbox.c.id)
        )  # fmt: skip
        try:
            with self.db.write() as conn:
                stored = conn.execute(statement).scalar()
        except sa.exc.SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise OutboxUnavailable(f"the runtime database cannot store work for Slack: {reason}") from error
        if stored is None:
            log.info("outbox: %s is already stored; not stored again", key)
            return False
        job = Job(int(stored), key, kind, lane, payload, now)
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
        self._write(
            sa.update(outbox)
            .where(outbox.c.claimed_by == self.me, outbox.c.state == "pending")
            .values(claimed_by=None)
        )
        self._write(sa.delete(outbox_workers).where(outbox_workers.c.worker == self.me))
        if left:
            log.warning("outbox: %d job(s) left for the next start", left)

    def reopen(self) -> None:
        """Store again every job not yet done (the database file was replaced by a new one)."""
        with self._changed:
            jobs = list(self._lanes.jobs.values())
        now = time.time()
        for job in jobs:
            send = encode_send(job.send) if job.send is not None else None
            self._write(
                self.db.insert(outbox)
                .values(id=job.id, key=job.key, kind=job.kind, lane=job.lane, payload=json.dumps(job.payload),
                        send=send, state="pending", in_doubt=int(job.in_doubt), attempts=job.attempts,
                        not_before=now, first_sent_at=job.first_sent_at, claimed_by=self.me,
                        created_at=job.created_at, updated_at=now)
                .on_conflict_do_nothing()
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
            REQUEST_ID.set(job.payload.get("request_id"))  # its log lines carry the id of its request
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
                self._mine(job).values(
                    not_before=result.retry_at,
                    in_doubt=int(result.in_doubt),
                    error=result.error,
                    updated_at=now,
                )
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
            self._mine(job).values(state=result.state, ts=result.ts, error=result.error, updated_at=now)
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
            if not self._write(self._mine(job).values(send=encode_send(send), updated_at=now)):
                return _Result("dropped")
            job.send = send
        send = job.send
        if job.in_doubt:
            found = self._already_sent(job, send)
            if found is not None:
                return found
        if not self._write(
            self._mine(job)
            .where(outbox.c.state == "pending")
            .values(
                in_doubt=1,
                attempts=outbox.c.attempts + 1,
                first_sent_at=sa.func.coalesce(outbox.c.first_sent_at, now),
                updated_at=now,
            )
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
            with self._changed:
                metrics.OUTBOX_PENDING.set(len(self._lanes.jobs))
            if time.monotonic() - pruned > PRUNE_EVERY_S:
                self._write(
                    sa.delete(outbox).where(
                        outbox.c.state.in_(("sent", "failed")),
                        outbox.c.updated_at < time.time() - RETENTION_S,
                    )
                )
                pruned = time.monotonic()
            stop.wait(min(HEARTBEAT_S, RECOVER_EVERY_S))

    def _beat(self) -> None:
        insert = self.db.insert(outbox_workers).values(worker=self.me, heartbeat_at=time.time())
        self._write(
            insert.on_conflict_do_update(
                index_elements=[outbox_workers.c.worker], set_={"heartbeat_at": insert.excluded.heartbeat_at}
            )
        )

    def _recover(self) -> None:
        """Take over the open jobs of processes that stopped (and jobs released by a shutdown)."""
        owners_query = (
            sa.select(outbox.c.claimed_by, outbox_workers.c.heartbeat_at)
            .distinct()
            .select_from(outbox.outerjoin(outbox_workers, outbox_workers.c.worker == outbox.c.claimed_by))
            .where(outbox.c.state == "pending", outbox.c.claimed_by.is_distinct_from(self.me))
        )
        try:
            with self.db.read() as conn:
                owners = conn.execute(owners_query).all()
        except sa.exc.SQLAlchemyError:
            log.exception("outbox: the runtime database cannot be read")
            return
        for owner, heartbeat_at in owners:
            if owner is not None and not owner_is_dead(
                owner, self.me, heartbeat_at, LEASE_S, self.started_at
            ):
                continue
            take = (
                sa.update(outbox)
                .where(outbox.c.state == "pending", outbox.c.claimed_by.is_not_distinct_from(owner))
                .values(claimed_by=self.me, updated_at=time.time())
                .returning(*outbox.c)
            )
            try:
                with self.db.write() as conn:
                    rows = conn.execute(take).all()
                    if owner is not None:
                        conn.execute(sa.delete(outbox_workers).where(outbox_workers.c.worker == owner))
            except sa.exc.SQLAlchemyError:
                log.exception("outbox: could not take over the jobs of %s", owner)
                continue
            if rows:
                log.warning("outbox: took over %d job(s) from %s", len(rows), owner or "a stopped process")
            with self._changed:
                for row in rows:
                    self._lanes.add(_job(row), ready_at=float(row.not_before))
                self._changed.notify_all()

    def _mine(self, job: Job) -> sa.Update:
        """UPDATE of `job`'s row, only while this process holds it."""
        return sa.update(outbox).where(outbox.c.id == job.id, outbox.c.claimed_by == self.me)

    def _write(self, statement: sa.Executable) -> bool:
        """Run one statement in its own transaction; True when it changed a row. Errors are logged."""
        try:
            with self.db.write() as conn:
                return bool(conn.execute(statement).rowcount > 0)
        except sa.exc.SQLAlchemyError:
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


def _job(row: sa.Row[Any]) -> Job:
    return Job(
        id=row.id, key=row.key, kind=row.kind, lane=row.lane, payload=json.loads(row.payload),
        created_at=row.created_at, send=decode_send(row.send), in_doubt=bool(row.in_doubt),
        attempts=row.attempts, first_sent_at=row.first_sent_at,
    )  # fmt: skip
