"""Slash commands: answered in the acknowledgement itself, ephemeral, within milliseconds.

The answer pipeline takes about a millisecond, so the reply travels in the HTTP response
to Slack (no response_url round trip, no thread hand-off); see `planbot.slack.app`.
`/planbot digest …` needs the Web API (who is admin, which channel), so it is stored in
the outbox, acknowledged at once with "Ett ögonblick …" and answered from there through
the response_url (a failure replaces it with an error message, never silence).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from planbot.slack import jobs, texts
from planbot.slack.entities import from_slack
from planbot.slack.outbox import NewJob
from planbot.slack.runtime import Runtime

# Swedish names as users type them, and the ASCII spellings for workspaces that refuse them.
COMMANDS = ("/mål", "/mal", "/prognos", "/budget", "/indikator", "/utfall", "/jämför", "/jamfor", "/planbot")
MAX_QUERY = 2000
DIGEST_WORD = "digest"


def command_reply(runtime: Runtime, command: dict[str, Any]) -> dict[str, Any]:
    """The ephemeral reply to one slash command payload."""
    text = from_slack(str(command.get("text") or ""))[:MAX_QUERY]
    query = f"{command.get('command', '/planbot')} {text}".strip()
    message = runtime.reply(
        query,
        surface="slack-command",
        user_id=command.get("user_id"),
        channel_id=command.get("channel_id"),
        ephemeral=True,
    )
    return {"response_type": "ephemeral", **message}


def digest_text(command: dict[str, Any]) -> str | None:
    """The words after `/planbot digest`, or None for any other command."""
    words = from_slack(str(command.get("text") or "")).strip().split(maxsplit=1)
    if command.get("command") != "/planbot" or not words or words[0].lower() != DIGEST_WORD:
        return None
    return words[1] if len(words) > 1 else ""


def digest_job(command: dict[str, Any], text: str) -> NewJob:
    """`/planbot digest …` as an outbox job, answered through the command's response_url."""
    channel = str(command.get("channel_id", ""))
    payload = {
        "text": text, "user": str(command.get("user_id", "")), "channel": channel,
        "response_url": str(command.get("response_url") or ""),
    }  # fmt: skip
    key = jobs.click_key(jobs.DIGEST_COMMAND, command.get("trigger_id"), channel, payload["user"], text)
    return NewJob(key, jobs.DIGEST_COMMAND, f"respond:{channel}", payload)


def register(app: App, runtime: Runtime) -> None:
    def answer_command(ack: Ack, command: dict[str, Any]) -> None:
        text = digest_text(command)
        if text is not None:
            if command.get("response_url"):
                runtime.submit(digest_job(command, text))
            ack(**texts.message(texts.WORKING), response_type="ephemeral")
            return
        ack(**command_reply(runtime, command))

    for name in COMMANDS:
        app.command(name)(answer_command)
