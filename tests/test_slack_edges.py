"""Small things users and operators notice, over real HTTP against `planbot serve`.

Slack's own entities (&amp; &lt; &gt;) are read once, not escaped again; event types and
buttons planbot does not handle are acknowledged (a 404 makes Slack retry); a failing
`/planbot digest` says so instead of "Ett ögonblick …" forever; Slack unreachable at
start-up stops `planbot serve` with one line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planbot.slack import texts
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack, PlanbotServer, free_port, post, server_env, sign

ROOT = Path(__file__).resolve().parents[1]
FORM, JSON = "application/x-www-form-urlencoded", "application/json"


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    tmp = tmp_path_factory.mktemp("edges")
    env = server_env(
        slack, kb_path, PLANBOT_DIGEST_SCHEDULER="0", PLANBOT_DIGEST_CONFIG=str(tmp / "missing.yaml")
    )
    process = PlanbotServer(env, free_port(), tmp / "state.db")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def send(server: PlanbotServer, body: str, content_type: str) -> tuple[int, str]:
    status, reply, _ = post(server.url + "/slack/events", body, {"Content-Type": content_type, **sign(body)})
    return status, reply


def test_slack_entities_are_read_once_and_not_escaped_twice(server: PlanbotServer, slack: FakeSlack) -> None:
    typed = "R&amp;D &lt;x&gt;"  # what Slack sends when someone types: R&D <x>
    status, reply = send(server, payloads.slash_command("/mål", typed, channel="C0GENERAL"), FORM)
    assert status == 200
    text = json.loads(reply)["text"]
    assert "”/mål R&amp;D &lt;x&gt;”" in text and "&amp;amp;" not in text
    mention = payloads.app_mention(f"<@UPLANBOT> /mål {typed}", channel="C0ENTITY", ts="1718.5")
    assert send(server, payloads.event_callback(mention, "EvEntity"), JSON) == (200, "")
    assert slack.wait_until(lambda: bool(slack.posts("C0ENTITY")))
    posted = slack.posts("C0ENTITY")[0]["text"]
    assert "”/mål R&amp;D &lt;x&gt;”" in posted and "&amp;amp;" not in posted


def test_event_types_and_buttons_planbot_does_not_handle_are_acknowledged(server: PlanbotServer) -> None:
    reaction = {"type": "reaction_added", "user": "U0ANNA", "reaction": "tada", "item": {"type": "message"},
                "event_ts": "1718.6"}  # fmt: skip
    assert send(server, payloads.event_callback(reaction, "EvReaction"), JSON)[0] == 200
    button = payloads.block_actions("some_old_button", "x", channel="C0GENERAL")
    assert send(server, button, FORM)[0] == 200


def test_a_failing_digest_command_says_so(server: PlanbotServer, slack: FakeSlack) -> None:
    url = slack.response_url("digest-broken")
    body = payloads.slash_command("/planbot", "digest lista", channel="C0GENERAL", response_url=url)
    status, reply = send(server, body, FORM)
    assert status == 200 and json.loads(reply)["text"] == texts.WORKING
    call = slack.wait_for("response_url", lambda c: c.path == "/response/digest-broken")
    assert call.params["replace_original"] is True and call.params["text"] == texts.SOMETHING_WENT_WRONG


def test_slack_unreachable_at_start_up_stops_serve_with_one_line(kb_path: Path, tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-1-2-secret", SLACK_SIGNING_SECRET="0123456789abcdef", SLACK_API_URL=closed,
        PLANBOT_KB_PATH=str(kb_path), PLANBOT_AUTO_BUILD="0", PLANBOT_STATE_PATH=str(tmp_path / "state.db"),
        PLANBOT_PORT=str(free_port()),
    )  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "planbot", "serve"], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"Error: Slack is not reachable at {closed} (ConnectionRefusedError: [Errno 111] Connection "
        "refused); check SLACK_API_URL, the network and the proxy"
    )
