"""A local fake of Slack for end-to-end tests and benchmarks.

`FakeSlack` is a threaded HTTP server that answers Slack Web API methods under /api/
and response_url posts under /response/, recording every call. It takes file uploads the
way files_upload_v2 makes them: files.getUploadURLExternal, the bytes POSTed to the URL
it returns (kept in `uploads`), then files.completeUploadExternal. `FakeSocketMode` is a
WebSocket endpoint speaking Socket Mode's envelope protocol. `sign` signs a body with
Slack's v0 scheme. `PlanbotServer` runs `planbot serve` as a real subprocess.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-111-222-faketoken"
APP_TOKEN = "xapp-1-A111-333-fakeapptoken"
BOT_USER = "UPLANBOT"
TEAM = "T0KALMAR"


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
    method: str  # Web API method ("chat.postMessage") or "response_url"
    path: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeSlack:
    """Slack's Web API on loopback, recording calls; set `errors` / `rate_limited` to misbehave."""

    ws_url: str = ""
    calls: list[Call] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # channel id → error code for posts and uploads
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id → the bytes sent to its upload URL
    rate_limited: dict[str, int] = field(default_factory=dict)  # method → 429 replies left
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                if self.path.startswith("/upload/"):
                    status, body, extra = fake.receive_upload(self.path, data, dict(self.headers))
                else:
                    raw = data.decode()
                    if "json" in (self.headers.get("Content-Type") or ""):
                        params = json.loads(raw or "{}")
                    else:
                        params = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                    status, body, extra = fake.handle(self.path, params, dict(self.headers))
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def handle(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any, dict]:
        method = path.removeprefix("/api/") if path.startswith("/api/") else "response_url"
        with self._changed:
            if self.rate_limited.get(method, 0) > 0:
                self.rate_limited[method] -= 1
                self.calls.append(Call(method + " (429)", path, params, headers))
                self._changed.notify_all()
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"}
            self.calls.append(Call(method, path, params, headers))
            self._changed.notify_all()
        if method == "response_url":
            return 200, "ok", {}
        if method == "auth.test":
            identity = {"team_id": TEAM, "user_id": BOT_USER, "bot_id": "BPLANBOT", "user": "planbot"}
            return (
                200,
                {"ok": True, "url": "https://kalmar.slack.com/", "team": "Region Kalmar", **identity},
                {},
            )
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.ws_url}, {}
        if method == "chat.postMessage":
            channel = str(params.get("channel", ""))
            if channel in self.errors:
                return 200, {"ok": False, "error": self.errors[channel]}, {}
            return 200, {"ok": True, "channel": channel, "ts": f"{time.time():.6f}"}, {}
        if method == "files.getUploadURLExternal":
            if not params.get("filename") or not str(params.get("length", "")).isdigit():
                return 200, {"ok": False, "error": "invalid_arguments"}, {}
            with self._changed:
                file_id = f"F{len(self.uploads) + 1:08d}"
                self.uploads[file_id] = b""
            return 200, {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}, {}
        if method == "files.completeUploadExternal":
            channel = str(params.get("channel_id", ""))
            if channel in self.errors:
                return 200, {"ok": False, "error": self.errors[channel]}, {}
            files = json.loads(params.get("files") or "[]")
            if not files or any(not self.uploads.get(f.get("id", "")) for f in files):
                return 200, {"ok": False, "error": "file_not_found"}, {}
            return 200, {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}, {}
        return 200, {"ok": True}, {}

    def receive_upload(self, path: str, data: bytes, headers: dict[str, str]) -> tuple[int, Any, dict]:
        """Step 2 of files_upload_v2: the file's bytes POSTed to the URL getUploadURLExternal gave."""
        file_id = path.removeprefix("/upload/")
        with self._changed:
            known = file_id in self.uploads
            if known:
                self.uploads[file_id] = data
            self.calls.append(Call("upload", path, {"file_id": file_id, "length": len(data)}, headers))
            self._changed.notify_all()
        return (200, f"OK - {len(data)}", {}) if known else (404, "not found", {})

    def of(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, where: Callable[[Call], bool] = lambda c: True, timeout: float = 5.0
    ) -> Call:
        """The first recorded call of `method` matching `where`, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for call in self.calls:
                    if call.method == method and where(call):
                        return call
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"no {method} call arrived within {timeout} s; got {seen}")
                self._changed.wait(left)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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


class PlanbotServer:
    """`planbot serve` in a subprocess, ready when /healthz answers; always terminated."""

    def __init__(self, env: dict[str, str], port: int, state: Path) -> None:
        self.port = port
        self.state = state
        self.url = f"http://127.0.0.1:{port}"
        self.log = state.parent / f"serve-{port}.log"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_"))}
        full_env.update(PLANBOT_HOST="127.0.0.1", PLANBOT_PORT=str(port), PLANBOT_STATE_PATH=str(state))
        full_env.update(env)
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "planbot", "serve"],
            env=full_env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

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

    def output(self) -> str:
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
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
    url: str, body: bytes, headers: list[tuple[str, str | bytes]], timeout: float = 10.0
) -> tuple[int, bytes]:
    """POST exactly these header lines (repeats and odd values included); (status, body)."""
    import http.client

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
