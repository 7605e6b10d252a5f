"""End to end over HTTP: `planbot serve` as a real process, Slack's signed payloads, a fake Slack.

The server answers on loopback; its Web API calls and response_url posts go to a fake
Slack that records them. Assertions are on the HTTP responses and on what Slack received.
"""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from planbot.answer.engine import Engine
from planbot.render.slack import render_blocks
from planbot.service import ask
from tests.slack import payloads
from tests.slack.fake_slack import (
    BOT_TOKEN,
    RATE_LIMITED,
    SIGNING_SECRET,
    Call,
    FakeSlack,
    PlanbotServer,
    free_port,
    post,
    sign,
)

FORM = "application/x-www-form-urlencoded"
RESTRICTED_CHANNEL = "C0PUBLIC"
OUTSIDE_CHANNEL = "C0OUTSIDE"
NOT_IN_CHANNEL = "C0NOTIN"
_ids = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_ids):05d}"


def server_env(slack: FakeSlack, kb_path: Path, **settings: str) -> dict[str, str]:
    """The environment of a `planbot serve` in HTTP mode talking to the fake Slack."""
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "PLANBOT_KB_PATH": str(kb_path),
        "PLANBOT_AUTO_BUILD": "0",
        **settings,
    }


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    state = tmp_path_factory.mktemp("state") / "state.db"
    allowed = ",".join(
        ["C0GENERAL", RESTRICTED_CHANNEL, NOT_IN_CHANNEL] + [f"C{n:05d}" for n in range(1, 400)]
    )
    env = server_env(
        slack,
        kb_path,
        PLANBOT_LOG_LEVEL="DEBUG",
        PLANBOT_SLACK_ALLOWED_CHANNELS=allowed,
        PLANBOT_SLACK_RESTRICTED_MEASURES=json.dumps({RESTRICTED_CHANNEL: ["sjukfranvaro"]}),
    )
    process = PlanbotServer(env, free_port(), state)
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def send(server: PlanbotServer, body: str, content_type: str, **headers: str) -> tuple[int, str, dict]:
    return post(server.url + "/slack/events", body, {"Content-Type": content_type, **sign(body), **headers})


def command(server: PlanbotServer, slack: FakeSlack, name: str, text: str, channel: str) -> dict[str, Any]:
    body = payloads.slash_command(name, text, channel=channel, response_url=slack.response_url(unique("r")))
    status, reply, _ = send(server, body, FORM)
    assert status == 200, reply
    return json.loads(reply)


def event(server: PlanbotServer, event: dict[str, Any], event_id: str | None = None, **headers: str) -> int:
    status, reply, _ = send(
        server, payloads.event_callback(event, event_id or unique("Ev")), "application/json", **headers
    )
    assert reply == ""
    return status


def click(
    server: PlanbotServer, slack: FakeSlack, action_id: str, value: str, channel: str, **kw: Any
) -> str:
    response_url = slack.response_url(unique("act"))
    body = payloads.block_actions(action_id, value, channel=channel, response_url=response_url, **kw)
    status, reply, _ = send(server, body, FORM)
    assert (status, reply) == (200, "")
    return response_url


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}


def at(url: str) -> Any:
    path = "/" + url.split("/", 3)[3]
    return lambda call: call.path == path


# — protocol —


def test_healthz(server: PlanbotServer) -> None:
    import urllib.request

    with urllib.request.urlopen(server.url + "/healthz") as response:
        health = json.loads(response.read())
    assert health["status"] == "ok" and health["facts"] > 0


