"""Buttons: "Visa källa", "Visa diagram", "Visa fler", "Dela i kanalen" and one per candidate.

"Dela i kanalen" and a candidate pick are stored in the outbox before they are
acknowledged, keyed by the click (channel, message, user, button), so a double-click is
one post. "Visa källa" opens a modal at once (its trigger expires in three seconds) from
a lazy listener; when no modal can be opened it answers ephemerally through the outbox.
"Visa fler" does the same with every fact of the answer. "Visa diagram" uploads the
answer's chart (files_upload_v2) from a lazy listener: an upload is no outbox job, so a
double-click can upload twice.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App
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
    MAX_SOURCE_FACTS,
    render_more,
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


def _notify(runtime: Runtime, body: dict[str, Any], kind: str, text: str) -> None:
    """Tell the user who clicked, privately, through the outbox."""
    url = body.get("response_url") or None
    lane = f"respond:{_channel_of(body)}"
    for job in jobs.tell(_click_key(kind, body), text, user=_user_of(body), response_url=url, lane=lane):
        runtime.submit(job)


def _asked(runtime: Runtime, body: dict[str, Any], kind: str) -> Answer | None:
    """The answer a button is about, asked again; None (and the user told why) when the
    payload is broken or the channel policy refuses it."""
    channel = _channel_of(body)
    try:
        query = str(json.loads(_value(body))["q"])
    except (ValueError, TypeError, KeyError):
        _notify(runtime, body, kind, texts.ANSWER_GONE)
        return None
    if not runtime.policy.channel_allowed(channel):
        _notify(runtime, body, kind, texts.CHANNEL_NOT_ALLOWED)
        return None
    answer = runtime.answer(query, surface=f"slack-{kind}", user_id=_user_of(body), channel_id=channel)
    if runtime.policy.withheld(answer, channel):
        shown_in_dm = runtime.policy.shown_in_a_dm(answer)
        _notify(runtime, body, kind, texts.MEASURE_RESTRICTED if shown_in_dm else texts.MEASURE_NOT_SHOWN)
        return None
    return answer


def show_chart(runtime: Runtime, body: dict[str, Any], client: WebClient) -> None:
    """Upload the answer's chart to the conversation, in the thread when the answer is in one."""
    channel = _channel_of(body)
    answer = _asked(runtime, body, "chart")
    if answer is None or not channel:
        return
    chart = chart_for(answer)
    if chart is None:
        _notify(runtime, body, "chart", texts.NO_CHART)
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
        _notify(runtime, body, "chart", texts.DELIVERY_ERRORS[code])


def show_more(runtime: Runtime, body: dict[str, Any], client: WebClient) -> None:
    """Open a modal with every fact of the answer (ephemeral, through the outbox, when no modal)."""
    answer = _asked(runtime, body, "more")
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
    if url := body.get("response_url"):
        message = {"response_type": "ephemeral", "replace_original": False, **view_as_message(view)}
        lane = f"respond:{_channel_of(body)}"
        runtime.submit(jobs.reply_job(_click_key("more", body), lane, Respond(url, message)))


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

    def chart(body: dict[str, Any], client: WebClient) -> None:
        show_chart(runtime, body, client)

    def more(body: dict[str, Any], client: WebClient) -> None:
        show_more(runtime, body, client)

    app.action(ACTION_SHOW_SOURCE)(ack=just_ack, lazy=[guarded(runtime, source)])
    app.action(ACTION_SHOW_CHART)(ack=just_ack, lazy=[guarded(runtime, chart)])
    app.action(ACTION_SHOW_MORE)(ack=just_ack, lazy=[guarded(runtime, more)])
    app.action(ACTION_SHARE)(accept(share_job))
    app.action(CANDIDATE)(accept(candidate_job))
    app.action(re.compile(".*"))(just_ack)  # a button planbot no longer has: acknowledged, nothing to do
