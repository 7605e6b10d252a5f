-- Who asked what, which facts answered, when. Pruned by retention (PLANBOT_QUERY_LOG_DAYS).
CREATE TABLE query_log (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    surface TEXT NOT NULL,          -- slack-command, slack-mention, slack-dm, cli, digest
    user_id TEXT,
    channel_id TEXT,
    query TEXT NOT NULL,
    intent TEXT NOT NULL,
    status TEXT NOT NULL,
    fact_ids TEXT NOT NULL,         -- JSON list of knowledge-base fact ids
    duration_ms REAL
);
CREATE INDEX query_log_asked_at ON query_log (asked_at);
