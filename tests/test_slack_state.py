"""The query log keeps what it should for as long as it should; event ids dedupe deliveries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from planbot.answer.engine import Engine
from planbot.service import ask
from planbot.slack.duplicates import SeenEvents
from planbot.state import connect
from planbot.state.query_log import QueryLog, prune


def test_query_log_records_and_prunes_by_retention(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "state.db"
    log = QueryLog(path, days=30)
    answer = ask("/prognos", engine)
    log.record("slack-command", answer, "U0ANNA", "C0GENERAL", 1.5)
    log.flush()
    log.close()
    conn = connect(path)
    (row,) = conn.execute("select * from query_log").fetchall()
    assert (row["surface"], row["user_id"], row["channel_id"], row["query"]) == (
        "slack-command", "U0ANNA", "C0GENERAL", "/prognos"
    )  # fmt: skip
    assert json.loads(row["fact_ids"]) == [f.id for f in answer.facts]
    assert prune(conn, 30) == 0
    assert prune(conn, 30, now=datetime.now(UTC) + timedelta(days=31)) == 1
    assert conn.execute("select count(*) from query_log").fetchone()[0] == 0


def test_query_log_off_writes_nothing(tmp_path: Path, engine: Engine) -> None:
    log = QueryLog(tmp_path / "state.db", days=0)
    log.record("slack-dm", ask("/prognos", engine), "U1", "D1", 1.0)
    log.flush()
    assert not (tmp_path / "state.db").exists()


def test_an_event_id_is_first_only_once_even_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    one, other = SeenEvents(path), SeenEvents(path)
    assert one.first_time("Ev1") is True
    assert one.first_time("Ev1", retry_num=1) is False
    assert other.first_time("Ev1") is False
    assert other.first_time("Ev2") is True
    assert one.prune(now=datetime.now(UTC) + timedelta(days=3)) == 2
    assert one.first_time("Ev1") is True
