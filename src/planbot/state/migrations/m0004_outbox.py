"""Work for Slack that planbot has acknowledged and still owes: an answer to a mention or
a DM, a shared answer, a reply to a button or to `/planbot digest`, a notice to a user.

A row is written before Slack gets its acknowledgement, so no acknowledged event is
lost to a restart (SIGTERM or kill -9); the process that starts next (or another replica)
finishes it. `key` makes each piece of work unique (the event id, a digest of a click): a
retried or repeated delivery is stored once. Posted messages carry the key in their
metadata, so after an unknown outcome the channel's history tells whether the post landed.
"""

from __future__ import annotations

import sqlalchemy as sa

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    sa.Table(
        "outbox",
        meta,
        sa.Column("id", ID, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),  # answer | share | candidate | digest_command | reply
        sa.Column("lane", sa.Text, nullable=False),  # the channel: one delivery at a time per lane, in order
        sa.Column("payload", sa.Text, nullable=False),  # JSON: what the work needs (question, channel, …)
        sa.Column("send", sa.Text),  # JSON: what was sent the first time; a retry sends exactly this
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("in_doubt", sa.Integer, nullable=False, server_default="0"),  # 1: read the history first
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("not_before", sa.Double, nullable=False),  # epoch seconds: rate limits push this later
        sa.Column("first_sent_at", sa.Double),  # when it was first sent: where the history check starts
        sa.Column("claimed_by", sa.Text),  # the process delivering it; NULL: any process may take it
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("updated_at", sa.Double, nullable=False),
        sa.Column("ts", sa.Text),  # the Slack message ts once posted
        sa.Column("error", sa.Text),
        sa.CheckConstraint("state IN ('pending', 'sent', 'failed')"),
        sa.Index("outbox_open", "state", "claimed_by"),
        sa.Index("outbox_updated_at", "updated_at"),
    )
    # Processes delivering from the outbox and their heartbeats: rows claimed by a process
    # that stopped beating (or died on this host) are taken over by another.
    sa.Table(
        "outbox_workers",
        meta,
        sa.Column("worker", sa.Text, primary_key=True),
        sa.Column("heartbeat_at", sa.Double, nullable=False),
    )
    meta.create_all(conn)
