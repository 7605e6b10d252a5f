"""Cron schedules on the Stockholm wall clock, across both DST changes of 2026."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from planbot.digest.schedule import (
    ScheduleError,
    iso,
    local_text,
    next_run,
    occurrences,
    parse_iso,
    validate_cron,
)

STHLM = ZoneInfo("Europe/Stockholm")


def runs(expression: str, after: str, until: str) -> list[str]:
    return [iso(t) for t in occurrences(expression, parse_iso(after), parse_iso(until), STHLM)]


def test_monthly_digest_is_0800_local_in_winter_and_summer() -> None:
    got = runs("0 8 1 * *", "2026-01-15T00:00Z", "2026-05-15T00:00Z")
    # 08:00 CET = 07:00 UTC until March, 08:00 CEST = 06:00 UTC from April.
    assert got == [
        "2026-02-01T07:00:00Z",
        "2026-03-01T07:00:00Z",
        "2026-04-01T06:00:00Z",
        "2026-05-01T06:00:00Z",
    ]


def test_spring_forward_nonexistent_time_still_runs_once_after_the_gap() -> None:
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    got = runs("30 2 * * *", "2026-03-28T00:00Z", "2026-03-30T12:00Z")
    assert got == ["2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"]
    assert parse_iso(got[1]).astimezone(STHLM).strftime("%H:%M %Z") == "03:30 CEST"


def test_fall_back_repeated_time_runs_once() -> None:
    # 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    got = runs("30 2 * * *", "2026-10-24T12:00Z", "2026-10-26T12:00Z")
    assert got == ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]


def test_hourly_across_both_changes_never_repeats_an_instant() -> None:
    spring = runs("0 * * * *", "2026-03-28T23:30Z", "2026-03-29T03:00Z")
    assert spring == [
        "2026-03-29T00:00:00Z",
        "2026-03-29T01:00:00Z",
        "2026-03-29T02:00:00Z",
        "2026-03-29T03:00:00Z",
    ]
    autumn = runs("0 * * * *", "2026-10-24T22:30Z", "2026-10-25T03:00Z")
    assert len(autumn) == len(set(autumn))
    # local wall-clock hours, each once: 01, 02 (CEST), 03, 04 (CET)
    hours = [parse_iso(t).astimezone(STHLM).hour for t in autumn]
    assert hours == [1, 2, 3, 4]


def test_window_is_open_below_and_closed_above() -> None:
    assert runs("0 8 * * *", "2026-06-01T06:00Z", "2026-06-02T06:00Z") == ["2026-06-02T06:00:00Z"]


def test_next_run_and_its_swedish_text() -> None:
    nxt = next_run("0 8 1 * *", parse_iso("2026-06-17T10:00Z"), STHLM)
    assert iso(nxt) == "2026-07-01T06:00:00Z"
    assert local_text(nxt, STHLM) == "1 juli 2026 kl. 08.00"
    assert next_run("0 8 1 * *", nxt, STHLM) - nxt > timedelta(days=30)


@pytest.mark.parametrize("bad", ["", "0 8 1 *", "61 8 * * *", "0 8 1 * * *", "varje måndag", "@monthly"])
def test_bad_cron_gets_a_swedish_explanation(bad: str) -> None:
    with pytest.raises(ScheduleError, match=r"Ogiltigt schema.*fem fält"):
        validate_cron(bad)


def test_cron_is_normalised() -> None:
    assert validate_cron("  0  8 1 *   * ") == "0 8 1 * *"
