"""Slack listeners, one module per kind; each exposes `register(app, runtime)`."""

from __future__ import annotations

from slack_bolt import App

from planbot.slack.listeners import actions, commands, events
from planbot.slack.runtime import Runtime


def register(app: App, runtime: Runtime) -> None:
    commands.register(app, runtime)
    events.register(app, runtime)
    actions.register(app, runtime)
