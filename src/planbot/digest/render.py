"""A composed digest as plain text, Slack Block Kit (within Slack's limits) or JSON."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from planbot.digest.compose import MAX_NEW_SHOWN, DigestMessage, DigestSection
from planbot.periods import swedish_date
from planbot.render.environment import escape_mrkdwn, render
from planbot.render.slack import MAX_BLOCKS, MAX_CONTEXT_TEXT, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, clip
from planbot.render.view import competing_budgets, no_previous

MAX_CONTEXT_ELEMENTS = 10  # Slack's limit per context block
MARKER_PREFIX = "planbot_digest"
METADATA_EVENT = "planbot_digest"


def _context(message: DigestMessage, zone: ZoneInfo | None) -> dict[str, Any]:
    scheduled = ""
    if message.scheduled_at is not None:
        local = message.scheduled_at.astimezone(zone) if zone else message.scheduled_at
        scheduled = swedish_date(local.date().isoformat())
    notes = [section_notes(s) for s in message.sections]
    return {"m": message, "scheduled": scheduled, "max_new": MAX_NEW_SHOWN, "notes": notes}


def section_notes(section: DigestSection) -> dict[str, Any]:
    """What a manager expects beside a forecast, as in answers: that there is no earlier
    forecast of the year, and budgets the documents give differently."""
    return {
        "no_previous": no_previous(section.facts, section.intent),
        "competing": competing_budgets(section.facts),
    }


def render_text(message: DigestMessage, zone: ZoneInfo | None = None) -> str:
    """The digest as plain text (CLI preview; Slack's fallback text is this, escaped)."""
    return render("text", message.digest.template, **_context(message, zone))


def marker(digest: str, scheduled_at: str) -> str:
    """The block id that marks a posted digest, found again in conversations.history."""
    return f"{MARKER_PREFIX}|{digest}|{scheduled_at}"[:255]


def render_blocks(
    message: DigestMessage, zone: ZoneInfo | None = None, scheduled_key: str | None = None
) -> dict[str, Any]:
    """{"text", "blocks"} for chat.postMessage or an ephemeral reply; every value escaped."""
    ctx = _context(message, zone)
    blocks: list[dict[str, Any]] = [_section(render("slack", "digest_header", **ctx))]
    for section in message.sections:
        blocks.append({"type": "divider"})
        blocks.append(_section(render("slack", "digest_section", s=section, n=section_notes(section), **ctx)))
        sources = [
            {"type": "mrkdwn", "text": clip(render("slack", "source", ref=f.source), MAX_CONTEXT_TEXT)}
            for f in section.facts
            if f.source
        ]
        if sources:
            blocks.append({"type": "context", "elements": sources[:MAX_CONTEXT_ELEMENTS]})
    blocks.append({"type": "divider"})
    blocks.append(_section(render("slack", "digest_new", **ctx)))
    footer: dict[str, Any] = {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": clip(render("slack", "digest_footer", **ctx), MAX_CONTEXT_TEXT)}
        ],
    }
    if scheduled_key:
        footer["block_id"] = marker(message.digest.name, scheduled_key)
    if len(blocks) >= MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 2], _section("_… sammanfattningen är förkortad._")]
    blocks.append(footer)
    text = clip(escape_mrkdwn(render("text", "digest_fallback", **ctx)), MAX_FALLBACK_TEXT)
    return {"text": text, "blocks": blocks}


def metadata(digest: str, channel: str, scheduled_at: str) -> dict[str, Any]:
    """Slack message metadata naming the digest run; the crash-recovery check looks for it."""
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {"digest": digest, "channel": channel, "scheduled_at": scheduled_at},
    }


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}
