"""Digest config, composition and "Nytt sedan förra utskicket" over real knowledge bases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from planbot.answer.engine import Engine
from planbot.digest.compose import compose, fingerprint
from planbot.digest.config import PACKAGED_CONFIG, DigestConfigError, load_config
from planbot.digest.render import render_blocks, render_text
from planbot.knowledge.build import build
from planbot.knowledge.store import KnowledgeBase
from planbot.render.slack import MAX_BLOCKS, MAX_SECTION_TEXT
from tests.conftest import KNOWLEDGE
from tests.digest_support import STHLM

CONFIG = load_config(PACKAGED_CONFIG)


def test_packaged_config_ships_the_three_digests() -> None:
    assert CONFIG.names == ["hr", "ekonomi", "kvalitet"]


def test_config_errors_name_file_digest_and_field(tmp_path: Path) -> None:
    data = yaml.safe_load(PACKAGED_CONFIG.read_text(encoding="utf-8"))
    data["digests"][1]["schedule"] = "varje måndag"
    data["digests"][0]["items"][0]["colour"] = "red"
    data["digests"][2]["channels"] = ["#kvalitet"]
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DigestConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "mine.yaml › digest hr › items.1.colour: Extra inputs are not permitted" in message
    assert "mine.yaml › digest ekonomi › schedule: Ogiltigt schema" in message
    assert (
        "mine.yaml › digest kvalitet › channels.1.channel:" in message and "not a Slack channel id" in message
    )


def test_every_digest_has_figures_with_sources_and_an_as_of_date(engine: Engine) -> None:
    for digest in CONFIG.digests:
        message = compose(digest, engine, None, compared=False)
        facts = [f for s in message.sections for f in s.facts]
        assert facts, digest.name
        assert all(f.source and f.source.quote for f in facts if f.kind != "computed")
        assert message.as_of == max(f.source.date for f in facts if f.source)
        text = render_text(message, STHLM)
        assert text.startswith(digest.title)
        assert "Källa: " in text and "Nytt sedan förra utskicket" in text
        slack = render_blocks(message, STHLM)
        assert len(slack["blocks"]) <= MAX_BLOCKS
        assert all(
            len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in slack["blocks"] if b["type"] == "section"
        )


def test_ekonomi_shows_the_newest_forecast_and_the_ceiling(engine: Engine) -> None:
    message = compose(CONFIG.get("ekonomi"), engine, None)  # type: ignore[arg-type]
    overview, ceiling, _ = message.sections
    newest = max(f.as_of_date for f in engine.kb.facts if f.kind == "forecast" and f.measure_id == "resultat")
    result = [f for f in overview.facts if f.measure_id == "resultat" and f.kind == "forecast"]
    assert result and result[0].as_of_date == newest
    assert {f.kind for f in ceiling.facts} >= {"forecast", "budget"}
    assert all(f.measure_id == "nettokostnadsutveckling" for f in ceiling.facts)


def test_hr_says_what_the_sources_say_about_sjukfranvaro(engine: Engine) -> None:
    message = compose(CONFIG.get("hr"), engine, None)  # type: ignore[arg-type]
    sick = message.sections[0]
    assert sick.title == "Sjukfrånvaro"
    assert sick.facts and all(f.measure_id == "sjukfranvaro" for f in sick.facts)


def test_an_item_with_nothing_in_the_sources_says_so(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "digests:\n  - name: x\n    title: X\n    schedule: '0 8 * * *'\n"
        "    items:\n      - title: Okänt\n        measures: [finns_inte_alls]\n",
        encoding="utf-8",
    )
    message = compose(load_config(path).digests[0], engine, None)
    assert message.sections[0].facts == []
    assert "• Inga uppgifter i källorna ännu." in render_text(message)


def test_document_text_cannot_ping_a_channel(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "digests:\n  - name: x\n    title: '<!channel> X & Y'\n    schedule: '0 8 * * *'\n"
        "    items:\n      - title: '<@U123>'\n        measures: [resultat]\n",
        encoding="utf-8",
    )
    slack = render_blocks(compose(load_config(path).digests[0], engine, None))
    dumped = str(slack)
    assert "<!channel>" not in dumped and "<@U123>" not in dumped
    assert "&lt;!channel&gt; X &amp; Y" in slack["blocks"][0]["text"]["text"]


def test_what_changed_first_post_nothing_new_and_changed_values(engine: Engine) -> None:
    digest = CONFIG.get("kvalitet")
    assert digest is not None
    first = compose(digest, engine, None)
    assert first.first and "Första utskicket" in render_text(first)
    same = compose(digest, engine, first.fingerprints)
    assert not same.new and not same.changed
    assert "Inget nytt i källorna sedan förra utskicket" in render_text(same)
    # The same fact identity posted earlier with another value: reported as changed, not new.
    target = next(
        f for s in same.sections for f in s.facts if f.measure_id == "svf_ledtid" and f.kind == "outcome"
    )
    identity = fingerprint(target).split("/")[0]
    previous = [
        p if not p.startswith(identity) else f"{identity}/0000000000000000" for p in first.fingerprints
    ]
    changed = compose(digest, engine, previous)
    assert changed.changed == [target] and changed.new == []
    assert f"• Ändrad: {target.measure}: utfall {target.period}: {target.text}" in render_text(changed)


def test_new_facts_after_a_knowledge_base_rebuild(engine: Engine, tmp_path: Path) -> None:
    """A rebuild renumbers every fact; only the added fact is reported as new."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge, ignore=shutil.ignore_patterns("*.md"))
    before_db = tmp_path / "before.db"
    build(knowledge, before_db)
    digest = CONFIG.get("ekonomi")
    assert digest is not None
    posted = compose(digest, Engine(KnowledgeBase(before_db)), None)

    facts = yaml.safe_load((knowledge / "facts" / "rs-2026-06-17.yaml").read_text(encoding="utf-8"))
    template = next(
        f for f in facts["facts"] if f["measure"] == "nettokostnadsutveckling" and f["kind"] == "forecast"
    )
    extra = {**template, "qualifier": "exklusive läkemedel (tillagd i testet)"}
    # Facts after it get new ids in the rebuilt database.
    (knowledge / "facts" / "aa-extra.yaml").write_text(
        yaml.safe_dump({"source": facts["source"], "facts": [extra]}, allow_unicode=True), encoding="utf-8"
    )
    after_db = tmp_path / "after.db"
    build(knowledge, after_db)
    after = Engine(KnowledgeBase(after_db))
    before_ids = {fingerprint(f): f.id for f in KnowledgeBase(before_db).facts}
    renumbered = [f for f in after.kb.facts if before_ids.get(fingerprint(f), f.id) != f.id]
    assert renumbered, "the rebuild should renumber facts, or the test proves nothing"
    message = compose(digest, after, posted.fingerprints)
    assert [(f.measure_id, f.qualifier) for f in message.new] == [
        ("nettokostnadsutveckling", extra["qualifier"])
    ]
    assert message.changed == []
    text = render_text(message)
    assert "• Ny: Nettokostnadsutveckling: prognos 2026, efter april 2026 (exklusive läkemedel" in text


def test_ekonomi_says_what_it_promises_about_the_previous_forecast_and_the_budgets(engine: Engine) -> None:
    digest = CONFIG.get("ekonomi")
    assert digest is not None and "föregående prognos, när källorna har en" in (digest.intro or "")
    message = compose(digest, engine, None)
    text = render_text(message, STHLM)
    overview = text.split("Senaste helårsprognosen", 2)[-1]
    previous = [f for f in message.sections[0].facts if f.label == "tidigare prognos"]
    assert previous or "Ingen tidigare prognos för 2026 finns i källorna." in overview
    assert "Källorna anger olika budget för årets resultat 2026: 332 mnkr enligt Regionstyrelsen" in overview
    slack = json.dumps(render_blocks(message, STHLM), ensure_ascii=False)
    assert "_Ingen tidigare prognos för 2026 finns i källorna._" in slack


def test_digests_count_in_correct_plurals(engine: Engine) -> None:
    for digest in CONFIG.digests:
        message = compose(digest, engine, None, compared=False)
        for text in (
            render_text(message, STHLM),
            json.dumps(render_blocks(message, STHLM), ensure_ascii=False),
        ):
            assert " 1 uppgifter" not in text and " 1 delar" not in text
