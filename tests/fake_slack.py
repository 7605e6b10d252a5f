"""A fake Slack Web API on 127.0.0.1, in a thread: records calls, keeps posted messages.

Point a real `slack_sdk.WebClient(base_url=fake.url)` at it. Behaviour per channel is set
on the instance: `errors` (chat.postMessage fails with that code), `rate_limited` (the
next N calls get HTTP 429 with Retry-After: 0), `history_error`, and `channels` (what
conversations.info / conversations.list return).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.errors: dict[str, str] = {}
        self.rate_limited: dict[str, int] = {}
        self.history_error: str | None = None
        self.channels: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self._ts = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def _handle(self) -> None:
                url = urlparse(self.path)
                args: dict[str, Any] = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if body:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        args.update(json.loads(body))
                    else:
                        args.update({k: v[0] for k, v in parse_qs(body).items()})
                method = url.path.rsplit("/", 1)[-1]
                status, data, headers = fake.respond(method, args)
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSlack:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        """chat.postMessage calls that succeeded, in order."""
        with self.lock:
            return [m for ch, msgs in self.messages.items() if channel in (None, ch) for m in msgs]

    def attempts(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        with self.lock:
            return [a for m, a in self.calls if m == method]

    def respond(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.calls.append((method, args))
            channel = str(args.get("channel", ""))
            if self.rate_limited.get(channel, 0) > 0:
                self.rate_limited[channel] -= 1
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"}
            if method == "chat.postMessage":
                if channel in self.errors:
                    return 200, {"ok": False, "error": self.errors[channel]}, {}
                self._ts += 1
                ts = f"{time.time():.0f}.{self._ts:06d}"
                blocks = args.get("blocks")
                metadata = args.get("metadata")
                message = {
                    "ts": ts,
                    "text": args.get("text"),
                    "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks,
                    "metadata": json.loads(metadata) if isinstance(metadata, str) else metadata,
                    "channel": channel,
                }
                self.messages.setdefault(channel, []).append(message)
                return 200, {"ok": True, "channel": channel, "ts": ts, "message": message}, {}
            if method == "conversations.history":
                if self.history_error:
                    return 200, {"ok": False, "error": self.history_error}, {}
                msgs = list(reversed(self.messages.get(channel, [])))
                return 200, {"ok": True, "messages": msgs, "has_more": False}, {}
            if method == "conversations.info":
                if channel not in self.channels:
                    return 200, {"ok": False, "error": "channel_not_found"}, {}
                return 200, {"ok": True, "channel": {"id": channel, **self.channels[channel]}}, {}
            if method == "conversations.list":
                listed = [{"id": k, **v} for k, v in self.channels.items() if not v.get("is_archived")]
                return 200, {"ok": True, "channels": listed, "response_metadata": {"next_cursor": ""}}, {}
            return 200, {"ok": False, "error": "unknown_method"}, {}
