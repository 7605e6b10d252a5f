"""Buttons: "Visa källa", "Dela i kanalen" and one per candidate measure.

"Dela i kanalen" and a candidate pick are stored in the outbox before they are
acknowledged, keyed by the click (channel, message, user, button), so a double-click is
one post. "Visa källa" opens a modal at once (its trigger expires in three seconds) from
a lazy listener; when no modal can be opened it answers ephemerally through the outbox.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from planbot.render.slack import (
    ACTION_CANDIDATE,
    ACTION_SHARE,
    ACTION_SHOW_SOURCE,
    MAX_SOURCE_FACTS,
    view_as_message,
)
from planbot.slack import jobs, texts
from planbot.slack.failures import guarded
from planbot.slack.outbox import NewJob, Respond
from planbot.slack.runtime import Runtime

log = logging.getLogger(__name__)
CANDIDATE = re.compile(rf"^{ACTION_CANDIDATE}_\d+$")


def _channel_of(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def _user_of(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("id")


def _action(body: dict[str, Any]) -> dict[str, Any]:
    return dict(body["actions"][0])


def _value(body: dict[str, Any]) -> str:
    return str(_action(body).get("value") or "")


def _click_key(kind: str, body: dict[str, Any]) -> str:
    container = body.get("container") or {}
    action = _action(body)
    return jobs.click_key(kind, _channel_of(body), container.get("message_ts"), _user_of(body),
                          action.get("action_id"), action.get("value"))  # fmt: skip


def share_job(body: dict[str, Any]) -> NewJob | None:
    """ "Dela i kanalen": post the answer visibly, then remove the ephemeral original."""
    channel = _channel_of(body)
    if not channel:
        return None
    container = body.get("container") or {}
    payload = {
        "question": _value(body), "channel": channel, "thread_ts": container.get("thread_ts"),
        "user": _user_of(body), "response_url": body.get("response_url") or None,
        "ephemeral": bool(container.get("is_ephemeral")),
    }  # fmt: skip
    return NewJob(_click_key(jobs.SHARE, body), jobs.SHARE, channel, payload)


def candidate_job(body: dict[str, Any]) -> NewJob | None:
    """A candidate picked: replace the list of candidates with the answer for it."""
    channel = _channel_of(body)
    url = body.get("response_url") or None
    if not channel and not url:
        return None
    payload = {
        "question": _value(body), "channel": channel, "user": _user_of(body), "response_url": url,
        "ephemeral": bool((body.get("container") or {}).get("is_ephemeral", True)),
    }  # fmt: skip
    lane = f"respond:{channel}" if url else str(channel)
    return NewJob(_click_key(jobs.CANDIDATE, body), jobs.CANDIDATE, lane, payload)


def show_source(runtime: Runtime, body: dict[str, Any], client: WebClient) -> None:
    """Open a modal with each cited quote and its surrounding lines (ephemeral when no modal).

    The button carries citation keys (planbot.render.slack.citation_key); a button from
    before them (positional ids, which a release renumbers) says the source is gone.
    """
    url = body.get("response_url") or None
    try:
        payload = json.loads(_value(body))
        keys = [str(k) for k in payload["f"]][:MAX_SOURCE_FACTS]
        query = str(payload.get("q", ""))
        more = max(0, int(payload.get("n", len(keys))) - len(keys))
    except (ValueError, TypeError, AttributeError, KeyError):
        view = texts.view(texts.SOURCE_GONE)
    else:
        view = runtime.source_view(keys, query, _channel_of(body), more=more)
    trigger_id = body.get("trigger_id")
    if trigger_id:
        try:
            client.views_open(trigger_id=trigger_id, view=view)
            return
        except SlackApiError as error:  # e.g. expired_trigger_id: show it in the channel instead
            log.info("views.open failed (%s); answering ephemerally", error.response.get("error"))
    if url:
        body_ = {"response_type": "ephemeral", "replace_original": False, **view_as_message(view)}
        lane = f"respond:{_channel_of(body)}"
        runtime.submit(jobs.reply_job(_click_key("source", body), lane, Respond(url, body_)))


def register(app: App, runtime: Runtime) -> None:
    def source(body: dict[str, Any], client: WebClient) -> None:
        show_source(runtime, body, client)

    def accept(make: Any) -> Any:
        def ack_after_storing(ack: Ack, body: dict[str, Any]) -> None:
            job = make(body)
            if job is not None:
                runtime.submit(job)
            ack()

        return ack_after_storing

    def just_ack(ack: Ack) -> None:
        ack()

    app.action(ACTION_SHOW_SOURCE)(ack=just_ack, lazy=[guarded(runtime, source)])
    app.action(ACTION_SHARE)(accept(share_job))
    app.action(CANDIDATE)(accept(candidate_job))
    app.action(re.compile(".*"))(just_ack)  # a button planbot no longer has: acknowledged, nothing to do
