"""Slash commands: answered in the acknowledgement itself, ephemeral, within milliseconds.

The answer pipeline takes about a millisecond, so the reply travels in the HTTP response
to Slack (no response_url round trip, no thread hand-off); see `planbot.slack.app`.
`/planbot digest …` needs the Web API (who is admin, which channel), so it is
acknowledged at once and answered from a lazy listener through the response_url.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from planbot.slack import texts
from planbot.slack.runtime import Runtime

# Swedish names as users type them, and the ASCII spellings for workspaces that refuse them.
COMMANDS = ("/mål", "/mal", "/prognos", "/budget", "/indikator", "/utfall", "/jämför", "/jamfor", "/planbot")
MAX_QUERY = 2000
DIGEST_WORD = "digest"


def command_reply(runtime: Runtime, command: dict[str, Any]) -> dict[str, Any]:
    """The ephemeral reply to one slash command payload."""
    text = str(command.get("text") or "")[:MAX_QUERY]
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
    words = str(command.get("text") or "").strip().split(maxsplit=1)
    if command.get("command") != "/planbot" or not words or words[0].lower() != DIGEST_WORD:
        return None
    return words[1] if len(words) > 1 else ""


def register(app: App, runtime: Runtime) -> None:
    def answer_command(ack: Ack, command: dict[str, Any]) -> None:
        if digest_text(command) is not None:
            ack(**texts.message(texts.WORKING), response_type="ephemeral")
            return
        ack(**command_reply(runtime, command))

    def answer_digest_command(command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        text = digest_text(command)
        if text is None:
            return
        reply = runtime.digest_command(
            text, user_id=str(command.get("user_id", "")), channel_id=str(command.get("channel_id", "")),
            client=client,
        )  # fmt: skip
        respond(replace_original=True, **reply)

    for name in COMMANDS:
        if name == "/planbot":
            app.command(name)(ack=answer_command, lazy=[answer_digest_command])
        else:
            app.command(name)(answer_command)
