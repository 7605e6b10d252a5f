"""Who asked what, which facts answered, when. Pruned by retention (PLANBOT_QUERY_LOG_DAYS)."""

from __future__ import annotations

import sqlalchemy as sa

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite: INTEGER PRIMARY KEY (the rowid)


def upgrade(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    sa.Table(
        "query_log",
        meta,
        sa.Column("id", ID, primary_key=True),
        sa.Column("asked_at", sa.Text, nullable=False),
        sa.Column("surface", sa.Text, nullable=False),  # slack-command, slack-mention, slack-dm, cli, digest
        sa.Column("user_id", sa.Text),
        sa.Column("channel_id", sa.Text),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("intent", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("fact_ids", sa.Text, nullable=False),  # JSON list of knowledge-base fact ids
        sa.Column("duration_ms", sa.Double),
        sa.Index("query_log_asked_at", "asked_at"),
    )
    meta.create_all(conn)
