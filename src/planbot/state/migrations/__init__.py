"""The numbered migrations of the runtime database, the same for SQLite and PostgreSQL.

Each `mNNNN_name.py` holds `upgrade(conn)`, written with SQLAlchemy Core DDL so that one
definition compiles to either dialect. They are applied in order, once each, inside a
transaction, and recorded in `schema_migrations` by the name `NNNN_name` (the names the
earlier `.sql` files had, so a database made by them is not migrated again). Add a new
file for a change; never edit one that has shipped. A migration defines its tables in
its own MetaData: `planbot.state.schema` is the newest shape, and a test checks that the
two agree on both dialects.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

Upgrade = Callable[[sa.Connection], None]
LOCK_ID = 0x706C616E626F74  # "planbot": PostgreSQL advisory lock held while migrating

_applied = sa.Table(
    "schema_migrations",
    sa.MetaData(),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("applied_at", sa.Text, nullable=False),
)


def migrations() -> list[tuple[str, Upgrade]]:
    """(name, upgrade) of every migration, in order."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("m") and module.name[1:5].isdigit():
            loaded = importlib.import_module(f"{__name__}.{module.name}")
            found.append((module.name[1:], loaded.upgrade))
    return sorted(found, key=lambda item: item[0])


def migrate(engine: sa.Engine) -> list[str]:
    """Apply the migrations not yet applied; returns their names.

    Each runs in its own write transaction: SQLite's BEGIN IMMEDIATE, or on PostgreSQL an
    advisory lock, so replicas starting at once apply each migration exactly once.
    """
    applied: list[str] = []
    for name, upgrade in migrations():
        with engine.connect() as conn:
            conn.execution_options(planbot_write=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
                _applied.create(conn, checkfirst=True)
                done = conn.execute(sa.select(_applied.c.name).where(_applied.c.name == name)).first()
                if done is None:
                    upgrade(conn)
                    now = datetime.now(UTC).isoformat(timespec="seconds")
                    conn.execute(_applied.insert().values(name=name, applied_at=now))
                    applied.append(name)
    return applied
