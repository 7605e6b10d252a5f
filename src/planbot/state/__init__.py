"""The writable runtime database: event dedupe, the outbox, digests (subscriptions, claims,
the sent log) and the query log.

`PLANBOT_STATE_URL` says where it lives:

- `sqlite:///path/to/state.db` (the default, at PLANBOT_STATE_PATH): embedded, for one
  machine. Processes on that machine share the file safely: WAL journal, a busy timeout,
  and every write transaction begun with BEGIN IMMEDIATE.
- `postgresql://user:password@host:5432/planbot`: one database server shared by every
  replica, so that a Slack retry reaching another replica, a digest due in two
  schedulers, or a subscription made through one replica all behave as on one machine.

SQLAlchemy Core does the dialect work (pools, parameters, DDL, `ON CONFLICT`, `IS NOT
DISTINCT FROM`); the driver for PostgreSQL is psycopg 3. The schema comes from the same
numbered migrations on both (planbot.state.migrations). Every state change that decides
who does something is one statement whose WHERE names what it expects, so two processes
never both win, whichever database they share.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite

from planbot.errors import PlanbotError
from planbot.state.migrations import migrate

if TYPE_CHECKING:
    from planbot.settings import Settings

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 10_000  # PostgreSQL: no statement (or lock wait) holds a request longer
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
WRITE = "planbot_write"  # execution option: begin with BEGIN IMMEDIATE on SQLite


class StateError(PlanbotError):
    """The runtime database cannot be opened (corrupt, not a database, not writable, not reachable)."""


def url_of(settings: Settings) -> sa.URL:
    """The runtime database of `settings`: PLANBOT_STATE_URL, else SQLite at PLANBOT_STATE_PATH."""
    raw = settings.state_url.get_secret_value() if settings.state_url else ""
    return parse_url(raw) if raw else sqlite_url(settings.state_path)


def sqlite_url(path: Path) -> sa.URL:
    return sa.URL.create("sqlite", database=str(path))


def parse_url(raw: str) -> sa.URL:
    """A runtime-database URL SQLAlchemy can open with planbot's drivers, or StateError."""
    try:
        url = sa.make_url(raw)
    except sa.exc.ArgumentError:
        raise StateError(
            "PLANBOT_STATE_URL is not a database URL; use sqlite:///path/state.db or "
            "postgresql://user:password@host:5432/database"
        ) from None
    if url.drivername in POSTGRES_SCHEMES:
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StateError(
                "PLANBOT_STATE_URL: a SQLite runtime database needs a file: sqlite:///path/state.db"
            )
        return url
    raise StateError(
        f"PLANBOT_STATE_URL: {url.drivername!r} is not supported; use sqlite:///… or postgresql://…"
    )


class StateDB:
    """The runtime database: a pool of connections, transactions for reads and writes."""

    def __init__(self, url: sa.URL, engine: sa.Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name  # "sqlite" | "postgresql"

    @property
    def path(self) -> Path | None:
        """The file of a SQLite database (None on PostgreSQL)."""
        return Path(self.url.database or "") if self.dialect == "sqlite" else None

    def describe(self) -> str:
        """The URL with its password hidden: for logs, /healthz and errors."""
        return self.url.set(drivername=self.url.get_backend_name()).render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction, committed at the end (rolled back on an exception)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A connection for reads (one snapshot per statement on PostgreSQL, per transaction on SQLite)."""
        with self.engine.connect() as conn:
            yield conn

    def insert(self, table: sa.Table) -> Any:
        """INSERT for this dialect: it has on_conflict_do_nothing / on_conflict_do_update."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def probe(self) -> None:
        """One query through a fresh look at the database; raises when it is unusable."""
        with self.read() as conn:
            conn.execute(sa.text("SELECT count(*) FROM schema_migrations")).scalar()

    def reopen(self) -> None:
        """Drop every pooled connection: the next use opens the database again (a replaced file)."""
        self.engine.dispose()

    def close(self) -> None:
        self.engine.dispose()


def open_state(where: sa.URL | str | Path) -> StateDB:
    """Open (creating if needed) the runtime database, migrated to the newest schema.

    A database that cannot be used raises StateError, whose one line says what to do.
    """
    url = (
        sqlite_url(where)
        if isinstance(where, Path)
        else parse_url(where)
        if isinstance(where, str)
        else where
    )
    engine = _engine(url)
    db = StateDB(url, engine)
    try:
        migrate(engine)
    except sa.exc.OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if db.dialect == "sqlite" and "locked" in reason:
            raise
        if db.dialect == "postgresql":
            raise StateError(
                f"the runtime database {db.describe()} is not reachable ({reason}); check "
                "PLANBOT_STATE_URL, the network and that the database exists"
            ) from None
        raise _unusable(db, reason) from None
    except sa.exc.DatabaseError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise _unusable(db, reason) from None
    return db


def _unusable(db: StateDB, reason: str) -> StateError:
    if db.dialect == "sqlite":
        return StateError(
            f"the runtime database {db.path} is not usable ({reason}); "
            "move it away (planbot creates a new one) or restore it from a backup"
        )
    return StateError(f"the runtime database {db.describe()} refused planbot's schema ({reason})")


def _engine(url: sa.URL) -> sa.Engine:
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StateError(
                f"cannot create the folder of the runtime database {path} ({error.strerror}); set "
                "PLANBOT_STATE_PATH (or PLANBOT_STATE_URL) to a writable place"
            ) from None
        if path.exists() and not _writable(path):
            raise StateError(
                f"the runtime database {path} is not writable by this user; set PLANBOT_STATE_PATH "
                "(or PLANBOT_STATE_URL) to a writable place"
            )
        engine = sa.create_engine(
            url,
            connect_args={
                "timeout": BUSY_TIMEOUT_MS / 1000,
                "check_same_thread": False,
                "isolation_level": None,
            },
            pool_size=8,
            max_overflow=16,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={STATEMENT_TIMEOUT_MS // 2}"
    return sa.create_engine(
        url,
        connect_args={"connect_timeout": 5, "application_name": "planbot", "options": options},
        pool_size=5,
        max_overflow=10,
        pool_pre_ping=True,
    )


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    """Each new SQLite connection: autocommit in the driver (planbot begins its own transactions)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # WAL: durable against a crash of the process
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    """Writes take the write lock at BEGIN, so that two writers wait rather than fail mid-way."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")
