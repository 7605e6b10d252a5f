"""The writable runtime database: query log, digest subscriptions, sent log.

Schema changes are numbered SQL files in `migrations/` (`0001_name.sql`, …), applied in
order once each, inside a transaction, and recorded in `schema_migrations`. Add a new
file for a change; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from planbot.errors import PlanbotError

BUSY_TIMEOUT_MS = 10_000


class StateError(PlanbotError):
    """The runtime database cannot be opened (corrupt, not a database, not writable)."""


def migrations() -> list[tuple[str, str]]:
    """(name, sql) of every migration, in order."""
    folder = resources.files(__package__).joinpath("migrations")
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    return [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8")) for p in files]


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the runtime database, migrated to the newest schema.

    Safe with several processes: WAL journal, a busy timeout, and migrations applied
    under an immediate (write-locking) transaction. A file SQLite cannot use raises
    StateError, whose message says what to do.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            raise
        raise StateError(
            f"the runtime database {path} is not usable ({error}); "
            "move it away (planbot creates a new one) or restore it from a backup"
        ) from None
    return conn


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied; returns their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    applied: list[str] = []
    for name, sql in migrations():
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", [name]).fetchone()
            if not done:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, datetime('now'))", [name]
                )
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3 executes one at a time inside a transaction)."""
    out, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
