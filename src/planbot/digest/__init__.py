"""Scheduled digests: config (what), compose (figures and what is new), schedule (when),
store (subscriptions, sent log), delivery (Slack), runner (exactly once), scheduler
(in `planbot serve`), commands (`/planbot digest …`)."""
