"""Buttons: "Visa källa", "Visa diagram", "Visa fler", "Dela i kanalen" and one per candidate.

Each is acknowledged at once; the work (a modal, a post, an upload, a replaced message)
happens in a lazy listener.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from planbot.answer.model import Answer
from planbot.charts.data import chart_for
from planbot.render.slack import (
    ACTION_CANDIDATE,
    ACTION_SHARE,
    ACTION_SHOW_CHART,
    ACTION_SHOW_MORE,
    ACTION_SHOW_SOURCE,
    render_more,
    view_as_message,
)
from planbot.slack import texts
from planbot.slack.delivery import guarded, post, tell
from planbot.slack.runtime import Runtime

log = logging.getLogger(__name__)
CANDIDATE = re.compile(rf"^{ACTION_CANDIDATE}_\d+$")


def _channel_of(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def _user_of(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("id")


def _value(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")


def show_source(runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
    """Open a modal with each cited quote and its surrounding lines (ephemeral when no modal)."""
    try:
        payload = json.loads(_value(body))
        ids = [int(i) for i in payload.get("ids", [])]
        query = str(payload.get("q", ""))
    except (ValueError, TypeError, AttributeError):
        tell(texts.SOURCE_GONE, client=client, respond=respond, user_id=_user_of(body))
        return
    view = runtime.source_view(ids, query, _channel_of(body))
    trigger_id = body.get("trigger_id")
    if trigger_id:
        try:
            client.views_open(trigger_id=trigger_id, view=view)
            return
        except SlackApiError as error:  # e.g. expired_trigger_id: show it in the channel instead
            log.info("views.open failed (%s); answering ephemerally", error.response.get("error"))
    if respond is not None and body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **view_as_message(view))


def _asked(
    runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond | None, surface: str
) -> Answer | None:
    """The answer a button is about, asked again, or None (and the user told why) when the
    payload is broken, the channel is not allowed or the measure is restricted there."""
    channel, user = _channel_of(body), _user_of(body)
    try:
        query = str(json.loads(_value(body))["q"])
    except (ValueError, TypeError, KeyError):
        tell(texts.ANSWER_GONE, client=client, respond=respond, user_id=user)
        return None
    if not runtime.access.channel_allowed(channel):
        tell(texts.CHANNEL_NOT_ALLOWED, client=client, respond=respond, user_id=user)
        return None
    answer = runtime.answer(query, surface=surface, user_id=user, channel_id=channel)
    if runtime.access.withheld(answer, channel):
        tell(texts.MEASURE_RESTRICTED, client=client, respond=respond, user_id=user)
        return None
    return answer


def show_chart(runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
    """Upload the answer's chart to the conversation, in the thread when the answer is in one."""
    channel, user = _channel_of(body), _user_of(body)
    answer = _asked(runtime, body, client, respond, "slack-chart")
    if answer is None or not channel:
        return
    chart = chart_for(answer)
    if chart is None:
        tell(texts.NO_CHART, client=client, respond=respond, user_id=user)
        return
    from planbot.charts.png import png  # matplotlib only when someone asks for a chart

    container = body.get("container") or {}
    thread_ts = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
    try:
        client.files_upload_v2(
            channel=channel, thread_ts=thread_ts, file=png(chart), filename="planbot-diagram.png",
            title=chart.title, alt_txt=f"{chart.title}. {chart.caption}"[:1000],
        )  # fmt: skip
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code not in texts.DELIVERY_ERRORS:
            raise
        log.warning("cannot upload a chart to %s: %s", channel, code)
        tell(texts.DELIVERY_ERRORS[code], client=client, respond=respond, user_id=user)


def show_more(runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
    """Open a modal with every fact of the answer (ephemeral when no modal can be opened)."""
    answer = _asked(runtime, body, client, respond, "slack-more")
    if answer is None:
        return
    view = render_more(answer)
    trigger_id = body.get("trigger_id")
    if trigger_id:
        try:
            client.views_open(trigger_id=trigger_id, view=view)
            return
        except SlackApiError as error:
            log.info("views.open failed (%s); answering ephemerally", error.response.get("error"))
    if respond is not None and body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **view_as_message(view))


def share_in_channel(
    runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond | None
) -> None:
    """Post the answer visibly, saying who shared it, then remove the ephemeral original."""
    channel, user = _channel_of(body), _user_of(body)
    if not channel:
        return
    message = runtime.reply(
        _value(body), surface="slack-share", user_id=user, channel_id=channel, ephemeral=False, shared_by=user
    )
    thread_ts = (body.get("container") or {}).get("thread_ts")
    posted = post(client, channel, message, thread_ts=thread_ts, respond=respond, user_id=user)
    ephemeral = (body.get("container") or {}).get("is_ephemeral")
    if posted and respond is not None and ephemeral and body.get("response_url"):
        respond(delete_original=True)


def pick_candidate(
    runtime: Runtime, body: dict[str, Any], client: WebClient, respond: Respond | None
) -> None:
    """Replace the list of candidates with the answer for the one picked."""
    ephemeral = bool((body.get("container") or {}).get("is_ephemeral", True))
    message = runtime.reply(
        _value(body), surface="slack-candidate", user_id=_user_of(body), channel_id=_channel_of(body),
        ephemeral=ephemeral,
    )  # fmt: skip
    if respond is not None and body.get("response_url"):
        respond(replace_original=True, response_type="ephemeral" if ephemeral else "in_channel", **message)
    elif channel := _channel_of(body):
        post(client, channel, message, user_id=_user_of(body))


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, runtime: Runtime) -> None:
    @guarded
    def source(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        show_source(runtime, body, client, respond)

    @guarded
    def share(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        share_in_channel(runtime, body, client, respond)

    @guarded
    def candidate(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        pick_candidate(runtime, body, client, respond)

    @guarded
    def chart(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        show_chart(runtime, body, client, respond)

    @guarded
    def more(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        show_more(runtime, body, client, respond)

    app.action(ACTION_SHOW_SOURCE)(ack=_ack, lazy=[source])
    app.action(ACTION_SHOW_CHART)(ack=_ack, lazy=[chart])
    app.action(ACTION_SHOW_MORE)(ack=_ack, lazy=[more])
    app.action(ACTION_SHARE)(ack=_ack, lazy=[share])
    app.action(CANDIDATE)(ack=_ack, lazy=[candidate])
