"""A local fake of Slack for end-to-end tests and benchmarks, able to fail on purpose.

`FakeSlack` is a threaded HTTP server on 127.0.0.1 that answers the Web API methods
planbot calls under /api/ and response_url posts under /response/, records every call,
and keeps the messages it accepted, so conversations.history and conversations.replies
return them (with their metadata only when asked for it, as Slack does).

It misbehaves on request, per method and optionally per request (`fail`):

  accept-then-500    stores the message, then answers HTTP 500 (Slack had it; the app cannot know)
  accept-then-reset  stores the message, then resets the connection instead of answering
  accept-then-stall  stores the message, then holds the connection past the client's timeout
  500, reset, stall  the same without storing anything (the request never took effect)
  429                HTTP 429 with Retry-After (nothing stored)
  slow               answers normally, `delay` seconds late

and `down()` closes the listening socket so connections are refused until `up()`.
`FakeSocketMode` is a WebSocket endpoint speaking Socket Mode's envelope protocol, `sign`
signs a body with Slack's v0 scheme, and `PlanbotServer` runs `planbot serve` as a real
subprocess that can be stopped with SIGTERM or SIGKILL and started again.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-111-222-faketoken"
APP_TOKEN = "xapp-1-A111-333-fakeapptoken"
BOT_USER = "UPLANBOT"
TEAM = "T0KALMAR"

ACCEPT_THEN_500 = "accept-then-500"
ACCEPT_THEN_RESET = "accept-then-reset"
ACCEPT_THEN_STALL = "accept-then-stall"
HTTP_500 = "500"
RESET = "reset"
STALL = "stall"
RATE_LIMITED = "429"
SLOW = "slow"
FAULTS = (ACCEPT_THEN_500, ACCEPT_THEN_RESET, ACCEPT_THEN_STALL, HTTP_500, RESET, STALL, RATE_LIMITED, SLOW)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's request signature headers (v0) for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Call:
    method: str  # Web API method ("chat.postMessage"), "response_url", or "<method> (<fault>)"
    path: str
    params: dict[str, Any]
    headers: dict[str, str]
    fault: str | None = None


@dataclass
class Fault:
    """Misbehave on matching calls of `method`: `times` of them (None: all), each with `probability`,
    until `until` (time.monotonic(); None: for good)."""

    method: str
    kind: str
    times: int | None = 1
    where: Callable[[dict[str, Any]], bool] = lambda params: True
    probability: float = 1.0
    retry_after: int = 1
    delay: float = 0.0
    until: float | None = None


@dataclass
class FakeSlack:
    """Slack's Web API on loopback, recording calls; see the module docstring for its faults."""

    ws_url: str = ""
    stall_seconds: float = 30.0
    seed: int = 0
    calls: list[Call] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # channel → error code of chat.postMessage
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)  # conversations.info / .list
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # users.info
    history_error: str | None = None
    faults: list[Fault] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel → accepted posts
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _released: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._last_ts = 0.0
        self.port = 0
        self._serve()

    # --- the server -----------------------------------------------------------------

    def _serve(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def _handle(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                params: dict[str, Any] = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if raw and "json" in (self.headers.get("Content-Type") or ""):
                    params.update(json.loads(raw))
                elif raw:
                    params.update({k: v[0] for k, v in urllib.parse.parse_qs(raw).items()})
                status, body, extra, after = fake.handle(url.path, params, dict(self.headers))
                if after in (RESET, STALL):
                    if after == STALL:
                        fake._released.wait(fake.stall_seconds)
                    self._reset()
                    return
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _reset(self) -> None:
                """Drop the connection with a TCP reset: no status line, no body."""
                self.close_connection = True
                try:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                except OSError:
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up is no news
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def down(self) -> None:
        """Stop listening: every connection is refused until `up()`."""
        self.server.shutdown()
        self.server.server_close()

    def up(self) -> None:
        """Listen again on the same port."""
        self._serve()

    def release(self) -> None:
        """End every stalled request now (they reset their connections)."""
        self._released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    # --- behaviour --------------------------------------------------------------------

    def fail(
        self,
        method: str,
        kind: str,
        times: int | None = 1,
        *,
        where: Callable[[dict[str, Any]], bool] = lambda params: True,
        probability: float = 1.0,
        retry_after: int = 1,
        delay: float = 0.0,
        seconds: float | None = None,
    ) -> Fault:
        """Make matching calls of `method` misbehave (see FAULTS), for `seconds` from now if given."""
        assert kind in FAULTS, kind
        until = None if seconds is None else time.monotonic() + seconds
        rule = Fault(method, kind, times, where, probability, retry_after, delay, until)
        with self._changed:
            self.faults.append(rule)
        return rule

    def heal(self) -> None:
        """Forget every fault rule."""
        with self._changed:
            self.faults.clear()

    def _fault_for(self, method: str, params: dict[str, Any]) -> Fault | None:
        for rule in self.faults:
            if rule.method != method or (rule.times is not None and rule.times <= 0):
                continue
            if rule.until is not None and time.monotonic() > rule.until:
                continue
            if not rule.where(params) or self._random.random() >= rule.probability:
                continue
            if rule.times is not None:
                rule.times -= 1
            return rule
        return None

    def handle(
        self, path: str, params: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any, dict[str, str], str | None]:
        """(status, body, extra headers, RESET/STALL or None) for one request."""
        method = path.removeprefix("/api/") if path.startswith("/api/") else "response_url"
        with self._changed:
            rule = self._fault_for(method, params)
            kind = rule.kind if rule else None
            label = f"{method} ({kind})" if kind else method
            self.calls.append(Call(label, path, params, headers, kind))
            self._changed.notify_all()
            if kind == RATE_LIMITED:
                assert rule is not None
                return (
                    429,
                    {"ok": False, "error": "ratelimited"},
                    {"Retry-After": str(rule.retry_after)},
                    None,
                )
            if kind == HTTP_500:
                return 500, "<html>Internal Server Error</html>", {}, None
            if kind in (RESET, STALL):
                return 0, "", {}, kind
            status, body = self._answer(method, params)
        if kind == SLOW:
            assert rule is not None
            self._released.wait(rule.delay)
        if kind == ACCEPT_THEN_500:
            return 500, "<html>Internal Server Error</html>", {}, None
        if kind == ACCEPT_THEN_RESET:
            return 0, "", {}, RESET
        if kind == ACCEPT_THEN_STALL:
            return 0, "", {}, STALL
        return status, body, {}, None

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        """What Slack answers when it behaves (called with the lock held)."""
        channel = str(params.get("channel", ""))
        if method == "response_url":
            return 200, "ok"
        if method == "auth.test":
            identity = {"team_id": TEAM, "user_id": BOT_USER, "bot_id": "BPLANBOT", "user": "planbot"}
            return 200, {"ok": True, "url": "https://kalmar.slack.com/", "team": "Region Kalmar", **identity}
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.ws_url}
        if method == "chat.postMessage":
            if channel in self.errors:
                return 200, {"ok": False, "error": self.errors[channel]}
            message = self._store(channel, params)
            return 200, {"ok": True, "channel": channel, "ts": message["ts"], "message": message}
        if method in ("conversations.history", "conversations.replies"):
            if self.history_error:
                return 200, {"ok": False, "error": self.history_error}
            return 200, {"ok": True, "messages": self._history(method, params), "has_more": False}
        if method == "conversations.info":
            if channel not in self.channels:
                return 200, {"ok": False, "error": "channel_not_found"}
            return 200, {"ok": True, "channel": {"id": channel, **self.channels[channel]}}
        if method == "conversations.list":
            listed = [{"id": k, **v} for k, v in self.channels.items() if not v.get("is_archived")]
            return 200, {"ok": True, "channels": listed, "response_metadata": {"next_cursor": ""}}
        if method == "users.info":
            user = str(params.get("user", ""))
            return 200, {"ok": True, "user": {"id": user, **self.users.get(user, {})}}
        return 200, {"ok": True}

    def _store(self, channel: str, params: dict[str, Any]) -> dict[str, Any]:
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        blocks, metadata = params.get("blocks"), params.get("metadata")
        message = {
            "ts": f"{self._last_ts:.6f}",
            "text": params.get("text"),
            "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks,
            "metadata": json.loads(metadata) if isinstance(metadata, str) else metadata,
            "thread_ts": params.get("thread_ts"),
            "channel": channel,
        }
        self.messages.setdefault(channel, []).append(message)
        return message

    def _history(self, method: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Newest first, after `oldest`; a thread's replies for conversations.replies."""
        channel = str(params.get("channel", ""))
        oldest = float(params.get("oldest") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        found = []
        for message in self.messages.get(channel, []):
            thread = message.get("thread_ts")
            if method == "conversations.replies" and thread != params.get("ts"):
                continue
            if method == "conversations.history" and thread not in (None, message["ts"]):
                continue
            if float(message["ts"]) > oldest:
                shown = dict(message)
                if not with_metadata:
                    shown.pop("metadata", None)
                found.append(shown)
        return list(reversed(found))

    # --- what happened ----------------------------------------------------------------

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages chat.postMessage accepted (stored), in order."""
        with self._changed:
            return [m for ch, msgs in self.messages.items() if channel in (None, ch) for m in msgs]

    def of(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def attempts(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        """Parameters of every call of `method`, faulty ones included."""
        with self._changed:
            return [c.params for c in self.calls if c.method.split(" ")[0] == method]

    def wait_for(
        self, method: str, where: Callable[[Call], bool] = lambda c: True, timeout: float = 5.0
    ) -> Call:
        """The first recorded call of `method` matching `where`, waiting for it to arrive."""
        found: list[Call] = []

        def arrived() -> bool:
            found[:] = [c for c in self.calls if c.method == method and where(c)][:1]
            return bool(found)

        if not self.wait_until(arrived, timeout):
            seen = [c.method for c in self.calls][-30:]
            raise AssertionError(f"no {method} call arrived within {timeout} s; last calls {seen}")
        return found[0]

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Wait until `condition()` (evaluated under the lock, after each call) holds."""
        with self._changed:
            return self._changed.wait_for(condition, timeout)


class FakeSocketMode:
    """Slack's Socket Mode WebSocket endpoint: sends envelopes, collects the app's acks."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.acks: list[dict[str, Any]] = []
        self.connected = threading.Event()
        self._outbox: list[str] = []
        self._changed = threading.Condition()
        self._server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _session(self, connection: Any) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {}}))
        self.connected.set()
        while True:
            with self._changed:
                outgoing, self._outbox = self._outbox, []
            for message in outgoing:
                connection.send(message)
            try:
                message = connection.recv(timeout=0.02)
            except TimeoutError:
                continue
            except Exception:
                return
            with self._changed:
                self.acks.append(json.loads(message))
                self._changed.notify_all()

    def send(self, envelope: dict[str, Any]) -> None:
        with self._changed:
            self._outbox.append(json.dumps(envelope))

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(a.get("envelope_id") == envelope_id for a in self.acks), timeout
            )
            if not found:
                raise AssertionError(f"no ack for {envelope_id} within {timeout} s")
            return next(a for a in self.acks if a.get("envelope_id") == envelope_id)

    def close(self) -> None:
        self._server.shutdown()


def server_env(slack: FakeSlack, kb_path: Path, **settings: str) -> dict[str, str]:
    """The environment of a `planbot serve` in HTTP mode talking to the fake Slack."""
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "PLANBOT_KB_PATH": str(kb_path),
        "PLANBOT_AUTO_BUILD": "0",
        **settings,
    }


class PlanbotServer:
    """`planbot serve` in a subprocess, ready when /healthz answers; always stopped at the end.

    `stop()` sends SIGTERM (or SIGKILL) and waits; `start()` runs it again on the same port
    and state database, appending to the same log.
    """

    def __init__(self, env: dict[str, str], port: int, state: Path) -> None:
        self.port = port
        self.state = state
        self.url = f"http://127.0.0.1:{port}"
        self.log = state.parent / f"serve-{port}.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_"))}
        self.env.update(PLANBOT_HOST="127.0.0.1", PLANBOT_PORT=str(port), PLANBOT_STATE_PATH=str(state))
        self.env.update(env)
        self._log_file = self.log.open("ab")
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "planbot", "serve"],
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def start(self) -> None:
        assert self.process.poll() is not None, "already running"
        self.process = self._spawn()

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"planbot serve exited {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"planbot serve not ready within {timeout} s:\n{self.output()}")

    def health(self) -> tuple[int, dict[str, Any]]:
        """GET /healthz: (status, body)."""
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def wait_idle(self, timeout: float = 10.0) -> dict[str, Any]:
        """Wait until the outbox holds nothing (every answer delivered or given up); its health."""
        deadline = time.monotonic() + timeout
        while True:
            outbox = self.health()[1]["workers"]["outbox"]
            if outbox["pending"] == 0:
                return dict(outbox)
            if time.monotonic() > deadline:
                raise AssertionError(f"the outbox still holds work after {timeout} s: {outbox}")
            time.sleep(0.02)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Send `sig` and wait for the process to end; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def output(self) -> str:
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(errors="replace")

    def close(self) -> None:
        self.stop(timeout=10)
        self._log_file.close()


def post(url: str, body: str, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, str, dict]:
    """POST `body` to `url`; (status, body, headers) even for 4xx/5xx."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def raw_post(
    url: str, body: bytes, headers: Sequence[tuple[str, str | bytes]], timeout: float = 10.0
) -> tuple[int, bytes]:
    """POST exactly these header lines (repeats and odd values included); (status, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        conn.putrequest("POST", parts.path, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        if not any(name.lower() in ("content-length", "transfer-encoding") for name, _ in headers):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def iter_unique_ids(prefix: str) -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield f"{prefix}{n:04d}"
