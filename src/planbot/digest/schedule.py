"""Cron schedules in local wall-clock time (Europe/Stockholm), correct across DST changes.

Cron expressions are matched against the local wall clock, as people mean them: "0 8 1 * *"
is 08:00 in Stockholm in both winter and summer. The two DST edge cases follow Vixie cron:

- spring forward: a time that does not exist (02:30 on the last Sunday of March) runs at
  the same distance past the gap, i.e. 03:30 CEST; a run is never dropped;
- fall back: a time that exists twice (02:30 on the last Sunday of October) runs once,
  at its first occurrence (CEST).

Scheduled times are returned as aware UTC datetimes: the key of the sent log.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter

from planbot.errors import PlanbotError

MAX_OCCURRENCES = 10_000  # a bound for "* * * * *" over a long outage


class ScheduleError(PlanbotError, ValueError):
    """A cron expression planbot cannot use; the message is Swedish, for the user."""


def validate_cron(expression: str) -> str:
    """The expression normalised to single spaces, or ScheduleError saying how to write one."""
    fields = expression.split()
    if len(fields) != 5 or not croniter.is_valid(" ".join(fields)):
        raise ScheduleError(
            f"Ogiltigt schema ”{expression}”. Ange fem fält: minut timme dag månad veckodag, "
            "t.ex. ”0 8 1 * *” (kl. 08.00 den första varje månad) eller ”0 7 * * 1” (måndagar kl. 07.00)."
        )
    return " ".join(fields)


def to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """A naive local wall-clock time as UTC; ambiguous times take their first occurrence.

    A time in the spring gap gets the offset from before the change (fold=0), which lands
    the same distance past the gap: 02:30 CET = 03:30 CEST.
    """
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def occurrences(expression: str, after: datetime, until: datetime, zone: ZoneInfo) -> Iterator[datetime]:
    """Scheduled times t with after < t <= until (aware, UTC), in order, each instant once."""
    wall = after.astimezone(zone).replace(tzinfo=None)
    # Start one hour early so a wall time in a repeated hour is not missed, then filter.
    it = croniter(expression, wall - timedelta(hours=1))
    last: datetime | None = None
    for _ in range(MAX_OCCURRENCES):
        nxt = it.get_next(datetime)
        assert isinstance(nxt, datetime)
        utc = to_utc(nxt, zone)
        if utc > until:
            return
        if utc > after and utc != last:
            last = utc
            yield utc


def next_run(expression: str, now: datetime, zone: ZoneInfo) -> datetime:
    """The first scheduled time after `now` (aware, UTC)."""
    wall = now.astimezone(zone).replace(tzinfo=None)
    it = croniter(expression, wall - timedelta(hours=1))
    while True:
        nxt = it.get_next(datetime)
        assert isinstance(nxt, datetime)
        utc = to_utc(nxt, zone)
        if utc > now:
            return utc


def iso(moment: datetime) -> str:
    """The sent-log key of a scheduled time: UTC, seconds, a trailing Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """An ISO 8601 time; a time without zone is read as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    """ "1 juli 2026 kl. 08.00" in the schedule's time zone."""
    from planbot.periods import swedish_date

    local = moment.astimezone(zone)
    return f"{swedish_date(local.date().isoformat())} kl. {local:%H.%M}"
