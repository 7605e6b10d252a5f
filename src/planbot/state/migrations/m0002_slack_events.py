"""Slack events already received: a retry or a duplicate delivery of the same event_id is
dropped, so no event is ever answered twice. Pruned after two days."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    sa.Table(
        "slack_events",
        meta,
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.Column("retry_num", sa.Integer, nullable=False, server_default="0"),
        sa.Index("slack_events_received_at", "received_at"),
    )
    meta.create_all(conn)
