"""Every rendered answer stays within Slack's Block Kit limits, for many questions.

Questions: the golden answers, every evaluation question, one per catalogued measure and
intent, and hostile input. Each is rendered as an ephemeral answer, a posted answer, a
shared answer and a "Visa källa" modal; the Home tab is checked too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

import pytest

from planbot.answer.engine import Engine
from planbot.render.slack import render_blocks, render_source, view_as_message
from planbot.service import ask
from planbot.slack.home import home_view
from planbot.slack.policy import ChannelPolicy
from tests.slack.block_kit import message_problems, view_problems

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EVAL = ROOT.parent / "shared" / "eval" / "examples.jsonl"
HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "<!channel> <!here> <@U123> <https://evil.example|klicka>",
    "/mål <!everyone> & sjukfrånvaro > 5",
    "\x00\x1b[31m\u202e kontroll",
    "🚀🔥 prognos 💸",
    "*fet* _kursiv_ ~genom~ `kod` ```block``` > citat",
    'sjukfrånvaro" OR 1=1; DROP TABLE facts; --',
    'NEAR(a b) AND prognos* OR "',
    "/jämför " + "resultat " * 300,
]


def questions(engine: Engine) -> list[str]:
    found = [f"/mål {m.name}" for m in engine.kb.measures.values()]
    found += [f"/indikator {m.name}" for m in list(engine.kb.measures.values())[::3]]
    found += ["/prognos", "/budget", "/jämför resultatprognos 2024 2026", "hjälp", "källor", *HOSTILE]
    if EVAL.is_file():
        for line in EVAL.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found += json.loads(line)["questions"]
    return found


def check_answer(engine: Engine, question: str) -> list[str]:
    answer = ask(question, engine)
    out: list[str] = []
    for variant in (
        render_blocks(answer),
        render_blocks(answer, ephemeral=False),
        render_blocks(answer, ephemeral=False, shared_by="U0ANNA"),
    ):
        out += message_problems(variant)
    sourced = [f for f in answer.facts if f.source]
    view = render_source([(f, engine.kb.source_context(f.source)) for f in sourced if f.source], question)
    out += view_problems(view)
    out += message_problems(view_as_message(view))
    return [f"{question[:60]!r}: {p}" for p in out]


def test_rendered_answers_are_within_block_kit_limits(engine: Engine) -> None:
    asked = questions(engine)
    assert len(asked) > 100
    problems = [p for q in asked for p in check_answer(engine, q)]
    assert problems == []


@pytest.mark.skipif(not GOLDEN.is_dir(), reason="no golden answers yet")
def test_golden_slack_answers_are_within_block_kit_limits() -> None:
    files = sorted(GOLDEN.glob("*.slack.json"))
    problems = [f"{p.name}: {x}" for p in files for x in message_problems(json.loads(p.read_text("utf-8")))]
    assert problems == []


def test_hostile_text_cannot_mention_anyone(engine: Engine) -> None:
    for question in HOSTILE:
        message = render_blocks(ask(question, engine))
        shown = "\n".join([message["text"], *_texts(message["blocks"])])  # button values are never shown
        for ping in ("<!channel>", "<!here>", "<!everyone>", "<https://evil"):
            assert ping not in shown, question


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) else []
        return own + [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []


def test_home_tab_is_within_limits(engine: Engine) -> None:
    runtime: Any = MagicMock()
    runtime.answer.side_effect = lambda q, **kw: ask(q, engine)
    runtime.policy = ChannelPolicy(frozenset(), {})
    view = home_view(runtime)
    assert view_problems(view) == []
    assert [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"][-1] == "Senaste prognosen"


def test_checker_catches_what_slack_rejects() -> None:
    too_many = {"text": "x", "blocks": [{"type": "divider"}] * 51}
    assert message_problems(too_many) == ["51 blocks > 50"]
    long_section = {
        "text": "x",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}],
    }
    assert "3001 > 3000" in message_problems(long_section)[0]
    ping = {
        "text": "x",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hej <!channel>"}}],
    }
    assert "unescaped" in message_problems(ping)[0]
