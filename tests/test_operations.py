"""What operators see: /metrics, JSON logs with a request id and no secrets, /healthz; and what
the request path must not do (start a thread per command, leave Nagle's algorithm on)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import BoltRequest

from planbot.settings import Settings
from planbot.slack.app import build_runtime, create_app
from planbot.slack.failures import AUTHENTICATED
from planbot.slack.tcp import no_delay
from tests.postgres import PostgresServer
from tests.slack import payloads
from tests.slack.fake_slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    PlanbotServer,
    free_port,
    post,
    server_env,
    sign,
)

FORM = "application/x-www-form-urlencoded"


def scrape(server: PlanbotServer) -> dict[str, float]:
    """/metrics as {'name{labels}': value}, labels in the order Prometheus prints them."""
    with urllib.request.urlopen(server.url + "/metrics", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            found[re.sub(r',?pid="\d+"', "", name).replace("{}", "")] = float(value)
    return found


def command(server: PlanbotServer, slack: FakeSlack, name: str, text: str) -> tuple[int, dict]:
    body = payloads.slash_command(name, text, channel="C0OPS", response_url=slack.response_url("ops"))
    status, _, headers = post(server.url + "/slack/events", body, {"Content-Type": FORM, **sign(body)})
    return status, headers


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    env = server_env(slack, kb_path, PLANBOT_LOG_FORMAT="json", PLANBOT_LOG_LEVEL="INFO")
    process = PlanbotServer(env, free_port(), tmp_path_factory.mktemp("ops") / "state.db")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def log_lines(server: PlanbotServer) -> list[dict[str, Any]]:
    return [json.loads(line) for line in server.output().splitlines() if line.strip()]


def test_every_log_line_is_json_and_each_answer_one_event_with_its_request_id(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    status, headers = command(server, slack, "/prognos", "resultat 2026")
    assert status == 200
    command_id = headers["x-request-id"]
    ts = f"{time.time():.6f}"
    body = payloads.event_callback(
        payloads.app_mention("<@UPLANBOT> hjälp", channel="C0OPS", ts=ts), "EvOps1"
    )
    status, _, headers = post(
        server.url + "/slack/events", body, {"Content-Type": "application/json", **sign(body)}
    )
    mention_id = headers["x-request-id"]
    assert slack.wait_until(lambda: any(m["thread_ts"] == ts for m in slack.posts("C0OPS")), 10)
    server.wait_idle()
    lines = log_lines(server)  # every line parses
    answers = [line for line in lines if line.get("event") == "answer"]
    by_request = {line["request_id"]: line for line in answers}
    assert by_request[command_id]["surface"] == "slack-command"
    assert by_request[command_id]["intent"] == "forecast" and by_request[command_id]["status"] == "answered"
    assert by_request[mention_id]["surface"] == "slack-mention"  # answered later, by a sender thread
    assert len([a for a in answers if a["request_id"] in (command_id, mention_id)]) == 2
    output = server.output()
    assert "resultat 2026" not in output, "the question is in the query log, not in the logs"
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output and "/response/ops" not in output


def test_metrics_count_requests_answers_slack_calls_and_workers(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    before = scrape(server)
    for name, text in (("/prognos", ""), ("/mål", "xyzzy")):
        assert command(server, slack, name, text)[0] == 200
    forged = payloads.slash_command("/mål", "sjukfrånvaro", channel="C0OPS")
    headers = {"Content-Type": FORM, **sign(forged, secret="not-the-secret-at-all")}
    assert post(server.url + "/slack/events", forged, headers)[0] == 401
    after = scrape(server)

    def grew(key: str) -> float:
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew('planbot_requests_total{status="200",surface="command"}') == 2
    assert grew('planbot_requests_total{status="401",surface="refused"}') == 1
    assert grew('planbot_answers_total{intent="forecast",status="answered",surface="slack-command"}') == 1
    assert grew('planbot_answers_total{intent="target",status="not_found",surface="slack-command"}') == 1
    assert grew('planbot_request_seconds_count{surface="command"}') == 2
    assert after['planbot_slack_api_calls_total{method="auth.test"}'] >= 1
    assert after['planbot_worker_up{worker="query-log"}'] == 1
    assert after['planbot_worker_up{worker="outbox-keeper"}'] == 1
    assert after["planbot_state_database_up"] == 1


def test_healthz_reports_the_state_database_and_the_workers(server: PlanbotServer) -> None:
    status, health = server.health()
    assert status == 200
    assert health["state"]["status"] == "ok" and health["state"]["database"] == "sqlite"
    assert {"query_log", "outbox", "digest_scheduler"} <= set(health["workers"])


def test_two_workers_on_postgresql_report_metrics_for_both(
    slack: FakeSlack, kb_path: Path, postgres: PostgresServer, tmp_path: Path
) -> None:
    """With two uvicorn workers, any scrape shows every worker's counts (multiprocess mode)."""
    env = server_env(slack, kb_path, PLANBOT_WORKERS="2", PLANBOT_STATE_URL=postgres.create_database())
    process = PlanbotServer(env, free_port(), tmp_path / "unused.db")
    try:
        process.wait_ready(60)
        for n in range(20):
            assert command(process, slack, "/mål", f"sjukfrånvaro {2020 + n % 5}")[0] == 200
        counts = {
            scrape(process).get('planbot_requests_total{status="200",surface="command"}') for _ in range(6)
        }
        _, health = process.health()
    finally:
        process.close()
    assert counts == {20.0}
    assert health["state"]["database"] == "postgresql" and "@127.0.0.1" in health["state"]["url"]


