"""Answers reach Slack exactly once, over real HTTP, while the fake Slack fails on purpose.

A running `planbot serve` gets signed mentions and button clicks; the fake Slack accepts a
post and then answers 500, resets or stalls (so planbot cannot know it was posted), fails
before accepting, refuses connections, or rate-limits one channel. Exactly one answer must
land for each, in its thread, without a false error message, and one rate-limited channel
must not hold back the others.

Counts are taken once the server's outbox is empty (/healthz): every answer delivered or
given up, nothing left to retry.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planbot.slack import texts
from tests.slack import payloads
from tests.slack.fake_slack import (
    ACCEPT_THEN_500,
    ACCEPT_THEN_RESET,
    ACCEPT_THEN_STALL,
    HTTP_500,
    RATE_LIMITED,
    RESET,
    FakeSlack,
    PlanbotServer,
    free_port,
    post,
    server_env,
    sign,
)

_ids = itertools.count(1)
DEADLINE_S = 1.5  # of the server in test_user_is_told_…


def unique(prefix: str) -> str:
    return f"{prefix}{next(_ids):05d}"


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(stall_seconds=10)
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    env = server_env(
        slack,
        kb_path,
        PLANBOT_DIGEST_SCHEDULER="0",
        PLANBOT_SLACK_TIMEOUT_SECONDS="0.5",
    )
    process = PlanbotServer(env, free_port(), tmp_path_factory.mktemp("delivery") / "state.db")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


@pytest.fixture(autouse=True)
def healthy(slack: FakeSlack) -> Iterator[None]:
    yield
    slack.heal()


def mention(
    server: PlanbotServer, channel: str, text: str = "<@UPLANBOT> /prognos", user: str = "U0ANNA"
) -> str:
    """Send a signed app_mention; returns its ts (the thread the answer goes to)."""
    ts = f"{time.time():.6f}"
    body = payloads.event_callback(
        payloads.app_mention(text, channel=channel, ts=ts, user=user), unique("Ev")
    )
    headers = {"Content-Type": "application/json", **sign(body)}
    status, reply, _ = post(server.url + "/slack/events", body, headers)
    assert (status, reply) == (200, "")
    return ts


def answers(slack: FakeSlack, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    return [m for m in slack.posts(channel) if m["thread_ts"] == thread_ts]


def wait_answered(slack: FakeSlack, channel: str, thread_ts: str, timeout: float = 8.0) -> None:
    assert slack.wait_until(lambda: bool(answers(slack, channel, thread_ts)), timeout), slack.calls[-10:]


def dms(slack: FakeSlack, user: str) -> list[str]:
    return [str(m["text"]) for m in slack.posts(user)]


@pytest.mark.parametrize("fault", [ACCEPT_THEN_500, ACCEPT_THEN_RESET, ACCEPT_THEN_STALL])
def test_answer_is_posted_once_when_slack_fails_after_accepting_it(
    server: PlanbotServer, slack: FakeSlack, fault: str
) -> None:
    channel, user = unique("C"), unique("U")
    slack.fail("chat.postMessage", fault, where=lambda p: p.get("channel") == channel)
    thread = mention(server, channel, user=user)
    server.wait_idle()
    assert len(answers(slack, channel, thread)) == 1
    assert slack.of(f"chat.postMessage ({fault})"), "the fault happened"
    assert dms(slack, user) == [], "no false 'Något gick fel' after a post that landed"


@pytest.mark.parametrize("fault", [HTTP_500, RESET])
def test_answer_that_never_reached_slack_is_posted_once_after_the_history_check(
    server: PlanbotServer, slack: FakeSlack, fault: str
) -> None:
    channel = unique("C")
    slack.fail("chat.postMessage", fault, where=lambda p: p.get("channel") == channel)
    thread = mention(server, channel)
    server.wait_idle()
    assert len(answers(slack, channel, thread)) == 1
    replies = [c for c in slack.of("conversations.replies") if c.params.get("channel") == channel]
    assert replies and replies[0].params["ts"] == thread, "it looked in the thread before posting again"


def test_answer_acknowledged_while_slack_is_unreachable_arrives_when_it_is_back(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    channel = unique("C")
    slack.down()
    try:
        thread = mention(server, channel)  # acknowledged: planbot needs no Web API for that
        time.sleep(4)  # the outage lasts longer than a client's own retries (at most 3.5 s)
    finally:
        slack.up()
    wait_answered(slack, channel, thread)
    server.wait_idle()
    assert len(answers(slack, channel, thread)) == 1


def test_user_is_told_when_an_answer_cannot_be_delivered(
    slack: FakeSlack, kb_path: Path, tmp_path: Path
) -> None:
    env = server_env(
        slack, kb_path, PLANBOT_DIGEST_SCHEDULER="0", PLANBOT_DELIVERY_DEADLINE_SECONDS=str(DEADLINE_S)
    )
    server = PlanbotServer(env, free_port(), tmp_path / "state.db")
    channel, user = unique("C"), unique("U")
    slack.fail("chat.postMessage", HTTP_500, None, where=lambda p: p.get("channel") == channel)
    try:
        server.wait_ready()
        mention(server, channel, user=user)
        assert slack.wait_until(lambda: bool(dms(slack, user)), DEADLINE_S + 5)
    finally:
        server.close()
    (told,) = dms(slack, user)
    assert told.startswith("Jag kunde inte leverera svaret på din fråga ”/prognos”")
    assert told == texts.NOT_DELIVERED.format(asked=" på din fråga ”/prognos”")
    assert slack.posts(channel) == []


def test_share_clicked_twice_posts_once(server: PlanbotServer, slack: FakeSlack) -> None:
    channel = unique("C")

    def click(message_ts: str) -> None:
        body = payloads.block_actions(
            "share_in_channel", "/prognos", channel=channel, message_ts=message_ts,
            response_url=slack.response_url(unique("share")),
        )  # fmt: skip
        status, reply, _ = post(server.url + "/slack/events", body, {
            "Content-Type": "application/x-www-form-urlencoded", **sign(body)})  # fmt: skip
        assert (status, reply) == (200, "")

    click("1718000000.000100")
    click("1718000000.000100")  # the same ephemeral answer, clicked again
    click("1718000000.000200")  # another answer: shared once too
    assert slack.wait_until(lambda: len(slack.posts(channel)) >= 2, 8)
    server.wait_idle()
    assert len(slack.posts(channel)) == 2


def test_one_rate_limited_channel_does_not_delay_other_channels(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    busy, other = unique("C"), unique("C")
    slack.fail("chat.postMessage", RATE_LIMITED, None, where=lambda p: p.get("channel") == busy,
               retry_after=1, seconds=1.5)  # fmt: skip
    threads = [mention(server, busy) for _ in range(8)]
    assert slack.wait_until(lambda: bool(slack.of("chat.postMessage (429)")), 5)
    started = time.monotonic()
    answered = mention(server, other)
    wait_answered(slack, other, answered, timeout=1.0)  # not after the other channel's Retry-After
    assert time.monotonic() - started < 1.0
    for thread in threads:
        wait_answered(slack, busy, thread, timeout=5)
    assert [len(answers(slack, busy, t)) for t in threads] == [1] * 8
    in_order = [m["thread_ts"] for m in slack.posts(busy)]
    assert in_order == threads, "answers in one channel keep their order"
