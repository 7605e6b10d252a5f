"""Shared fixtures: the curated knowledge base built once per test session; runtime databases
of both dialects (SQLite, and PostgreSQL on a real server the session starts itself)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from planbot.answer.engine import Engine
from planbot.knowledge.build import build
from planbot.knowledge.store import KnowledgeBase
from planbot.state import StateDB, open_state
from tests.postgres import PostgresServer, required
from tests.slack.fake_slack import FakeSlack

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


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session; skipped (or, under PLANBOT_REQUIRE_POSTGRES, failed)
    when none can be started here."""
    server = PostgresServer()
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        server.stop()
        if required():
            pytest.fail(f"PLANBOT_REQUIRE_POSTGRES is set but PostgreSQL could not be started: {error}")
        pytest.skip(
            f"PostgreSQL could not be started ({error}); set PLANBOT_REQUIRE_POSTGRES=1 to fail instead"
        )
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty runtime database of each dialect."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture
def state(state_url: str) -> Iterator[StateDB]:
    db = open_state(state_url)
    yield db
    db.close()


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API for the tests of one module (files defining their own win)."""
    fake = FakeSlack()
    yield fake
    fake.close()
