"""Slack's documented Block Kit limits, as a checker returning every problem found.

Limits from https://api.slack.com/reference/block-kit/blocks and …/block-elements:
≤ 50 blocks in a message (100 in a modal or Home tab), section text ≤ 3000, ≤ 10 fields
of ≤ 2000, context ≤ 10 elements, actions ≤ 25 elements, header ≤ 150 plain text,
button text ≤ 75, value ≤ 2000, action_id and block_id ≤ 255 and unique, modal title ≤ 24.
The table block (https://docs.slack.dev/reference/block-kit/blocks/table-block): ≤ 100
rows of ≤ 20 cells, cells raw_text or rich_text, ≤ 20 column_settings (align left, center
or right; is_wrapped a boolean), and one table per message; planbot puts none in views.
Every block must also parse into slack_sdk's Block Kit model of its type, validate, and
serialise back to exactly what was sent (so no field is unknown to Slack's own SDK).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

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
        elif kind == "table":
            out += _table(block, where)
        elif kind != "divider":
            out.append(f"{where}: unknown block type {kind!r}")
        out += _sdk_model(block, where)
    if sum(1 for b in blocks if b.get("type") == "table") > 1:
        out.append("more than one table block")
    return out


def _table(block: dict[str, Any], where: str) -> list[str]:
    out = []
    rows = block.get("rows") or []
    if not 1 <= len(rows) <= 100:
        out.append(f"{where}: {len(rows)} table rows (1–100)")
    if len({len(row) for row in rows}) > 1:
        out.append(f"{where}: rows of different lengths")
    for r, row in enumerate(rows):
        if not 1 <= len(row) <= 20:
            out.append(f"{where}.rows[{r}]: {len(row)} cells (1–20)")
        for c, cell in enumerate(row):
            if cell.get("type") not in ("raw_text", "rich_text"):
                out.append(f"{where}.rows[{r}][{c}]: cell of type {cell.get('type')!r}")
            elif cell["type"] == "raw_text" and (not isinstance(cell.get("text"), str) or not cell["text"]):
                out.append(f"{where}.rows[{r}][{c}]: empty raw_text")
            elif cell["type"] == "raw_text" and re.search(r"<[!@#]|<https?:", cell["text"]):
                out.append(f"{where}.rows[{r}][{c}]: a mention or link in {cell['text'][:60]!r}")
    settings = block.get("column_settings") or []
    if len(settings) > 20:
        out.append(f"{where}: {len(settings)} column_settings > 20")
    for i, setting in enumerate(settings):
        if setting is None:
            continue
        if setting.get("align", "left") not in ("left", "center", "right"):
            out.append(f"{where}.column_settings[{i}]: align {setting.get('align')!r}")
        if not isinstance(setting.get("is_wrapped", False), bool):
            out.append(f"{where}.column_settings[{i}]: is_wrapped not a boolean")
        if set(setting) - {"align", "is_wrapped"}:
            out.append(f"{where}.column_settings[{i}]: unknown keys {sorted(set(setting))}")
    return out


def _sdk_model(block: dict[str, Any], where: str) -> list[str]:
    return [f"{where}: {problem}" for problem in _sdk_problems(json.dumps(block, sort_keys=True))]


@lru_cache(maxsize=65536)
def _sdk_problems(encoded: str) -> tuple[str, ...]:
    """The block parses into slack_sdk's model of its type, validates, and round-trips unchanged
    (cached: the same block comes back in every variant of a message)."""
    block = json.loads(encoded)
    model = Block.parse(block)
    if model is None or type(model) is Block:
        return (f"slack_sdk has no model for block type {block.get('type')!r}",)
    try:
        model.validate_json()
    except SlackObjectFormationError as error:
        return (f"slack_sdk: {error}",)
    if model.to_dict() != block:
        return (f"slack_sdk serialises it differently: {model.to_dict()!r:.200}",)
    return ()


def message_problems(message: dict[str, Any]) -> list[str]:
    """Problems of a chat.postMessage / ack payload: blocks plus the text fallback."""
    out = block_problems(message.get("blocks", []), 50)
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        out.append("no text fallback")
    elif len(text) > 3000:
        out.append(f"text fallback of {len(text)} > 3000")
    return out


def visible_characters(blocks: list[dict[str, Any]]) -> int:
    """What a reader sees, counted independently of planbot's renderer: every text of a
    section, a context element or a button, and every table cell."""
    total = 0
    for block in blocks:
        if isinstance(block.get("text"), dict):
            total += len(block["text"].get("text", ""))
        for element in block.get("elements", []):
            text = element.get("text")
            total += len(text.get("text", "") if isinstance(text, dict) else text or "")
        total += sum(len(cell.get("text", "")) for row in block.get("rows", []) for cell in row)
    return total


def budget_problems(message: dict[str, Any], max_blocks: int, max_characters: int) -> list[str]:
    """An answer's length budget: at most `max_blocks` blocks and `max_characters` characters."""
    blocks = message.get("blocks", [])
    out = []
    if len(blocks) > max_blocks:
        out.append(f"{len(blocks)} blocks > the budget of {max_blocks}")
    if (seen := visible_characters(blocks)) > max_characters:
        out.append(f"{seen} characters > the budget of {max_characters}")
    return out


def view_problems(view: dict[str, Any]) -> list[str]:
    out = block_problems(view.get("blocks", []), 100)
    if any(b.get("type") == "table" for b in view.get("blocks", [])):
        out.append("a table block in a view")
    if view.get("type") == "modal":
        out += _text(view.get("title"), "title", 24, ("plain_text",))
        if "close" in view:
            out += _text(view["close"], "close", 24, ("plain_text",))
    elif view.get("type") != "home":
        out.append(f"unknown view type {view.get('type')!r}")
    return out
