"""Slash commands: answered in the acknowledgement itself, ephemeral, within milliseconds.

The answer pipeline takes about a millisecond, so the reply travels in the HTTP response
to Slack (no response_url round trip, no thread hand-off); see `planbot.slack.app`.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from planbot.slack.runtime import Runtime

# Swedish names as users type them, and the ASCII spellings for workspaces that refuse them.
COMMANDS = ("/mål", "/mal", "/prognos", "/budget", "/indikator", "/utfall", "/jämför", "/jamfor", "/planbot")
MAX_QUERY = 2000


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


def register(app: App, runtime: Runtime) -> None:
    def answer_command(ack: Ack, command: dict[str, Any]) -> None:
        ack(**command_reply(runtime, command))

    for name in COMMANDS:
        app.command(name)(answer_command)
