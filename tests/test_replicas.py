"""Two replicas of `planbot serve` on one PostgreSQL behave as one bot, over real HTTP.

Each replica is a real process with its own pools, outbox and scheduler, sharing only the
runtime database (PLANBOT_STATE_URL) on a real PostgreSQL server, as two pods behind a
load balancer would: an event Slack delivers to both is answered once, a subscription
made through one is listed by the other, and a due digest is posted once, also when the
replica posting it is killed in the middle of the post.
"""

from __future__ import annotations

import itertools
import signal
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from planbot.digest.config import load_config
from planbot.digest.store import DigestStore
from planbot.state import open_state
from tests.digest_support import HR, LEDNING, STHLM, write_config
from tests.postgres import PostgresServer
from tests.slack import payloads
from tests.slack.fake_slack import (
    ACCEPT_THEN_STALL,
    FakeSlack,
    PlanbotServer,
    free_port,
    post,
    server_env,
    sign,
)

FORM = "application/x-www-form-urlencoded"
ADMIN = "U0ADMIN"
_ids = itertools.count(1)


def start(slack: FakeSlack, kb_path: Path, folder: Path, url: str, **settings: str) -> PlanbotServer:
    env = server_env(slack, kb_path, PLANBOT_STATE_URL=url, **settings)
    return PlanbotServer(env, free_port(), folder / f"unused-{next(_ids)}.db")


def pair(slack: FakeSlack, kb_path: Path, folder: Path, url: str, **settings: str) -> list[PlanbotServer]:
    """Two replicas started side by side, both ready."""
    replicas = [start(slack, kb_path, folder, url, **settings) for _ in range(2)]
    for replica in replicas:
        replica.wait_ready(60)
    return replicas


def send(server: PlanbotServer, body: str, content_type: str, **headers: str) -> tuple[int, str, dict]:
    return post(server.url + "/slack/events", body, {"Content-Type": content_type, **sign(body), **headers})


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(stall_seconds=60)
    fake.users[ADMIN] = {"is_admin": True}
    fake.channels[HR] = {"name": "hr", "is_member": True}
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def replicas(
    slack: FakeSlack, kb_path: Path, postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[PlanbotServer]]:
    servers = pair(
        slack, kb_path, tmp_path_factory.mktemp("replicas"), postgres.create_database(),
        PLANBOT_DIGEST_SCHEDULER="0",
    )  # fmt: skip
    try:
        yield servers
    finally:
        for server in servers:
            server.close()


def test_an_event_delivered_to_both_replicas_is_answered_once(
    replicas: list[PlanbotServer], slack: FakeSlack
) -> None:
    """Slack retries an event it saw no 200 for in time, and the load balancer may send the retry
    to the other replica: here every event reaches both at the same moment, and again as a retry."""
    sent = []
    for n in range(8):
        ts = f"{time.time():.6f}"
        body = payloads.event_callback(
            payloads.app_mention(f"<@UPLANBOT> /prognos {n}", channel="C0TWICE", ts=ts), f"EvTwice{n:03d}"
        )
        answers: list[tuple[int, str, dict]] = []
        both = [
            threading.Thread(target=lambda r=r, b=body, a=answers: a.append(send(r, b, "application/json")))
            for r in replicas
        ]
        for thread in both:
            thread.start()
        for thread in both:
            thread.join()
        assert sorted(a[0] for a in answers) == [200, 200]
        for replica in replicas:  # the retry, to each replica
            assert send(replica, body, "application/json", **{"X-Slack-Retry-Num": "1"})[0] == 200
        sent.append(ts)
    assert slack.wait_until(lambda: all(slack_answers(slack, ts) >= 1 for ts in sent), 15)
    for replica in replicas:
        replica.wait_idle()
    assert [slack_answers(slack, ts) for ts in sent] == [1] * len(sent)


def slack_answers(slack: FakeSlack, thread_ts: str) -> int:
    return len([m for m in slack.posts("C0TWICE") if m["thread_ts"] == thread_ts])


