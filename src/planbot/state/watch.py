"""Notice when the runtime database file is deleted, replaced or corrupt while serving.

Connections keep working on a deleted file (Linux keeps the inode), so without a look at
the path planbot would go on writing where nobody can read it. Every CHECK_EVERY_S the
watch compares the file at the path with the one opened at start: gone or replaced, it
creates a new database (migrated) and tells the users of the old one to reopen; a file
SQLite cannot read is reported (/healthz answers 503), never deleted.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planbot.background import Worker
from planbot.state import connect

log = logging.getLogger(__name__)
CHECK_EVERY_S = 1.0
MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


class StateWatch:
    """Watches the runtime database at `path`; `on_replaced` reopens every connection to it."""

    def __init__(self, path: Path, on_replaced: Callable[[], None]) -> None:
        self.path = path
        self._on_replaced = on_replaced
        self._identity = self._file()
        self._worker = Worker("state-watch", self._watch_forever)
        self.status = "ok"
        self.reopened = 0
        self.last_problem: str | None = None

    def _file(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def start(self) -> None:
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop(timeout=5)

    def check(self) -> None:
        """One look at the file: reopen when it was deleted or replaced, report when it is corrupt."""
        identity = self._file()
        if identity != self._identity:
            problem = "the file was deleted" if identity is None else "the file was deleted or replaced"
            log.error("runtime database %s: %s; creating a new one and reopening", self.path, problem)
            connect(self.path).close()
            self._identity = self._file()
            self._on_replaced()
            self.reopened += 1
            self.last_problem = f"{problem}; a new database was created and reopened"
        try:
            with self.path.open("rb") as file:
                header = file.read(len(MAGIC))
            if header and header != MAGIC:  # WAL would hide this from queries until a checkpoint
                raise sqlite3.DatabaseError("file is not a database")
            probe = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
            try:
                probe.execute("SELECT count(*) FROM schema_migrations").fetchone()
            finally:
                probe.close()
        except (sqlite3.DatabaseError, OSError) as error:
            if self.status != "error":
                log.error("runtime database %s is corrupt: %s", self.path, error)
            self.status = "error"
            self.last_problem = f"corrupt: {error}"
            return
        self.status = "ok"

    def _watch_forever(self, stop: threading.Event) -> None:
        while not stop.wait(CHECK_EVERY_S):
            self.check()

    def health(self) -> dict[str, Any]:
        return {"status": self.status, "reopened": self.reopened, "last_problem": self.last_problem,
                "watching": self._worker.alive}  # fmt: skip
