"""The one settings model: every knob planbot reads, from environment variables.

Slack's own variable names are used for tokens. Secrets are `SecretStr`, so they never
appear in a repr, a log line or an error message.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    log_level: str = Field("INFO", description="Python logging level.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once; a malformed setting becomes one readable SettingsError."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(p) for p in first["loc"]).upper()
        raise SettingsError(f"setting {name}: {first['msg']}") from None