def _bolt_app(slack: FakeSlack, kb_path: Path, tmp_path: Path) -> tuple[Any, Any]:
    """planbot's runtime and Bolt app against the fake Slack, without the scheduler."""
    settings = Settings.read(
        {}, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url,
        kb_path=kb_path, state_path=tmp_path / "state.db", auto_build=False, digest_scheduler=False,
    )  # fmt: skip
    runtime = build_runtime(settings)
    return runtime, create_app(settings, runtime)


def test_no_thread_is_started_to_answer_a_command(kb_path: Path, tmp_path: Path) -> None:
    """A slash command is answered in the request itself: no thread per command, /planbot digest included."""
    with FakeSlack() as slack:
        runtime, app = _bolt_app(slack, kb_path, tmp_path)
        runtime.start()
        started: list[str] = []
        real_start = threading.Thread.start

        def counted(thread: threading.Thread) -> None:
            started.append(thread.name)
            real_start(thread)

        try:
            threading.Thread.start = counted  # type: ignore[method-assign]
            for text in ("Hur ser senaste prognosen ut?", "hjälp", "källor", "digest lista") * 3:
                body = payloads.slash_command(
                    "/planbot", text, channel="C1", response_url=slack.response_url("t")
                )
                headers = {k.lower(): v for k, v in {**sign(body), "Content-Type": FORM}.items()}
                request = BoltRequest(body=body, headers=headers, context={AUTHENTICATED: True})
                assert app.dispatch(request).status == 200
        finally:
            threading.Thread.start = real_start  # type: ignore[method-assign]
            runtime.close()
    # Only the fake Slack's own server starts threads (one per request it serves: the response_url posts).
    assert [name for name in started if "process_request_thread" not in name] == []


def test_a_command_reply_does_not_render_the_plain_text_nobody_sees(
    kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack shows an answer's blocks; the plain-text rendering (for the CLI) is not made for it."""

    def refuse(answer: object) -> str:
        raise AssertionError("the plain text was rendered for Slack")

    monkeypatch.setattr("planbot.service.render_text", refuse)
    with FakeSlack() as slack:
        runtime, app = _bolt_app(slack, kb_path, tmp_path)
        try:
            body = payloads.slash_command("/prognos", "", channel="C1", response_url=slack.response_url("t"))
            headers = {k.lower(): v for k, v in {**sign(body), "Content-Type": FORM}.items()}
            response = app.dispatch(BoltRequest(body=body, headers=headers, context={AUTHENTICATED: True}))
        finally:
            runtime.close()
    assert response.status == 200
    assert "120 mnkr" in json.loads(response.body)["text"]


def test_tcp_nodelay_is_set_on_connections_of_a_socket_uvicorn_binds_itself() -> None:
    """With several workers uvicorn binds `socket.socket(AF_INET)` (protocol 0) and asyncio leaves
    Nagle on for its connections; planbot's protocol turns it off on each."""
    listener = socket.socket(socket.AF_INET)  # as uvicorn's Config.bind_socket makes it
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0

        class Transport:
            def get_extra_info(self, name: str) -> socket.socket | None:
                return accepted if name == "socket" else None

        no_delay(Transport())  # type: ignore[arg-type]
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        for s in (accepted, client, listener):
            s.close()


def test_json_log_lines_redact_secrets_in_the_message_the_fields_and_the_traceback() -> None:
    import logging

    from planbot.logs import JsonFormatter

    secret = "postgresql://planbot:hemligt-lösen@db/planbot"
    try:
        raise RuntimeError(f"could not connect to {secret}")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "url %s", ("xoxb-1-2-abc",), sys.exc_info()
        )
    record.response_url = "https://hooks.slack.com/actions/T1/2/abc"
    line = json.loads(JsonFormatter([secret, "hemligt-lösen"]).format(record))
    assert line["message"] == "url xoxb-[redacted]"
    assert line["response_url"] == "https://hooks.slack.com/[redacted]"
    assert "hemligt" not in line["error"] and "RuntimeError" in line["error"]


@pytest.mark.parametrize(
    ("token", "socket_mode"), [(None, False), ("", False), ("  ", False), ("xapp-1", True)]
)
def test_an_empty_app_token_means_http_mode(token: str | None, socket_mode: bool) -> None:
    """`SLACK_APP_TOKEN=` left empty in an env file must not switch an HTTP install into Socket Mode."""
    from planbot.slack.app import socket_mode as chosen

    assert chosen(Settings.read({}, slack_app_token=token)) is socket_mode
