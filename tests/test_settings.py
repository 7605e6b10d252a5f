"""The settings model: every field read from its variable, validated, secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from planbot.errors import SettingsError
from planbot.settings import Secret, Settings


def test_defaults_without_any_variable() -> None:
    settings = Settings.read({})
    assert settings.port == 3000
    assert settings.auto_build is True
    assert settings.slack_bot_token is None
    assert settings.digest_admins == []
    assert settings.kb_path.name == "knowledge.db"


def test_each_kind_of_value_is_read_from_text() -> None:
    settings = Settings.read(
        {
            "PLANBOT_PORT": "8080",
            "PLANBOT_AUTO_BUILD": "false",
            "PLANBOT_DIGEST_POLL_SECONDS": "0.5",
            "PLANBOT_KB_PATH": "/srv/kb.db",
            "PLANBOT_SLACK_ALLOWED_CHANNELS": " C1, C2,, ",
            "PLANBOT_DIGEST_ADMINS": "U1,U2",
            "PLANBOT_SLACK_RESTRICTED_MEASURES": '{"C1": ["sjukfranvaro"]}',
            "SLACK_BOT_TOKEN": "xoxb-1",
            "planbot_log_level": "DEBUG",  # names are matched ignoring case, as before
        }
    )
    assert settings.port == 8080
    assert settings.auto_build is False
    assert settings.digest_poll_seconds == 0.5
    assert settings.kb_path == Path("/srv/kb.db")
    assert settings.slack_allowed_channels == ["C1", "C2"]
    assert settings.digest_admins == ["U1", "U2"]
    assert settings.slack_restricted_measures == {"C1": ["sjukfranvaro"]}
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == "xoxb-1"
    assert settings.log_level == "DEBUG"


def test_an_empty_optional_setting_is_unset() -> None:
    settings = Settings.read({"SLACK_APP_TOKEN": "", "PLANBOT_DIGEST_CONFIG": " "})
    assert settings.slack_app_token is None
    assert settings.digest_config is None


def test_values_given_in_code_win_over_the_environment() -> None:
    settings = Settings.read({"PLANBOT_PORT": "1"}, port=2, slack_bot_token="xoxb-2")
    assert settings.port == 2
    assert settings.slack_bot_token == Secret("xoxb-2")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PLANBOT_PORT": "99999"}, "setting PLANBOT_PORT: must be at most 65535, got 99999"),
        ({"PLANBOT_PORT": "http"}, "setting PLANBOT_PORT: expected a whole number, got 'http'"),
        ({"PLANBOT_WORKERS": "0"}, "setting PLANBOT_WORKERS: must be at least 1, got 0"),
        ({"PLANBOT_DIGEST_POLL_SECONDS": "0"}, "setting PLANBOT_DIGEST_POLL_SECONDS: must be more than 0"),
        ({"PLANBOT_AUTO_BUILD": "maybe"}, "setting PLANBOT_AUTO_BUILD: expected a boolean"),
        ({"PLANBOT_SLACK_RESTRICTED_MEASURES": '["x"]'}, "setting PLANBOT_SLACK_RESTRICTED_MEASURES: exp"),
        ({"PLANBOT_SLACK_RESTRICTED_MEASURES": "{"}, "setting PLANBOT_SLACK_RESTRICTED_MEASURES: Exp"),
    ],
)
def test_a_malformed_setting_names_its_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.read(env)
    assert str(error.value).startswith(message)


def test_a_setting_planbot_does_not_have_is_refused_in_code() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.read({}, prot=1)


def test_secrets_never_show() -> None:
    settings = Settings.read({"SLACK_BOT_TOKEN": "xoxb-very-secret", "SLACK_SIGNING_SECRET": "s3cr3t"})
    shown = f"{settings!r} {settings} {settings.slack_bot_token}"
    assert "very-secret" not in shown and "s3cr3t" not in shown
