"""The built knowledge base at run time: read on demand, refused when built by another version."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from planbot.errors import PlanbotError
from planbot.knowledge.store import SCHEMA_VERSION, KnowledgeBase, open_knowledge_base
from planbot.settings import get_settings
from tests.conftest import KNOWLEDGE


def test_measures_and_facts_are_read_per_measure(kb: KnowledgeBase) -> None:
    assert "sjukfranvaro" in kb.measures and "no_such_measure" not in kb.measures
    assert kb.measures["sjukfranvaro"].name == "Sjukfrånvaro"
    with pytest.raises(KeyError):
        kb.measures["no_such_measure"]
    assert len(kb.measures) == len(list(kb.measures.values())) == len(list(kb.measures))
    facts = kb.facts_of("sjukfranvaro")
    assert facts and all(f.measure_id == "sjukfranvaro" for f in facts)
    assert [f.id for f in facts] == sorted(f.id for f in facts)
    assert kb.by_measure.get("no_such_measure", []) == [] and kb.by_measure["sjukfranvaro"] == facts
    assert len(kb.facts) == sum(len(kb.facts_of(m)) for m in kb.by_measure)


def _older(kb_path: Path, tmp_path: Path) -> Path:
    old = tmp_path / "knowledge.db"
    shutil.copy(kb_path, old)
    with sqlite3.connect(old) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    return old


def test_a_database_built_by_another_version_is_refused(kb_path: Path, tmp_path: Path) -> None:
    with pytest.raises(PlanbotError, match="built by another version of planbot; run `planbot kb build`"):
        KnowledgeBase(_older(kb_path, tmp_path))


def test_a_database_built_by_another_version_is_rebuilt_on_first_use(
    kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _older(kb_path, tmp_path)
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    old.touch()  # newer than knowledge/: only its version says it is stale
    monkeypatch.setenv("PLANBOT_KB_PATH", str(old))
    monkeypatch.setenv("PLANBOT_KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    get_settings.cache_clear()
    try:
        assert len(open_knowledge_base().facts) == len(KnowledgeBase(kb_path).facts)
    finally:
        get_settings.cache_clear()
