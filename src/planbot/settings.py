"""The one settings model: every knob planbot reads, from environment variables.

Slack's own variable names are used for tokens. Secrets are `SecretStr`, so they never
appear in a repr, a log line or an error message.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from planbot.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANBOT_", extra="ignore", frozen=True)

    knowledge_dir: Path = Field(
        PROJECT_ROOT / "knowledge", description="The curated knowledge (sources, measures, facts)."
    )
    kb_path: Path = Field(
        PROJECT_ROOT / "var" / "knowledge.db",
        description="The built knowledge base (a build artifact, opened read-only).",
    )
    state_path: Path = Field(
        PROJECT_ROOT / "var" / "state.db",
        description="The writable runtime database (query log, digests, sent log).",
    )
    auto_build: bool = Field(
        True, description="Build the knowledge base on first use when missing or older than knowledge/."
    )
    port: int = Field(3000, ge=1, le=65535, description="HTTP port of `planbot serve` in HTTP mode.")
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"), description="Bot token (xoxb-…)."
    )
    slack_signing_secret: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET"),
        description="Signing secret that verifies Slack's HTTP requests.",
    )
    slack_app_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_APP_TOKEN"),
        description="App-level token (xapp-…); when set, `planbot serve` uses Socket Mode.",
    )
    slack_api_url: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_API_URL"),
        description="Slack Web API base URL (for a fake Slack in tests or staging).",
    )
    digest_config: Path | None = Field(
        None,
        description="Digest definitions (YAML); empty = the packaged planbot/digest/digests.yaml.",
    )
    digest_admins: Annotated[
        list[str],
        NoDecode,
        BeforeValidator(lambda v: v.replace(" ", "").split(",") if isinstance(v, str) and v else v or []),
    ] = Field(
        default_factory=list,
        description="Slack user ids (comma-separated) who may subscribe channels to digests, besides admins.",
    )
    digest_scheduler: bool = Field(
        True,
        description="Run due digests inside `planbot serve` (off when a cron job runs `digest run-due`).",
    )
    digest_timezone: str = Field("Europe/Stockholm", description="Time zone of digest schedules (cron).")
    digest_grace_minutes: int = Field(
        360, ge=0, description="A digest run missed while planbot was down is posted this late at most."
    )
    digest_poll_seconds: float = Field(
        30.0, gt=0, description="How often the in-process scheduler of `planbot serve` looks for due digests."
    )
    digest_stale_claim_minutes: int = Field(
        10,
        ge=1,
        description="A post claimed this long ago and never recorded is checked in the channel's history; "
        "its owner stops retrying after half of it.",
    )
    digest_max_attempts: int = Field(
        5, ge=1, description="Posting attempts per scheduled digest on retryable errors (429, outages)."
    )
    digest_rate_limit_retries: int = Field(
        3, ge=0, description="Retries of one Slack call after HTTP 429, waiting Retry-After each time."
    )
    log_level: str = Field("INFO", description="Python logging level.")
    host: str = Field("0.0.0.0", description="Interface `planbot serve` listens on in HTTP mode.")
    workers: int = Field(
        1, ge=1, le=64, description="Server processes in HTTP mode (about one per core; each loads the KB)."
    )
    query_log_days: int = Field(
        90, ge=0, description="Days the query log (who asked what) is kept; 0 turns the query log off."
    )
    slack_allowed_channels: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Channel ids planbot answers in (comma-separated); empty = every channel. DMs always.",
    )
    slack_restricted_measures: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Measure ids not answered per channel id (JSON): {"C0123": ["sjukfranvaro"], "*": []}.',
    )
    slack_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="Seconds one Slack Web API call may take; after that a post's outcome is unknown and "
        "planbot looks for it in the channel's history before sending it again.",
    )
    delivery_workers: int = Field(
        4,
        ge=1,
        le=64,
        description="Threads delivering answers to Slack (one channel at a time each, in order).",
    )
    delivery_deadline_seconds: float = Field(
        600.0,
        gt=0,
        description="How long an acknowledged answer is retried (Slack down, rate limited) before the asker "
        "is told it could not be delivered.",
    )
    shutdown_grace_seconds: float = Field(
        10.0,
        ge=0,
        description="On SIGTERM, how long answers in flight may take; the rest wait in the runtime database "
        "for the next start.",
    )
    slack_process_before_response: bool = Field(
        True,
        description="Run the ack listener in the request thread (fast); false = Bolt's default runner.",
    )

    @field_validator("slack_allowed_channels", mode="before")
    @classmethod
    def _split_channels(cls, value: object) -> object:
        if isinstance(value, str):
            return [c.strip() for c in value.split(",") if c.strip()]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once; a malformed setting becomes one readable SettingsError."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(p) for p in first["loc"]).upper()
        raise SettingsError(f"setting {name}: {first['msg']}") from None
