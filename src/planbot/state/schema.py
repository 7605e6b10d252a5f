"""The runtime database's tables as the code uses them: the shape the migrations end in.

Statements are built from these (SQLAlchemy Core), so each compiles to SQLite or
PostgreSQL. tests/test_state.py checks them against a migrated database of each dialect.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

query_log = sa.Table(
    "query_log",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("asked_at", sa.Text, nullable=False),
    sa.Column("surface", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text),
    sa.Column("channel_id", sa.Text),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("intent", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("fact_ids", sa.Text, nullable=False),
    sa.Column("duration_ms", sa.Double),
)

slack_events = sa.Table(
    "slack_events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("retry_num", sa.Integer, nullable=False),
)

digest_subscriptions = sa.Table(
    "digest_subscriptions",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("schedule", sa.Text, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("created_by", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
)

digest_sent = sa.Table(
    "digest_sent",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("scheduled_at", sa.Text, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("claimed_by", sa.Text),
    sa.Column("claimed_at", sa.Double),
    sa.Column("ts", sa.Text),
    sa.Column("error", sa.Text),
    sa.Column("updated_at", sa.Text, nullable=False),
)

digest_snapshots = sa.Table(
    "digest_snapshots",
    metadata,
    sa.Column("digest", sa.Text, primary_key=True),
    sa.Column("channel", sa.Text, primary_key=True),
    sa.Column("scheduled_at", sa.Text, nullable=False),
    sa.Column("sent_at", sa.Text, nullable=False),
    sa.Column("fingerprints", sa.Text, nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("lane", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("send", sa.Text),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("in_doubt", sa.Integer, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("not_before", sa.Double, nullable=False),
    sa.Column("first_sent_at", sa.Double),
    sa.Column("claimed_by", sa.Text),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
    sa.Column("ts", sa.Text),
    sa.Column("error", sa.Text),
)

outbox_workers = sa.Table(
    "outbox_workers",
    metadata,
    sa.Column("worker", sa.Text, primary_key=True),
    sa.Column("heartbeat_at", sa.Double, nullable=False),
)