def test_url_verification_echoes_the_challenge(server: PlanbotServer) -> None:
    status, reply, _ = send(
        server,
        payloads.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
        "application/json",
    )
    assert status == 200
    assert json.loads(reply) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: sign(body, secret="not-the-signing-secret"), id="wrong-secret"),
        pytest.param(
            lambda body: {**sign(body), "X-Slack-Signature": "v0=" + "0" * 64}, id="forged-signature"
        ),
        pytest.param(lambda body: sign(body, timestamp=int(time.time()) - 6 * 60), id="stale-timestamp"),
        pytest.param(lambda body: {}, id="unsigned"),
    ],
)
def test_unverified_requests_are_refused_with_401(
    server: PlanbotServer, slack: FakeSlack, headers: Any
) -> None:
    response_url = slack.response_url(unique("forged"))
    body = payloads.slash_command("/mål", "sjukfrånvaro", channel="C0GENERAL", response_url=response_url)
    status, reply, _ = post(server.url + "/slack/events", body, {"Content-Type": FORM, **headers(body)})
    assert status == 401
    assert "Sjukfrånvaro" not in reply
    mention = payloads.event_callback(
        payloads.app_mention("<@UPLANBOT> /prognos", channel="C0FORGED", ts="9.9"), "EvForged"
    )
    status, _, _ = post(
        server.url + "/slack/events", mention, {"Content-Type": "application/json", **headers(mention)}
    )
    assert status == 401
    time.sleep(0.2)
    assert not [c for c in slack.calls if c.params.get("channel") == "C0FORGED" or at(response_url)(c)]


# — slash commands —


@pytest.mark.parametrize(
    ("swedish", "ascii_name"), [("/mål", "/mal"), ("/jämför", "/jamfor"), ("/indikator", "/utfall")]
)
def test_swedish_and_ascii_command_names_answer_alike(
    server: PlanbotServer, slack: FakeSlack, engine: Engine, swedish: str, ascii_name: str
) -> None:
    text = {"/mål": "sjukfrånvaro", "/jämför": "resultatprognos 2025 2026", "/indikator": "likvida medel"}[
        swedish
    ]
    sv = command(server, slack, swedish, text, "C0GENERAL")
    en = command(server, slack, ascii_name, text, "C0GENERAL")
    assert sv["response_type"] == en["response_type"] == "ephemeral"
    expected = render_blocks(ask(f"{swedish} {text}", engine))
    assert sv["blocks"] == expected["blocks"]
    assert sv["text"] == expected["text"]

    def without_query(message: dict[str, Any]) -> list[Any]:
        return [b for b in message["blocks"] if b["type"] != "actions"]

    assert without_query(en) == without_query(sv), "ASCII and Swedish names give the same answer"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("/prognos", ""),
        ("/budget", "skattesats"),
        ("/planbot", "hjälp"),
        ("/planbot", "Hur ser senaste prognosen ut?"),
        ("/mål", ""),
        ("/mål", "<!channel> " + "x" * 3000),
        ("/planbot", "källor"),
    ],
)
def test_every_command_answers_ephemerally_within_slack_limits(
    server: PlanbotServer, slack: FakeSlack, engine: Engine, name: str, text: str
) -> None:
    reply = command(server, slack, name, text, "C0GENERAL")
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"] == render_blocks(ask(f"{name} {text}".strip(), engine))["blocks"]
    assert 0 < len(reply["blocks"]) <= 50 and 0 < len(reply["text"]) <= 3000
    assert "<!channel>" not in json.dumps(reply, ensure_ascii=False)


def test_forecast_command_offers_source_and_share_buttons(server: PlanbotServer, slack: FakeSlack) -> None:
    reply = command(server, slack, "/prognos", "", "C0GENERAL")
    found = buttons(reply)
    assert set(found) == {"show_source", "share_in_channel"}
    assert found["share_in_channel"]["value"] == "/prognos"
    assert json.loads(found["show_source"]["value"])["f"]


