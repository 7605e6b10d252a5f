-- Work for Slack that planbot has acknowledged and still owes: an answer to a mention or
-- a DM, a shared answer, a reply to a button or to `/planbot digest`, a notice to a user.
-- A row is written before Slack gets its acknowledgement, so no acknowledged event is
-- lost to a restart (SIGTERM or kill -9); the process that starts next finishes it.
-- `key` makes each piece of work unique (the event id, a digest of a click): a retried or
-- repeated delivery is stored once. Posted messages carry the key in their metadata, so
-- after an unknown outcome the channel's history tells whether the post landed.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,             -- answer | share | candidate | digest_command | reply
    lane TEXT NOT NULL,             -- the channel: one delivery at a time per lane, in order
    payload TEXT NOT NULL,          -- JSON: what the work needs (question, channel, thread, user, …)
    send TEXT,                      -- JSON: what was sent the first time; a retry sends exactly this
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    in_doubt INTEGER NOT NULL DEFAULT 0,  -- 1: a post may have reached Slack; read the history first
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before REAL NOT NULL,       -- epoch seconds: rate limits and backoff push this later
    first_sent_at REAL,             -- when it was first sent: where the history check starts
    claimed_by TEXT,                -- the process delivering it; NULL: any process may take it
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    ts TEXT,                        -- the Slack message ts once posted
    error TEXT
);
CREATE INDEX outbox_open ON outbox (state, claimed_by);
CREATE INDEX outbox_updated_at ON outbox (updated_at);

-- Processes delivering from the outbox and their heartbeats: rows claimed by a process
-- that stopped beating (or died on this host) are taken over by another.
CREATE TABLE outbox_workers (
    worker TEXT PRIMARY KEY,
    heartbeat_at REAL NOT NULL
);
