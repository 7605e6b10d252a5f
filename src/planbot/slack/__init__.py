"""planbot in Slack: a thin adapter over the answer pipeline (Bolt for Python).

`planbot.slack.app.create_app` builds the Bolt app; `planbot.slack.posting` is the one
place messages are sent, light enough for the digest runner to import without Bolt.
"""