def test_channel_outside_the_allowlist_gets_a_swedish_refusal(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    reply = command(server, slack, "/prognos", "", OUTSIDE_CHANNEL)
    assert "svarar inte i den här kanalen" in reply["text"]
    dm = command(server, slack, "/prognos", "", "D0ANNA")
    assert "prognos" in dm["text"].lower() and "svarar inte" not in dm["text"]


def test_restricted_measure_is_withheld_in_its_channel_only(server: PlanbotServer, slack: FakeSlack) -> None:
    withheld = command(server, slack, "/mål", "sjukfrånvaro", RESTRICTED_CHANNEL)
    assert "visas inte i den här kanalen" in withheld["text"]
    assert "Sjukfrånvaro" not in json.dumps(withheld, ensure_ascii=False)
    elsewhere = command(server, slack, "/mål", "sjukfrånvaro", "C0GENERAL")
    assert "Sjukfrånvaro" in elsewhere["text"]


# — events —


def test_mention_is_answered_in_a_thread_under_it(
    server: PlanbotServer, slack: FakeSlack, engine: Engine
) -> None:
    channel = unique("C")
    assert (
        event(
            server,
            payloads.app_mention(
                "<@UPLANBOT> Hur ser senaste prognosen ut?", channel=channel, ts="1718.0001"
            ),
        )
        == 200
    )
    call = slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == channel)
    assert call.params["thread_ts"] == "1718.0001"
    assert call.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    expected = render_blocks(ask("Hur ser senaste prognosen ut?", engine), ephemeral=False)
    assert call.params["blocks"] == expected["blocks"]
    assert "share_in_channel" not in json.dumps(call.params["blocks"])


def test_mention_inside_a_thread_answers_in_that_thread(server: PlanbotServer, slack: FakeSlack) -> None:
    channel = unique("C")
    mention = payloads.app_mention(
        "<@UPLANBOT> /budget skattesats", channel=channel, ts="1718.0009", thread_ts="1718.0002"
    )
    event(server, mention)
    call = slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == channel)
    assert call.params["thread_ts"] == "1718.0002"


def test_direct_message_is_answered_in_the_dm(
    server: PlanbotServer, slack: FakeSlack, engine: Engine
) -> None:
    channel = unique("D")
    event(server, payloads.direct_message("Vad är målet för sjukfrånvaro?", channel=channel, ts="1718.0003"))
    call = slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == channel)
    assert "thread_ts" not in call.params
    assert (
        call.params["blocks"]
        == render_blocks(ask("Vad är målet för sjukfrånvaro?", engine), ephemeral=False)["blocks"]
    )


def test_bot_messages_and_edits_in_a_dm_get_no_reply(server: PlanbotServer, slack: FakeSlack) -> None:
    channel = unique("D")
    event(server, payloads.direct_message("från en bot", channel=channel, ts="1.1", bot_id="B0OTHER"))
    event(server, payloads.direct_message("ändrad", channel=channel, ts="1.2", subtype="message_changed"))
    event(
        server, payloads.direct_message("/prognos", channel=channel, ts="1.3")
    )  # a marker that does get answered
    slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == channel)
    time.sleep(0.2)
    assert len([c for c in slack.of("chat.postMessage") if c.params["channel"] == channel]) == 1


def test_retried_and_duplicate_events_get_exactly_one_answer(server: PlanbotServer, slack: FakeSlack) -> None:
    channel, event_id = unique("C"), unique("EvRetry")
    mention = payloads.app_mention("<@UPLANBOT> /prognos", channel=channel, ts="1718.0004")
    assert event(server, mention, event_id) == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert event(server, mention, event_id, **retry) == 200
    assert event(server, mention, event_id, **{**retry, "X-Slack-Retry-Num": "2"}) == 200
    assert event(server, mention, event_id) == 200  # a plain duplicate delivery
    slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == channel)
    time.sleep(0.3)
    assert len([c for c in slack.of("chat.postMessage") if c.params["channel"] == channel]) == 1


def test_app_home_shows_help_commands_and_newest_forecast(server: PlanbotServer, slack: FakeSlack) -> None:
    event(server, payloads.app_home_opened(user="U0HOME"))
    call = slack.wait_for("views.publish", lambda c: c.params["user_id"] == "U0HOME")
    view = call.params["view"]
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert "/mål" in text and "/prognos" in text and "Senaste prognosen" in text and "mnkr" in text


def test_rate_limited_web_api_call_is_retried(server: PlanbotServer, slack: FakeSlack) -> None:
    channel = unique("C")
    slack.fail("chat.postMessage", RATE_LIMITED, 1, retry_after=0)
    event(server, payloads.app_mention("<@UPLANBOT> /prognos", channel=channel, ts="1718.0005"))
    call = slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == channel, timeout=8)
    assert call.params["thread_ts"] == "1718.0005"
    assert [c.method for c in slack.calls].count("chat.postMessage (429)") >= 1


