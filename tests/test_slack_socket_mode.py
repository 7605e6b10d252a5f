"""End to end in Socket Mode: `planbot serve` with SLACK_APP_TOKEN, a fake WebSocket endpoint.

The fake Web API's apps.connections.open hands out the fake WebSocket URL, exactly as
Slack does; the test then pushes Socket Mode envelopes and checks the app's acks and its
Web API calls.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from planbot.answer.engine import Engine
from planbot.render.slack import render_blocks
from planbot.service import ask
from tests.slack import payloads
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack, FakeSocketMode, PlanbotServer, free_port


@pytest.fixture(scope="module")
def socket_mode(
    kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FakeSlack, FakeSocketMode]]:
    ws = FakeSocketMode()
    slack = FakeSlack(ws_url=ws.url)
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "PLANBOT_KB_PATH": str(kb_path),
        "PLANBOT_AUTO_BUILD": "0",
    }
    server = PlanbotServer(env, free_port(), tmp_path_factory.mktemp("socket") / "state.db")
    try:
        server.wait_ready()
        assert ws.connected.wait(10), server.output()
        yield slack, ws
    finally:
        server.close()
        ws.close()
        slack.close()


def test_connection_is_opened_with_the_app_token(socket_mode: tuple[FakeSlack, FakeSocketMode]) -> None:
    slack, _ = socket_mode
    call = slack.wait_for("apps.connections.open")
    assert call.headers["Authorization"] == f"Bearer {APP_TOKEN}"


@pytest.mark.parametrize("name", ["/mål", "/mal"])
def test_slash_command_is_answered_in_the_ack(
    socket_mode: tuple[FakeSlack, FakeSocketMode], engine: Engine, name: str
) -> None:
    _, ws = socket_mode
    form = payloads.slash_command(name, "sjukfrånvaro", channel="C0GENERAL", response_url="")
    payload = {k: v[0] if v else "" for k, v in urllib.parse.parse_qs(form, keep_blank_values=True).items()}
    envelope_id = f"env-{name.encode().hex()}"
    ws.send(
        {
            "envelope_id": envelope_id,
            "type": "slash_commands",
            "payload": payload,
            "accepts_response_payload": True,
        }
    )
    ack = ws.wait_ack(envelope_id)
    assert ack["payload"]["response_type"] == "ephemeral"
    assert ack["payload"]["blocks"][0] == render_blocks(ask("/mål sjukfrånvaro", engine))["blocks"][0]


def test_mention_is_answered_in_a_thread(socket_mode: tuple[FakeSlack, FakeSocketMode]) -> None:
    slack, ws = socket_mode
    body = json.loads(
        payloads.event_callback(
            payloads.app_mention("<@UPLANBOT> /prognos", channel="C0SOCKET", ts="1718.5"), "EvSocket1"
        )
    )
    envelope = {"type": "events_api", "payload": body, "accepts_response_payload": False}
    ws.send({"envelope_id": "env-event", **envelope, "retry_attempt": 0, "retry_reason": ""})
    ws.wait_ack("env-event")
    call = slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == "C0SOCKET")
    assert call.params["thread_ts"] == "1718.5"
    ws.send({"envelope_id": "env-event-retry", **envelope, "retry_attempt": 1, "retry_reason": "timeout"})
    ws.wait_ack("env-event-retry")
    time.sleep(0.3)
    assert len([c for c in slack.of("chat.postMessage") if c.params["channel"] == "C0SOCKET"]) == 1
