"""Authentication first: over real HTTP, a request Slack did not sign causes nothing.

A running `planbot serve` gets forged, malformed and oversized requests whose bodies name
a response_url and a user on the fake Slack. None of them may be answered with anything
but a bare 4xx, and the fake Slack must see no call at all besides the start-up auth.test:
no response_url post, no DM, no message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack import payloads
from tests.slack.fake_slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    PlanbotServer,
    free_port,
    raw_post,
    sign,
)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
VICTIM = "U0VICTIM"


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "PLANBOT_KB_PATH": str(kb_path),
        "PLANBOT_AUTO_BUILD": "0",
        "PLANBOT_DIGEST_SCHEDULER": "0",
        "PLANBOT_LOG_LEVEL": "DEBUG",
    }
    process = PlanbotServer(env, free_port(), tmp_path_factory.mktemp("auth") / "state.db")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def bodies(slack: FakeSlack) -> list[tuple[str, str]]:
    """A slash command and an event, each naming a response_url or a user to reach."""
    command = payloads.slash_command(
        "/mål", "sjukfrånvaro", channel="C0GENERAL", user=VICTIM, response_url=slack.response_url("victim")
    )
    mention = payloads.event_callback(
        payloads.app_mention("<@UPLANBOT> /prognos", channel="C0VICTIM", ts="9.9", user=VICTIM), "EvForged"
    )
    action = payloads.block_actions(
        "share_in_channel",
        "/prognos",
        channel="C0VICTIM",
        user=VICTIM,
        response_url=slack.response_url("victim"),
    )
    return [(command, FORM), (mention, JSON), (action, FORM)]


def now() -> str:
    return str(int(time.time()))


def signature_for(body: str, timestamp: str) -> str:
    return sign(body, timestamp=int(timestamp))["X-Slack-Signature"]


def zeros(timestamp: str | bytes) -> list[tuple[str, str | bytes]]:
    """A timestamp header as given and a well-formed signature that matches nothing."""
    return [("X-Slack-Request-Timestamp", timestamp), ("X-Slack-Signature", "v0=" + "0" * 64)]


# Each case: headers for a body. The first ones broke slack_sdk's verifier (int("abc")),
# whose exception Bolt routed to the error handler, which then replied through the body.
FORGERIES = {
    "timestamp-abc": lambda body: zeros("abc"),
    "timestamp-float": lambda body: zeros("1.5"),
    "timestamp-empty": lambda body: zeros(""),
    "timestamp-underscores": lambda body: zeros(f"{now()[:4]}_{now()[4:]}"),
    "timestamp-arabic-digits": lambda body: zeros("".join(chr(0x660 + int(d)) for d in now()).encode()),
    "timestamp-huge": lambda body: zeros("9" * 400),
    "signature-missing": lambda body: [("X-Slack-Request-Timestamp", now())],
    "signature-empty": lambda body: [("X-Slack-Request-Timestamp", now()), ("X-Slack-Signature", "")],
    "signature-not-hex": lambda body: [("X-Slack-Request-Timestamp", now()), ("X-Slack-Signature", "v0=zz")],
    "signature-wrong-secret": lambda body: list(sign(body, secret="not-the-signing-secret").items()),
    "signature-stale": lambda body: list(sign(body, timestamp=int(time.time()) - 6 * 60).items()),
    "signature-future": lambda body: list(sign(body, timestamp=int(time.time()) + 6 * 60).items()),
    "signature-v1": lambda body: [
        ("X-Slack-Request-Timestamp", now()),
        ("X-Slack-Signature", signature_for(body, now()).replace("v0=", "v1=")),
    ],
    "headers-repeated": lambda body: [
        *sign(body, secret="not-the-signing-secret").items(),
        *sign(body).items(),
    ],
    "unsigned": lambda body: [],
}


@pytest.mark.parametrize("forge", list(FORGERIES.values()), ids=list(FORGERIES))
def test_unverified_request_gets_401_and_causes_no_call_to_slack(
    server: PlanbotServer, slack: FakeSlack, forge: object
) -> None:
    for body, content_type in bodies(slack):
        headers = [("Content-Type", content_type), *forge(body)]  # type: ignore[operator]
        status, reply = raw_post(server.url + "/slack/events", body.encode(), headers)
        assert status == 401, (status, reply)
        assert VICTIM.encode() not in reply and b"Sjukfr" not in reply
    time.sleep(0.3)  # a lazy listener, had one started, would have called by now
    assert [c.method for c in slack.calls if c.method != "auth.test"] == []


def test_valid_signature_on_the_raw_bytes_is_accepted(server: PlanbotServer, slack: FakeSlack) -> None:
    """The control for the cases above: the same body, signed, is answered."""
    body = payloads.slash_command(
        "/mål", "sjukfrånvaro", channel="D0ANNA", response_url=slack.response_url("ok")
    )
    status, reply = raw_post(
        server.url + "/slack/events", body.encode(), [("Content-Type", FORM), *sign(body).items()]
    )
    assert status == 200 and "Sjukfrånvaro" in json.loads(reply)["text"]


def test_invalid_utf8_with_a_signature_over_its_bytes_is_a_400(server: PlanbotServer) -> None:
    raw = b"command=%2Fm%C3%A5l&text=\xff\xfe"
    ts = now()
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
    headers = [
        ("Content-Type", FORM),
        ("X-Slack-Request-Timestamp", ts),
        ("X-Slack-Signature", f"v0={digest}"),
    ]
    status, _ = raw_post(server.url + "/slack/events", raw, headers)
    assert status == 400


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", JSON),
        ("[1, 2, 3]", JSON),
        ("123", JSON),
        ('{"team": 5, "user": [], "channel": "x", "event": 7}', JSON),
        ("payload=%7Bnot+json", FORM),
        ("payload=%5B%5D", FORM),
        # Shapes Slack never sends, which made Bolt's matchers raise (found by tests/test_slack_fuzz.py):
        ("payload=" + urllib.parse.quote('{"type": "block_actions", "actions": [true]}'), FORM),
        ("payload=" + urllib.parse.quote('{"type": "block_actions", "actions": [{"value": "x"}]}'), FORM),
        ("payload=" + urllib.parse.quote('{"type": "view_closed", "view": null}'), FORM),
        ('{"type": "event_callback", "event": {"type": "app_mention", "user": 5}, "event_id": "Ev1"}', JSON),
    ],
)
def test_malformed_bodies_get_401_unsigned_and_400_signed(
    server: PlanbotServer, body: str, content_type: str
) -> None:
    url = server.url + "/slack/events"
    assert raw_post(url, body.encode(), [("Content-Type", content_type)])[0] == 401
    status, reply = raw_post(url, body.encode(), [("Content-Type", content_type), *sign(body).items()])
    assert status in (400, 404), (status, reply)
    assert b"Traceback" not in reply
    assert "Traceback" not in server.output()


def test_oversized_bodies_are_refused_before_they_are_read(server: PlanbotServer) -> None:
    url = server.url + "/slack/events"
    declared = [("Content-Type", FORM), ("Content-Length", str(100 * 2**20))]
    assert raw_post(url, b"x" * 10, declared)[0] == 413  # the header alone decides
    assert raw_post(url, b"", [("Content-Type", FORM), ("Content-Length", "12abc")])[0] == 400
    chunk = b"x" * 65536
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
    status, _ = raw_post(url, chunked, [("Content-Type", FORM), ("Transfer-Encoding", "chunked")])
    assert status == 413  # streamed past the limit


def test_refused_requests_leave_no_body_in_the_log(server: PlanbotServer, slack: FakeSlack) -> None:
    body = payloads.slash_command("/mål", "hemligt", channel="C0LOG", response_url=slack.response_url("leak"))
    raw_post(server.url + "/slack/events", body.encode(), [("Content-Type", FORM)])
    output = server.output()
    assert "hemligt" not in output and "/response/leak" not in output
