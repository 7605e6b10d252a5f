"""The runtime database: the same migrations make the same tables on SQLite and PostgreSQL,
once, also when replicas start together; claims and subscriptions hold across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from planbot.digest.store import DigestStore
from planbot.errors import SettingsError
from planbot.settings import Settings
from planbot.state import StateDB, StateError, open_state, parse_url, url_of
from planbot.state.migrations import migrate, migrations
from planbot.state.schema import metadata

ROOT = Path(__file__).resolve().parents[1]


def test_the_migrations_make_the_tables_the_code_uses(state: StateDB) -> None:
    inspector = sa.inspect(state.engine)
    made = {name: {c["name"] for c in inspector.get_columns(name)} for name in inspector.get_table_names()}
    used = {table.name: {c.name for c in table.columns} for table in metadata.sorted_tables}
    assert {name: made.get(name) for name in used} == used
    assert set(made) == {*used, "schema_migrations"}
    with state.read() as conn:
        applied = conn.execute(sa.text("SELECT name FROM schema_migrations ORDER BY name")).scalars().all()
    assert applied == ["0001_query_log", "0002_slack_events", "0003_digests", "0004_outbox"]
    assert applied == [name for name, _ in migrations()]


def test_migrating_again_changes_nothing(state: StateDB) -> None:
    assert migrate(state.engine) == []


def test_replicas_starting_together_migrate_once(state_url: str) -> None:
    script = "import sys; from planbot.state import open_state; open_state(sys.argv[1]).close()"
    starts = [
        subprocess.Popen([sys.executable, "-c", script, state_url], stderr=subprocess.PIPE, cwd=ROOT)
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in starts]
    assert [p.returncode for p in starts] == [0, 0, 0], errors
    db = open_state(state_url)
    with db.read() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM schema_migrations")).scalar() == 4
    db.close()


def test_a_claim_is_won_by_one_process_and_taken_over_only_as_read(state_url: str) -> None:
    one, other = DigestStore(open_state(state_url)), DigestStore(open_state(state_url))
    won = one.claim("hr", "C0HR", "2026-07-01T06:00:00Z")
    assert won is not None and won.claimed_by == one.worker
    assert other.claim("hr", "C0HR", "2026-07-01T06:00:00Z") is None
    taken = other.reclaim(won)
    assert taken is not None and taken.claimed_by == other.worker and taken.attempts == 2
    assert one.reclaim(won) is None  # changed since it was read: the compare-and-set fails
    one.mark_sent(won, "1.0", ["a"])  # not ours any more: nothing recorded
    assert other.row("hr", "C0HR", "2026-07-01T06:00:00Z").state == "posting"  # type: ignore[union-attr]
    other.mark_sent(taken, "1.0", ["a", "b"])
    assert one.row("hr", "C0HR", "2026-07-01T06:00:00Z").state == "sent"  # type: ignore[union-attr]
    assert one.snapshot("hr", "C0HR") == ["a", "b"]


def test_a_subscription_made_by_one_process_is_seen_by_another(state_url: str) -> None:
    one, other = DigestStore(open_state(state_url)), DigestStore(open_state(state_url))
    assert one.subscribe("hr", "C0HR", "0 8 1 * *", "U0ADMIN") is True
    assert other.subscribe("hr", "C0HR", "0 9 1 * *", "U0OTHER") is False  # rescheduled, not doubled
    (seen,) = one.subscriptions()
    assert (seen.digest, seen.channel, seen.schedule, seen.created_by) == (
        "hr",
        "C0HR",
        "0 9 1 * *",
        "U0OTHER",
    )
    assert other.unsubscribe("hr", "C0HR") is not None
    assert one.subscriptions() == [] and one.unsubscribe("hr", "C0HR") is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://db/planbot", "'mysql' is not supported"),
        ("sqlite://", "needs a file"),
        ("not a url", "not a database URL"),
    ],
)
def test_an_unusable_url_is_refused_in_one_line(url: str, message: str) -> None:
    with pytest.raises(StateError, match=message):
        parse_url(url)


def test_the_state_url_setting_is_checked_at_start_up_and_its_password_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planbot.settings import get_settings

    monkeypatch.setenv("PLANBOT_STATE_URL", "redis://:hemligt@cache/0")
    get_settings.cache_clear()
    with pytest.raises(SettingsError, match="STATE_URL") as refused:
        get_settings()
    get_settings.cache_clear()
    monkeypatch.delenv("PLANBOT_STATE_URL")
    assert "hemligt" not in str(refused.value)
    settings = Settings.read({}, state_url="postgresql://planbot:hemligt@db.example:5432/planbot")
    assert "hemligt" not in repr(settings)
    url = url_of(settings)
    assert url.drivername == "postgresql+psycopg"
    assert url_of(Settings.read({}, state_path=tmp_path / "s.db")).database == str(tmp_path / "s.db")
    assert (
        StateDB(url, sa.create_engine(url)).describe() == "postgresql://planbot:***@db.example:5432/planbot"
    )


def test_an_unreachable_postgresql_is_one_line_without_the_password() -> None:
    from tests.slack.fake_slack import free_port

    with pytest.raises(StateError, match="is not reachable") as refused:
        open_state(f"postgresql://planbot:hemligt@127.0.0.1:{free_port()}/planbot")
    assert "hemligt" not in str(refused.value) and "***" in str(refused.value)


def test_an_unwritable_state_folder_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/planbot/state.db")  # root may write anywhere but here
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "sub" / "state.db"
    with pytest.raises(StateError, match="PLANBOT_STATE_PATH"):
        open_state(target)
