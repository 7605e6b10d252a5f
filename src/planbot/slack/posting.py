"""Posting to Slack: the one module that sends messages, for answers and digests alike.

Every failure of a post is sorted by what it says about the message:

- `unreachable`: the request never reached Slack (connection refused, name not resolved,
  the request could not be sent whole: urllib raises URLError before any answer is
  awaited). Nothing was posted; sending again is safe.
- `rate_limited`: HTTP 429. Nothing was posted; send again after `retry_after` seconds.
  Callers reschedule rather than sleep on a thread other work is waiting for.
- `unknown`: Slack may have posted it (HTTP 5xx, `internal_error`, a connection reset or a
  timeout while waiting for the answer). Sending again could post twice, so every message
  carries a dedupe key in its metadata (`marker`), and a caller looks for that key in the
  channel's history (`find_posted`) before it sends again.
- `refused`: Slack answered and said no (`not_in_channel`, `msg_too_long`, …): `error`
  names the code; sending again will not help.

The Web API client retries only what never reached Slack; it never retries a 5xx, a
reset, a timeout or (by default) a 429 on its own.
"""

from __future__ import annotations

import http.client
import logging
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

if TYPE_CHECKING:
    from planbot.settings import Settings

log = logging.getLogger(__name__)
DEFAULT_API_URL = "https://slack.com/api/"
METADATA_EVENT = "planbot_message"
HISTORY_PAGES = 5
# Answers Slack gives with HTTP 200 that still mean "it may have happened".
AMBIGUOUS_ERRORS = frozenset({"internal_error", "fatal_error", "request_timeout", "service_unavailable"})

Outcome = Literal["sent", "unreachable", "rate_limited", "unknown", "refused"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """How one attempt to send ended."""

    outcome: Outcome
    ts: str | None = None
    error: str | None = None  # the Slack error code or the exception, for logs and people
    retry_after: float | None = None

    @property
    def reached_slack(self) -> bool:
        """Whether Slack may have acted on the request."""
        return self.outcome in ("sent", "unknown", "refused")


def connect_phase_retries(count: int = 2) -> list[RetryHandler]:
    """Retry handlers for requests that never reached Slack, and nothing else.

    urllib wraps errors of connecting and sending in URLError; a reset or a timeout while
    waiting for the answer comes through unwrapped, and an HTTP error response is an
    HTTPError (a URLError subclass the handler leaves alone because it has a response).
    """
    return [ConnectionErrorRetryHandler(max_retry_count=count, error_types=[urllib.error.URLError])]


def api_url(settings: Settings) -> str:
    base = settings.slack_api_url or DEFAULT_API_URL
    return base if base.endswith("/") else base + "/"


def web_client(settings: Settings, *, retries: bool = True) -> WebClient:
    """A Web API client for the bot token at SLACK_API_URL; `retries`: retry what never reached Slack."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=api_url(settings),
        timeout=settings.slack_timeout_seconds,  # type: ignore[arg-type]  # urllib takes seconds as a float
        retry_handlers=connect_phase_retries() if retries else [],
    )


def marker(key: str) -> dict[str, Any]:
    """Message metadata carrying the dedupe key of a post, found again in the history."""
    return {"event_type": METADATA_EVENT, "event_payload": {"key": key}}


def has_marker(message: dict[str, Any], key: str) -> bool:
    meta = message.get("metadata") or {}
    return meta.get("event_type") == METADATA_EVENT and (meta.get("event_payload") or {}).get("key") == key


def post_message(
    client: WebClient,
    channel: str,
    message: dict[str, Any],
    *,
    metadata: dict[str, Any],
    thread_ts: str | None = None,
) -> Delivery:
    """One chat.postMessage of {"text", "blocks"}, classified; never raises for Slack or the network."""
    try:
        response = client.chat_postMessage(
            channel=channel,
            text=message.get("text"),
            blocks=message.get("blocks"),
            thread_ts=thread_ts,
            metadata=metadata,
            unfurl_links=False,
            unfurl_media=False,
        )
    except Exception as error:
        return classify(error)
    return Delivery("sent", ts=str(response.get("ts")))


def post_response(url: str, body: dict[str, Any], timeout: float) -> Delivery:
    """One POST to an interaction's response_url, classified like `post_message`."""
    try:
        response = WebhookClient(url, timeout=int(max(1, timeout)), retry_handlers=[]).send_dict(body)
    except Exception as error:
        return classify(error)
    if response.status_code == 200:
        return Delivery("sent")
    if response.status_code == 429:
        retry_after = _retry_after(response.headers)
        return Delivery("rate_limited", error="ratelimited", retry_after=retry_after)
    if response.status_code >= 500:
        return Delivery("unknown", error=f"http_{response.status_code}")
    return Delivery("refused", error=(response.body or f"http_{response.status_code}")[:100])


def classify(error: Exception) -> Delivery:
    """What a failed Web API call says about the request: see the module docstring."""
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        data = error.response.data
        code = str((data.get("error") if isinstance(data, dict) else None) or f"http_{status}")
        if status == 429 or code == "ratelimited":
            wait = _retry_after(error.response.headers)
            return Delivery("rate_limited", error="ratelimited", retry_after=wait)
        if status >= 500 or code in AMBIGUOUS_ERRORS:
            return Delivery("unknown", error=code)
        return Delivery("refused", error=code)
    if isinstance(error, urllib.error.HTTPError):  # from a webhook client
        return Delivery("unknown" if error.code >= 500 else "refused", error=f"http_{error.code}")
    if isinstance(error, urllib.error.URLError):
        return Delivery("unreachable", error=f"{type(error.reason).__name__}: {error.reason}")
    if isinstance(error, OSError | http.client.HTTPException):  # reset, timeout, bad answer
        return Delivery("unknown", error=f"{type(error).__name__}: {error}")
    if isinstance(error, SlackRequestError):
        return Delivery("refused", error=str(error)[:200])
    raise error


def _retry_after(headers: Any) -> float:
    values = {str(k).lower(): v for k, v in dict(headers or {}).items()}.get("retry-after")
    if isinstance(values, list):
        values = values[0] if values else None
    try:
        return max(0.0, float(values)) if values is not None else 1.0
    except ValueError:
        return 1.0


def find_posted(
    client: WebClient,
    channel: str,
    match: Callable[[dict[str, Any]], bool],
    *,
    oldest: float,
    thread_ts: str | None = None,
) -> str | None:
    """The ts of a message matching `match` in the channel (or the thread) since `oldest`, or None.

    Reads conversations.replies for a thread, else conversations.history, with the
    messages' metadata. Raises SlackApiError (or a network error) when the history cannot
    be read: then nobody can tell whether the message is there, and the caller must not post.
    """
    cursor = None
    for _ in range(HISTORY_PAGES):
        if thread_ts:
            response = client.conversations_replies(
                channel=channel, ts=thread_ts, oldest=f"{oldest:.6f}", limit=200,
                include_all_metadata=True, cursor=cursor,
            )  # fmt: skip
        else:
            response = client.conversations_history(
                channel=channel, oldest=f"{oldest:.6f}", limit=200, include_all_metadata=True, cursor=cursor
            )
        for message in response.get("messages") or []:
            if match(message):
                return str(message["ts"])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None
