"""The App Home tab: what planbot is, its commands, and the newest forecast."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planbot.render.slack import render_blocks
from planbot.slack.policy import HOME

if TYPE_CHECKING:
    from planbot.slack.runtime import Runtime

MAX_HOME_BLOCKS = 100


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": False}}


def home_view(runtime: Runtime) -> dict[str, Any]:
    """A `home` view: help with the commands, then the newest forecast with its sources (those
    the channel policy shows everywhere: the App Home is private, like a DM)."""
    help_blocks = render_blocks(runtime.answer("hjälp", surface="slack-home", user_id=None, channel_id=None))
    newest = runtime.answer("/prognos", surface="slack-home", user_id=None, channel_id=None)
    forecast = render_blocks(runtime.policy.without_withheld(newest, HOME), ephemeral=False)
    blocks = [
        _header("planbot – mål, prognoser och indikatorer"),
        *help_blocks["blocks"],
        {"type": "divider"},
        _header("Senaste prognosen"),
        *forecast["blocks"],
    ]
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
