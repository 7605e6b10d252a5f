"""`planbot serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP behind uvicorn.

HTTP mode is a small Starlette app: POST /slack/events goes to Bolt, GET /healthz says
whether the knowledge base is loaded, the runtime database answers and the background
workers run, GET /metrics is for Prometheus (planbot.metrics). Bolt's request is
dispatched right on the event loop: with `process_before_response` an acknowledgement is
about a millisecond of CPU and Web API calls happen off the request thread (the outbox,
lazy listeners), so a thread hand-off per request would only add latency
(bench/slack_http.py measures it). With Bolt's default runner (which sleeps while
polling for `ack()`) the dispatch goes to a thread instead.
In Socket Mode a small health server answers /healthz and /metrics on PLANBOT_PORT.
Every connection has TCP_NODELAY (planbot.slack.tcp), with one worker or several.

Stopping (SIGTERM): uvicorn stops taking requests and finishes those in flight; then the
lifespan's shutdown lets Bolt's lazy listeners and the outbox finish what they can within
PLANBOT_SHUTDOWN_GRACE_SECONDS, and leaves the rest in the runtime database for the next
start. Without that, uvicorn would re-raise the signal with answers still queued.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from slack_bolt import App, BoltRequest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from planbot import metrics
from planbot.digest.scheduler import Scheduler
from planbot.logs import REQUEST_ID, RedactingFormatter, configure_logging, new_request_id
from planbot.settings import Settings, get_settings
from planbot.slack import signature
from planbot.slack.app import build_runtime, check_settings, create_app, socket_mode, surface_of
from planbot.slack.failures import AUTHENTICATED
from planbot.slack.runtime import Runtime
from planbot.slack.shape import shape_problem

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
SURFACE_HEADER = "x-planbot-surface"  # from the dispatch to the metrics; never sent
MAX_BODY = 1_000_000  # Slack's payloads are a few kB; anything this big is not from Slack


__all__ = ["RedactingFormatter", "asgi_app", "configure_logging", "serve"]


def asgi_app(settings: Settings, app: App, runtime: Runtime) -> ASGIApp:
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
        started = time.perf_counter()
        request_id = new_request_id()
        surface, response = "refused", await _answer(request)
        if response.status_code != 401:
            surface = response.headers.get(SURFACE_HEADER, "other")
            del response.headers[SURFACE_HEADER]
        response.headers["x-request-id"] = request_id
        metrics.REQUESTS.labels(surface, str(response.status_code)).inc()
        metrics.REQUEST_SECONDS.labels(surface).observe(time.perf_counter() - started)
        REQUEST_ID.set(None)
        return response

    async def _answer(request: Request) -> Response:
        body = await read_body(request, MAX_BODY)
        if isinstance(body, Response):
            body.headers[SURFACE_HEADER] = "other"
            return body
        reason = signature.refusal(secret, body, request.scope["headers"])
        if reason is not None:
            log.debug("refused a request to %s: %s", EVENTS_PATH, reason)
            return Response(status_code=401)
        bolt_request = authenticated_request(body, request)
        if bolt_request is None:
            return Response("not a Slack payload", status_code=400, headers={SURFACE_HEADER: "other"})
        if inline:
            bolt_response = app.dispatch(bolt_request)
        else:
            bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        headers = bolt_response.first_headers_without_set_cookie()
        headers[SURFACE_HEADER] = surface_of(bolt_request.body)
        return Response(content=bolt_response.body, status_code=bolt_response.status, headers=headers)

    async def healthz(request: Request) -> Response:
        status = health(runtime)
        return JSONResponse(status, status_code=200 if status["status"] == "ok" else 503)

    async def prometheus(request: Request) -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    rest = Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/metrics", prometheus, methods=["GET"]),
        ],
        lifespan=_lifespan(app, runtime),
    )
    return SlackFirst(slack_events, rest)


class SlackFirst:
    """ASGI: Slack's POST /slack/events straight to its handler, everything else (health, metrics,
    lifespan, 404s) through Starlette: its router and middleware stack cost a fifth of a request."""

    def __init__(self, events: Callable[[Request], Awaitable[Response]], rest: ASGIApp) -> None:
        self.events = events
        self.rest = rest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == EVENTS_PATH and scope["method"] == "POST":
            response = await self.events(Request(scope, receive))
            await response(scope, receive, send)
            return
        await self.rest(scope, receive, send)


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
    scheduler = Scheduler(runtime.settings, engine=lambda: runtime.engine, state=runtime.state)
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


def http_app() -> ASGIApp:
    """uvicorn's factory for worker processes (PLANBOT_WORKERS > 1): settings from the env."""
    metrics.forget_dead_processes()
    settings = get_settings()
    runtime = build_runtime(settings)
    return asgi_app(settings, create_app(settings, runtime), runtime)


def serve(settings: Settings) -> None:
    """Run planbot until stopped; start-up problems raise SettingsError before anything runs."""
    import uvicorn

    if socket_mode(settings):
        serve_socket_mode(settings)
        return
    check_settings(settings, socket_mode=False)
    from planbot.slack.tcp import HTTP_PROTOCOL
    from planbot.state import open_state, url_of

    options: dict[str, Any] = {
        "http": HTTP_PROTOCOL,
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level.lower(),
        "access_log": False,
        "log_config": None,
        "server_header": False,
        "timeout_graceful_shutdown": 5,
    }
    started = "planbot: HTTP on %s:%d, %d worker(s), runtime database %s"
    if settings.workers > 1:
        open_state(url_of(settings)).close()  # an unusable one stops here, in one line, not in each worker
        if not os.environ.get(metrics.MULTIPROC_ENV):
            metrics.prepare_multiprocess(Path(tempfile.mkdtemp(prefix="planbot-metrics-")))
        log.info(started, settings.host, settings.port, settings.workers, _state_description(settings))
        uvicorn.run("planbot.slack.server:http_app", factory=True, workers=settings.workers, **options)
        return
    runtime = build_runtime(settings)
    log.info(started, settings.host, settings.port, settings.workers, _state_description(settings))
    uvicorn.run(asgi_app(settings, create_app(settings, runtime), runtime), **options)


def _state_description(settings: Settings) -> str:
    """The runtime database for the start-up line: its file, or its URL without the password."""
    from planbot.state import url_of

    url = url_of(settings)
    if url.get_backend_name() == "sqlite":
        return f"SQLite {url.database}"
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def serve_socket_mode(settings: Settings) -> None:
    """Connect to Slack over a WebSocket (no inbound port needed), with /healthz for probes."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    check_settings(settings, socket_mode=True)
    runtime = build_runtime(settings)
    app = create_app(settings, runtime)
    log.info(
        "planbot: Socket Mode (SLACK_APP_TOKEN is set), runtime database %s", _state_description(settings)
    )
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
            path = self.path.split("?")[0]
            if path == "/metrics":
                body, content_type = metrics.exposition()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if path != "/healthz":
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
