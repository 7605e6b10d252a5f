"""create_app(settings): the Bolt app with planbot's listeners, middleware and error handler.

Listener runner: `process_before_response=True`. Bolt's default runner starts each
listener on a thread pool and has the request thread poll for `ack()` every 10 ms, so
every request costs at least a thread hand-off and usually a 10 ms sleep. planbot's
acknowledgements are cheap (a slash command's whole answer takes about a millisecond),
so they run in the request thread. Nothing on the request thread calls the Web API:
work for Slack goes to the outbox (planbot.slack.outbox) before the acknowledgement, and
the two views that need a fresh trigger ("Visa källa", the App Home) are lazy listeners
on Bolt's thread pool. That keeps the 3-second acknowledgement safe. bench/slack_http.py
measures both runners side by side.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from planbot import metrics
from planbot.answer.engine import Engine
from planbot.errors import SettingsError
from planbot.logs import REQUEST_ID, new_request_id
from planbot.settings import Settings
from planbot.slack import duplicates, jobs, listeners, posting
from planbot.slack.failures import error_handler
from planbot.slack.outbox import Outbox
from planbot.slack.policy import ChannelPolicy
from planbot.slack.runtime import Runtime
from planbot.slack.shape import shape_problem
from planbot.state import open_state, url_of
from planbot.state.query_log import QueryLog

log = logging.getLogger(__name__)
bolt_log = logging.getLogger("planbot.slack.bolt")


class _WithoutTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins: noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


bolt_log.addFilter(_WithoutTokenNotice())
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrubbed(value: Any) -> Any:
    """`value` with every lone surrogate (JSON's "\\ud800", not text) replaced by U+FFFD, in place.

    Such strings cannot be encoded as UTF-8: SQLite, the logs and Slack would all refuse them.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = scrubbed(item)
    elif isinstance(value, list):
        value[:] = [scrubbed(item) for item in value]
    return value


class ContextExecutor(ThreadPoolExecutor):
    """Bolt's thread pool, running each task in the context it was submitted from (the request id)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)


def socket_mode(settings: Settings) -> bool:
    """Whether `planbot serve` connects in Socket Mode: SLACK_APP_TOKEN is set and not empty.

    `SLACK_APP_TOKEN=` (empty, as left in an env file for HTTP mode) means HTTP mode."""
    return bool(settings.slack_app_token and settings.slack_app_token.get_secret_value().strip())


def surface_of(body: Any) -> str:
    """What kind of Slack request a payload is, for metrics: command, event, interaction or other."""
    if not isinstance(body, dict):
        return "other"
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind == "event_callback":
        return "event"
    if kind in ("block_actions", "view_submission", "view_closed", "shortcut", "message_action"):
        return "interaction"
    return "other"


def check_settings(settings: Settings, socket_mode: bool) -> None:
    """The Slack settings the chosen mode needs, present and well-formed, or one clear error."""
    bot = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if not bot:
        raise SettingsError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from the Slack app's page)")
    if not bot.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if socket_mode:
        app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
        if not app_token.startswith("xapp-"):
            raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    elif not (settings.slack_signing_secret and settings.slack_signing_secret.get_secret_value()):
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set; HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)"
        )


def build_runtime(settings: Settings, engine: Engine | None = None) -> Runtime:
    """The engine (by default the configured knowledge base), policy and logs for the app."""
    from planbot.service import get_engine

    state = open_state(url_of(settings))
    runtime = Runtime(
        settings=settings,
        engine=engine or get_engine(),
        policy=ChannelPolicy.from_settings(settings),
        state=state,
        query_log=QueryLog(state, settings.query_log_days),
        seen_events=duplicates.SeenEvents(state),
        client=posting.web_client(settings),
    )
    runtime.outbox = Outbox(
        state,
        jobs.kinds(runtime),
        posting.web_client(settings, retries=False),
        senders=settings.delivery_workers,
        deadline_s=settings.delivery_deadline_seconds,
        timeout_s=settings.slack_timeout_seconds,
    )
    return runtime


def create_app(settings: Settings, runtime: Runtime | None = None) -> App:
    """The Bolt app for `settings`; start-up problems raise one readable SettingsError."""
    check_settings(settings, socket_mode=socket_mode(settings))
    runtime = runtime or build_runtime(settings)
    # Bolt calls auth.test here; Slack unreachable at start-up is reported at once (whoever
    # started planbot retries), so the client's connect retries wait until it runs.
    retries, runtime.client.retry_handlers = runtime.client.retry_handlers, []
    try:
        app = App(
            client=runtime.client,
            listener_executor=ContextExecutor(max_workers=5, thread_name_prefix="bolt-lazy"),
            signing_secret=(
                settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
            ),
            process_before_response=settings.slack_process_before_response,
            # planbot.slack.server verifies every HTTP request's signature on the raw bytes
            # before it dispatches; Socket Mode's arrive over the authenticated WebSocket.
            request_verification_enabled=False,
            raise_error_for_unhandled_request=False,
            logger=bolt_log,
        )
    except (BoltError, SlackApiError) as error:
        raise SettingsError(f"Slack refused SLACK_BOT_TOKEN: {_reason(error)}") from None
    except OSError as error:  # URLError included: refused, no DNS, no route
        reason = getattr(error, "reason", error)
        raise SettingsError(
            f"Slack is not reachable at {posting.api_url(settings)} ({type(reason).__name__}: {reason}); "
            "check SLACK_API_URL, the network and the proxy"
        ) from None
    finally:
        runtime.client.retry_handlers = retries
    app.error(error_handler(runtime))

    @app.middleware
    def prepare(
        request: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """planbot's one middleware (Bolt builds each middleware's arguments per request, so one, not four):
        Socket Mode's request id, metrics and shape check (the HTTP server does those before
        dispatching), lone surrogates replaced, and events already received dropped."""
        if request.mode != "socket_mode":
            scrubbed(body)
            return duplicates.drop_duplicate(runtime.seen_events, request, body) or next()
        started, surface = time.perf_counter(), surface_of(body)
        new_request_id()
        try:
            problem = shape_problem(body)
            if problem is not None:
                log.info("refused a payload that is not shaped like Slack's: %s", problem)
                response: BoltResponse | None = BoltResponse(status=400, body="")
            else:
                scrubbed(body)
                response = duplicates.drop_duplicate(runtime.seen_events, request, body) or next()
        finally:
            REQUEST_ID.set(None)
        metrics.REQUESTS.labels(surface, str(response.status if response else 200)).inc()
        metrics.REQUEST_SECONDS.labels(surface).observe(time.perf_counter() - started)
        return response

    listeners.register(app, runtime)
    return app


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "unknown error"))
    return str(error).splitlines()[0][:200]
