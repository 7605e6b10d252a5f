-- Digests: which channel gets which digest on which schedule, what was posted (exactly
-- once per digest, channel and scheduled time), and the facts each channel last saw.

-- One row per (digest, channel). origin 'config' rows mirror the digest config file and
-- are synced from it on every run; 'slack' rows come from `/planbot digest prenumerera`.
CREATE TABLE digest_subscriptions (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    channel TEXT NOT NULL,
    schedule TEXT NOT NULL,         -- cron, five fields, in the digest time zone
    origin TEXT NOT NULL,           -- config | slack
    created_by TEXT,
    created_at TEXT NOT NULL,       -- UTC ISO 8601; runs before this are never due
    UNIQUE (digest, channel)
);

-- The sent log. A row is claimed (state 'posting') BEFORE the message is posted; the
-- unique key makes a second process, a restart or a retry find the claim and not post.
--   posting  claimed, outcome not yet recorded (in flight, or the poster crashed)
--   sent     posted; ts is the Slack message timestamp
--   failed   a retryable error (rate limit, outage); retried within the grace period
--   rejected a channel error that retrying cannot fix (not_in_channel, is_archived, …)
--   skipped  missed (planbot was down) beyond the grace period, or superseded by a later run
--   review   a stale claim whose outcome could not be checked; a person decides
CREATE TABLE digest_sent (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    channel TEXT NOT NULL,
    scheduled_at TEXT NOT NULL,     -- UTC ISO 8601, e.g. 2026-07-01T06:00:00Z
    state TEXT NOT NULL CHECK (state IN ('posting', 'sent', 'failed', 'rejected', 'skipped', 'review')),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_at REAL,                -- wall-clock epoch seconds of the current claim
    ts TEXT,
    error TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (digest, channel, scheduled_at)
);
CREATE INDEX digest_sent_state ON digest_sent (state);

-- Fingerprints of the digest's facts as last posted to a channel: "Nytt sedan förra utskicket".
CREATE TABLE digest_snapshots (
    digest TEXT NOT NULL,
    channel TEXT NOT NULL,
    scheduled_at TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    fingerprints TEXT NOT NULL,     -- JSON list of fact fingerprints
    PRIMARY KEY (digest, channel)
);
