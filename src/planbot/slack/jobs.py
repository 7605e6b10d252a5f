"""What each kind of outbox job sends to Slack, and whom it tells when that cannot be done.

- `answer`: a mention or a DM, answered in its channel (in the thread of a mention);
- `share`: "Dela i kanalen", the answer posted visibly, then the ephemeral original removed;
- `candidate`: a picked candidate measure, the list replaced by the answer;
- `digest_command`: `/planbot digest …`, answered through the response_url;
- `reply`: a ready message (a notice to a user, a removal, a view shown as a message).

Keys make repeated deliveries one job: an event's id, or a digest of a click (channel,
message, user, button), so a double-click on "Dela i kanalen" posts once.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from planbot.render.environment import escape_mrkdwn
from planbot.slack import texts
from planbot.slack.outbox import Job, Kind, NewJob, Post, Respond, Send, decode_send, encode_send

if TYPE_CHECKING:
    from planbot.slack.runtime import Runtime

ANSWER, SHARE, CANDIDATE, DIGEST_COMMAND, REPLY = "answer", "share", "candidate", "digest_command", "reply"


def click_key(prefix: str, *parts: object) -> str:
    """A key naming one click (the same for a double-click): a digest of what identifies it."""
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def reply_job(key: str, lane: str, send: Send) -> NewJob:
    return NewJob(key, REPLY, lane, {"send": json.loads(encode_send(send))})


def tell(
    key: str, text: str, *, user: str | None, response_url: str | None = None, lane: str = ""
) -> list[NewJob]:
    """A notice to one user: ephemeral through the response_url when there is one, else in a DM."""
    message = texts.message(text)
    if response_url:
        body = {"response_type": "ephemeral", "replace_original": False, **message}
        return [reply_job(f"notice:{key}", lane or f"respond:{user}", Respond(response_url, body))]
    if user:
        return [reply_job(f"notice:{key}", f"dm:{user}", Post(user, message, checkable=False))]
    return []


def undelivered_text(reason: str, question: str | None) -> str:
    """What to tell someone whose answer could not be delivered, by the reason."""
    code = reason.split(":", 1)[0]
    if code in texts.DELIVERY_ERRORS:
        return texts.DELIVERY_ERRORS[code]
    asked = f" på din fråga ”{escape_mrkdwn(question[:200])}”" if question else ""
    if code == "deadline":
        return texts.NOT_DELIVERED.format(asked=asked)
    if code == "cannot tell whether it was posted":
        return texts.MAYBE_DELIVERED.format(asked=asked)
    return texts.SOMETHING_WENT_WRONG


class _Kind:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def sent(self, job: Job, ts: str | None) -> list[NewJob]:
        return []

    def undeliverable(self, job: Job, reason: str) -> list[NewJob]:
        p = job.payload
        return tell(job.key, undelivered_text(reason, p.get("question")), user=p.get("user"),
                    response_url=p.get("response_url"), lane=f"respond:{p.get('channel')}")  # fmt: skip


class AnswerKind(_Kind):
    """A mention or a DM: the answer in the channel, in the thread of a mention."""

    def prepare(self, job: Job) -> Send:
        p = job.payload
        return Post(p["channel"], self.runtime.answer_message(p), thread_ts=p.get("thread_ts"))


class ShareKind(_Kind):
    """ "Dela i kanalen": the answer posted visibly, saying who shared it; then the ephemeral removed."""

    def prepare(self, job: Job) -> Send:
        p = job.payload
        message, answers = self.runtime.answer_or_refusal(
            p["question"], surface="slack-share", user_id=p.get("user"), channel_id=p["channel"],
            ephemeral=False, shared_by=p.get("user"),
        )  # fmt: skip
        if not answers and p.get("response_url"):  # the policy refuses: say so privately, post nothing
            body = {"response_type": "ephemeral", "replace_original": False, **message}
            return Respond(p["response_url"], body)
        return Post(p["channel"], message, thread_ts=p.get("thread_ts"))

    def sent(self, job: Job, ts: str | None) -> list[NewJob]:
        if isinstance(job.send, Respond):
            return []  # refused: the ephemeral answer stays
        return self._remove_original(job)

    def _remove_original(self, job: Job) -> list[NewJob]:
        p = job.payload
        if not (p.get("ephemeral") and p.get("response_url")):
            return []
        remove = Respond(p["response_url"], {"delete_original": True}, idempotent=True)
        return [reply_job(f"delete:{job.key}", f"respond:{p['channel']}", remove)]


class CandidateKind(_Kind):
    """A picked candidate: the list of candidates replaced by the answer for the one picked."""

    def prepare(self, job: Job) -> Send:
        p = job.payload
        ephemeral = bool(p.get("ephemeral", True))
        message = self.runtime.reply(
            p["question"], surface="slack-candidate", user_id=p.get("user"), channel_id=p.get("channel"),
            ephemeral=ephemeral,
        )  # fmt: skip
        if p.get("response_url"):
            kind = "ephemeral" if ephemeral else "in_channel"
            body = {"replace_original": True, "response_type": kind, **message}
            return Respond(p["response_url"], body, idempotent=True)
        return Post(p["channel"], message)


class DigestCommandKind(_Kind):
    """`/planbot digest …`: the "Ett ögonblick …" acknowledgement replaced by the reply."""

    def prepare(self, job: Job) -> Send:
        p = job.payload
        reply = self.runtime.digest_command(p["text"], user_id=p["user"], channel_id=p["channel"])
        return Respond(p["response_url"], {"replace_original": True, **reply}, idempotent=True)

    def undeliverable(self, job: Job, reason: str) -> list[NewJob]:
        p = job.payload
        if not p.get("response_url"):
            return []
        body = {
            "replace_original": True,
            "response_type": "ephemeral",
            **texts.message(texts.SOMETHING_WENT_WRONG),
        }
        return [
            reply_job(f"notice:{job.key}", f"respond:{p['channel']}", Respond(p["response_url"], body, True))
        ]


class ReplyKind(_Kind):
    """A ready message; when it cannot be delivered there is nobody left to tell."""

    def prepare(self, job: Job) -> Send:
        send = decode_send(json.dumps(job.payload["send"]))
        assert send is not None
        return send

    def undeliverable(self, job: Job, reason: str) -> list[NewJob]:
        return []


def kinds(runtime: Runtime) -> dict[str, Kind]:
    return {
        ANSWER: AnswerKind(runtime),
        SHARE: ShareKind(runtime),
        CANDIDATE: CandidateKind(runtime),
        DIGEST_COMMAND: DigestCommandKind(runtime),
        REPLY: ReplyKind(runtime),
    }


def user_id(user: object) -> str | None:
    """A user id from an event's `user` (an id, or in some events an object with one)."""
    if isinstance(user, dict):
        user = user.get("id")
    return user if isinstance(user, str) else None


def event_job(body: dict[str, Any], event: dict[str, Any], surface: str, question: str) -> NewJob:
    """The answer job of a mention or DM event: keyed by the event id, one per channel lane."""
    channel = str(event["channel"])
    thread_ts = event.get("thread_ts") or (event.get("ts") if surface == "slack-mention" else None)
    user = user_id(event.get("user"))
    key = f"event:{body.get('event_id') or click_key('m', channel, event.get('ts'), user)}"
    payload = {
        "surface": surface,
        "question": question,
        "channel": channel,
        "thread_ts": thread_ts,
        "user": user,
    }
    return NewJob(key, ANSWER, channel, payload)
