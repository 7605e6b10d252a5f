"""Posting digests to Slack: one WebClient with retry handlers, errors sorted by what to do next.

A post ends in one of three ways (`Delivery.outcome`):

- `sent`: Slack answered ok with the message ts;
- `failed` (retryable: rate limited after the retries, Slack or network outage before the
  request reached Slack) or `rejected` (the channel: not_in_channel, channel_not_found,
  is_archived, …), with a Swedish message for the log and for people;
- `unknown`: the request may have reached Slack (timeout, connection reset, HTTP 5xx), so
  it must not be repeated blindly; the claim stays 'posting' for the history check.
"""

from __future__ import annotations

import logging
import urllib.error
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from planbot.digest.render import MARKER_PREFIX, METADATA_EVENT, marker
from planbot.errors import PlanbotError

if TYPE_CHECKING:
    from planbot.settings import Settings

log = logging.getLogger(__name__)
Outcome = Literal["sent", "failed", "rejected", "unknown"]
DEFAULT_API_URL = "https://slack.com/api/"
HISTORY_PAGES = 5

CHANNEL_ERRORS = {
    "not_in_channel": "planbot är inte medlem i kanalen – bjud in appen med /invite @planbot.",
    "channel_not_found": "kanalen finns inte, eller är privat och planbot är inte inbjuden – bjud in appen"
    " med /invite @planbot.",
    "is_archived": "kanalen är arkiverad – avsluta prenumerationen eller välj en annan kanal.",
    "restricted_action": "planbot får inte skriva i kanalen (arbetsytans inställningar).",
    "restricted_action_read_only_channel": "kanalen är skrivskyddad för planbot.",
    "restricted_action_non_threadable_channel": "planbot får inte skriva i kanalen.",
    "team_access_not_granted": "planbot har inte åtkomst till arbetsytan som kanalen hör till.",
    "msg_too_long": "meddelandet är för långt för Slack.",
    "invalid_blocks": "Slack godtog inte meddelandets block.",
    "no_text": "meddelandet saknar text.",
}


class SlackNotConfigured(PlanbotError):
    """No bot token: digests cannot be posted."""


@dataclass(frozen=True, slots=True)
class Delivery:
    outcome: Outcome
    ts: str | None = None
    error: str | None = None  # the Slack error code, or the exception
    message: str | None = None  # Swedish, for people


def web_client(settings: Settings) -> WebClient:
    """A WebClient for the bot token, honouring SLACK_API_URL, retrying 429s and connection errors."""
    if settings.slack_bot_token is None:
        raise SlackNotConfigured("SLACK_BOT_TOKEN is not set: digests cannot be posted to Slack.")
    base = settings.slack_api_url or DEFAULT_API_URL
    client = WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=base if base.endswith("/") else base + "/",
        timeout=30,
    )
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=settings.digest_rate_limit_retries),
    ]
    return client


def post(client: WebClient, channel: str, message: dict[str, Any], meta: dict[str, Any]) -> Delivery:
    """chat.postMessage, classified; never raises for Slack or network errors."""
    try:
        response = client.chat_postMessage(
            channel=channel,
            text=message["text"],
            blocks=message["blocks"],
            metadata=meta,
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        return _classify(error)
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, ConnectionRefusedError):
            return Delivery(
                "failed", error=f"connection refused: {reason}", message="Slack gick inte att nå."
            )
        return Delivery(
            "unknown", error=f"{type(reason).__name__}: {reason}", message="Osäkert om Slack tog emot."
        )
    return Delivery("sent", ts=str(response["ts"]))


def _classify(error: SlackApiError) -> Delivery:
    code = str(error.response.get("error") or f"http_{error.response.status_code}")
    if code in CHANNEL_ERRORS:
        return Delivery("rejected", error=code, message=CHANNEL_ERRORS[code])
    if error.response.status_code == 429 or code == "ratelimited":
        return Delivery("failed", error="ratelimited", message="Slack begränsade antalet anrop (429).")
    if error.response.status_code >= 500:
        return Delivery("unknown", error=code, message="Slack svarade med ett serverfel.")
    return Delivery("failed", error=code, message=f"Slack svarade {code}.")


def find_posted(client: WebClient, channel: str, digest: str, scheduled_at: str, oldest: float) -> str | None:
    """The ts of this digest run's message in the channel's history, or None if it is not there.

    Raises SlackApiError when the history cannot be read (missing scope, not in channel):
    then nobody can tell, and the caller must not post.
    """
    wanted = marker(digest, scheduled_at)
    cursor = None
    for _ in range(HISTORY_PAGES):
        response = client.conversations_history(
            channel=channel, oldest=f"{oldest:.6f}", limit=200, include_all_metadata=True, cursor=cursor
        )
        messages: list[dict[str, Any]] = response.get("messages") or []
        for msg in messages:
            meta = msg.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if meta.get("event_type") == METADATA_EVENT and (
                payload.get("digest") == digest and payload.get("scheduled_at") == scheduled_at
            ):
                return str(msg["ts"])
            blocks = msg.get("blocks") or []
            if any(
                str(b.get("block_id", "")).startswith(MARKER_PREFIX) and b["block_id"] == wanted
                for b in blocks
            ):
                return str(msg["ts"])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None
