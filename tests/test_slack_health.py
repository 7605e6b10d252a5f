"""Background work keeps going and /healthz tells the truth, over real HTTP.

A lone surrogate in a DM must not stop the query log; every background worker shows on
/healthz; a runtime database deleted while serving is recreated and used, one that is
corrupt is reported (503), and one corrupt at start-up stops `planbot serve` with one line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack, PlanbotServer, free_port, post, server_env, sign

ROOT = Path(__file__).resolve().parents[1]
FORM = "application/x-www-form-urlencoded"


def serve(slack: FakeSlack, kb_path: Path, state: Path, **settings: str) -> PlanbotServer:
    server = PlanbotServer(
        server_env(slack, kb_path, PLANBOT_DIGEST_POLL_SECONDS="1", **settings), free_port(), state
    )
    server.wait_ready()
    return server


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    process = serve(slack, kb_path, tmp_path_factory.mktemp("health") / "state.db")
    try:
        yield process
    finally:
        process.close()


def command(server: PlanbotServer, text: str, channel: str = "C0GENERAL") -> None:
    body = payloads.slash_command("/mål", text, channel=channel)
    status, _, _ = post(server.url + "/slack/events", body, {"Content-Type": FORM, **sign(body)})
    assert status == 200


def logged(state: Path, query: str, timeout: float = 15.0) -> bool:
    """Whether `query` reaches the query log within `timeout` (the writer commits every 0.5 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(state) as conn:
                if conn.execute("SELECT 1 FROM query_log WHERE query = ?", [query]).fetchone():
                    return True
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    return False


def test_a_lone_surrogate_does_not_stop_the_query_log(server: PlanbotServer, slack: FakeSlack) -> None:
    event = payloads.direct_message("sjukfr\ud800nvaro", channel="D0SURR", ts="1718.1")
    body = json.dumps({**json.loads(payloads.event_callback({}, "EvSurrogate")), "event": event})  # "\ud800"
    status, _, _ = post(
        server.url + "/slack/events", body, {"Content-Type": "application/json", **sign(body)}
    )
    assert status == 200
    assert slack.wait_until(lambda: bool(slack.posts("D0SURR")))
    assert logged(server.state, "sjukfr\ufffdnvaro")
    command(server, "självskattad hälsa")  # written after the surrogate: the writer is still there
    assert logged(server.state, "/mål självskattad hälsa")
    status, health = server.health()
    assert status == 200 and health["workers"]["query_log"] == {
        **health["workers"]["query_log"],
        "alive": True,
        "restarts": 0,
    }
    assert "Traceback" not in server.output()


def test_healthz_shows_every_background_worker(server: PlanbotServer) -> None:
    status, health = server.health()
    assert status == 200 and health["status"] == "ok"
    assert set(health["workers"]) == {"query_log", "outbox", "digest_scheduler"}
    assert all(worker["alive"] for worker in health["workers"].values()), health
    assert health["state"]["status"] == "ok"


def test_state_database_deleted_while_serving_is_recreated_and_used(
    slack: FakeSlack, kb_path: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.db"
    server = serve(slack, kb_path, state)
    try:
        command(server, "sjukfrånvaro")
        assert logged(state, "/mål sjukfrånvaro")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{state}{suffix}").unlink(missing_ok=True)
        deadline = time.monotonic() + 10
        while server.health()[1]["state"].get("reopened", 0) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        status, health = server.health()
        assert status == 200 and health["state"]["reopened"] == 1, health
        assert "deleted" in health["state"]["last_problem"]
        command(server, "självskattad hälsa")
        assert logged(state, "/mål självskattad hälsa"), "the query log writes to the new database"
        body = payloads.event_callback(
            payloads.app_mention("<@UPLANBOT> /prognos", channel="C0AFTER", ts="7.1"), "EvAfter"
        )
        post(server.url + "/slack/events", body, {"Content-Type": "application/json", **sign(body)})
        assert slack.wait_until(lambda: bool(slack.posts("C0AFTER")))
    finally:
        server.close()


def test_corrupt_state_database_is_reported_on_healthz(
    slack: FakeSlack, kb_path: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.db"
    server = serve(slack, kb_path, state)
    try:
        with state.open("r+b") as file:
            file.write(b"this is not a database" * 300)
        deadline = time.monotonic() + 10
        while server.health()[0] == 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        status, health = server.health()
        assert status == 503 and health["status"] == "error"
        assert "corrupt" in health["state"]["last_problem"]
    finally:
        server.close()


def test_corrupt_state_database_stops_serve_with_one_line(
    slack: FakeSlack, kb_path: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.db"
    state.write_bytes(b"garbage, not SQLite" * 100)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_"))}
    env.update(server_env(slack, kb_path, PLANBOT_STATE_PATH=str(state), PLANBOT_PORT=str(free_port())))
    done = subprocess.run([sys.executable, "-m", "planbot", "serve"], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: the runtime database {state} is not usable (file is not a database); "
        "move it away (planbot creates a new one) or restore it from a backup"
    ]
