"""`planbot serve` refuses to start on missing or malformed settings: one clear line, no secret."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from planbot.cli import main
from planbot.settings import Settings, get_settings
from planbot.slack.server import RedactingFormatter

SECRET = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Error: SLACK_BOT_TOKEN is not set"),
        (
            {"SLACK_BOT_TOKEN": "xoxp-user-token-secret"},
            "Error: SLACK_BOT_TOKEN must be a bot token starting with xoxb-",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-secret"}, "Error: SLACK_SIGNING_SECRET is not set"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1-2-secret", "SLACK_APP_TOKEN": "xoxb-wrong"},
            "Error: SLACK_APP_TOKEN must be",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-secret", "PLANBOT_PORT": "99999"}, "Error: setting PORT:"),
    ],
)
def test_bad_settings_stop_serve_with_one_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1
    assert "secret" not in result.output


def test_log_lines_never_show_tokens_or_the_signing_secret() -> None:
    formatter = RedactingFormatter("%(message)s", [SECRET])
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "token xoxb-123-456-abc, app xapp-1-A-2-zz, secret %s, url 'https://hooks.slack.com/commands/T1/2/abc'",
        (SECRET,),
        None,
    )
    line = formatter.format(record)
    assert "xoxb-123" not in line and "xapp-1-A" not in line and SECRET not in line and "T1/2/abc" not in line
    assert line == (
        "token xoxb-[redacted], app xapp-[redacted], secret [redacted], url 'https://hooks.slack.com/[redacted]'"
    )


def test_slack_settings_are_documented() -> None:
    for name in ("slack_allowed_channels", "slack_restricted_measures", "query_log_days", "workers", "host"):
        assert Settings.model_fields[name].description, name
