"""Shared pieces of the digest tests: a config with channels, settings, a policy."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from planbot.digest.config import PACKAGED_CONFIG, DigestConfig, load_config
from planbot.digest.runner import RunPolicy
from planbot.settings import Settings

HR, LEDNING, KVALITET = "C0HR00001", "C0LEDN001", "C0KVAL001"
CHANNELS = {"hr": [HR], "ekonomi": [LEDNING], "kvalitet": [KVALITET]}
STHLM = ZoneInfo("Europe/Stockholm")


def write_config(path: Path, channels: dict[str, list[str]] = CHANNELS, schedule: str | None = None) -> Path:
    """The packaged digests with these channels (and optionally one schedule for all)."""
    data = yaml.safe_load(PACKAGED_CONFIG.read_text(encoding="utf-8"))
    for digest in data["digests"]:
        digest["channels"] = channels.get(digest["name"], [])
        if schedule:
            digest["schedule"] = schedule
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def config(
    tmp_path: Path, channels: dict[str, list[str]] = CHANNELS, schedule: str | None = None
) -> DigestConfig:
    return load_config(write_config(tmp_path / "digests.yaml", channels, schedule))


def policy(grace_minutes: int = 360, stale_minutes: float = 10, max_attempts: int = 5) -> RunPolicy:
    return RunPolicy(STHLM, timedelta(minutes=grace_minutes), timedelta(minutes=stale_minutes), max_attempts)


def settings(tmp_path: Path, slack_url: str = "http://127.0.0.1:9/api/", **fields: object) -> Settings:
    return Settings.read(
        slack_bot_token="xoxb-test",
        slack_api_url=slack_url,
        state_path=tmp_path / "state.db",
        digest_rate_limit_retries=3,
        **fields,
    )
