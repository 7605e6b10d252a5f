"""`/planbot digest …` from Slack: prenumerera, lista, avsluta, visa (and hjälp).

`handle_digest_command` is a plain function over the text after "digest"; the Slack app
calls it and sends back the returned reply (`response_type`, `text`, `blocks`). It talks
to Slack only through `client` (a slack_sdk WebClient) to resolve and check channels.
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError

from planbot.digest.compose import compose
from planbot.digest.config import DigestConfig, get_config
from planbot.digest.render import render_blocks
from planbot.digest.schedule import ScheduleError, local_text, next_run, validate_cron
from planbot.digest.store import DigestStore
from planbot.render.environment import render
from planbot.render.slack import MAX_SECTION_TEXT, clip

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from planbot.answer.engine import Engine
    from planbot.settings import Settings
    from planbot.slack.policy import ChannelPolicy

VERBS = {
    "prenumerera": "subscribe", "subscribe": "subscribe", "lägg till": "subscribe",
    "lista": "list", "list": "list", "visa": "show", "förhandsvisa": "show", "preview": "show",
    "avsluta": "unsubscribe", "unsubscribe": "unsubscribe", "sluta": "unsubscribe",
    "hjälp": "help", "help": "help", "hjalp": "help", "": "help",
}  # fmt: skip
CHANNEL_LINK = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")
QUOTES = str.maketrans({"”": '"', "“": '"', "„": '"', "″": '"', "’": "'", "‘": "'"})
CHANNEL_PAGES = 20


class _Reply(Exception):
    """A reply to send instead of going on (a case of slack/digest_reply.j2)."""

    def __init__(self, reply: str, **context: object) -> None:
        super().__init__(reply)
        self.reply = reply
        self.context = context


@dataclass(slots=True)
class _Deps:
    store: DigestStore
    config: DigestConfig
    engine: Engine | None
    zone: ZoneInfo
    admins: list[str]
    channels: ChannelPolicy


def handle_digest_command(
    text: str,
    user_id: str,
    channel_id: str,
    is_admin: bool,
    client: WebClient,
    *,
    store: DigestStore | None = None,
    config: DigestConfig | None = None,
    engine: Engine | None = None,
    settings: Settings | None = None,
    channels: ChannelPolicy | None = None,
) -> dict[str, Any]:
    """The reply to `/planbot digest <text>`: {"response_type": "ephemeral", "text", "blocks"}.

    `is_admin` is whether Slack calls the user an admin or owner; users listed in the
    `digest_admins` setting may subscribe and unsubscribe too. Anyone may list and preview.
    The channel policy (default: from the settings) holds: a preview leaves out what the
    channel may not show, and channels outside the allowlist cannot be subscribed.
    """
    if settings is None:
        from planbot.settings import get_settings

        settings = get_settings()
    if channels is None:
        from planbot.slack.policy import ChannelPolicy

        channels = ChannelPolicy.from_settings(settings)
    conn: sqlite3.Connection | None = None
    if store is None:
        from planbot.state import connect

        conn = connect(settings.state_path)
        store = DigestStore(conn)
    deps = _Deps(
        store, config or get_config(settings.digest_config), engine,
        ZoneInfo(settings.digest_timezone), list(settings.digest_admins), channels,
    )  # fmt: skip
    try:
        if not channels.channel_allowed(channel_id):
            raise _Reply("not_allowed_here")
        words = _split(text)
        verb = VERBS.get(words[0].lower() if words else "")
        if verb is None:
            raise _Reply("unknown_command", word=words[0])
        authorised = is_admin or user_id in deps.admins
        if verb == "show":
            return _show(words[1:], channel_id, deps)
        if verb == "list":
            return _reply("list", **_listing(deps))
        if verb in ("subscribe", "unsubscribe"):
            name = _digest_name(words[1:], verb, deps)
            if not authorised:
                raise _Reply("not_authorised", digest_name=name)
            if verb == "subscribe":
                return _subscribe(name, words[2:], user_id, channel_id, client, deps)
            return _unsubscribe(name, words[2:], channel_id, client, deps)
        return _reply("help", names=deps.config.names)
    except _Reply as reply:
        return _reply(reply.reply, **{"names": deps.config.names, **reply.context})
    finally:
        if conn is not None:
            conn.close()


def _split(text: str) -> list[str]:
    text = text.translate(QUOTES).strip()
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote: read it as plain words
        return text.replace('"', " ").split()


def _reply(reply: str, **context: Any) -> dict[str, Any]:
    body = render("slack", "digest_reply", reply=reply, **context)
    return {
        "response_type": "ephemeral",
        "text": clip(body, MAX_SECTION_TEXT),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": clip(body, MAX_SECTION_TEXT)}}],
    }


def _digest_name(args: list[str], verb: str, deps: _Deps) -> str:
    command = {"subscribe": "prenumerera", "unsubscribe": "avsluta", "show": "visa"}[verb]
    if not args:
        raise _Reply("missing_name", command=command)
    name = args[0].lower()
    if deps.config.get(name) is None:
        raise _Reply("unknown_digest", digest_name=args[0])
    return name


def _show(args: list[str], channel_id: str, deps: _Deps) -> dict[str, Any]:
    name = _digest_name(args, "show", deps)
    digest = deps.config.get(name)
    assert digest is not None
    if deps.engine is None:
        from planbot.service import get_engine

        deps.engine = get_engine()
    message = compose(
        digest, deps.engine, deps.store.snapshot(name, channel_id), channel=channel_id, channels=deps.channels
    )
    return {"response_type": "ephemeral", **render_blocks(message, deps.zone)}


def _listing(deps: _Deps) -> dict[str, Any]:
    now = datetime.now(UTC)
    titles = {d.name: d.title for d in deps.config.digests}
    deps.store.sync_config(deps.config)
    subscriptions = [
        {
            "digest": s.digest,
            "title": titles.get(s.digest, s.digest),
            "channel": s.channel,
            "schedule": s.schedule,
            "origin": s.origin,
            "next_run": local_text(next_run(s.schedule, now, deps.zone), deps.zone),
        }
        for s in deps.store.subscriptions()
    ]
    return {"subscriptions": subscriptions, "digests": deps.config.digests}


def _subscribe(
    name: str, args: list[str], user_id: str, channel_id: str, client: WebClient, deps: _Deps
) -> dict[str, Any]:
    digest = deps.config.get(name)
    assert digest is not None
    channel = channel_id
    if args and _looks_like_channel(args[0]):
        channel = _resolve_channel(args[0], client)
        args = args[1:]
    if not deps.channels.channel_allowed(channel):
        raise _Reply("not_allowed", channel=channel)
    schedule = digest.schedule
    if args:
        try:
            schedule = validate_cron(" ".join(args))
        except ScheduleError as error:
            raise _Reply("bad_schedule", error=str(error)) from None
    _check_channel(channel, client)
    new = deps.store.subscribe(name, channel, schedule, user_id)
    upcoming = local_text(next_run(schedule, datetime.now(UTC), deps.zone), deps.zone)
    return _reply(
        "subscribed", channel=channel, title=digest.title, schedule=schedule, new=new, next_run=upcoming
    )


def _unsubscribe(
    name: str, args: list[str], channel_id: str, client: WebClient, deps: _Deps
) -> dict[str, Any]:
    digest = deps.config.get(name)
    assert digest is not None
    channel = _resolve_channel(args[0], client) if args else channel_id
    if any(t.channel == channel for t in digest.channels):
        raise _Reply("config_subscription", channel=channel, digest_name=name)
    if deps.store.unsubscribe(name, channel) is None:
        raise _Reply("not_subscribed", channel=channel, digest_name=name)
    return _reply("unsubscribed", channel=channel, title=digest.title)


def _looks_like_channel(word: str) -> bool:
    return word.startswith(("#", "<#")) or bool(CHANNEL_ID.match(word))


def _resolve_channel(word: str, client: WebClient) -> str:
    """A channel id from `<#C123|name>`, `C123` or `#name` (looked up by name)."""
    link = CHANNEL_LINK.match(word)
    if link:
        return link.group(1)
    if CHANNEL_ID.match(word):
        return word
    if not word.startswith("#") or len(word) < 2:
        raise _Reply("bad_channel", channel=word)
    wanted = word[1:].lower()
    cursor = None
    for _ in range(CHANNEL_PAGES):
        try:
            response = client.conversations_list(
                types="public_channel,private_channel", exclude_archived=True, limit=1000, cursor=cursor
            )
        except SlackApiError:
            break
        for channel in response.get("channels") or []:
            if str(channel.get("name", "")).lower() == wanted:
                return str(channel["id"])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    raise _Reply("channel_not_found", channel=word)


def _check_channel(channel: str, client: WebClient) -> None:
    """That planbot can post there: the channel exists, is not archived, planbot is a member."""
    if channel.startswith("D"):
        return
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as error:
        code = error.response.get("error")
        if code in ("channel_not_found", "not_in_channel"):
            raise _Reply("channel_not_found", channel=channel, link=True) from None
        raise
    if info.get("is_archived"):
        raise _Reply("archived", channel=channel)
    if not info.get("is_member", False) and not info.get("is_im"):
        raise _Reply("not_member", channel=channel)
