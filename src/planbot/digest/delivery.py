"""Posting a digest: through planbot.slack.posting, exactly once, within its owner's time.

`deliver` ends in one of four ways (`Delivery.outcome`):

- `sent`: posted, with the message ts (found in the history counts: Slack had it);
- `failed` (retryable on a later run: rate limited, Slack unreachable) or `rejected`
  (the channel or the content: not_in_channel, is_archived, msg_too_long …), with a
  Swedish message for the log and for people;
- `unknown`: Slack may have it and its history could not settle it in time; the claim
  stays 'posting' for the stale-claim check of planbot.digest.runner.

Within one call, a 429 is waited out (Retry-After) and an unknown outcome is followed by a
look at the channel's history, then a new post only if the first is not there. All of it
stops before `deadline`, which the runner keeps below the stale-claim window, so no other
process takes the claim over while its owner still retries.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from planbot.digest.render import MARKER_PREFIX, METADATA_EVENT, marker
from planbot.errors import PlanbotError
from planbot.slack import posting

if TYPE_CHECKING:
    from planbot.settings import Settings

log = logging.getLogger(__name__)
Outcome = Literal["sent", "failed", "rejected", "unknown"]
SETTLE_S = 0.5  # before reading the history after an unknown outcome
HISTORY_SLACK_S = 60.0

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
    """The bot's Web API client (planbot.slack.posting): it retries only what never reached Slack."""
    if settings.slack_bot_token is None:
        raise SlackNotConfigured("SLACK_BOT_TOKEN is not set: digests cannot be posted to Slack.")
    return posting.web_client(settings)


def deliver(
    client: WebClient,
    channel: str,
    message: dict[str, Any],
    meta: dict[str, Any],
    *,
    deadline: float,
    rate_limit_retries: int,
) -> Delivery:
    """Post a digest run once: 429s waited out, unknown outcomes checked in the history, all by `deadline`."""
    digest, scheduled_at = meta["event_payload"]["digest"], meta["event_payload"]["scheduled_at"]
    timeout = float(client.timeout)
    started = time.time()
    limited = 0
    while True:
        result = posting.post_message(client, channel, message, metadata=meta)
        if result.outcome == "sent":
            return Delivery("sent", ts=result.ts)
        if result.outcome == "refused":
            return _refused(str(result.error))
        if result.outcome == "rate_limited":
            wait = result.retry_after or 0.0
            if limited >= rate_limit_retries or time.time() + wait + timeout > deadline:
                return Delivery(
                    "failed", error="ratelimited", message="Slack begränsade antalet anrop (429)."
                )
            limited += 1
            time.sleep(wait)
            continue
        if result.outcome == "unreachable":
            return Delivery("failed", error=result.error, message="Slack gick inte att nå.")
        # Unknown: Slack may have posted it. Look before posting again.
        if time.time() + SETTLE_S + 2 * timeout > deadline:
            return _unknown(result)
        time.sleep(SETTLE_S)
        try:
            ts = find_posted(client, channel, digest, scheduled_at, oldest=started - HISTORY_SLACK_S)
        except (SlackApiError, OSError) as error:
            log.warning(
                "digest %s → %s: history not readable after an unknown outcome (%s)", digest, channel, error
            )
            return _unknown(result)
        if ts is not None:
            log.info(
                "digest %s → %s %s: posted although Slack's answer said nothing",
                digest,
                channel,
                scheduled_at,
            )
            return Delivery("sent", ts=ts)


def _refused(code: str) -> Delivery:
    if code in CHANNEL_ERRORS:
        return Delivery("rejected", error=code, message=CHANNEL_ERRORS[code])
    return Delivery("failed", error=code, message=f"Slack svarade {code}.")


def _unknown(result: posting.Delivery) -> Delivery:
    return Delivery("unknown", error=result.error, message="Osäkert om Slack tog emot; kontrolleras senare.")


def is_this_run(message: dict[str, Any], digest: str, scheduled_at: str) -> bool:
    """Whether a message in the history is the post of this digest run (metadata or block id)."""
    meta = message.get("metadata") or {}
    payload = meta.get("event_payload") or {}
    if meta.get("event_type") == METADATA_EVENT and (
        payload.get("digest") == digest and payload.get("scheduled_at") == scheduled_at
    ):
        return True
    wanted = marker(digest, scheduled_at)
    blocks = message.get("blocks") or []
    return any(
        str(b.get("block_id", "")).startswith(MARKER_PREFIX) and b["block_id"] == wanted for b in blocks
    )


def find_posted(client: WebClient, channel: str, digest: str, scheduled_at: str, oldest: float) -> str | None:
    """The ts of this digest run's message in the channel's history, or None if it is not there.

    Raises SlackApiError when the history cannot be read (missing scope, not in channel):
    then nobody can tell, and the caller must not post.
    """
    return posting.find_posted(client, channel, lambda m: is_this_run(m, digest, scheduled_at), oldest=oldest)
