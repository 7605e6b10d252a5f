"""Acknowledged mentions survive restarts: SIGTERM drains, kill -9 loses nothing, nothing posts twice.

Each test runs its own `planbot serve`, sends signed mentions that are acknowledged at once,
stops the server while their answers are still on the way (Slack slow, down or stalled),
and checks that every mention gets exactly one answer: before the process exits, or from
the next start on the same runtime database.
"""

from __future__ import annotations

import itertools
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack import payloads
from tests.slack.fake_slack import (
    ACCEPT_THEN_STALL,
    SLOW,
    FakeSlack,
    PlanbotServer,
    free_port,
    post,
    server_env,
    sign,
)

_ids = itertools.count(1)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(stall_seconds=30)
    yield fake
    fake.close()


def serve(slack: FakeSlack, kb_path: Path, tmp_path: Path, **settings: str) -> PlanbotServer:
    env = server_env(slack, kb_path, PLANBOT_DIGEST_SCHEDULER="0", **settings)
    server = PlanbotServer(env, free_port(), tmp_path / "state.db")
    server.wait_ready()
    return server


def mentions(server: PlanbotServer, channels: list[str], per_channel: int) -> list[tuple[str, str]]:
    """Signed mentions, all acknowledged; (channel, thread ts) of each."""
    sent = []
    for n, channel in itertools.product(range(per_channel), channels):
        ts = f"{time.time():.6f}"
        body = payloads.event_callback(
            payloads.app_mention(f"<@UPLANBOT> /prognos {n}", channel=channel, ts=ts), f"EvR{next(_ids):05d}"
        )
        status, reply, _ = post(
            server.url + "/slack/events", body, {"Content-Type": "application/json", **sign(body)}
        )
        assert (status, reply) == (200, "")
        sent.append((channel, ts))
    return sent


def answer_counts(slack: FakeSlack, sent: list[tuple[str, str]]) -> list[int]:
    return [len([m for m in slack.posts(ch) if m["thread_ts"] == ts]) for ch, ts in sent]


def test_sigterm_finishes_the_answers_in_flight_before_exiting(
    slack: FakeSlack, kb_path: Path, tmp_path: Path
):
    server = serve(slack, kb_path, tmp_path)
    slack.fail("chat.postMessage", SLOW, None, delay=0.3)
    try:
        sent = mentions(server, ["C0TERM1", "C0TERM2", "C0TERM3"], 3)
        assert server.stop(signal.SIGTERM) in (0, -signal.SIGTERM)
    finally:
        server.close()
    assert answer_counts(slack, sent) == [1] * len(sent)
    assert "left for the next start" not in server.output()


def test_work_left_at_sigterm_is_finished_by_the_next_start(slack: FakeSlack, kb_path: Path, tmp_path: Path):
    server = serve(slack, kb_path, tmp_path, PLANBOT_SHUTDOWN_GRACE_SECONDS="0.5")
    try:
        slack.down()
        sent = mentions(server, ["C0LEFT1", "C0LEFT2"], 2)
        server.stop(signal.SIGTERM)
        assert "4 job(s) left for the next start" in server.output()
        slack.up()
        server.start()
        server.wait_ready()
        assert slack.wait_until(lambda: answer_counts(slack, sent) == [1] * len(sent), 10), answer_counts(
            slack, sent
        )
        server.wait_idle()
    finally:
        server.close()
    assert answer_counts(slack, sent) == [1] * len(sent)


def test_kill_9_loses_no_acknowledged_answer_and_posts_none_twice(
    slack: FakeSlack, kb_path: Path, tmp_path: Path
) -> None:
    # Every post is accepted and then hangs: at the kill, some answers are in Slack but
    # planbot does not know it, and the rest are still queued behind them.
    server = serve(slack, kb_path, tmp_path, PLANBOT_SLACK_TIMEOUT_SECONDS="30")
    slack.fail("chat.postMessage", ACCEPT_THEN_STALL, None)
    try:
        sent = mentions(server, ["C0KILL1", "C0KILL2", "C0KILL3"], 3)
        assert slack.wait_until(lambda: len(slack.posts()) == 3, 10)  # one per channel, in doubt
        server.stop(signal.SIGKILL)
        slack.heal()
        slack.release()
        server.start()
        server.wait_ready()
        assert slack.wait_until(lambda: min(answer_counts(slack, sent)) == 1, 10), answer_counts(slack, sent)
        server.wait_idle()
    finally:
        server.close()
    assert answer_counts(slack, sent) == [1] * len(sent)
    looked = {c.params["channel"] for c in slack.of("conversations.replies")}
    assert looked == {"C0KILL1", "C0KILL2", "C0KILL3"}, "the answers in doubt were looked for, not re-sent"
