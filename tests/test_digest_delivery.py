"""Exactly-once posting against a fake Slack Web API: restarts, crashes, 429s, channel errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from planbot.answer.engine import Engine
from planbot.digest.config import DigestConfig
from planbot.digest.delivery import web_client
from planbot.digest.runner import RunReport, run_due
from planbot.digest.schedule import parse_iso
from planbot.digest.store import DigestStore
from planbot.state import connect
from tests.digest_support import HR, KVALITET, LEDNING, config, policy, settings, write_config
from tests.slack.fake_slack import (
    ACCEPT_THEN_500,
    ACCEPT_THEN_RESET,
    ACCEPT_THEN_STALL,
    HTTP_500,
    RATE_LIMITED,
    RESET,
    FakeSlack,
)

ROOT = Path(__file__).resolve().parents[1]
MONTHLY = "0 8 1 * *"  # 1 July 2026 08:00 CEST = 06:00 UTC
DUE = "2026-07-01T06:00:00Z"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(stall_seconds=5) as slack:
        yield slack


@pytest.fixture
def cfg(tmp_path: Path) -> DigestConfig:
    return config(tmp_path, schedule=MONTHLY)


@pytest.fixture
def store(tmp_path: Path, cfg: DigestConfig) -> DigestStore:
    store = DigestStore(connect(tmp_path / "state.db"))
    store.sync_config(cfg, now="2026-06-15T00:00:00Z")  # subscribed well before the run
    return store


def run(now: str, store: DigestStore, cfg: DigestConfig, engine: Engine, fake: FakeSlack, tmp_path: Path,
        **policy_args: float) -> RunReport:  # fmt: skip
    client = web_client(settings(tmp_path, fake.api_url, slack_timeout_seconds=0.5))
    return run_due(
        parse_iso(now), store=store, config=cfg, engine=engine, client=client, policy=policy(**policy_args)
    )


def states(store: DigestStore) -> dict[tuple[str, str], str]:
    return {(r.channel, r.scheduled_at): r.state for r in store.sent_log()}


def test_each_due_digest_is_posted_once_to_its_channel(store, cfg, engine, fake, tmp_path) -> None:
    report = run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path)
    assert sorted((r.digest, r.channel, r.state) for r in report.results) == [
        ("ekonomi", LEDNING, "sent"), ("hr", HR, "sent"), ("kvalitet", KVALITET, "sent"),
    ]  # fmt: skip
    post = fake.posts(HR)[0]
    assert post["metadata"] == {
        "event_type": "planbot_digest",
        "event_payload": {"digest": "hr", "channel": HR, "scheduled_at": DUE},
    }
    assert post["blocks"][0]["text"]["text"].startswith("*HR-sammanfattning* – 1 juli 2026")
    assert post["blocks"][-1]["block_id"] == f"planbot_digest|hr|{DUE}"
    assert store.row("hr", HR, DUE).ts == post["ts"]  # type: ignore[union-attr]
    # A restart, or the next tick a minute later: nothing new is due, nothing is posted.
    again = run("2026-07-01T06:01:30Z", store, cfg, engine, fake, tmp_path)
    assert again.results == [] and len(fake.posts()) == 3


def test_second_post_to_a_channel_says_what_is_new(store, cfg, engine, fake, tmp_path) -> None:
    run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path)
    first, new_section = fake.posts(HR)[0], fake.posts(HR)[0]["blocks"][-2]["text"]["text"]
    assert first["text"].startswith("HR-sammanfattning – 1 juli 2026: Sjukfrånvaro, ")
    assert new_section.startswith("*Nytt sedan förra utskicket*\n_Första utskicket")
    run("2026-08-01T06:00:30Z", store, cfg, engine, fake, tmp_path)
    second = fake.posts(HR)[1]
    assert "Inget nytt i källorna sedan förra utskicket" in second["blocks"][-2]["text"]["text"]
    assert "Inget nytt i källorna sedan förra utskicket" in second["text"]


def test_missed_run_within_grace_is_posted_once_and_beyond_grace_skipped(store, cfg, engine, fake, tmp_path):
    late = run("2026-07-01T10:00:00Z", store, cfg, engine, fake, tmp_path, grace_minutes=360)
    assert {r.state for r in late.results} == {"sent"} and len(fake.posts()) == 3
    # Down from before 1 August 08:00 until 20:00 (14 h): beyond the 6 h grace → skipped, logged.
    too_late = run("2026-08-01T18:00:00Z", store, cfg, engine, fake, tmp_path, grace_minutes=360)
    assert {r.state for r in too_late.results} == {"skipped"}
    assert "missad körning utanför respitiden" in too_late.results[0].detail
    assert len(fake.posts()) == 3
    assert states(store)[(HR, "2026-08-01T06:00:00Z")] == "skipped"
    # And a later run does not bring it back.
    assert run("2026-08-01T18:05:00Z", store, cfg, engine, fake, tmp_path).results == []


def test_several_missed_runs_post_only_the_newest(tmp_path, engine, fake) -> None:
    cfg = config(tmp_path, {"hr": [HR]}, schedule="0 * * * *")
    store = DigestStore(connect(tmp_path / "state.db"))
    store.sync_config(cfg, now="2026-07-01T05:30:00Z")
    report = run("2026-07-01T08:10:00Z", store, cfg, engine, fake, tmp_path)  # 06, 07, 08 UTC were due
    assert [(r.scheduled_at[11:16], r.state) for r in report.results] == [
        ("06:00", "skipped"), ("07:00", "skipped"), ("08:00", "sent"),
    ]  # fmt: skip
    assert len(fake.posts(HR)) == 1


def test_rate_limit_is_retried_after_retry_after(store, cfg, engine, fake, tmp_path) -> None:
    fake.fail("chat.postMessage", RATE_LIMITED, 2, where=lambda p: p["channel"] == HR, retry_after=0)
    report = run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path)
    assert {r.state for r in report.results} == {"sent"}
    assert len([a for a in fake.attempts() if a["channel"] == HR]) == 3
    assert len(fake.posts(HR)) == 1


def test_rate_limit_beyond_retries_is_retried_on_a_later_run(store, cfg, engine, fake, tmp_path) -> None:
    # The client retries 3 times.
    fake.fail("chat.postMessage", RATE_LIMITED, 4, where=lambda p: p["channel"] == HR, retry_after=0)
    first = {r.channel: r for r in run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path).results}
    assert first[HR].state == "failed" and first[HR].detail.startswith("ratelimited")
    assert first[LEDNING].state == "sent" and first[KVALITET].state == "sent"
    later = run("2026-07-01T06:05:00Z", store, cfg, engine, fake, tmp_path)
    assert [(r.channel, r.state) for r in later.results] == [(HR, "sent")]
    assert len(fake.posts(HR)) == 1
    assert store.row("hr", HR, DUE).attempts == 2  # type: ignore[union-attr]


@pytest.mark.parametrize("fault", [ACCEPT_THEN_500, ACCEPT_THEN_RESET, ACCEPT_THEN_STALL, HTTP_500, RESET])
def test_each_digest_is_posted_exactly_once_when_slack_fails(
    store, cfg, engine, fake, tmp_path, fault
) -> None:
    """Accepted and then failed (500, reset, timeout), or failed before: one post, recorded as sent."""
    fake.fail("chat.postMessage", fault, where=lambda p: p["channel"] == HR)
    report = {r.channel: r for r in run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path).results}
    assert report[HR].state == "sent", report[HR]
    assert fake.of(f"chat.postMessage ({fault})"), "the fault happened"
    assert len(fake.posts(HR)) == 1
    assert store.row("hr", HR, DUE).ts == fake.posts(HR)[0]["ts"]  # type: ignore[union-attr]
    assert run("2026-07-01T06:05:00Z", store, cfg, engine, fake, tmp_path).results == []
    assert len(fake.posts(HR)) == 1


def test_the_owner_of_a_claim_stops_retrying_before_the_claim_looks_stale(store, cfg, engine, fake, tmp_path):
    """With a one-minute stale window the owner may retry for 30 s: it does not wait out a 40 s Retry-After
    (which would let another process take the claim over and post too), but leaves it for a later run."""
    import time

    fake.fail("chat.postMessage", RATE_LIMITED, None, where=lambda p: p["channel"] == HR, retry_after=40)
    started = time.monotonic()
    report = {
        r.channel: r
        for r in run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path, stale_minutes=1).results
    }
    assert time.monotonic() - started < 10
    assert report[HR].state == "failed" and report[HR].detail.startswith("ratelimited")
    assert store.row("hr", HR, DUE).state == "failed"  # type: ignore[union-attr]


def test_channel_errors_are_recorded_and_do_not_stop_other_channels(
    store, cfg, engine, fake, tmp_path
) -> None:
    fake.errors[LEDNING] = "not_in_channel"
    fake.errors[KVALITET] = "is_archived"
    report = {r.channel: r for r in run("2026-07-01T06:00:30Z", store, cfg, engine, fake, tmp_path).results}
    assert report[HR].state == "sent"
    assert report[LEDNING].state == "rejected" and "/invite @planbot" in report[LEDNING].detail
    assert report[KVALITET].state == "rejected" and "arkiverad" in report[KVALITET].detail
    assert store.row("ekonomi", LEDNING, DUE).error.startswith("not_in_channel: ")  # type: ignore[union-attr]
    # Not retried: retrying cannot fix the channel.
    run("2026-07-01T06:10:00Z", store, cfg, engine, fake, tmp_path)
    assert len([a for a in fake.attempts() if a["channel"] == LEDNING]) == 1


CRASH = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from planbot.answer.engine import Engine
    from planbot.digest import runner, store as store_mod
    from planbot.digest.config import load_config
    from planbot.digest.delivery import web_client
    from planbot.digest.schedule import parse_iso
    from planbot.knowledge.store import KnowledgeBase
    from planbot.state import connect
    from tests.digest_support import policy, settings

    tmp, kb, url, where = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    crash = lambda *a, **k: os._exit(3)
    if where == "after-post":
        store_mod.DigestStore.mark_sent = crash      # posted, never recorded
    else:
        runner.deliver = crash                       # claimed, never posted
    runner.run_due(
        parse_iso("2026-07-01T06:00:30Z"),
        store=store_mod.DigestStore(connect(tmp / "state.db")),
        config=load_config(tmp / "digests.yaml"),
        engine=Engine(KnowledgeBase(kb)),
        client=web_client(settings(tmp, url)),
        policy=policy(),
    )
    """
)