# — buttons —


def test_show_source_opens_a_modal_with_the_quote_in_context(
    server: PlanbotServer, slack: FakeSlack, engine: Engine
) -> None:
    reply = command(server, slack, "/prognos", "", "C0GENERAL")
    value = buttons(reply)["show_source"]["value"]
    click(server, slack, "show_source", value, "C0GENERAL")
    call = slack.wait_for(
        "views.open", lambda c: json.dumps(c.params["view"], ensure_ascii=False).count("▶") > 0
    )
    assert call.params["trigger_id"].startswith("13345224609")
    view = call.params["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24 and len(view["blocks"]) <= 100
    first = next(f for f in ask("/prognos", engine).facts if f.source)
    assert first.source is not None
    shown = json.dumps(view, ensure_ascii=False)
    context = engine.kb.source_context(first.source)
    assert f"{first.source.lines[0]:>5}" in shown
    assert any(
        line.strip()[:30] in shown
        for _, line in context
        if line.strip() and "<" not in line and "&" not in line
    )


def test_share_posts_visibly_with_who_shared_and_removes_the_ephemeral(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    channel = "C0GENERAL"
    before = len(slack.of("chat.postMessage"))
    response_url = click(server, slack, "share_in_channel", "/prognos", channel, user="U0SHARER")
    call = slack.wait_for("chat.postMessage", lambda c: "U0SHARER" in json.dumps(c.params["blocks"]))
    assert call.params["channel"] == channel
    assert call.params["blocks"][0]["type"] == "context"
    assert "Delat av <@U0SHARER>" in call.params["blocks"][0]["elements"][0]["text"]
    assert "share_in_channel" not in json.dumps(call.params["blocks"])
    removed = slack.wait_for("response_url", at(response_url))
    assert removed.params.get("delete_original") is True
    assert len(slack.of("chat.postMessage")) == before + 1


def test_share_where_planbot_is_not_a_member_tells_the_user_how_to_fix_it(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    slack.errors[NOT_IN_CHANNEL] = "not_in_channel"
    response_url = click(server, slack, "share_in_channel", "/prognos", NOT_IN_CHANNEL)
    call = slack.wait_for("response_url", at(response_url))
    assert call.params["response_type"] == "ephemeral" and call.params.get("replace_original") is False
    assert "/invite @planbot" in call.params["text"]


def test_candidate_button_replaces_the_list_with_the_answer(
    server: PlanbotServer, slack: FakeSlack, engine: Engine
) -> None:
    ambiguous = next(
        (
            q
            for q in ("/mål vård", "/indikator andel", "/mål andel", "/planbot kostnader")
            if ask(q, engine).candidates
        ),
        None,
    )
    if ambiguous is None:
        pytest.skip("no ambiguous question in the current knowledge base")
    reply = command(server, slack, *ambiguous.split(" ", 1), "C0GENERAL")
    candidates = {k: v for k, v in buttons(reply).items() if k.startswith("pick_candidate_")}
    assert candidates, reply
    picked = candidates["pick_candidate_0"]["value"]
    response_url = click(server, slack, "pick_candidate_0", picked, "C0GENERAL", block_id="candidates")
    call: Call = slack.wait_for("response_url", at(response_url))
    assert call.params["replace_original"] is True
    assert call.params["blocks"] == render_blocks(ask(picked, engine))["blocks"]


def _uploaded_png(slack: FakeSlack, call: Call) -> bytes:
    files = json.loads(call.params["files"])
    assert len(files) == 1 and files[0]["title"].startswith("Årets resultat")
    return slack.uploads[files[0]["id"]]


def test_chart_button_uploads_the_png_to_the_conversation(server: PlanbotServer, slack: FakeSlack) -> None:
    reply = command(server, slack, "/jämför", "resultatprognos 2024 2026", "C0GENERAL")
    assert buttons(reply)["show_chart"]["text"]["text"] == "Visa diagram"
    click(server, slack, "show_chart", buttons(reply)["show_chart"]["value"], "C0GENERAL")
    asked = slack.wait_for("files.getUploadURLExternal")
    assert asked.params["filename"] == "planbot-diagram.png"
    done = slack.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C0GENERAL")
    assert "thread_ts" not in done.params
    data = _uploaded_png(slack, done)
    assert int(asked.params["length"]) == len(data)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1200, 675)


def test_chart_of_an_answer_in_a_thread_goes_to_that_thread(server: PlanbotServer, slack: FakeSlack) -> None:
    value = json.dumps({"q": "Hur har resultatprognosen utvecklats 2023–2026?"})
    click(server, slack, "show_chart", value, "C00042", ephemeral=False, thread_ts="1718000000.000001")
    done = slack.wait_for("files.completeUploadExternal", lambda c: c.params.get("channel_id") == "C00042")
    assert done.params["thread_ts"] == "1718000000.000001"
    assert _uploaded_png(slack, done).startswith(b"\x89PNG")


def test_chart_where_planbot_is_not_a_member_tells_the_user_how_to_fix_it(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    slack.errors[NOT_IN_CHANNEL] = "not_in_channel"
    value = json.dumps({"q": "/jämför resultatprognos 2024 2026"})
    response_url = click(server, slack, "show_chart", value, NOT_IN_CHANNEL)
    call = slack.wait_for("response_url", at(response_url))
    assert call.params["response_type"] == "ephemeral" and "/invite @planbot" in call.params["text"]


def test_show_more_opens_a_modal_with_every_fact(
    server: PlanbotServer, slack: FakeSlack, engine: Engine
) -> None:
    question = "/budget"
    click(server, slack, "show_more", json.dumps({"q": question}), "C0GENERAL")
    call = slack.wait_for("views.open", lambda c: c.params["view"]["title"]["text"] == "Alla uppgifter")
    shown = json.dumps(call.params["view"], ensure_ascii=False)
    facts = ask(question, engine).facts
    assert facts and all(f.measure in shown for f in facts)


# — the query log —


def test_query_log_records_who_asked_what_and_which_facts(server: PlanbotServer, slack: FakeSlack) -> None:
    command(server, slack, "/prognos", "", "C0GENERAL")
    db = server.state
    deadline = time.monotonic() + 15
    rows: list[sqlite3.Row] = []
    while time.monotonic() < deadline and not rows:
        with sqlite3.connect(db) as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                "select * from query_log where surface = 'slack-command' and query = '/prognos'"
                " and channel_id = 'C0GENERAL'"  # written within a second (batched), after older rows
            ).fetchall()
        time.sleep(0.05)
    assert rows, "the /prognos command was logged"
    row = rows[-1]
    assert row["user_id"] == "U0ANNA" and row["channel_id"] == "C0GENERAL"
    assert row["intent"] == "forecast" and json.loads(row["fact_ids"])


def test_secrets_never_reach_the_log(server: PlanbotServer) -> None:
    output = server.output()
    assert "slack_sdk" in output, "debug logging was on, so the check means something"
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output


# — digests through Slack —


def test_planbot_digest_is_acknowledged_then_answered_through_the_response_url(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    response_url = slack.response_url(unique("dg"))
    body = payloads.slash_command("/planbot", "digest lista", channel="C0GENERAL", response_url=response_url)
    status, reply, _ = send(server, body, FORM)
    assert status == 200
    assert json.loads(reply)["response_type"] == "ephemeral"
    call = slack.wait_for("response_url", at(response_url))
    assert call.params["response_type"] == "ephemeral"
    assert "hr" in call.params["text"] and "ekonomi" in call.params["text"]


def test_serve_runs_the_digest_scheduler(slack: FakeSlack, kb_path: Path, tmp_path: Path) -> None:
    """`planbot serve` runs due digests in process (posting once is tested in test_digest_*)."""
    env = server_env(slack, kb_path, PLANBOT_DIGEST_POLL_SECONDS="0.2")
    process = PlanbotServer(env, free_port(), tmp_path / "state.db")
    try:
        process.wait_ready()
    finally:
        process.close()
    assert "digest scheduler started" in process.output()
