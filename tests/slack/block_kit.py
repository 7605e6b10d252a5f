"""Slack's documented Block Kit limits, as a checker returning every problem found.

Limits from https://api.slack.com/reference/block-kit/blocks and …/block-elements:
≤ 50 blocks in a message (100 in a modal or Home tab), section text ≤ 3000, ≤ 10 fields
of ≤ 2000, context ≤ 10 elements, actions ≤ 25 elements, header ≤ 150 plain text,
button text ≤ 75, value ≤ 2000, action_id and block_id ≤ 255 and unique, modal title ≤ 24.
"""

from __future__ import annotations

import re
from typing import Any

ALLOWED_ANGLE = re.compile(r"<@U[A-Z0-9]+>")  # the only <…> planbot itself writes: "Delat av <@U…>"


def _text(obj: Any, where: str, limit: int, kinds: tuple[str, ...] = ("mrkdwn", "plain_text")) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in kinds:
        return [f"{where}: text object of type {kinds} expected, got {obj!r:.80}"]
    text = obj.get("text")
    out = []
    if not isinstance(text, str) or not text:
        out.append(f"{where}: empty text")
    elif len(text) > limit:
        out.append(f"{where}: text of {len(text)} > {limit} characters")
    elif ALLOWED_ANGLE.sub("", text).count("<"):
        out.append(f"{where}: unescaped '<' in {text[:80]!r}")
    return out


def _button(element: dict[str, Any], where: str) -> list[str]:
    out = _text(element.get("text"), f"{where}.text", 75, ("plain_text",))
    if len(str(element.get("value", ""))) > 2000:
        out.append(f"{where}: value longer than 2000")
    if element.get("style") not in (None, "primary", "danger"):
        out.append(f"{where}: style {element.get('style')!r}")
    if not element.get("action_id") or len(element["action_id"]) > 255:
        out.append(f"{where}: action_id missing or too long")
    return out


def block_problems(blocks: list[dict[str, Any]], max_blocks: int = 50) -> list[str]:
    out: list[str] = []
    if not blocks:
        out.append("no blocks")
    if len(blocks) > max_blocks:
        out.append(f"{len(blocks)} blocks > {max_blocks}")
    block_ids: set[str] = set()
    action_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where, kind = f"blocks[{i}]", block.get("type")
        if "block_id" in block:
            if block["block_id"] in block_ids or len(block["block_id"]) > 255:
                out.append(f"{where}: duplicate or too long block_id {block['block_id']!r}")
            block_ids.add(block["block_id"])
        if kind == "section":
            if "text" not in block and "fields" not in block:
                out.append(f"{where}: section without text or fields")
            if "text" in block:
                out += _text(block["text"], f"{where}.text", 3000)
            for j, field in enumerate(block.get("fields", [])):
                out += _text(field, f"{where}.fields[{j}]", 2000)
            if len(block.get("fields", [])) > 10:
                out.append(f"{where}: more than 10 fields")
        elif kind == "context":
            elements = block.get("elements", [])
            if not 1 <= len(elements) <= 10:
                out.append(f"{where}: {len(elements)} context elements")
            for j, element in enumerate(elements):
                out += _text(element, f"{where}.elements[{j}]", 3000)
        elif kind == "actions":
            elements = block.get("elements", [])
            if not 1 <= len(elements) <= 25:
                out.append(f"{where}: {len(elements)} action elements")
            for j, element in enumerate(elements):
                if element.get("type") != "button":
                    out.append(f"{where}.elements[{j}]: unexpected {element.get('type')}")
                    continue
                out += _button(element, f"{where}.elements[{j}]")
                if element.get("action_id") in action_ids:
                    out.append(f"{where}.elements[{j}]: duplicate action_id {element['action_id']}")
                action_ids.add(element.get("action_id"))
        elif kind == "header":
            out += _text(block.get("text"), f"{where}.text", 150, ("plain_text",))
        elif kind != "divider":
            out.append(f"{where}: unknown block type {kind!r}")
    return out


def message_problems(message: dict[str, Any]) -> list[str]:
    """Problems of a chat.postMessage / ack payload: blocks plus the text fallback."""
    out = block_problems(message.get("blocks", []), 50)
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        out.append("no text fallback")
    elif len(text) > 3000:
        out.append(f"text fallback of {len(text)} > 3000")
    return out


def view_problems(view: dict[str, Any]) -> list[str]:
    out = block_problems(view.get("blocks", []), 100)
    if view.get("type") == "modal":
        out += _text(view.get("title"), "title", 24, ("plain_text",))
        if "close" in view:
            out += _text(view["close"], "close", 24, ("plain_text",))
    elif view.get("type") != "home":
        out.append(f"unknown view type {view.get('type')!r}")
    return out
