"""Plain-text rendering (CLI, chat, the `text` field of the JSON contract)."""

from __future__ import annotations

from planbot.answer.model import Answer
from planbot.render.environment import render


def template_name(answer: Answer) -> str:
    if answer.status in ("ambiguous", "not_found", "help"):
        return answer.status
    return answer.intent if answer.intent != "unknown" else "indicator"


def render_text(answer: Answer) -> str:
    return render("text", template_name(answer), a=answer)
