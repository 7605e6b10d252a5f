"""Fuzzing `planbot serve` over HTTP with generated Slack requests (tests/slack/fuzz.py).

A few hundred examples here; bench/slack_fuzz.py runs ten thousand. Every request gets an
answer below 500, every forged one a 401, no forged one causes a call to Slack, and the
server logs no traceback and stays healthy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.slack import fuzz
from tests.slack.fake_slack import FakeSlack, PlanbotServer, free_port, raw_post, server_env

EXAMPLES = 300


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    env = server_env(slack, kb_path, PLANBOT_DIGEST_SCHEDULER="0", PLANBOT_SLACK_TIMEOUT_SECONDS="2")
    process = PlanbotServer(env, free_port(), tmp_path_factory.mktemp("fuzz") / "state.db")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def test_generated_slack_requests_never_break_the_server(server: PlanbotServer, slack: FakeSlack) -> None:
    seen: dict[str, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(request=fuzz.requests(slack.url))
    def one(request: tuple[str, bytes, list[tuple[str, str]], bool]) -> None:
        label, body, headers, signed = request
        status, reply = raw_post(server.url + "/slack/events", body, headers)
        seen[label] = seen.get(label, 0) + 1
        assert status < 500, (label, status, body[:300], headers)
        assert signed or status == 401, (label, status, body[:300], headers)
        assert b"Traceback" not in reply

    one()
    assert sum(seen.values()) == EXAMPLES and len(seen) >= 6, seen
    server.wait_idle(timeout=30)
    assert fuzz.forged_calls(slack) == []
    assert server.health()[0] == 200
    assert "Traceback" not in server.output()
