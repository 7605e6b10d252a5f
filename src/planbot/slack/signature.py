"""Slack's request signature (v0), checked on the raw bytes before anything reads the body.

Slack signs `v0:<timestamp>:<body>` with the app's signing secret (HMAC-SHA256) and sends
the timestamp and the signature as headers. A request is authentic only when both headers
are present exactly once and well-formed, the timestamp is within five minutes of our
clock (no replays), and the signature matches the bytes received. Anything else is
refused without parsing the body: an unauthenticated request must cause nothing.

slack_sdk's `SignatureVerifier` raises on a timestamp that is not an integer ("abc",
"1.5", "") and verifies a decoded string rather than the bytes; this check does neither.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable

MAX_CLOCK_SKEW_S = 5 * 60
TIMESTAMP_HEADER = "x-slack-request-timestamp"
SIGNATURE_HEADER = "x-slack-signature"
_TIMESTAMP = re.compile(rb"[0-9]{1,12}")  # ASCII digits only: int() would also take " 1", "1_0", "١"
_SIGNATURE = re.compile(rb"v0=[0-9a-f]{64}")


def refusal(
    secret: bytes, body: bytes, headers: Iterable[tuple[bytes, bytes]], now: float | None = None
) -> str | None:
    """Why the request is not from Slack, or None when its signature is valid.

    `headers` are the raw (name, value) pairs as received, names in any case; the
    reason is for logs and never echoes what the request sent.
    """
    timestamps, signatures = [], []
    for name, value in headers:
        lowered = name.lower()
        if lowered == TIMESTAMP_HEADER.encode():
            timestamps.append(value)
        elif lowered == SIGNATURE_HEADER.encode():
            signatures.append(value)
    if len(timestamps) != 1 or len(signatures) != 1:
        return "missing or repeated signature headers"
    timestamp, signature = timestamps[0], signatures[0]
    if not _TIMESTAMP.fullmatch(timestamp):
        return "malformed timestamp"
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_CLOCK_SKEW_S:
        return "timestamp outside the five-minute window"
    if not _SIGNATURE.fullmatch(signature):
        return "malformed signature"
    expected = (
        b"v0=" + hmac.new(secret, b"v0:" + timestamp + b":" + body, hashlib.sha256).hexdigest().encode()
    )
    if not hmac.compare_digest(expected, signature):
        return "signature mismatch"
    return None
