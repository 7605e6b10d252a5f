"""Log lines for people (text) or for a log collector (JSON, one object per line), never a secret.

Every line passes one redaction: Slack tokens (`xoxb-…`, `xapp-…`), the signing secret, the
runtime database's password and response URLs (a response_url lets anyone answer in the
user's name for 30 minutes) are blanked out, in the message, in the fields and in tracebacks.

Each Slack request gets a request id (`new_request_id`), kept in a context variable that
every line logged while handling it carries, and stored with the work it leaves in the
outbox, so the answer to a mention, posted later by a sender thread, logs the same id.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planbot.settings import Settings

TOKEN = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")
RESPONSE_URL = re.compile(r"https://hooks\.slack\.com/[^\s'\"]+")
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("planbot_request_id", default=None)
# The attributes every LogRecord has; anything else was passed in `extra=` and becomes a JSON field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


def new_request_id() -> str:
    """A fresh id for one request, set for the current context; returned for headers and payloads."""
    value = uuid.uuid4().hex[:16]
    REQUEST_ID.set(value)
    return value


class Redactor:
    """Blanks out tokens, response URLs and the given secrets in text."""

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = [s for s in secrets if len(s) >= 8]

    def __call__(self, text: str) -> str:
        text = TOKEN.sub(r"\1-[redacted]", text)
        text = RESPONSE_URL.sub("https://hooks.slack.com/[redacted]", text)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


class RedactingFormatter(logging.Formatter):
    """Text lines with every secret blanked out."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self.redact = Redactor(secrets)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = REQUEST_ID.get()
        return self.redact(f"{line} [request {request_id}]" if request_id else line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, the `extra=` fields, error."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.redact = Redactor(secrets)

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        request_id = REQUEST_ID.get()
        if request_id:
            data["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = self.redact(value) if isinstance(value, str) else value
        if record.exc_info:
            data["error"] = self.redact(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)


def secrets_of(settings: Settings) -> list[str]:
    """The values no log line may show: the Slack secrets and the runtime database's password."""
    values = [
        s.get_secret_value()
        for s in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)
        if s is not None
    ]
    if settings.state_url is not None:
        from urllib.parse import urlsplit

        url = settings.state_url.get_secret_value()
        password = urlsplit(url).password
        values += [url, *([password] if password else [])]
    return values


def configure_logging(settings: Settings) -> None:
    """One stderr handler for everything (uvicorn included), in the format of PLANBOT_LOG_FORMAT."""
    secrets = secrets_of(settings)
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter(secrets))
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
