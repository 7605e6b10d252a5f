"""`planbot serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP behind uvicorn.

HTTP mode is a small Starlette app: POST /slack/events goes to Bolt, GET /healthz says
whether the knowledge base is loaded and the background workers run. Bolt's request is
dispatched right on the event loop: with `process_before_response` an acknowledgement is
about a millisecond of CPU and Web API calls happen off the request thread (the outbox,
lazy listeners), so a thread hand-off per request would only add latency
(bench/slack_http.py measures it). With Bolt's default runner (which sleeps while
polling for `ack()`) the dispatch goes to a thread instead.
In Socket Mode a small health server answers /healthz on PLANBOT_PORT for probes.

Stopping (SIGTERM): uvicorn stops taking requests and finishes those in flight; then the
lifespan's shutdown lets Bolt's lazy listeners and the outbox finish what they can within
PLANBOT_SHUTDOWN_GRACE_SECONDS, and leaves the rest in the runtime database for the next
start. Without that, uvicorn would re-raise the signal with answers still queued.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from planbot.digest.scheduler import Scheduler
from planbot.settings import Settings, get_settings
from planbot.slack import signature
from planbot.slack.app import build_runtime, check_settings, create_app
from planbot.slack.failures import AUTHENTICATED
from planbot.slack.runtime import Runtime
from planbot.slack.shape import shape_problem

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are a few kB; anything this big is not from Slack


TOKEN = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")
RESPONSE_URL = re.compile(r"https://hooks\.slack\.com/[^\s'\"]+")


class RedactingFormatter(logging.Formatter):
    """Formats log lines with every Slack token, the signing secret and response URLs blanked out
    (a response_url lets anyone answer in the user's name for 30 minutes)."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if len(s) >= 8]

    def format(self, record: logging.LogRecord) -> str:
        text = TOKEN.sub(r"\1-[redacted]", super().format(record))
        text = RESPONSE_URL.sub("https://hooks.slack.com/[redacted]", text)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


def configure_logging(settings: Settings) -> None:
    """One stderr handler for everything (uvicorn included), never printing a secret."""
    secrets = [
        s.get_secret_value()
        for s in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
        if s is not None
    ]
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())


def asgi_app(settings: Settings, app: App, runtime: Runtime) -> Starlette:
    """The HTTP surface: Slack's request URL and a health check.

    A request to /slack/events is authenticated before anything reads it: the body is
    read up to MAX_BODY, its signature checked on the raw bytes, and only then decoded,
    parsed and handed to Bolt. A refused request gets a bare 4xx and causes nothing else.
    """
    inline = settings.slack_process_before_response
    secret = (
        settings.slack_signing_secret.get_secret_value().encode() if settings.slack_signing_secret else b""
    )

    async def slack_events(request: Request) -> Response:
        body = await read_body(request, MAX_BODY)
        if isinstance(body, Response):
            return body
        reason = signature.refusal(secret, body, request.scope["headers"])
        if reason is not None:
            log.debug("refused a request to %s: %s", EVENTS_PATH, reason)
            return Response(status_code=401)
        bolt_request = authenticated_request(body, request)
        if bolt_request is None:
            return Response("not a Slack payload", status_code=400)
        if inline:
            bolt_response = app.dispatch(bolt_request)
        else:
            bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return Response(
            content=bolt_response.body,
            status_code=bolt_response.status,
            headers=bolt_response.first_headers_without_set_cookie(),
        )

    async def healthz(request: Request) -> Response:
        status = health(runtime)
        return JSONResponse(status, status_code=200 if status["status"] == "ok" else 503)

    return Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
        ],
        lifespan=_lifespan(app, runtime),
    )


async def read_body(request: Request, limit: int) -> bytes | Response:
    """The body, or the 4xx to answer: refused on its Content-Length, else read up to `limit`."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isascii() or not declared.isdigit():
            return Response("bad Content-Length", status_code=400)
        if int(declared) > limit:
            return Response("payload too large", status_code=413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return Response("payload too large", status_code=413)
        chunks.append(chunk)
    return b"".join(chunks)


def authenticated_request(body: bytes, request: Request) -> BoltRequest | None:
    """Bolt's request for a body whose signature was verified; None when it is not a payload."""
    try:
        text = body.decode("utf-8")
        bolt_request = BoltRequest(
            body=text,
            query=request.url.query,
            headers=dict(request.headers.items()),
            context={AUTHENTICATED: True},
        )
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None
    if not isinstance(bolt_request.body, dict):
        return None
    problem = shape_problem(bolt_request.body)
    if problem is not None:
        log.info("refused a signed body that is not shaped like a Slack payload: %s", problem)
        return None
    return bolt_request


