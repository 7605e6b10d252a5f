"""Slack retries and duplicate deliveries never produce a second answer.

Slack re-sends an event (with `X-Slack-Retry-Num`) when it did not see a 200 in time, and
may deliver one event twice. An event id already recorded in the runtime database is
acknowledged and dropped (`drop_duplicate`, called by planbot's middleware); in a shared
PostgreSQL that holds for every replica. The listeners record the id only after
they stored their work in the outbox (whose unique key is the event id too), so a crash
in between makes Slack's retry come through instead of being dropped, and it still
becomes one job. Requests are authenticated before they get here, so forged requests
cannot fill the table.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from slack_bolt import BoltRequest, BoltResponse

from planbot.state import StateDB
from planbot.state.schema import slack_events

log = logging.getLogger(__name__)
RETENTION = timedelta(days=2)


class SeenEvents:
    """The set of event ids already received, shared by every process on the same runtime database."""

    def __init__(self, db: StateDB) -> None:
        self.db = db
        self.prune()

    def known(self, event_id: str) -> bool:
        """Whether `event_id` was recorded already."""
        with self.db.read() as conn:
            query = sa.select(slack_events.c.event_id).where(slack_events.c.event_id == event_id)
            return conn.execute(query).first() is not None

    def record(self, event_id: str, retry_num: int = 0) -> None:
        """Record `event_id` as received (its work, if any, is stored)."""
        self.first_time(event_id, retry_num)

    def first_time(self, event_id: str, retry_num: int = 0) -> bool:
        """Record `event_id`; False when it was already recorded (a retry or a duplicate)."""
        received = datetime.now(UTC).isoformat(timespec="milliseconds")
        statement = (
            self.db.insert(slack_events)
            .values(event_id=event_id, received_at=received, retry_num=retry_num)
            .on_conflict_do_nothing()
            .returning(slack_events.c.event_id)
        )
        with self.db.write() as conn:
            return conn.execute(statement).first() is not None

    def prune(self, now: datetime | None = None) -> int:
        cutoff = ((now or datetime.now(UTC)) - RETENTION).isoformat(timespec="milliseconds")
        with self.db.write() as conn:
            return conn.execute(sa.delete(slack_events).where(slack_events.c.received_at < cutoff)).rowcount


def _retry_num(request: BoltRequest) -> int:
    values = request.headers.get("x-slack-retry-num") or ["0"]
    try:
        return int(values[0])
    except ValueError:
        return 0


def drop_duplicate(seen: SeenEvents, request: BoltRequest, body: dict[str, Any]) -> BoltResponse | None:
    """The acknowledgement for an event already received (a retry or a duplicate), else None."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not isinstance(event_id, str):
        return None
    retry = _retry_num(request)
    try:
        first = not seen.known(event_id)
    except sa.exc.SQLAlchemyError:
        log.exception("could not look up event %s; handling it anyway", event_id)
        first = True
    if first:
        return None
    log.info("dropped duplicate event %s (retry %d)", event_id, retry)
    return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
