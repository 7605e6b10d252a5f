"""Slack Block Kit rendering of an answer: compact, within a length budget and Slack's limits.

An answer is its first line (bold) and details, a `table` block for the forecast overview
and for series (else one line per fact), one source line per document, and buttons:
"Visa källa" (the quotes), "Visa diagram" (a chart, for series and comparisons), "Visa
fler" (when the budget cut facts) and "Dela i kanalen". Every inserted value is escaped
for mrkdwn by the Slack jinja2 environment, so text from a user or a document can never
mention @channel or fake a link.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from planbot.answer.model import Answer, Fact, SourceRef
from planbot.charts.data import chart_for
from planbot.render.environment import environment, escape_mrkdwn, render, template
from planbot.render.labels import section_head
from planbot.render.tables import Table
from planbot.render.text import answer_blocks, template_name
from planbot.render.view import AnswerView, layout

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_FALLBACK_TEXT = 3000
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_TEXT = 75
MAX_ACTION_ELEMENTS = 25
MAX_TABLE_ROWS = 100  # header included
MAX_TABLE_COLUMNS = 20
# The length budget of an answer: what a reader takes in at a glance.
BUDGET_BLOCKS = 15
BUDGET_CHARACTERS = 2500
MAX_LINE = 300  # one fact's line; the whole of it is behind "Visa fler"
MAX_CELL = 120
MAX_QUOTED_QUERY = 200  # the question quoted back ("Delat av … · fråga: …")
ACTION_SHOW_SOURCE = "show_source"
ACTION_SHARE = "share_in_channel"
ACTION_CANDIDATE = "pick_candidate"
ACTION_SHOW_CHART = "show_chart"
ACTION_SHOW_MORE = "show_more"
BUTTONS = {
    "sv": {"source": "Visa källa", "chart": "Visa diagram", "more": "Visa fler", "share": "Dela i kanalen"},
    "en": {"source": "Show source", "chart": "Show chart", "more": "Show more", "share": "Share in channel"},
}
_LINK_LIKE = re.compile(r"<(?=[!@#]|https?:|mailto:)")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(texts: list[str]) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(t) for t in texts[:MAX_CONTEXT_ELEMENTS]]}


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


def _cell(text: str) -> dict[str, str]:
    """A raw_text table cell: plain text, never a mention or a link, never empty."""
    return {"type": "raw_text", "text": _LINK_LIKE.sub("‹", clip(text, MAX_CELL)) or "–"}


def table_block(table: Table, rows: int) -> dict[str, Any]:
    """Slack's `table` block of the header and the first `rows` rows."""
    columns = len(table.header[:MAX_TABLE_COLUMNS])
    body = [table.header, *table.rows[: min(rows, MAX_TABLE_ROWS - 1)]]
    return {
        "type": "table",
        "column_settings": [
            {"align": "right"} if table.numeric[i] else {"is_wrapped": True} for i in range(columns)
        ],
        "rows": [[_cell(c) for c in row[:columns]] for row in body],
    }


