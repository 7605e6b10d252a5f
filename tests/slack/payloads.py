"""Slack's real request payloads (as Slack sends them), for end-to-end tests and benchmarks."""

from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any

TEAM = {"id": "T0KALMAR", "domain": "regionkalmar"}


def slash_command(
    command: str,
    text: str,
    *,
    channel: str,
    user: str = "U0ANNA",
    response_url: str = "",
    trigger: str = "t1",
) -> str:
    """The form-encoded body Slack POSTs for a slash command."""
    fields = {
        "token": "deprecated-verification-token",
        "team_id": TEAM["id"],
        "team_domain": TEAM["domain"],
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": "anna.andersson",
        "command": command,
        "text": text,
        "api_app_id": "A0PLANBOT",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{trigger}.{TEAM['id']}.abcdef",
    }
    return urllib.parse.urlencode(fields)


def event_callback(event: dict[str, Any], event_id: str) -> str:
    """The JSON body of an Events API delivery."""
    body = {
        "token": "deprecated-verification-token",
        "team_id": TEAM["id"],
        "api_app_id": "A0PLANBOT",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": TEAM["id"], "user_id": "UPLANBOT", "is_bot": True,
             "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False)


def app_mention(
    text: str, *, channel: str, ts: str, user: str = "U0ANNA", thread_ts: str | None = None
) -> dict:
    event = {
        "type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel,
        "event_ts": ts, "team": TEAM["id"], "client_msg_id": f"m-{ts}",
    }  # fmt: skip
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, *, channel: str, ts: str, user: str = "U0ANNA", **extra: Any) -> dict:
    return {
        "type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
        "channel_type": "im", "team": TEAM["id"], "client_msg_id": f"m-{ts}", **extra,
    }  # fmt: skip


def app_home_opened(user: str = "U0ANNA", tab: str = "home") -> dict:
    return {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": tab, "event_ts": "1.2"}


def block_actions(
    action_id: str,
    value: str,
    *,
    channel: str,
    user: str = "U0ANNA",
    response_url: str = "",
    ephemeral: bool = True,
    message_ts: str = "1718000000.000100",
    block_id: str = "answer_actions",
) -> str:
    """The form-encoded body (payload=<json>) Slack POSTs when a button is clicked."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": "anna.andersson", "name": "anna.andersson", "team_id": TEAM["id"]},
        "api_app_id": "A0PLANBOT",
        "token": "deprecated-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": TEAM,
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": "knapp"},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
        "state": {"values": {}},
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload, ensure_ascii=False)})


def url_verification(challenge: str) -> str:
    return json.dumps({"token": "x", "challenge": challenge, "type": "url_verification"})
