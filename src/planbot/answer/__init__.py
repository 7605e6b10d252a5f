"""Answers: surface-neutral objects that every renderer (text, Slack, JSON) turns into output."""
