"""Shared fixtures: the curated knowledge base built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from planbot.answer.engine import Engine
from planbot.knowledge.build import build
from planbot.knowledge.store import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "knowledge.db"
    build(KNOWLEDGE, path)
    return path


@pytest.fixture(scope="session")
def kb(kb_path: Path) -> KnowledgeBase:
    return KnowledgeBase(kb_path)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)