def _lifespan(app: App, runtime: Runtime) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        runtime.start()
        scheduler = start_digest_scheduler(runtime)
        yield
        await asyncio.to_thread(shut_down, app, runtime, scheduler)

    return lifespan


def shut_down(app: App, runtime: Runtime, scheduler: Scheduler | None) -> None:
    """Stop the scheduler, let lazy listeners and the outbox finish within the grace period."""
    grace = runtime.settings.shutdown_grace_seconds
    deadline = time.monotonic() + grace
    log.info("planbot is stopping: finishing answers in flight (up to %g s)", grace)
    if scheduler is not None:
        scheduler.stop()
    executor = app.listener_runner.listener_executor
    draining = threading.Thread(target=executor.shutdown, kwargs={"wait": True}, daemon=True)
    draining.start()
    draining.join(max(0.0, deadline - time.monotonic()))
    runtime.close(max(0.0, deadline - time.monotonic()))
    log.info("planbot stopped")


def start_digest_scheduler(runtime: Runtime) -> Scheduler | None:
    """Run due digests in this process (safe beside other processes: each post is claimed once)."""
    if not runtime.settings.digest_scheduler:
        return None
    scheduler = Scheduler(runtime.settings, engine=lambda: runtime.engine)
    scheduler.start()
    runtime.scheduler = scheduler
    return scheduler


def health(runtime: Runtime, connected: bool | None = None) -> dict[str, Any]:
    """/healthz: "ok", or "error" (503) when a background worker is down or the runtime
    database is unusable; in Socket Mode "connecting" (503) until connected."""
    status = runtime.health()
    if connected is not None:
        status["socket_mode_connected"] = connected
        if not connected and status["status"] == "ok":
            status["status"] = "connecting"
    return status


def http_app() -> Starlette:
    """uvicorn's factory for worker processes (PLANBOT_WORKERS > 1): settings from the env."""
    settings = get_settings()
    runtime = build_runtime(settings)
    return asgi_app(settings, create_app(settings, runtime), runtime)


def serve(settings: Settings) -> None:
    """Run planbot until stopped; start-up problems raise SettingsError before anything runs."""
    import uvicorn

    if settings.slack_app_token is not None:
        serve_socket_mode(settings)
        return
    check_settings(settings, socket_mode=False)
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level.lower(),
        "access_log": False,
        "log_config": None,
        "server_header": False,
        "timeout_graceful_shutdown": 5,
    }
    if settings.workers > 1:
        uvicorn.run("planbot.slack.server:http_app", factory=True, workers=settings.workers, **options)
        return
    runtime = build_runtime(settings)
    uvicorn.run(asgi_app(settings, create_app(settings, runtime), runtime), **options)


def serve_socket_mode(settings: Settings) -> None:
    """Connect to Slack over a WebSocket (no inbound port needed), with /healthz for probes."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    check_settings(settings, socket_mode=True)
    runtime = build_runtime(settings)
    app = create_app(settings, runtime)
    assert settings.slack_app_token is not None
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value(), web_client=app.client)
    health_server = _health_server(settings, lambda: health(runtime, handler.client.is_connected()))
    stopped = threading.Event()

    def stop(signum: int, frame: object) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    runtime.start()
    handler.connect()
    log.info("planbot is connected to Slack in Socket Mode")
    scheduler = start_digest_scheduler(runtime)
    try:
        stopped.wait()
    finally:
        handler.close()
        shut_down(app, runtime, scheduler)
        health_server.shutdown()


def _health_server(settings: Settings, status: Any) -> ThreadingHTTPServer:
    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/healthz":
                self.send_error(404)
                return
            data = status()
            body = json.dumps(data).encode()
            self.send_response(200 if data["status"] == "ok" else 503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((settings.host, settings.port), Health)
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    return server
