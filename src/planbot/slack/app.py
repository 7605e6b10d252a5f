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

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from planbot.answer.engine import Engine
from planbot.errors import SettingsError
from planbot.settings import Settings
from planbot.slack import duplicates, jobs, listeners, posting
from planbot.slack.failures import error_handler
from planbot.slack.outbox import Outbox
from planbot.slack.policy import ChannelPolicy
from planbot.slack.runtime import Runtime
from planbot.slack.shape import shape_problem
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

    runtime = Runtime(
        settings=settings,
        engine=engine or get_engine(),
        policy=ChannelPolicy.from_settings(settings),
        query_log=QueryLog(settings.state_path, settings.query_log_days),
        seen_events=duplicates.SeenEvents(settings.state_path),
        client=posting.web_client(settings),
    )
    runtime.outbox = Outbox(
        settings.state_path,
        jobs.kinds(runtime),
        posting.web_client(settings, retries=False),
        senders=settings.delivery_workers,
        deadline_s=settings.delivery_deadline_seconds,
        timeout_s=settings.slack_timeout_seconds,
    )
    return runtime


def create_app(settings: Settings, runtime: Runtime | None = None) -> App:
    """The Bolt app for `settings`; start-up problems raise one readable SettingsError."""
    check_settings(settings, socket_mode=settings.slack_app_token is not None)
    runtime = runtime or build_runtime(settings)
    # Bolt calls auth.test here; Slack unreachable at start-up is reported at once (whoever
    # started planbot retries), so the client's connect retries wait until it runs.
    retries, runtime.client.retry_handlers = runtime.client.retry_handlers, []
    try:
        app = App(
            client=runtime.client,
            listener_executor=ThreadPoolExecutor(max_workers=5, thread_name_prefix="bolt-lazy"),
            signing_secret=(
                settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
            ),
            process_before_response=settings.slack_process_before_response,
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
    def well_formed(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """Socket Mode's payloads get the shape check the HTTP server makes before dispatching."""
        problem = shape_problem(body)
        if problem is not None:
            log.info("refused a payload that is not shaped like Slack's: %s", problem)
            return BoltResponse(status=400, body="")
        return next()

    @app.middleware
    def scrub_surrogates(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        scrubbed(body)
        return next()

    duplicates.register(app, runtime.seen_events)
    listeners.register(app, runtime)
    return app


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "unknown error"))
    return str(error).splitlines()[0][:200]
