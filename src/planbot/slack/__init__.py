"""planbot in Slack: a thin adapter over the answer pipeline (Bolt for Python)."""

from __future__ import annotations

from planbot.slack.app import create_app

__all__ = ["create_app"]
