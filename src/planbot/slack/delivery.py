"""Getting messages to Slack: a Web API client that retries, and helpful failures.

Rate limits (429) are retried after `Retry-After`, connection resets and Slack's 5xx
with backoff (slack_sdk retry handlers). When planbot cannot write where it was asked
to (`not_in_channel`, `channel_not_found`, an archived channel), the user who asked is
told how to fix it instead of the bot failing silently. One error handler turns any
failure of a listener into a Swedish reply and a log line.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from planbot.errors import PlanbotError
from planbot.settings import Settings
from planbot.slack import texts

log = logging.getLogger(__name__)
WEB_API_TIMEOUT_S = 10
# Context key set on a request whose signature the HTTP server verified (Socket Mode
# requests arrive over the authenticated WebSocket). Only such a request's body may be
# used to reach anyone: its response_url, its user.
AUTHENTICATED = "planbot_authenticated"


def is_authenticated(request: BoltRequest) -> bool:
    return request.mode == "socket_mode" or bool(request.context.get(AUTHENTICATED))


def web_client(settings: Settings) -> WebClient:
    """The bot's Web API client, at SLACK_API_URL when set, with retry handlers."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    base_url = settings.slack_api_url or WebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=WEB_API_TIMEOUT_S,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def post(
    client: WebClient,
    channel: str,
    message: dict[str, Any],
    *,
    thread_ts: str | None = None,
    respond: Respond | None = None,
    user_id: str | None = None,
) -> bool:
    """Post `message` visibly in `channel`; False (and the user told why) when Slack refuses."""
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, **message)
        return True
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code not in texts.DELIVERY_ERRORS:
            raise
        log.warning("cannot post in %s: %s", channel, code)
        tell(texts.DELIVERY_ERRORS[code], client=client, respond=respond, user_id=user_id)
        return False


def tell(text: str, *, client: WebClient, respond: Respond | None = None, user_id: str | None = None) -> None:
    """Tell one user something privately: via response_url when there is one, else in a DM."""
    message = texts.message(text)
    if respond is not None:
        respond(response_type="ephemeral", replace_original=False, **message)
    elif user_id:
        client.chat_postMessage(channel=user_id, **message)


def report_error(error: Exception, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
    """The one place a listener's failure becomes a Swedish reply (and a log line)."""
    if isinstance(error, PlanbotError):
        text = str(error)
        log.warning("planbot error: %s", error)
    else:
        text = texts.SOMETHING_WENT_WRONG
        log.error("listener failed", exc_info=error)
    try:
        has_url = bool(body.get("response_url") or body.get("response_urls"))
        event = body.get("event") or {}
        user = (body.get("user") or {}).get("id") or body.get("user_id") or event.get("user")
        tell(text, client=client, respond=respond if has_url else None, user_id=user)
    except Exception:  # reporting must never raise over the original error
        log.exception("could not tell the user about an error")


def error_handler(
    error: Exception,
    body: dict[str, Any],
    request: BoltRequest,
    client: WebClient,
    respond: Respond,
    response: BoltResponse | None,
) -> BoltResponse | None:
    """Bolt's global error handler: reply, log, and still acknowledge (Slack shows no error).

    A request that was not authenticated is never answered through what its body names
    (a response_url, a user to DM): it gets a 401 and a log line, nothing else.
    """
    if not is_authenticated(request):
        log.warning("refused an unauthenticated request that reached Bolt (%s)", type(error).__name__)
        return BoltResponse(status=401, body="")
    report_error(error, body, client, respond)
    return BoltResponse(status=200, body="") if response is not None else None


def guarded(function: Callable[..., None]) -> Callable[..., None]:
    """Route a lazy listener's exceptions to `report_error` (Bolt would only log them)."""

    @functools.wraps(function)
    def wrapper(**kwargs: Any) -> None:
        try:
            function(**kwargs)
        except Exception as error:
            client = kwargs.get("client")
            if client is None:
                log.error("listener %s failed", function.__name__, exc_info=error)
                return
            report_error(error, kwargs.get("body") or {}, client, kwargs.get("respond"))

    return wrapper