def crash(tmp_path: Path, kb_path: Path, fake: FakeSlack, where: str) -> DigestStore:
    """Run one digest in a subprocess that dies (os._exit) at `where`; returns the store."""
    cfg = write_config(tmp_path / "digests.yaml", {"hr": [HR]}, schedule=MONTHLY)
    store = DigestStore(connect(tmp_path / "state.db"))
    from planbot.digest.config import load_config

    store.sync_config(load_config(cfg), now="2026-06-15T00:00:00Z")
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(tmp_path), str(kb_path), fake.api_url, where],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert store.row("hr", HR, DUE).state == "posting"  # type: ignore[union-attr]
    return store


def test_crash_between_post_and_record_never_posts_twice(tmp_path, kb_path, engine, fake) -> None:
    store = crash(tmp_path, kb_path, fake, "after-post")
    assert len(fake.posts(HR)) == 1
    cfg = config(tmp_path, {"hr": [HR]}, schedule=MONTHLY)
    # Restart right away: the claim is fresh (its owner might still be posting) → left alone.
    assert run("2026-07-01T06:01:00Z", store, cfg, engine, fake, tmp_path).results == []
    # Once stale: the channel history shows the post → recorded as sent, not posted again.
    report = run("2026-07-01T06:20:00Z", store, cfg, engine, fake, tmp_path, stale_minutes=0)
    assert [(r.state, r.detail.split(" (")[0]) for r in report.results] == [
        ("sent", "återfunnen i historiken")
    ]
    assert len(fake.posts(HR)) == 1
    row = store.row("hr", HR, DUE)
    assert row is not None and row.state == "sent" and row.ts == fake.posts(HR)[0]["ts"]


