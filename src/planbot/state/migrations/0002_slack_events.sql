-- Slack events already received: a retry or a duplicate delivery of the same event_id is
-- dropped, so no event is ever answered twice. Pruned together with the query log.
CREATE TABLE slack_events (
    event_id TEXT PRIMARY KEY,
    received_at TEXT NOT NULL,
    retry_num INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX slack_events_received_at ON slack_events (received_at);
