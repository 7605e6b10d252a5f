"""Slack Block Kit rendering of an answer, always within Slack's documented limits.

Every inserted value is escaped for mrkdwn by the Slack jinja2 environment, so text
from a user or a document can never mention @channel or fake a link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from planbot.answer.model import Answer, Fact, SourceRef
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
    return _escape_literals("".join(template.blocks[block](context)).strip())


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


@lru_cache(maxsize=4096)
def _fact_mrkdwn(fact: Fact, with_measure: bool) -> str:
    """One fact as mrkdwn (facts are immutable, so each is rendered once per process)."""
    return environment("slack").get_template("slack/fact.j2").render(f=fact, with_measure=with_measure)


@lru_cache(maxsize=4096)
def _source_mrkdwn(ref: SourceRef) -> str:
    return environment("slack").get_template("slack/source.j2").render(ref=ref)


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
        shown = 0
        for fact in answer.facts:
            needed = 2 if fact.source else 1
            if needed > room:
                break
            blocks.append(_section(_fact_mrkdwn(fact, answer.measure is None)))
            if fact.source:
                blocks.append({"type": "context", "elements": [_mrkdwn(_source_mrkdwn(fact.source))]})
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
    # Escape first, then clip: escaping lengthens the text ("&" → "&amp;").
    fallback = escape_mrkdwn(answer.text) if answer.text else _escaped_text(answer)
    return {"text": clip(fallback, MAX_FALLBACK_TEXT), "blocks": blocks[:MAX_BLOCKS]}


def _escaped_text(answer: Answer) -> str:
    template = environment("slack").get_template(f"text/{template_name(answer)}.j2")
    return _escape_literals(template.render(a=answer).strip())


def _escape_literals(text: str) -> str:
    """Escape `<`/`>` written in a shared text template ("/mål <mått>"): inserted values are
    escaped already (as &lt;), so any raw angle bracket left is template text, never a mention."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


MAX_VIEW_BLOCKS = 100
MAX_VIEW_TITLE = 24
MAX_SOURCE_FACTS = 20


@lru_cache(maxsize=8192)
def citation_key(fact: Fact) -> str:
    """A cited fact's name that outlives knowledge-base builds: `<measure id>:<12 hex>`.

    Positional fact ids change whenever a fact is added or removed before it; this hashes
    where the fact stands (source, lines) and what it is (measure, kind, period, as_of,
    qualifier, unit), which names exactly one fact of the curated knowledge. The measure
    id in clear lets "Visa källa" look only among that measure's facts.
    """
    assert fact.source is not None
    identity = [
        fact.source.source_id, *fact.source.lines, fact.measure_id, fact.kind, fact.period,
        fact.as_of, fact.qualifier, fact.unit,
    ]  # fmt: skip
    encoded = json.dumps(identity, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{fact.measure_id}:{hashlib.sha256(encoded).hexdigest()[:12]}"


def _payload(answer: Answer) -> str:
    """What "Visa källa" needs to find the facts again: the question, the citation keys of
    the facts the modal shows and how many there are in all; within Slack's button limit."""
    keys = list(dict.fromkeys(citation_key(f) for f in answer.facts if f.source))
    total, keys, query = len(keys), keys[:MAX_SOURCE_FACTS], answer.query[:300]
    while True:
        value = json.dumps({"q": query, "f": keys, "n": total}, ensure_ascii=False, separators=(",", ":"))
        if len(value) <= MAX_BUTTON_VALUE:
            return value
        if len(query) > 50:
            query = query[: len(query) // 2]
        else:
            keys.pop()


def render_source(
    items: list[tuple[Fact, list[tuple[int, str]]]],
    query: str,
    *,
    more: int = 0,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """The "Visa källa" modal: per fact its citation, then the cited lines with context.

    The cited lines are marked with ▶; every line is escaped, so a document can neither
    ping anyone nor break out of the code block. `more`: citations beyond those shown;
    `notes`: fixed sentences shown last (a source that no longer exists).
    """
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [_mrkdwn(f"Fråga: ”{escape_mrkdwn(query)}”")]}
    ]
    template = environment("slack").get_template("slack/source_context.j2")
    for fact, lines in items[:MAX_SOURCE_FACTS]:
        assert fact.source is not None
        blocks.append(_section(template.render(f=fact)))
        first, last = fact.source.lines
        shown = [
            f"{'▶' if first <= n <= last else ' '} {n:>5}  {escape_mrkdwn(text).replace('```', 'ˋˋˋ')}"
            for n, text in lines
        ]
        body = "\n".join(shown)
        blocks.append(_section("```" + clip(body, MAX_SECTION_TEXT - 6) + "```"))
    more += max(0, len(items) - MAX_SOURCE_FACTS)
    if more:
        blocks.append({"type": "context", "elements": [_mrkdwn(f"… och {more} källhänvisningar till")]})
    blocks.extend({"type": "context", "elements": [_mrkdwn(note)]} for note in notes)
    if len(blocks) == 1:
        blocks.append(_section("Jag hittar inte källan längre – ställ frågan igen."))
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": clip("Källa", MAX_VIEW_TITLE)},
        "close": {"type": "plain_text", "text": "Stäng"},
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }


def view_as_message(view: dict[str, Any]) -> dict[str, Any]:
    """A modal's content as an (ephemeral) message, when no modal can be opened."""
    blocks = view["blocks"][:MAX_BLOCKS]
    text = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    return {"text": clip(text, MAX_FALLBACK_TEXT), "blocks": blocks}
