"""Renderers: one answer object to plain text, Slack Block Kit or the JSON contract."""