def test_a_subscription_made_through_one_replica_is_seen_by_the_other(
    replicas: list[PlanbotServer], slack: FakeSlack
) -> None:
    def digest_command(replica: PlanbotServer, text: str) -> dict[str, Any]:
        url = slack.response_url(f"sub{next(_ids)}")
        n = next(_ids)
        body = payloads.slash_command(
            "/planbot", text, channel=HR, user=ADMIN, response_url=url, trigger=f"t{n}"
        )
        assert send(replica, body, FORM)[0] == 200
        path = "/" + url.split("/", 3)[3]
        return slack.wait_for("response_url", lambda call: call.path == path, timeout=15).params

    one, other = replicas
    subscribed = digest_command(one, 'digest prenumerera hr "15 6 * * 2"')
    assert "prenumererar" in subscribed["text"].lower() or "15 6 * * 2" in subscribed["text"], subscribed
    listed = digest_command(other, "digest lista")
    assert HR in listed["text"] and "15 6 * * 2" in listed["text"], listed["text"]
    digest_command(other, f"digest avsluta hr <#{HR}>")
    assert "15 6 * * 2" not in digest_command(one, "digest lista")["text"]


def test_two_schedulers_post_a_due_digest_once_also_when_the_poster_is_killed(
    slack: FakeSlack, kb_path: Path, postgres: PostgresServer, tmp_path: Path
) -> None:
    """Both replicas run the digest scheduler every 0.2 s. The first post to #hr reaches Slack
    and then hangs; the replica that made it is killed (kill -9) before it knows the outcome.
    The other finds the claim stale (after 3 s), reads the channel's history, sees the post
    and records it: one post to #hr, one to #ledning, none twice."""
    url = postgres.create_database()
    an_hour_ago = datetime.now(STHLM) - timedelta(hours=1)
    daily = f"{an_hour_ago.minute} {an_hour_ago.hour} * * *"  # due an hour ago, within the grace period
    config = write_config(tmp_path / "digests.yaml", {"hr": [HR], "ekonomi": [LEDNING]}, schedule=daily)
    store = DigestStore(open_state(url))
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    store.sync_config(load_config(config), now=two_hours_ago)
    slack.fail("chat.postMessage", ACCEPT_THEN_STALL, 1, where=lambda p: p.get("channel") == HR)
    replicas = pair(
        slack, kb_path, tmp_path, url,
        PLANBOT_DIGEST_CONFIG=str(config), PLANBOT_DIGEST_POLL_SECONDS="0.2",
        PLANBOT_DIGEST_STALE_CLAIM_MINUTES="0.05", PLANBOT_SLACK_TIMEOUT_SECONDS="30",
    )  # fmt: skip
    try:
        assert slack.wait_until(lambda: len(slack.posts(HR)) == 1, 20), "the first post to #hr reached Slack"
        (claim,) = [r for r in store.sent_log() if r.channel == HR]
        assert claim.state == "posting" and claim.claimed_by is not None
        pid = int(claim.claimed_by.split(":")[1])
        (poster,) = [r for r in replicas if r.process.pid == pid]
        (survivor,) = [r for r in replicas if r is not poster]
        poster.stop(signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and {r.state for r in store.sent_log()} != {"sent"}:
            time.sleep(0.1)
        time.sleep(1.0)  # several more ticks of the survivor
        log = {r.channel: r for r in store.sent_log()}
        assert {channel: row.state for channel, row in log.items()} == {HR: "sent", LEDNING: "sent"}
        assert log[HR].ts == slack.posts(HR)[0]["ts"]
        assert log[HR].claimed_by is not None and str(survivor.process.pid) in log[HR].claimed_by
    finally:
        slack.release()
        for replica in replicas:
            replica.close()
    assert (len(slack.posts(HR)), len(slack.posts(LEDNING))) == (1, 1)
    assert any(c.params.get("channel") == HR for c in slack.of("conversations.history")), (
        "looked, not re-sent"
    )
    assert "historik" in (log[HR].error or "")  # settled from the channel's history
