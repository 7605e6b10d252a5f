"""Generated Slack requests for fuzzing `planbot serve`: real payload shapes, hostile content.

`requests()` is a hypothesis strategy of (label, body bytes, header lines, signed). Bodies
follow what Slack sends (slash commands, Events API callbacks of many types, block
actions from messages, the App Home and modals, view submissions, shortcuts, URL
verification) filled with hostile text: unicode of every category, lone surrogates as
JSON escapes, control characters, mrkdwn and FTS5 syntax, SQL fragments, 10 000
characters, wrong types in every field; or are not Slack payloads at all. Headers are
signed correctly or forged in the ways that broke verifiers (bad timestamps, repeated or
missing headers, another secret), with odd content types.

A forged request names users, channels and response URLs marked FORGED, so that
`forged_calls(fake)` can show whether any unverified request caused an outbound call.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse
from itertools import count
from typing import Any

from hypothesis import strategies as st

from tests.slack.fake_slack import SIGNING_SECRET, Call, FakeSlack

FORGED = "FORGED"
_n = count(1)

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "<!channel>",
        "<!here|here>",
        "<@U0ANNA>",
        "<#C0GENERAL|general>",
        "&amp;&lt;&gt;",
        "*fet* _kursiv_ `kod`",
        "```",
        '" OR 1=1 --',
        "'; DROP TABLE query_log; --",
        "NEAR(mål prognos)",
        'sjuk* AND "frånvaro"',
        "\x00\x1f\x7f",
        "\u202e\u200b\ufeff",
        "🧪🏥📈",
        "ÅÄÖåäö",
        "sjukfranvaro",
        "/prognos",
        "hjälp",
        "x" * 10_000,
        "\ud800",
        "\udfff",
        "1e308",
        "-0",
        "NaN",
        "null",
        "{}",
        "[]",
    ]
)
UNICODE = st.text(st.characters(exclude_categories=()), max_size=300)  # surrogates included
TEXT = st.one_of(HOSTILE, UNICODE, st.text(max_size=50), st.builds(lambda a, b: a + b, HOSTILE, UNICODE))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
JUNK = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
COMMANDS = [
    "/mål",
    "/mal",
    "/prognos",
    "/budget",
    "/indikator",
    "/utfall",
    "/jämför",
    "/jamfor",
    "/planbot",
    "/okänt",
]
EVENT_TYPES = [
    "app_mention",
    "message",
    "app_home_opened",
    "reaction_added",
    "member_joined_channel",
    "app_uninstalled",
    "tokens_revoked",
    "message_metadata_posted",
    "team_join",
    "x",
]
MESSAGE_SUBTYPES = [
    None,
    "message_changed",
    "message_deleted",
    "bot_message",
    "file_share",
    "thread_broadcast",
    "x",
]
ACTION_IDS = ["show_source", "share_in_channel", "pick_candidate_0", "pick_candidate_9", "unknown_button", ""]


def _few(keys: list[str]) -> st.SearchStrategy[list[str]]:
    """Usually no key, sometimes one or two: the fields to spoil in a payload."""
    return st.one_of(
        st.just([]), st.just([]), st.just([]), st.lists(st.sampled_from(keys), min_size=1, max_size=2)
    )


def _maybe(strategy: st.SearchStrategy[Any], value: Any) -> st.SearchStrategy[Any]:
    """`value` mostly, sometimes anything else (wrong types in real fields)."""
    return st.one_of(st.just(value), st.just(value), st.just(value), strategy)


@st.composite
def _who(draw: st.DrawFn, forged: bool) -> dict[str, str]:
    n = next(_n)
    if forged:
        return {
            "user": f"U{FORGED}{n}",
            "channel": f"C{FORGED}{n}",
            "dm": f"D{FORGED}{n}",
            "url": f"/response/forged{n}",
        }
    channel = draw(st.sampled_from(["C0GENERAL", "C0OTHER", "D0ANNA", f"C0FUZZ{n % 7}", "G0PRIVATE"]))
    return {
        "user": draw(st.sampled_from(["U0ANNA", "U0BERT"])),
        "channel": channel,
        "dm": "D0ANNA",
        "url": f"/response/ok{n}",
    }


@st.composite
def slash_command(draw: st.DrawFn, who: dict[str, str], base: str) -> tuple[str, str]:
    fields: dict[str, Any] = {
        "token": "x",
        "team_id": "T0KALMAR",
        "channel_id": who["channel"],
        "user_id": who["user"],
        "command": draw(st.sampled_from(COMMANDS)),
        "text": draw(
            st.one_of(
                TEXT,
                st.sampled_from(
                    [
                        "digest lista",
                        "digest visa hr",
                        "digest prenumerera hr #hr",
                        'digest prenumerera hr "* * *',
                        "digest",
                    ]
                ),
            )
        ),
        "response_url": base + who["url"],
        "trigger_id": "t1.T0.abc",
        "api_app_id": "A0PLANBOT",
    }
    for key in draw(_few(sorted(fields))):
        fields.pop(key, None)
    safe = {k: str(v).encode("utf-8", "surrogatepass") for k, v in fields.items()}
    return "command", urllib.parse.urlencode(safe)


@st.composite
def event_callback(draw: st.DrawFn, who: dict[str, str], base: str) -> tuple[str, str]:
    kind = draw(st.sampled_from(EVENT_TYPES))
    event: dict[str, Any] = {
        "type": kind,
        "user": who["user"],
        "text": draw(TEXT),
        "ts": "1718000000.000100",
        "channel": who["channel"],
        "event_ts": "1718000000.000100",
    }
    if kind == "message":
        event.update(
            channel_type=draw(st.sampled_from(["im", "channel", "group", "mpim"])), channel=who["dm"]
        )
        if subtype := draw(st.sampled_from(MESSAGE_SUBTYPES)):
            event.update(subtype=subtype, message={"text": draw(TEXT), "user": who["user"]})
        if draw(st.booleans()):
            event["bot_id"] = "B0OTHER"
    if kind == "app_home_opened":
        event["tab"] = draw(st.sampled_from(["home", "messages", None]))
    if draw(st.booleans()):
        event["thread_ts"] = draw(_maybe(SCALAR, "1718000000.000001"))
    for key in draw(_few(sorted(event))):
        event[key] = draw(JUNK)
    body: dict[str, Any] = {
        "token": "x",
        "team_id": "T0KALMAR",
        "api_app_id": "A0PLANBOT",
        "type": "event_callback",
        "event": draw(_maybe(JUNK, event)),
        "event_id": draw(_maybe(SCALAR, f"EvFuzz{next(_n)}")),
        "event_time": int(time.time()),
    }
    return "event", json.dumps(body)  # ASCII: lone surrogates become \\ud800 escapes


@st.composite
def interaction(draw: st.DrawFn, who: dict[str, str], base: str) -> tuple[str, str]:
    kind = draw(
        st.sampled_from(
            [
                "block_actions",
                "block_actions",
                "view_submission",
                "view_closed",
                "shortcut",
                "message_action",
                "block_suggestion",
                "x",
            ]
        )
    )
    container = draw(
        st.sampled_from(
            [
                {
                    "type": "message",
                    "message_ts": "1718.1",
                    "channel_id": who["channel"],
                    "is_ephemeral": True,
                },
                {"type": "view", "view_id": "V1"},
                {},
            ]
        )
    )
    value = draw(
        st.one_of(
            TEXT,
            st.just('{"q":"/prognos","f":["resultat:000000000000"],"n":3}'),
            st.builds(lambda j: json.dumps(j), JUNK),
        )
    )
    payload: dict[str, Any] = {
        "type": kind,
        "user": {"id": who["user"]},
        "team": {"id": "T0KALMAR"},
        "container": container,
        "channel": draw(st.sampled_from([{"id": who["channel"]}, None])),
        "trigger_id": "13345224609.1.abc",
        "response_url": base + who["url"],
        "api_app_id": "A0PLANBOT",
        "token": "x",
        "actions": [
            {
                "action_id": draw(st.sampled_from(ACTION_IDS)),
                "block_id": "answer_actions",
                "value": value,
                "type": "button",
                "action_ts": "1.2",
            }
        ],
        "view": {"type": "modal", "callback_id": draw(TEXT), "state": {"values": {}}},
    }
    for key in draw(_few(sorted(payload))):
        payload[key] = draw(JUNK)
    return "interaction", urllib.parse.urlencode({"payload": json.dumps(payload)})


@st.composite
def not_a_payload(draw: st.DrawFn, who: dict[str, str], base: str) -> tuple[str, str | bytes]:
    return "junk", draw(
        st.one_of(
            st.binary(max_size=300),
            st.builds(json.dumps, JUNK),
            TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.just('{"type": "url_verification", "challenge": "abc"}'),
            st.just("payload=%7Bnot+json"),
            st.just("payload=" + urllib.parse.quote(json.dumps({"type": "block_actions", "actions": []}))),
        )
    )


def _signature(body: bytes, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    return (
        "v0="
        + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    )


FORGERIES = ["none", "bad-timestamp", "stale", "wrong-secret", "not-hex", "repeated", "v1", "empty"]


@st.composite
def forged_headers(draw: st.DrawFn, body: bytes) -> list[tuple[str, str]]:
    now = str(int(time.time()))
    how = draw(st.sampled_from(FORGERIES))
    if how == "none":
        return []
    if how == "bad-timestamp":
        ts = draw(st.sampled_from(["abc", "1.5", "", " 1", "1_0", "-1", "9" * 40, "١٢٣", "0x10"]))
        return [
            ("X-Slack-Request-Timestamp", ts.encode("utf-8").decode("latin-1")),
            ("X-Slack-Signature", _signature(body, now)),
        ]
    if how == "stale":
        old = str(int(time.time()) - draw(st.integers(301, 10**9)))
        return [("X-Slack-Request-Timestamp", old), ("X-Slack-Signature", _signature(body, old))]
    if how == "wrong-secret":
        return [
            ("X-Slack-Request-Timestamp", now),
            ("X-Slack-Signature", _signature(body, now, "not-the-secret")),
        ]
    if how == "not-hex":
        return [("X-Slack-Request-Timestamp", now), ("X-Slack-Signature", "v0=" + "z" * 64)]
    if how == "repeated":
        return [
            ("X-Slack-Request-Timestamp", now),
            ("X-Slack-Signature", _signature(body, now, "x")),
            ("X-Slack-Signature", _signature(body, now)),
        ]
    if how == "v1":
        return [
            ("X-Slack-Request-Timestamp", now),
            ("X-Slack-Signature", _signature(body, now).replace("v0=", "v1=")),
        ]
    return [("X-Slack-Request-Timestamp", now), ("X-Slack-Signature", "")]


CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "multipart/form-data",
    "",
    "application/x-www-form-urlencoded; charset=latin-1",
]


@st.composite
def requests(draw: st.DrawFn, base: str) -> tuple[str, bytes, list[tuple[str, str]], bool]:
    """(label, body, headers, signed): one generated request; `base` is the fake Slack's URL."""
    signed = draw(st.booleans())
    who = draw(_who(forged=not signed))
    label, body = draw(
        st.one_of(
            slash_command(who, base),
            event_callback(who, base),
            interaction(who, base),
            not_a_payload(who, base),
        )
    )
    raw = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
    natural = "application/json" if label == "event" else "application/x-www-form-urlencoded"
    content_type = draw(st.one_of(st.just(natural), st.just(natural), st.sampled_from(CONTENT_TYPES)))
    headers = [("Content-Type", content_type)] if content_type else []
    if signed:
        now = str(int(time.time()))
        headers += [("X-Slack-Request-Timestamp", now), ("X-Slack-Signature", _signature(raw, now))]
        if draw(st.integers(0, 9)) == 0:
            headers += [
                ("X-Slack-Retry-Num", draw(st.sampled_from(["1", "2", "x", ""]))),
                ("X-Slack-Retry-Reason", "http_timeout"),
            ]
    else:
        headers += draw(forged_headers(raw))
    return f"{label} {'signed' if signed else 'forged'}", raw, headers, signed


def forged_calls(fake: FakeSlack) -> list[Call]:
    """Calls to the fake Slack that name anything only forged requests named."""
    return [
        c
        for c in list(fake.calls)
        if FORGED in json.dumps(c.params, ensure_ascii=False) or "forged" in c.path
    ]