def test_crash_before_the_post_is_posted_once_after_the_history_check(
    tmp_path, kb_path, engine, fake
) -> None:
    store = crash(tmp_path, kb_path, fake, "before-post")
    assert fake.posts(HR) == []
    cfg = config(tmp_path, {"hr": [HR]}, schedule=MONTHLY)
    report = run("2026-07-01T06:20:00Z", store, cfg, engine, fake, tmp_path, stale_minutes=0)
    assert [r.state for r in report.results] == ["sent"]
    assert len(fake.posts(HR)) == 1
    assert fake.attempts("conversations.history")  # it looked before posting


def test_unverifiable_crash_is_left_for_review_not_reposted(tmp_path, kb_path, engine, fake) -> None:
    store = crash(tmp_path, kb_path, fake, "before-post")
    fake.history_error = "missing_scope"
    cfg = config(tmp_path, {"hr": [HR]}, schedule=MONTHLY)
    report = run("2026-07-01T06:20:00Z", store, cfg, engine, fake, tmp_path, stale_minutes=0)
    assert [r.state for r in report.results] == ["review"]
    assert "missing_scope" in report.results[0].detail
    assert fake.posts(HR) == []
    assert run("2026-07-01T06:30:00Z", store, cfg, engine, fake, tmp_path, stale_minutes=0).results == []


def test_scheduler_thread_posts_once_across_many_ticks(tmp_path, engine, fake) -> None:
    import time

    from planbot.digest.scheduler import Scheduler

    path = write_config(tmp_path / "digests.yaml", schedule=MONTHLY)
    store = DigestStore(connect(tmp_path / "state.db"))
    from planbot.digest.config import load_config

    store.sync_config(load_config(path), now="2026-06-15T00:00:00Z")
    conf = settings(tmp_path, fake.api_url, digest_config=path, digest_poll_seconds=0.02)
    scheduler = Scheduler(conf, engine=lambda: engine, clock=lambda: parse_iso("2026-07-01T06:00:30Z"))
    scheduler.start()
    deadline = time.monotonic() + 10
    while len(fake.posts()) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # several more ticks
    scheduler.stop()
    assert sorted(m["channel"] for m in fake.posts()) == sorted([HR, LEDNING, KVALITET])
