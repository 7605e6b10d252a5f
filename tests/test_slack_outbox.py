"""The outbox on its own: keys store work once, and two processes never deliver one job twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from planbot.slack.outbox import Job, NewJob, Outbox, Post, Send
from tests.slack.fake_slack import FakeSlack


class Say:
    """A kind that posts the payload's text in the lane's channel."""

    def prepare(self, job: Job) -> Send:
        return Post(job.lane, {"text": job.payload["text"], "blocks": []})

    def sent(self, job: Job, ts: str | None) -> list[NewJob]:
        return []

    def undeliverable(self, job: Job, reason: str) -> list[NewJob]:
        return []


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def outbox(path: Path, slack: FakeSlack) -> Outbox:
    client = WebClient(token="xoxb-test", base_url=slack.api_url, timeout=2, retry_handlers=[])
    return Outbox(path, {"say": Say()}, client, senders=2, timeout_s=2)


def test_a_key_is_stored_once(tmp_path: Path, slack: FakeSlack) -> None:
    box = outbox(tmp_path / "state.db", slack)
    assert box.submit("event:Ev1", "say", "C1", {"text": "hej"}) is True
    assert box.submit("event:Ev1", "say", "C1", {"text": "hej"}) is False
    box.start()
    assert slack.wait_until(lambda: len(slack.posts("C1")) == 1)
    box.close(grace_s=5)
    assert len(slack.posts("C1")) == 1


def test_jobs_released_at_shutdown_go_out_once_from_two_processes(tmp_path: Path, slack: FakeSlack) -> None:
    path = tmp_path / "state.db"
    first = outbox(path, slack)
    for n in range(30):
        first.submit(f"event:Ev{n}", "say", f"C{n % 3}", {"text": f"svar {n}"})
    first.close(grace_s=0)  # never started: all 30 are released for the next process
    second, third = outbox(path, slack), outbox(path, slack)
    second.start()
    third.start()
    try:
        assert slack.wait_until(lambda: len(slack.posts()) >= 30, 10)
        assert second.wait_recovered() and third.wait_recovered()
    finally:
        second.close(grace_s=5)
        third.close(grace_s=5)
    texts = sorted(str(m["text"]) for m in slack.posts())
    assert texts == sorted(f"svar {n}" for n in range(30))
    assert second.delivered + third.delivered == 30
