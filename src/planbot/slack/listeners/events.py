"""Events: @-mentions answered in a thread, DMs answered in the DM, the App Home tab.

A mention or a DM is stored in the outbox before it is acknowledged and answered from
there (planbot.slack.outbox): one channel's troubles never delay another's answers, and
a restart never loses one. The event id is recorded as received only after that, so a
crash in between makes Slack deliver the event again rather than drop it.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from planbot.slack import jobs
from planbot.slack.entities import from_slack
from planbot.slack.failures import guarded
from planbot.slack.home import home_view
from planbot.slack.runtime import Runtime

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
MAX_QUERY = 2000


def question_of(text: str | None) -> str:
    """The question in a message: mentions of the bot removed, Slack's entities read, trimmed."""
    return from_slack(_MENTION.sub(" ", text or "")).strip()[:MAX_QUERY]


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


def register(app: App, runtime: Runtime) -> None:
    def received(body: dict[str, Any]) -> None:
        if isinstance(body.get("event_id"), str):
            runtime.seen_events.record(body["event_id"])

    def accept_mention(ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
        runtime.submit(jobs.event_job(body, event, "slack-mention", question_of(event.get("text"))))
        received(body)
        ack()

    def accept_direct_message(ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
        question = question_of(event.get("text"))
        if question:
            runtime.submit(jobs.event_job(body, event, "slack-dm", question))
        received(body)
        ack()

    def accept(ack: Ack, body: dict[str, Any]) -> None:
        received(body)
        ack()

    def home(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        publish_home(runtime, event, client)

    app.event("app_mention")(accept_mention)
    app.event("message", matchers=[_is_user_direct_message])(accept_direct_message)
    app.event("message")(accept)  # every other message event: acknowledged, nothing to do
    app.event("app_home_opened", matchers=[_is_home_tab])(ack=accept, lazy=[guarded(runtime, home)])
    app.event("app_home_opened")(accept)
    app.event(re.compile(".*"))(accept)  # any other event type: acknowledged (a 404 makes Slack retry)
