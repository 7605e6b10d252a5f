"""One channel policy on every surface: answers, digests, "Visa källa", App Home, shares.

Over real HTTP against a `planbot serve` whose allowlist is C0ALLOWED and C0HRPUB, where
sjukfrånvaro is restricted in C0HRPUB and HME and lönekostnader everywhere ("*", DMs too).
The scheduled digest is posted by `planbot digest run-due` with the same settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planbot.knowledge.store import KnowledgeBase
from planbot.slack import texts
from tests.digest_support import write_config
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack, PlanbotServer, free_port, post, server_env, sign

ROOT = Path(__file__).resolve().parents[1]
ALLOWED, HRPUB, OUTSIDE, ADMIN = "C0ALLOWED", "C0HRPUB", "C0OUTSIDE", "U0ADMIN"
RESTRICTED = {HRPUB: ["sjukfranvaro"], "*": ["hme", "lonekostnader"]}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    fake.users[ADMIN] = {"is_admin": True}
    fake.channels = {c: {"name": c.lower(), "is_member": True} for c in (ALLOWED, HRPUB, OUTSIDE)}
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def env(slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("policy")
    config = write_config(tmp / "digests.yaml", {"hr": [ALLOWED, HRPUB, OUTSIDE]}, schedule="0 8 1 * *")
    return server_env(
        slack,
        kb_path,
        PLANBOT_DIGEST_SCHEDULER="0",
        PLANBOT_DIGEST_CONFIG=str(config),
        PLANBOT_SLACK_ALLOWED_CHANNELS=f"{ALLOWED},{HRPUB}",
        PLANBOT_SLACK_RESTRICTED_MEASURES=json.dumps(RESTRICTED),
        PLANBOT_STATE_PATH=str(tmp / "state.db"),
    )


@pytest.fixture(scope="module")
def server(env: dict[str, str]) -> Iterator[PlanbotServer]:
    process = PlanbotServer(env, free_port(), Path(env["PLANBOT_STATE_PATH"]))
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def names(kb: KnowledgeBase, *ids: str) -> list[str]:
    return [kb.measures[i].name for i in ids]


def send(server: PlanbotServer, body: str, content_type: str = FORM) -> tuple[int, str]:
    status, reply, _ = post(server.url + "/slack/events", body, {"Content-Type": content_type, **sign(body)})
    return status, reply


def command(
    server: PlanbotServer, name: str, text: str, channel: str, user: str = "U0ANNA"
) -> dict[str, Any]:
    status, reply = send(server, payloads.slash_command(name, text, channel=channel, user=user))
    assert status == 200
    return dict(json.loads(reply))


def digest_command(
    server: PlanbotServer, slack: FakeSlack, text: str, channel: str, user: str = ADMIN
) -> str:
    """`/planbot digest <text>`: the reply that replaces "Ett ögonblick …", as text."""
    url = slack.response_url(f"dg{time.monotonic_ns()}")
    body = payloads.slash_command("/planbot", f"digest {text}", channel=channel, user=user, response_url=url)
    assert send(server, body)[0] == 200
    call = slack.wait_for("response_url", lambda c: c.path == "/" + url.split("/", 3)[3])
    return json.dumps(call.params, ensure_ascii=False)


def section(message: dict[str, Any], title: str) -> str:
    """The text of the digest section headed `title`."""
    return next(
        b["text"]["text"]
        for b in message["blocks"]
        if b.get("text", {}).get("text", "").startswith(f"*{title}*")
    )


def test_digest_preview_leaves_out_measures_restricted_in_the_channel(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    here = json.loads(digest_command(server, slack, "visa hr", HRPUB))
    sick = section(here, "Sjukfrånvaro")
    assert "•" not in sick and "visas inte i den här kanalen" in sick
    assert "•" not in section(here, "Hållbart medarbetarengagemang (HME)")  # restricted everywhere
    elsewhere = json.loads(digest_command(server, slack, "visa hr", ALLOWED))
    assert "•" in section(elsewhere, "Sjukfrånvaro")


def test_digest_cannot_be_subscribed_outside_the_allowlist(
    server: PlanbotServer, slack: FakeSlack, env
) -> None:
    reply = digest_command(server, slack, f"prenumerera kvalitet <#{OUTSIDE}|utanfor>", ALLOWED)
    assert f"<#{OUTSIDE}>" in reply and "inte i de kanaler" in reply
    import sqlite3

    with sqlite3.connect(env["PLANBOT_STATE_PATH"]) as conn:
        rows = conn.execute("SELECT channel FROM digest_subscriptions WHERE digest = 'kvalitet'").fetchall()
    assert (OUTSIDE,) not in rows


def test_scheduled_digest_keeps_to_the_policy(
    server: PlanbotServer, slack: FakeSlack, env, kb: KnowledgeBase
) -> None:
    full = {**os.environ, **env, "SLACK_API_URL": slack.api_url}
    subprocess.run([sys.executable, "-m", "planbot", "digest", "list"], env=full, cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "planbot", "digest", "run-due", "--now", "2099-01-01T08:00:30+01:00"],
        env=full, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    due = [line.split() for line in done.stdout.splitlines() if "2099-01-01T07:00:00Z" in line]
    lines = {words[2]: words[0] for words in due}
    assert lines == {ALLOWED: "sent", HRPUB: "sent", OUTSIDE: "rejected"}, done.stdout + done.stderr
    assert slack.posts(OUTSIDE) == []
    (posted,) = slack.posts(HRPUB)
    assert "•" not in section(posted, "Sjukfrånvaro")
    assert "•" not in section(posted, "Hållbart medarbetarengagemang (HME)")
    assert "•" in section(slack.posts(ALLOWED)[0], "Sjukfrånvaro")


def test_show_source_keeps_to_the_policy(server: PlanbotServer, slack: FakeSlack) -> None:
    answer = command(server, "/mål", "sjukfrånvaro", ALLOWED)
    value = next(e["value"] for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "show_source")  # fmt: skip
    for n, channel in enumerate((HRPUB, OUTSIDE), start=len(slack.of("views.open")) + 1):
        assert send(server, payloads.block_actions("show_source", value, channel=channel)) == (200, "")
        assert slack.wait_until(lambda n=n: len(slack.of("views.open")) >= n)  # type: ignore[misc]
    opened = [json.dumps(c.params["view"], ensure_ascii=False) for c in slack.of("views.open")]
    restricted, outside = opened[-2:]
    assert "▶" not in restricted and texts.MEASURE_RESTRICTED in restricted
    assert "▶" not in outside and texts.CHANNEL_NOT_ALLOWED in outside


def test_app_home_leaves_out_measures_restricted_everywhere(
    server: PlanbotServer, slack: FakeSlack, kb
) -> None:
    body = payloads.event_callback(payloads.app_home_opened(user="U0HOMEP"), "EvHomePolicy")
    assert send(server, body, "application/json") == (200, "")
    call = slack.wait_for("views.publish", lambda c: c.params["user_id"] == "U0HOMEP")
    view = json.dumps(call.params["view"], ensure_ascii=False)
    assert "Senaste prognosen" in view
    (salaries,) = names(kb, "lonekostnader")
    assert salaries not in view


def test_restricted_everywhere_is_not_offered_in_a_dm(server: PlanbotServer) -> None:
    in_channel = command(server, "/mål", "hme", ALLOWED)["text"]
    in_dm = command(server, "/mål", "hme", "D0ANNA")["text"]
    assert in_channel == in_dm == texts.MEASURE_NOT_SHOWN
    assert "direktmeddelande" not in in_channel
    assert (
        command(server, "/mål", "sjukfrånvaro", HRPUB)["text"] == texts.MEASURE_RESTRICTED
    )  # a DM would answer


def test_empty_mention_outside_the_allowlist_gets_the_refusal(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    body = payloads.event_callback(
        payloads.app_mention("<@UPLANBOT>", channel=OUTSIDE, ts="1718.77"), "EvEmpty1"
    )
    assert send(server, body, "application/json") == (200, "")
    assert slack.wait_until(lambda: bool(slack.posts(OUTSIDE)))
    assert slack.posts(OUTSIDE)[0]["text"] == texts.CHANNEL_NOT_ALLOWED


def test_share_outside_the_allowlist_is_refused_privately(server: PlanbotServer, slack: FakeSlack) -> None:
    url = slack.response_url("share-outside")
    body = payloads.block_actions("share_in_channel", "/prognos", channel="C0NOTLISTED", response_url=url)
    assert send(server, body) == (200, "")
    call = slack.wait_for("response_url", lambda c: c.path == "/response/share-outside")
    assert call.params["response_type"] == "ephemeral" and call.params["text"] == texts.CHANNEL_NOT_ALLOWED
    assert slack.posts("C0NOTLISTED") == []
