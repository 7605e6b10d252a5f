"""The Slack app manifests in deploy/ are valid, and declare exactly what the app handles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from planbot.slack.listeners.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT.parent / "shared" / "slack"
MANIFESTS = sorted((ROOT / "deploy" / "slack").glob("manifest*.yaml"))
HANDLED_EVENTS = {"app_mention", "app_home_opened", "message.im"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_there_are_swedish_ascii_and_http_variants() -> None:
    assert {p.name for p in MANIFESTS} == {"manifest.yaml", "manifest.ascii.yaml", "manifest.http.yaml"}


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_matches_slacks_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMAS.is_dir():
        pytest.skip("../shared/slack (Slack's manifest schemas) not present")
    manifest = load(path)
    version = manifest.get("_metadata", {}).get("major_version", 1)
    schema_file = SCHEMAS / f"manifest.schema.{version}.0.0.json"
    assert schema_file.is_file(), f"no schema for major_version {version}"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=lambda e: list(e.path))
    assert [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors] == []


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_declares_what_the_app_handles(path: Path) -> None:
    manifest = load(path)
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert set(commands) <= set(COMMANDS)
    assert {"/mal", "/prognos", "/budget", "/indikator", "/utfall", "/jamfor", "/planbot"} <= set(commands)
    if "ascii" in path.name:
        assert all(c.isascii() for c in commands)
    else:
        assert {"/mål", "/jämför"} <= set(commands)
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == HANDLED_EVENTS
    assert settings["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "app_mentions:read", "im:history"} <= scopes
    http = not settings["socket_mode_enabled"]
    urls = [
        *(c.get("url") for c in manifest["features"]["slash_commands"]),
        settings["event_subscriptions"].get("request_url"),
        settings["interactivity"].get("request_url"),
    ]
    if http:
        assert all(u and u.startswith("https://") and u.endswith("/slack/events") for u in urls)
    else:
        assert not any(urls), "Socket Mode apps have no request URLs"
