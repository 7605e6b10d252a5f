"""Events: @-mentions answered in a thread, DMs answered in the DM, the App Home tab.

Each is acknowledged at once and answered by a lazy listener on Bolt's thread pool, so
a slow or rate-limited Web API never delays the acknowledgement.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from planbot.slack import texts
from planbot.slack.delivery import guarded, post
from planbot.slack.home import home_view
from planbot.slack.runtime import Runtime

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
MAX_QUERY = 2000


def question_of(text: str | None) -> str:
    """The question in a message: mentions of the bot removed, whitespace trimmed."""
    return _MENTION.sub(" ", text or "").strip()[:MAX_QUERY]


def answer_mention(runtime: Runtime, event: dict[str, Any], client: WebClient) -> None:
    """Answer an @-mention in a thread under the message (or in the thread it came from)."""
    channel = event["channel"]
    question = question_of(event.get("text"))
    user = event.get("user")
    if not question:
        message = texts.message(texts.EMPTY_MENTION)
    else:
        message = runtime.reply(
            question, surface="slack-mention", user_id=user, channel_id=channel, ephemeral=False
        )
    post(client, channel, message, thread_ts=event.get("thread_ts") or event.get("ts"), user_id=user)


def answer_direct_message(runtime: Runtime, event: dict[str, Any], client: WebClient) -> None:
    """Answer a DM in the DM (in its thread, when the question was asked in one)."""
    question = question_of(event.get("text"))
    if not question:
        return
    message = runtime.reply(
        question, surface="slack-dm", user_id=event.get("user"), channel_id=event["channel"], ephemeral=False
    )
    post(client, event["channel"], message, thread_ts=event.get("thread_ts"), user_id=event.get("user"))


def publish_home(runtime: Runtime, event: dict[str, Any], client: WebClient) -> None:
    client.views_publish(user_id=event["user"], view=home_view(runtime))


def _is_user_direct_message(event: dict[str, Any]) -> bool:
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
    )


def _is_home_tab(event: dict[str, Any]) -> bool:
    return event.get("tab", "home") == "home"


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, runtime: Runtime) -> None:
    @guarded
    def mention(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        answer_mention(runtime, event, client)

    @guarded
    def direct_message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        answer_direct_message(runtime, event, client)

    @guarded
    def home(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        publish_home(runtime, event, client)

    app.event("app_mention")(ack=_ack, lazy=[mention])
    app.event("message", matchers=[_is_user_direct_message])(ack=_ack, lazy=[direct_message])
    app.event("message")(_ack)  # every other message event: acknowledged, nothing to do
    app.event("app_home_opened", matchers=[_is_home_tab])(ack=_ack, lazy=[home])
    app.event("app_home_opened")(_ack)