def visible_characters(blocks: list[dict[str, Any]]) -> int:
    """The characters a reader sees in `blocks`: texts, context lines, table cells, button labels."""
    total = 0
    for block in blocks:
        if "text" in block:
            total += len(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            total += len(text["text"] if isinstance(text, dict) else text or "")
        total += sum(len(cell.get("text", "")) for row in block.get("rows", []) for cell in row)
    return total


@lru_cache(maxsize=4096)
def _fact_line(fact: Fact, with_measure: bool, language: str) -> str:
    """One fact as a mrkdwn line (facts are immutable, so each is rendered once per process)."""
    line = template("slack", "fact", language).render(f=fact, with_measure=with_measure)
    return clip(line, MAX_LINE)


def document_lines(facts: list[Fact], language: str) -> list[str]:
    """One source line per document: "Källa: Regionstyrelsen 17 juni 2026 — … · En långsiktigt …"."""
    sections: dict[str, list[str]] = {}
    refs: dict[str, SourceRef] = {}
    for fact in facts:
        for ref in [fact.source] if fact.source else [f.source for f in fact.inputs if f.source]:
            refs.setdefault(ref.source_id, ref)
            head = section_head(ref.section)
            if head not in sections.setdefault(ref.source_id, []):
                sections[ref.source_id].append(head)
    ordered = sorted(refs.values(), key=lambda r: r.date, reverse=True)
    return [_document_line(r.document, tuple(sections[r.source_id][:2]), language) for r in ordered]


@lru_cache(maxsize=1024)
def _document_line(document: str, sections: tuple[str, ...], language: str) -> str:
    line = template("slack", "document", language).render(document=document, sections=sections)
    return clip(line, 300)


@dataclass(slots=True)
class _Body:
    """The facts an answer message shows: the first `rows` table rows, then `lines`."""

    rows: int
    lines: list[str]
    shown: list[Fact]
    cut: int  # facts left out


def _body(view: AnswerView, items: int) -> _Body:
    """The first `items` of the answer's table rows and fact lines, in order."""
    table_rows = len(view.table.rows) if view.table else 0
    rows = min(items, table_rows, MAX_TABLE_ROWS - 1)
    shown = view.table.shown(rows) if view.table else []
    facts = view.lines[: max(0, items - table_rows)] if rows == table_rows else []
    with_measure = view.with_measure
    lines = [_fact_line(f, with_measure, view.language) for f in facts]
    total = len(view.table.shown()) if view.table else 0
    shown += facts
    return _Body(rows, lines, shown, total + len(view.lines) - len(shown))


def _item_costs(view: AnswerView) -> list[int]:
    """The characters of each table row and fact line, in order (sources not counted)."""
    with_measure = view.with_measure
    rows = [sum(len(c) or 1 for c in cells) for cells in (view.table.rows if view.table else [])]
    return rows + [len(_fact_line(f, with_measure, view.language)) + 1 for f in view.lines]


def render_blocks(
    answer: Answer, ephemeral: bool = True, shared_by: str | None = None, surface: str = "message"
) -> dict[str, Any]:
    """The Slack message for `answer`: {"text": fallback, "blocks": [...]}.

    `surface` "home" (the App Home tab) leaves out the table block and the chart button,
    which need a message in a conversation.
    """
    blocks: list[dict[str, Any]] = []
    if shared_by:
        query = clip(answer.query, MAX_QUOTED_QUERY)
        blocks.append(_context([render("slack", "shared_by", user_id=shared_by, query=query)]))
    view = layout(answer)
    if surface == "home" and view.table is not None:
        view = replace(view, lines=view.table.shown() + view.lines, table=None)
    language = view.language
    if view.lead.kind == "plain":
        text = _escaped_text(answer, language)
        blocks.append(_section(text))
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
        return {"text": clip(text, MAX_FALLBACK_TEXT), "blocks": blocks[:MAX_BLOCKS]}
    headline, details = (escape_mrkdwn(part) for part in answer_blocks(view))
    head = f"*{headline}*" + (f"\n{details}" if details else "")
    chart = surface != "home" and chart_for(answer) is not None
    costs = _item_costs(view)
    room = BUDGET_CHARACTERS - len(head) - sum(len(c) for c in (view.table.header if view.table else []))
    items = 0
    while items < len(costs) and costs[items] <= room:
        room -= costs[items]
        items += 1
    while True:  # the estimate leaves out the source lines: drop facts until everything fits
        message = _answer_blocks(view, head, _body(view, items), ephemeral, chart)
        if items == 0 or visible_characters(blocks + message) <= BUDGET_CHARACTERS:  # ("Delat av …" too)
            break
        items -= 1
    # The fallback (notifications, screen readers): the first line and the details, escaped, then clipped.
    fallback = headline + (f"\n{details}" if details else "")
    return {"text": clip(fallback, MAX_FALLBACK_TEXT), "blocks": blocks + message}


def _answer_blocks(
    view: AnswerView, head: str, body: _Body, ephemeral: bool, chart: bool
) -> list[dict[str, Any]]:
    blocks = [_section(head)]
    if view.table is not None and body.rows:
        blocks.append(table_block(view.table, body.rows))
    if body.lines:
        blocks.append(_section("\n".join(body.lines)))
    sources = document_lines(body.shown + view.noted, view.language)
    if sources:
        blocks.append(_context(sources))
    if body.cut:
        blocks.append(_context([render("slack", "more", language=view.language, count=body.cut)]))
    buttons = _buttons(view.answer, view.language, ephemeral, chart, more=bool(body.cut))
    if buttons:
        blocks.append({"type": "actions", "block_id": "answer_actions", "elements": buttons})
    return blocks


def _buttons(answer: Answer, language: str, ephemeral: bool, chart: bool, more: bool) -> list[dict[str, Any]]:
    words = BUTTONS[language]
    query = json.dumps({"q": answer.query[:500]}, separators=(",", ":"), ensure_ascii=False)
    buttons = []
    if any(f.source for f in answer.facts):
        buttons.append(_button(words["source"], ACTION_SHOW_SOURCE, _payload(answer)))
    if chart:
        buttons.append(_button(words["chart"], ACTION_SHOW_CHART, query))
    if more:
        buttons.append(_button(words["more"], ACTION_SHOW_MORE, query))
    if ephemeral:
        buttons.append(_button(words["share"], ACTION_SHARE, answer.query, style="primary"))
    return buttons


def _escaped_text(answer: Answer, language: str) -> str:
    compiled = environment("slack", language).get_template(f"{language}/text/{template_name(answer)}.j2")
    return _escape_literals(compiled.render(a=answer).strip())


def _escape_literals(text: str) -> str:
    """Escape `<`/`>` written in a shared text template ("/mål <mått>"): inserted values are
    escaped already (as &lt;), so any raw angle bracket left is template text, never a mention."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


MAX_VIEW_BLOCKS = 100
MAX_VIEW_TITLE = 24
MAX_SOURCE_FACTS = 20


def citation_key(fact: Fact) -> str:
    """A cited fact's name that outlives knowledge-base builds: `<measure id>:<12 hex>`.

    Positional fact ids change whenever a fact is added or removed before it; this hashes
    where the fact stands (source, lines) and what it is (measure, kind, period, as_of,
    qualifier, unit), which names exactly one fact of the curated knowledge. The measure
    id in clear lets "Visa källa" look only among that measure's facts.
    """
    assert fact.source is not None
    return _citation_key(
        (fact.source.source_id, *fact.source.lines, fact.measure_id, fact.kind, fact.period,
         fact.as_of, fact.qualifier, fact.unit)
    )  # fmt: skip


@lru_cache(maxsize=8192)
def _citation_key(identity: tuple[object, ...]) -> str:
    """(Cached on the identity's plain values: hashing a whole Fact costs more than the key.)"""
    encoded = json.dumps(list(identity), ensure_ascii=False, separators=(",", ":")).encode()
    return f"{identity[len(identity) - 6]}:{hashlib.sha256(encoded).hexdigest()[:12]}"


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
    ping anyone nor break out of the code block. Curator notes are shown here, beside the
    quote they explain. `more`: citations beyond those shown; `notes`: fixed sentences shown
    last (a source that no longer exists).
    """
    blocks: list[dict[str, Any]] = [_context([f"Fråga: ”{escape_mrkdwn(query)}”"])]
    context = template("slack", "source_context")
    for fact, lines in items[:MAX_SOURCE_FACTS]:
        assert fact.source is not None
        blocks.append(_section(context.render(f=fact)))
        first, last = fact.source.lines
        shown = [
            f"{'▶' if first <= n <= last else ' '} {n:>5}  {escape_mrkdwn(text).replace('```', 'ˋˋˋ')}"
            for n, text in lines
        ]
        body = "\n".join(shown)
        blocks.append(_section("```" + clip(body, MAX_SECTION_TEXT - 6) + "```"))
    more += max(0, len(items) - MAX_SOURCE_FACTS)
    if more:
        blocks.append(_context([f"… och {more} källhänvisningar till"]))
    blocks.extend(_context([note]) for note in notes)
    if len(blocks) == 1:
        blocks.append(_section("Jag hittar inte källan längre – ställ frågan igen."))
    return _modal("Källa", blocks)


def render_more(answer: Answer) -> dict[str, Any]:
    """The "Visa fler" modal: the first line, then every fact of the answer, with its sources."""
    view = layout(answer)
    headline = escape_mrkdwn(answer_blocks(view)[0])
    blocks: list[dict[str, Any]] = [
        _context([f"Fråga: ”{escape_mrkdwn(answer.query)}”"]),
        _section(f"*{headline}*"),
    ]
    facts = view.table.shown() + view.lines if view.table else view.lines
    with_measure = view.with_measure
    chunk: list[str] = []
    for fact in facts:
        line = template("slack", "fact", view.language).render(f=fact, with_measure=with_measure)
        if sum(len(x) + 1 for x in chunk) + len(line) > MAX_SECTION_TEXT:
            blocks.append(_section("\n".join(chunk)))
            chunk = []
        chunk.append(clip(line, MAX_SECTION_TEXT))
    if chunk:
        blocks.append(_section("\n".join(chunk)))
    sources = document_lines(facts, view.language)
    for start in range(0, len(sources), MAX_CONTEXT_ELEMENTS):
        blocks.append(_context(sources[start : start + MAX_CONTEXT_ELEMENTS]))
    title = "Alla uppgifter" if view.language == "sv" else "All figures"
    return _modal(title, blocks)


def _modal(title: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": clip(title, MAX_VIEW_TITLE)},
        "close": {"type": "plain_text", "text": "Stäng"},
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }


def view_as_message(view: dict[str, Any]) -> dict[str, Any]:
    """A modal's content as an (ephemeral) message, when no modal can be opened."""
    blocks = view["blocks"][:MAX_BLOCKS]
    text = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    return {"text": clip(text, MAX_FALLBACK_TEXT), "blocks": blocks}
