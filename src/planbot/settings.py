"""The one settings model: every knob planbot reads, from environment variables.

Each field is declared once, with its default, its help and its bounds; `Settings.read()`
reads them all from the environment (`PLANBOT_<NAME>`, or Slack's own names for tokens) and
validates every one, so a malformed setting stops any command at start-up with one line
naming the variable. Secrets are `Secret`, so they never appear in a repr, a log line or an
error message. The model is plain dataclasses: `planbot ask` reads its settings in well under
a millisecond, without importing a validation library.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from planbot.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PREFIX = "PLANBOT_"
STATE_SCHEMES = ("sqlite", "postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True, slots=True)
class Secret:
    """A token or secret: shown as stars everywhere but through `get_secret_value()`."""

    _value: str = field(repr=False)

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"


@dataclass(frozen=True, slots=True)
class Setting:
    """How one field is read: its help, its variable and its bounds."""

    help: str
    env: str | None = None  # a name of its own (Slack's), instead of PLANBOT_<NAME>
    ge: float | None = None
    le: float | None = None
    gt: float | None = None
    choices: tuple[str, ...] | None = None  # the values allowed
    schemes: tuple[str, ...] | None = None  # a URL's schemes allowed


def setting(
    default: Any = MISSING,
    help: str = "",
    *,
    env: str | None = None,
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    choices: tuple[str, ...] | None = None,
    schemes: tuple[str, ...] | None = None,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """Declare a field of Settings (a dataclass field carrying its Setting)."""
    metadata = {"setting": Setting(help, env, ge, le, gt, choices, schemes)}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class Settings:
    knowledge_dir: Path = setting(
        PROJECT_ROOT / "knowledge", "The curated knowledge (sources, measures, facts)."
    )
    kb_path: Path = setting(
        PROJECT_ROOT / "var" / "knowledge.db",
        "The built knowledge base (a build artifact, opened read-only).",
    )
    state_path: Path = setting(
        PROJECT_ROOT / "var" / "state.db",
        "The embedded runtime database (SQLite: event dedupe, outbox, digests, query log), "
        "used when PLANBOT_STATE_URL is empty.",
    )
    state_url: Secret | None = setting(
        None,
        "The runtime database as a URL: sqlite:///path/state.db (one machine) or "
        "postgresql://user:password@host:5432/db (shared by every replica). Empty: SQLite at "
        "PLANBOT_STATE_PATH. A secret: the password never appears in logs.",
        schemes=STATE_SCHEMES,
    )
    template_cache: Path | None = setting(
        PROJECT_ROOT / "var" / "templates",
        "Where the answer templates are kept compiled (a cache, compiled again when a template "
        "changes); empty: compiled in memory at every start.",
    )
    auto_build: bool = setting(
        True, "Build the knowledge base on first use when missing or older than knowledge/."
    )
    port: int = setting(3000, "HTTP port of `planbot serve` in HTTP mode.", ge=1, le=65535)
    slack_bot_token: Secret | None = setting(None, "Bot token (xoxb-…).", env="SLACK_BOT_TOKEN")
    slack_signing_secret: Secret | None = setting(
        None, "Signing secret that verifies Slack's HTTP requests.", env="SLACK_SIGNING_SECRET"
    )
    slack_app_token: Secret | None = setting(
        None, "App-level token (xapp-…); when set, `planbot serve` uses Socket Mode.", env="SLACK_APP_TOKEN"
    )
    slack_api_url: str | None = setting(
        None, "Slack Web API base URL (for a fake Slack in tests or staging).", env="SLACK_API_URL"
    )
    digest_config: Path | None = setting(
        None, "Digest definitions (YAML); empty = the packaged planbot/digest/digests.yaml."
    )
    digest_admins: list[str] = setting(
        help="Slack user ids (comma-separated) who may subscribe channels to digests, besides admins.",
        factory=list,
    )
    digest_scheduler: bool = setting(
        True, "Run due digests inside `planbot serve` (off when a cron job runs `digest run-due`)."
    )
    digest_timezone: str = setting("Europe/Stockholm", "Time zone of digest schedules (cron).")
    digest_grace_minutes: int = setting(
        360, "A digest run missed while planbot was down is posted this late at most.", ge=0
    )
    digest_poll_seconds: float = setting(
        30.0, "How often the in-process scheduler of `planbot serve` looks for due digests.", gt=0
    )
    digest_stale_claim_minutes: float = setting(
        10.0,
        "A post claimed this long ago and never recorded is checked in the channel's history; "
        "its owner stops retrying after half of it.",
        gt=0,
    )
    digest_max_attempts: int = setting(
        5, "Posting attempts per scheduled digest on retryable errors (429, outages).", ge=1
    )
    digest_rate_limit_retries: int = setting(
        3, "Retries of one Slack call after HTTP 429, waiting Retry-After each time.", ge=0
    )
    log_level: str = setting("INFO", "Python logging level.")
    log_format: str = setting(
        "text",
        "`planbot serve`'s log lines: text for people, json (one object per line, one event "
        "per answer with its request id) for a log collector.",
        choices=("text", "json"),
    )
    host: str = setting("0.0.0.0", "Interface `planbot serve` listens on in HTTP mode.")
    workers: int = setting(
        1, "Server processes in HTTP mode (about one per core; each loads the KB).", ge=1, le=64
    )
    answers_remembered: int = setting(
        4096,
        "Answers kept by their question's text, so that a question asked again is not worked "
        "out again (the knowledge base never changes under a running process); 0 keeps none.",
        ge=0,
    )
    query_log_days: int = setting(
        90, "Days the query log (who asked what) is kept; 0 turns the query log off.", ge=0
    )
    slack_allowed_channels: list[str] = setting(
        help="Channel ids planbot answers in (comma-separated); empty = every channel. DMs always.",
        factory=list,
    )
    slack_restricted_measures: dict[str, list[str]] = setting(
        help='Measure ids not answered per channel id (JSON): {"C0123": ["sjukfranvaro"], "*": []}.',
        factory=dict,
    )
    slack_timeout_seconds: float = setting(
        10.0,
        "Seconds one Slack Web API call may take; after that a post's outcome is unknown and "
        "planbot looks for it in the channel's history before sending it again.",
        gt=0,
    )
    delivery_workers: int = setting(
        4, "Threads delivering answers to Slack (one channel at a time each, in order).", ge=1, le=64
    )
    delivery_deadline_seconds: float = setting(
        600.0,
        "How long an acknowledged answer is retried (Slack down, rate limited) before the asker "
        "is told it could not be delivered.",
        gt=0,
    )
    shutdown_grace_seconds: float = setting(
        10.0,
        "On SIGTERM, how long answers in flight may take; the rest wait in the runtime database "
        "for the next start.",
        ge=0,
    )
    slack_process_before_response: bool = setting(
        True, "Run the ack listener in the request thread (fast); false = Bolt's default runner."
    )

    @classmethod
    def declared(cls) -> dict[str, Setting]:
        """Every setting by field name, with its help."""
        return {f.name: f.metadata["setting"] for f in fields(cls)}

    @classmethod
    def variable(cls, name: str) -> str:
        """The environment variable of a field ("port" → "PLANBOT_PORT")."""
        return cls.declared()[name].env or PREFIX + name.upper()

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None, **values: object) -> Settings:
        """Every setting from `environ` (default: the process environment), `values` taking
        precedence; each one validated. Variable names are matched ignoring case."""
        env = {k.upper(): v for k, v in (os.environ if environ is None else environ).items()}
        found: dict[str, object] = {}
        for f in fields(cls):
            variable = cls.variable(f.name)
            if f.name in values:
                raw = values.pop(f.name)
            elif variable.upper() in env:
                raw = env[variable.upper()]
            else:
                continue
            found[f.name] = _parse(variable, raw, f.metadata["setting"], _KINDS[str(f.type)])
        if values:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(values))}")
        return cls(**found)  # type: ignore[arg-type]


# The field types above, as written, and how a value of each is read from text.
_KINDS = {
    "Path": "path", "Path | None": "path?", "bool": "bool", "int": "int", "float": "float", "str": "str",
    "str | None": "str?", "Secret | None": "secret?", "list[str]": "list", "dict[str, list[str]]": "lists",
}  # fmt: skip
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def _parse(variable: str, raw: object, spec: Setting, kind: str) -> object:
    try:
        value = _convert(raw, kind)
        if isinstance(value, int | float) and not isinstance(value, bool):
            _check_bounds(value, spec)
        _check_choices(value, spec)
    except (ValueError, TypeError) as error:
        raise SettingsError(f"setting {variable}: {error}") from None
    return value


def _convert(raw: object, kind: str) -> object:
    optional = kind.endswith("?")
    base = kind.rstrip("?")
    if isinstance(raw, str):
        text = raw.strip()
        if optional and not text:
            return None
        if base == "path":
            return Path(text)
        if base == "bool":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError(f"expected a boolean (true/false, 1/0, yes/no), got {text!r}")
        if base == "int":
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"expected a whole number, got {text!r}") from None
        if base == "float":
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"expected a number, got {text!r}") from None
        if base == "secret":
            return Secret(text)
        if base == "list":
            return [item.strip() for item in text.split(",") if item.strip()]
        if base == "lists":
            return _lists(json.loads(text) if text else {})
        return raw
    if raw is None and optional:
        return None
    if base == "path" and isinstance(raw, Path):
        return raw
    if base == "secret" and isinstance(raw, Secret):
        return raw
    if base == "bool" and isinstance(raw, bool):
        return raw
    if base == "int" and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if base == "float" and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if base == "list" and isinstance(raw, list | tuple) and all(isinstance(i, str) for i in raw):
        return list(raw)
    if base == "lists" and isinstance(raw, dict):
        return _lists(raw)
    raise TypeError(f"expected {kind.rstrip('?')}, got {type(raw).__name__}")


def _lists(data: object) -> dict[str, list[str]]:
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v)
        for k, v in data.items()
    ):
        raise ValueError('expected a JSON object of lists of strings, e.g. {"C0123": ["sjukfranvaro"]}')
    return {k: list(v) for k, v in data.items()}


def _check_choices(value: object, spec: Setting) -> None:
    if spec.choices is not None and value not in spec.choices:
        raise ValueError(f"must be one of {', '.join(spec.choices)}, got {value!r}")
    if spec.schemes is not None and isinstance(value, Secret):
        scheme = value.get_secret_value().partition(":")[0].lower()
        if scheme not in spec.schemes:
            # The value itself is a secret (a password in the URL): only its scheme is named.
            raise ValueError(f"must start with one of {', '.join(s + '://' for s in spec.schemes)}")


def _check_bounds(value: float, spec: Setting) -> None:
    if spec.ge is not None and value < spec.ge:
        raise ValueError(f"must be at least {spec.ge:g}, got {value:g}")
    if spec.le is not None and value > spec.le:
        raise ValueError(f"must be at most {spec.le:g}, got {value:g}")
    if spec.gt is not None and value <= spec.gt:
        raise ValueError(f"must be more than {spec.gt:g}, got {value:g}")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once; a malformed setting raises one readable SettingsError."""
    return Settings.read()
