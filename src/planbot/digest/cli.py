"""What the `planbot digest …` commands do; click lives in planbot/cli.py, this holds the work."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from planbot.digest.compose import compose
from planbot.digest.config import DigestConfigError, get_config
from planbot.digest.render import render_blocks, render_text
from planbot.digest.schedule import local_text, next_run, parse_iso
from planbot.digest.store import DigestStore
from planbot.render.environment import render


def preview(name: str, fmt: str, channel: str | None = None) -> str:
    """Digest NAME rendered now as text, Slack blocks (JSON) or the digest's JSON; with a
    channel, as it would be posted there (what is new, and the channel policy applied)."""
    from planbot.service import get_engine
    from planbot.settings import get_settings

    settings = get_settings()
    config = get_config(settings.digest_config)
    digest = config.get(name)
    if digest is None:
        raise DigestConfigError(f"no digest named {name!r}; there are: {', '.join(config.names)}")
    previous = None
    if channel:
        from planbot.state import connect

        conn = connect(settings.state_path)
        try:
            previous = DigestStore(conn).snapshot(name, channel)
        finally:
            conn.close()
    channels = None
    if channel:
        from planbot.slack.policy import ChannelPolicy

        channels = ChannelPolicy.from_settings(settings)
    message = compose(
        digest, get_engine(), previous, channel=channel, compared=channel is not None, channels=channels
    )
    zone = ZoneInfo(settings.digest_timezone)
    if fmt == "json":
        data = message.to_json()
        data["text"] = render_text(message, zone)
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "slack":
        return json.dumps(render_blocks(message, zone), ensure_ascii=False, indent=2)
    return render_text(message, zone)


def listing() -> str:
    """The digests and the subscriptions, with their next runs (Swedish time)."""
    from planbot.settings import get_settings
    from planbot.state import connect

    settings = get_settings()
    config = get_config(settings.digest_config)
    zone = ZoneInfo(settings.digest_timezone)
    conn = connect(settings.state_path)
    try:
        store = DigestStore(conn)
        store.sync_config(config)
        now = datetime.now(UTC)
        subscriptions = [
            {
                "digest": s.digest,
                "channel": s.channel,
                "schedule": s.schedule,
                "origin": s.origin,
                "next_run": local_text(next_run(s.schedule, now, zone), zone),
            }
            for s in store.subscriptions()
        ]
    finally:
        conn.close()
    return render("text", "digest_list", digests=config.digests, subscriptions=subscriptions)


def run_due(now_text: str | None) -> tuple[list[str], bool]:
    """Post what is due at `now_text` (default now); one line per outcome, and whether all went well."""
    from planbot.digest.delivery import web_client
    from planbot.digest.runner import policy_from_settings
    from planbot.digest.runner import run_due as run
    from planbot.service import get_engine
    from planbot.settings import get_settings
    from planbot.slack.policy import ChannelPolicy
    from planbot.state import connect

    settings = get_settings()
    try:
        now = parse_iso(now_text) if now_text else datetime.now(UTC)
    except ValueError:
        raise DigestConfigError(
            f"--now {now_text!r} is not an ISO 8601 time (e.g. 2026-07-01T08:00+02:00)"
        ) from None
    config = get_config(settings.digest_config)
    client = web_client(settings)
    conn = connect(settings.state_path)
    try:
        report = run(
            now,
            store=DigestStore(conn),
            config=config,
            engine=get_engine(),
            client=client,
            policy=policy_from_settings(settings),
            channels=ChannelPolicy.from_settings(settings),
        )
    finally:
        conn.close()
    lines = [r.line() for r in report.results] or ["nothing due"]
    return lines, not report.failed
