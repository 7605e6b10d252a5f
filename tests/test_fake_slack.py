"""The fake Slack fails the way a real client would see Slack fail (the fault tests rely on it)."""

from __future__ import annotations

import urllib.error
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack.fake_slack import (
    ACCEPT_THEN_500,
    ACCEPT_THEN_RESET,
    ACCEPT_THEN_STALL,
    HTTP_500,
    RATE_LIMITED,
    RESET,
    FakeSlack,
)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack(stall_seconds=5) as fake:
        yield fake


def client(slack: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.api_url, timeout=0.5, retry_handlers=[])


def post(slack: FakeSlack, channel: str = "C1") -> object:
    return client(slack).chat_postMessage(
        channel=channel, text="hej", metadata={"event_type": "t", "event_payload": {"k": 1}}
    )


@pytest.mark.parametrize(
    ("fault", "stored", "error"),
    [
        (ACCEPT_THEN_500, 1, SlackApiError),
        (ACCEPT_THEN_RESET, 1, ConnectionResetError),
        (ACCEPT_THEN_STALL, 1, TimeoutError),
        (HTTP_500, 0, SlackApiError),
        (RESET, 0, ConnectionResetError),
        (RATE_LIMITED, 0, SlackApiError),
    ],
)
def test_each_fault_fails_the_call_and_stores_only_when_accepted(
    slack: FakeSlack, fault: str, stored: int, error: type[Exception]
) -> None:
    slack.fail("chat.postMessage", fault)
    with pytest.raises(error):
        post(slack)
    assert len(slack.posts("C1")) == stored
    post(slack)  # one time only
    assert len(slack.posts("C1")) == stored + 1


def test_down_refuses_connections_until_up(slack: FakeSlack) -> None:
    slack.down()
    with pytest.raises(urllib.error.URLError) as refused:
        post(slack)
    assert isinstance(refused.value.reason, ConnectionRefusedError)
    slack.up()
    post(slack)
    assert len(slack.posts()) == 1


def test_history_and_replies_show_metadata_only_when_asked(slack: FakeSlack) -> None:
    web = client(slack)
    top = web.chat_postMessage(
        channel="C1", text="a", metadata={"event_type": "t", "event_payload": {"k": 1}}
    )
    web.chat_postMessage(
        channel="C1", text="b", thread_ts=top["ts"], metadata={"event_type": "t", "event_payload": {"k": 2}}
    )
    history = web.conversations_history(channel="C1", include_all_metadata=True)["messages"]
    assert [m["text"] for m in history] == ["a"] and history[0]["metadata"]["event_payload"] == {"k": 1}
    assert "metadata" not in web.conversations_history(channel="C1")["messages"][0]
    replies = web.conversations_replies(channel="C1", ts=top["ts"], include_all_metadata=True)["messages"]
    assert [m["metadata"]["event_payload"]["k"] for m in replies] == [2]
