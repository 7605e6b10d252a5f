"""Keep an eye on the runtime database while serving, for /healthz and for a replaced file.

Every CHECK_EVERY_S the watch runs one query through the pool. On PostgreSQL that is all:
a server that does not answer makes /healthz say so (503) until it answers again, and the
pool reconnects by itself. On SQLite the file matters too: connections keep working on a
deleted file (Linux keeps the inode), so without a look at the path planbot would go on
writing where nobody can read it. Gone or replaced, the watch creates a new database
(migrated), drops the pooled connections and tells the users of the old one (the
outbox stores its pending jobs again); a file SQLite cannot read is reported, never deleted.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from planbot import metrics
from planbot.background import Worker
from planbot.state import StateDB, open_state

log = logging.getLogger(__name__)
CHECK_EVERY_S = 1.0
MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


class StateWatch:
    """Watches the runtime database `db`; `on_replaced` runs after a replaced SQLite file was reopened."""

    def __init__(self, db: StateDB, on_replaced: Callable[[], None]) -> None:
        self.db = db
        self._on_replaced = on_replaced
        self._identity = self._file()
        self._worker = Worker("state-watch", self._watch_forever)
        self.status = "ok"
        self.reopened = 0
        self.last_problem: str | None = None
        self.probe_ms: float | None = None

    def _file(self) -> tuple[int, int] | None:
        if self.db.path is None:
            return None
        try:
            st = self.db.path.stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def start(self) -> None:
        """A first look now (for /healthz and the metrics from the start), then one every CHECK_EVERY_S."""
        self.check()
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop(timeout=5)

    def check(self) -> None:
        """One look: reopen a replaced SQLite file, report a database that cannot be used."""
        try:
            if self.db.path is not None:
                self._check_file()
            started = time.perf_counter()
            self.db.probe()
            self.probe_ms = round((time.perf_counter() - started) * 1000, 2)
        except (sa.exc.SQLAlchemyError, sqlite3.DatabaseError, OSError) as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:200]
            if self.status != "error":
                log.error("runtime database %s is not usable: %s", self.db.describe(), reason)
            self.status = "error"
            self.last_problem = ("corrupt: " if self.db.path is not None else "unreachable: ") + reason
            metrics.STATE_UP.set(0)
            return
        metrics.STATE_UP.set(1)
        if self.status == "error":
            log.warning("runtime database %s is usable again", self.db.describe())
        self.status = "ok"

    def _check_file(self) -> None:
        assert self.db.path is not None
        identity = self._file()
        if identity != self._identity:
            problem = "the file was deleted" if identity is None else "the file was deleted or replaced"
            log.error("runtime database %s: %s; creating a new one and reopening", self.db.path, problem)
            open_state(self.db.path).close()
            self.db.reopen()
            self._identity = self._file()
            self._on_replaced()
            self.reopened += 1
            self.last_problem = f"{problem}; a new database was created and reopened"
        with self.db.path.open("rb") as file:
            header = file.read(len(MAGIC))
        if header and header != MAGIC:  # WAL would hide this from queries until a checkpoint
            raise sqlite3.DatabaseError("file is not a database")
        # A connection of its own: the pooled ones may still read pages cached before the damage.
        probe = sqlite3.connect(f"{self.db.path.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
        try:
            probe.execute("SELECT count(*) FROM schema_migrations").fetchone()
        finally:
            probe.close()

    def _watch_forever(self, stop: threading.Event) -> None:
        while not stop.wait(CHECK_EVERY_S):
            self.check()

    def health(self) -> dict[str, Any]:
        return {
            "status": self.status, "database": self.db.dialect, "url": self.db.describe(),
            "probe_ms": self.probe_ms, "reopened": self.reopened, "last_problem": self.last_problem,
            "watching": self._worker.alive,
        }  # fmt: skip
