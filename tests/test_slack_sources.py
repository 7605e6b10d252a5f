""" "Visa källa" finds the facts it cited after a knowledge-base release, over real HTTP.

A `/prognos` answer's button is taken from a server on one build of the knowledge base;
the server is restarted on a build where one of the cited facts was removed (so every
fact after it has another positional id). Clicking the old button must show the quotes
of exactly the facts it cited, and say that one of them no longer exists.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from planbot.answer.engine import Engine
from planbot.knowledge.build import build
from planbot.knowledge.store import KnowledgeBase
from planbot.render.slack import citation_key
from planbot.service import ask
from tests.conftest import KNOWLEDGE
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack, PlanbotServer, free_port, post, server_env, sign

FORM = "application/x-www-form-urlencoded"


def test_citation_keys_name_one_fact_each(kb: KnowledgeBase) -> None:
    keys = Counter(citation_key(f) for f in kb.facts)
    assert max(keys.values()) == 1


@pytest.fixture(scope="module")
def server(
    slack: FakeSlack, kb_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanbotServer]:
    env = server_env(slack, kb_path, PLANBOT_DIGEST_SCHEDULER="0")
    process = PlanbotServer(env, free_port(), tmp_path_factory.mktemp("sources") / "state.db")
    try:
        process.wait_ready()
        yield process
    finally:
        process.close()


def without_fact(tmp_path: Path, engine: Engine) -> tuple[Path, Any]:
    """A build of the knowledge base without the first /prognos fact (ids after it shift)."""
    gone = next(f for f in ask("/prognos", engine).facts if f.source)
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    assert gone.source is not None
    for path in (knowledge / "facts").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["source"] != gone.source.source_id:
            continue
        same = (gone.measure_id, gone.kind, gone.period, list(gone.source.lines))
        kept = [r for r in data["facts"] if (r["measure"], r["kind"], r["period"], list(r["lines"])) != same]
        assert len(kept) == len(data["facts"]) - 1
        data["facts"] = kept
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    output = tmp_path / "released.db"
    build(knowledge, output)
    return output, gone


def test_a_button_from_before_fingerprints_says_the_source_is_gone(
    server: PlanbotServer, slack: FakeSlack
) -> None:
    before = len(slack.of("views.open"))
    click = payloads.block_actions("show_source", '{"q":"/prognos","ids":[1,2,3]}', channel="C0GENERAL")
    post(server.url + "/slack/events", click, {"Content-Type": FORM, **sign(click)})
    assert slack.wait_until(lambda: len(slack.of("views.open")) > before)
    view = json.dumps(slack.of("views.open")[-1].params["view"], ensure_ascii=False)
    assert "▶" not in view and "Jag hittar inte källan längre" in view


def test_show_source_after_a_release_shows_the_cited_facts_and_says_which_is_gone(
    server: PlanbotServer, slack: FakeSlack, tmp_path: Path, engine: Engine
) -> None:
    released, gone = without_fact(tmp_path, engine)
    cited = [f for f in ask("/prognos", engine).facts if f.source][:20]
    before = len(slack.of("views.open"))
    try:
        body = payloads.slash_command("/prognos", "", channel="C0GENERAL")
        status, reply, _ = post(server.url + "/slack/events", body, {"Content-Type": FORM, **sign(body)})
        assert status == 200
        value = next(e["value"] for b in json.loads(reply)["blocks"] if b["type"] == "actions"
                     for e in b["elements"] if e["action_id"] == "show_source")  # fmt: skip
        server.stop()
        server.env["PLANBOT_KB_PATH"] = str(released)  # the next release of the knowledge base
        server.start()
        server.wait_ready()
        click = payloads.block_actions("show_source", value, channel="C0GENERAL")
        status, _, _ = post(server.url + "/slack/events", click, {"Content-Type": FORM, **sign(click)})
        assert status == 200
        assert slack.wait_until(lambda: len(slack.of("views.open")) > before)
        view = slack.of("views.open")[-1].params["view"]
    finally:
        server.stop()  # the module's last test: the server is not started again
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    quoted = [s for s in sections if s.startswith("```")]
    assert len(quoted) == len(cited) - 1
    for fact in cited:
        assert fact.source is not None
        shown = any(f"▶ {fact.source.lines[0]:>5}" in q for q in quoted)
        assert shown == (fact is not gone), (fact.measure_id, fact.source.lines)
    notes = json.dumps(view["blocks"], ensure_ascii=False)
    assert "En av källorna finns inte längre i kunskapsbasen" in notes
