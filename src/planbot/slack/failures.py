"""The one place a listener's failure becomes a Swedish reply and a log line.

The reply goes through the outbox like everything planbot says (never a Web API call on
the request thread), and only to a request that was authenticated: an unverified body
never names whom to reach. Work that cannot be stored (the runtime database is gone) gets
a 503, so Slack delivers the event again instead of it being acknowledged and lost.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from planbot.errors import PlanbotError
from planbot.slack import jobs, texts
from planbot.slack.outbox import OutboxUnavailable
from planbot.slack.runtime import Runtime

log = logging.getLogger(__name__)
# Context key set on a request whose signature the HTTP server verified (Socket Mode
# requests arrive over the authenticated WebSocket). Only such a request's body may be
# used to reach anyone: its response_url, its user.
AUTHENTICATED = "planbot_authenticated"


def is_authenticated(request: BoltRequest) -> bool:
    return request.mode == "socket_mode" or bool(request.context.get(AUTHENTICATED))


def report_error(error: Exception, body: dict[str, Any], runtime: Runtime) -> None:
    """Tell the user that something failed (a PlanbotError's own message), and log it."""
    if isinstance(error, PlanbotError):
        text = str(error)
        log.warning("planbot error: %s", error)
    else:
        text = texts.SOMETHING_WENT_WRONG
        log.error("listener failed", exc_info=error)
    try:
        event = body.get("event") or {}
        user = (body.get("user") or {}).get("id") or body.get("user_id") or event.get("user")
        url = body.get("response_url") or None
        key = jobs.click_key(
            "error", user, url, body.get("trigger_id"), event.get("ts"), body.get("event_id")
        )
        for job in jobs.tell(key, text, user=user, response_url=url):
            runtime.submit(job)
    except Exception:  # reporting must never raise over the original error
        log.exception("could not tell the user about an error")


def error_handler(runtime: Runtime) -> Callable[..., BoltResponse | None]:
    """Bolt's global error handler: reply, log, and still acknowledge (Slack shows no error)."""

    def handle(
        error: Exception, body: dict[str, Any], request: BoltRequest, response: BoltResponse | None
    ) -> BoltResponse | None:
        if not is_authenticated(request):
            log.warning("refused an unauthenticated request that reached Bolt (%s)", type(error).__name__)
            return BoltResponse(status=401, body="")
        if isinstance(error, OutboxUnavailable):
            log.error("%s; Slack will deliver the request again", error)
            return BoltResponse(status=503, body="")
        report_error(error, body, runtime)
        return BoltResponse(status=200, body="") if response is not None else None

    return handle


def guarded(runtime: Runtime, function: Callable[..., None]) -> Callable[..., None]:
    """Route a lazy listener's exceptions to `report_error` (Bolt would only log them)."""

    @functools.wraps(function)
    def wrapper(**kwargs: Any) -> None:
        try:
            function(**kwargs)
        except Exception as error:
            report_error(error, kwargs.get("body") or {}, runtime)

    return wrapper
