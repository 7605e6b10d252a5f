"""Slack Block Kit rendering of an answer, always within Slack's documented limits.

Every inserted value is escaped for mrkdwn by the Slack jinja2 environment, so text
from a user or a document can never mention @channel or fake a link.
"""

from __future__ import annotations

import json
from typing import Any

from planbot.answer.model import Answer
from planbot.render.environment import environment, escape_mrkdwn, render
from planbot.render.text import template_name

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 3000
MAX_FALLBACK_TEXT = 3000
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_TEXT = 75
MAX_ACTION_ELEMENTS = 25
ACTION_SHOW_SOURCE = "show_source"
ACTION_SHARE = "share_in_channel"
ACTION_CANDIDATE = "pick_candidate"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _template_block(answer: Answer, block: str) -> str:
    """Render one block of the intent's text template with Slack escaping."""
    template = environment("slack").get_template(f"text/{template_name(answer)}.j2")
    context = template.new_context({"a": answer})
    return "".join(template.blocks[block](context)).strip()


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, MAX_BUTTON_TEXT), "emoji": False},
        "action_id": action_id,
        "value": clip(value, MAX_BUTTON_VALUE),
    }
    if style:
        button["style"] = style
    return button


def render_blocks(answer: Answer, ephemeral: bool = True, shared_by: str | None = None) -> dict[str, Any]:
    """The Slack message for `answer`: {"text": fallback, "blocks": [...]}."""
    blocks: list[dict[str, Any]] = []
    if shared_by:
        text = render("slack", "shared_by", user_id=shared_by, query=answer.query)
        blocks.append({"type": "context", "elements": [_mrkdwn(text)]})
    if answer.status in ("help", "ambiguous", "not_found") or answer.intent == "sources":
        blocks.append(_section(_escaped_text(answer)))
        if answer.candidates:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": "candidates",
                    "elements": [
                        _button(c.name, f"{ACTION_CANDIDATE}_{i}", c.query)
                        for i, c in enumerate(answer.candidates[:MAX_ACTION_ELEMENTS])
                    ],
                }
            )
    else:
        head = _template_block(answer, "headline")
        intro = _template_block(answer, "no_value")
        malomrade = ""
        if answer.measure and answer.malomrade:
            malomrade = f"\nMålområde: {escape_mrkdwn(answer.malomrade)}"
        blocks.append(_section(f"*{head}*{malomrade}" + (f"\n{intro}" if intro else "")))
        room = MAX_BLOCKS - len(blocks) - 2  # keep space for "more" and the buttons
        fact_env = environment("slack").get_template("slack/fact.j2")
        source_env = environment("slack").get_template("slack/source.j2")
        shown = 0
        for fact in answer.facts:
            needed = 2 if fact.source else 1
            if needed > room:
                break
            blocks.append(_section(fact_env.render(f=fact, with_measure=answer.measure is None)))
            if fact.source:
                blocks.append({"type": "context", "elements": [_mrkdwn(source_env.render(ref=fact.source))]})
            room -= needed
            shown += 1
        if shown < len(answer.facts):
            blocks.append(
                {
                    "type": "context",
                    "elements": [_mrkdwn(f"… och {len(answer.facts) - shown} uppgifter till")],
                }
            )
        buttons = []
        if any(f.source for f in answer.facts):
            buttons.append(_button("Visa källa", ACTION_SHOW_SOURCE, _payload(answer)))
        if ephemeral:
            buttons.append(_button("Dela i kanalen", ACTION_SHARE, answer.query, style="primary"))
        if buttons:
            blocks.append({"type": "actions", "block_id": "answer_actions", "elements": buttons})
    fallback = clip(answer.text or _escaped_text(answer), MAX_FALLBACK_TEXT)
    return {"text": escape_mrkdwn(fallback), "blocks": blocks[:MAX_BLOCKS]}


def _escaped_text(answer: Answer) -> str:
    template = environment("slack").get_template(f"text/{template_name(answer)}.j2")
    return template.render(a=answer).strip()


def _payload(answer: Answer) -> str:
    """What "Visa källa" needs to find the facts again: the question and the fact ids."""
    ids = [f.id for f in answer.facts if f.source][:100]
    return json.dumps({"q": answer.query[:500], "ids": ids}, separators=(",", ":"))
