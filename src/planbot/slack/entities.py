"""Text as Slack sends it: `&`, `<` and `>` arrive as `&amp;`, `&lt;` and `&gt;`.

Read them back once, where a message or a command enters planbot, so that the answer
(which escapes everything it quotes) does not show `&amp;amp;`.
"""

from __future__ import annotations


def from_slack(text: str) -> str:
    """`text` with Slack's three entities turned back into the characters typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
