"""Arbitrary text never breaks the pipeline: a valid answer object, nothing unescaped."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planbot.answer.engine import Engine
from planbot.render.slack import MAX_BLOCKS, MAX_SECTION_TEXT, render_blocks
from planbot.service import ask

STATUSES = {"answered", "no_value", "not_found", "ambiguous", "help"}
INTENTS = {"target", "forecast", "budget", "indicator", "compare", "sources", "help", "unknown"}
NASTY = [
    "",
    " ",
    "x" * 10_000,
    "<!channel> /mål sjukfrånvaro",
    "/prognos <!here> <@U123> <#C1|x> &amp;",
    '"*',
    'NEAR(resultat prognos, 2) "" * OR AND',
    "'; DROP TABLE facts; --",
    "\x00\x01\x1b[31mröd\x7f",
    "💸📉 prognos 🚀",
    "/jämför",
    "/mål 2024 2025 2026 långsiktigt",
    "/budget 99999999999999999999",
    "\u202eprognos\u202c",
]
text_strategy = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.lists(
        st.sampled_from(["/mål", "/prognos", "resultat", "2026", "<!channel>", "*", "NEAR(", "å", "\n"])
    ).map(" ".join),
)
UNESCAPED = re.compile(r"<[!@#]")


def mrkdwn_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "mrkdwn" else []
        return found + [t for v in node.values() for t in mrkdwn_texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in mrkdwn_texts(v)]
    return []


def check(engine: Engine, text: str) -> None:
    answer = ask(text, engine)
    data = json.loads(json.dumps(answer.to_json()))
    assert set(data) == {"query", "intent", "status", "facts", "candidates", "text"}
    assert data["status"] in STATUSES and data["intent"] in INTENTS
    assert data["text"]
    for fact in data["facts"]:
        assert fact["value"] is None or isinstance(fact["value"], float | int)
        assert fact["kind"] == "computed" or fact["source"]["quote"]
    message = render_blocks(answer)
    assert len(message["blocks"]) <= MAX_BLOCKS
    for part in [message["text"], *mrkdwn_texts(message["blocks"])]:
        assert not UNESCAPED.search(part), part
        assert len(part) <= MAX_SECTION_TEXT


def test_nasty_inputs(engine: Engine) -> None:
    for text in NASTY:
        check(engine, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=text_strategy)
def test_arbitrary_text(engine: Engine, text: str) -> None:
    check(engine, text)
