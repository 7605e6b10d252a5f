"""Digests: which channel gets which digest on which schedule, what was posted (exactly
once per digest, channel and scheduled time), and the facts each channel last saw."""

from __future__ import annotations

import sqlalchemy as sa

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STATES = ("posting", "sent", "failed", "rejected", "skipped", "review")


def upgrade(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    # One row per (digest, channel). origin 'config' rows mirror the digest config file and
    # are synced from it on every run; 'slack' rows come from `/planbot digest prenumerera`.
    sa.Table(
        "digest_subscriptions",
        meta,
        sa.Column("id", ID, primary_key=True),
        sa.Column("digest", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("schedule", sa.Text, nullable=False),  # cron, five fields, in the digest time zone
        sa.Column("origin", sa.Text, nullable=False),  # config | slack
        sa.Column("created_by", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),  # UTC ISO 8601; runs before this are never due
        sa.UniqueConstraint("digest", "channel"),
    )
    # The sent log. A row is claimed (state 'posting') BEFORE the message is posted; the
    # unique key makes a second process, a restart or a retry find the claim and not post.
    #   posting  claimed, outcome not yet recorded (in flight, or the poster crashed)
    #   sent     posted; ts is the Slack message timestamp
    #   failed   a retryable error (rate limit, outage); retried within the grace period
    #   rejected a channel error that retrying cannot fix (not_in_channel, is_archived, …)
    #   skipped  missed (planbot was down) beyond the grace period, or superseded by a later run
    #   review   a stale claim whose outcome could not be checked; a person decides
    sa.Table(
        "digest_sent",
        meta,
        sa.Column("id", ID, primary_key=True),
        sa.Column("digest", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("scheduled_at", sa.Text, nullable=False),  # UTC ISO 8601, e.g. 2026-07-01T06:00:00Z
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.Text),
        sa.Column("claimed_at", sa.Double),  # wall-clock epoch seconds of the current claim
        sa.Column("ts", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.CheckConstraint(f"state IN ({', '.join(repr(s) for s in STATES)})"),
        sa.UniqueConstraint("digest", "channel", "scheduled_at"),
        sa.Index("digest_sent_state", "state"),
    )
    # Fingerprints of the digest's facts as last posted to a channel: "Nytt sedan förra utskicket".
    sa.Table(
        "digest_snapshots",
        meta,
        sa.Column("digest", sa.Text, primary_key=True),
        sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("scheduled_at", sa.Text, nullable=False),
        sa.Column("sent_at", sa.Text, nullable=False),
        sa.Column("fingerprints", sa.Text, nullable=False),  # JSON list of fact fingerprints
    )
    meta.create_all(conn)
