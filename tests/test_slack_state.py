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


def test_query_log_writer_keeps_going_after_a_surrogate_and_a_failing_batch(
    tmp_path: Path, engine: Engine, monkeypatch
) -> None:
    from planbot.state import query_log

    path = tmp_path / "state.db"
    log = QueryLog(path, days=30)
    log.record("slack-dm", ask("sjukfr\ud800nvaro", engine), "U1", "D1", 1.0)
    log.flush()
    real_insert, calls = query_log._insert, []

    def fail_once(conn, entries):  # type: ignore[no-untyped-def]
        calls.append(len(entries))
        if len(calls) == 1:
            raise RuntimeError("the disk said no")
        real_insert(conn, entries)

    monkeypatch.setattr(query_log, "_insert", fail_once)
    log.record("slack-dm", ask("/prognos", engine), "U1", "D1", 1.0)
    log.flush()
    log.record("slack-dm", ask("/budget", engine), "U1", "D1", 1.0)
    log.flush()
    log.close()
    queries = [r["query"] for r in connect(path).execute("select query from query_log order by id")]
    assert queries == ["sjukfr\ufffdnvaro", "/budget"]
    assert (log.written, log.dropped) == (2, 1)


def test_a_background_worker_whose_loop_fails_is_restarted(caplog) -> None:
    import threading

    from planbot.background import Worker

    runs: list[int] = []
    done = threading.Event()

    def loop(stop: threading.Event) -> None:
        runs.append(1)
        if len(runs) == 1:
            raise ValueError("a bad item")
        done.set()
        stop.wait()

    worker = Worker("test-worker", loop, restart_after=0.01)
    worker.start()
    assert done.wait(5)
    assert worker.health() == {"alive": True, "restarts": 1, "last_error": "ValueError: a bad item"}
    worker.stop()
    assert not worker.alive
