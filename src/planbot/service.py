"""The pipeline every surface shares: parse → resolve → answer → render the text."""

from __future__ import annotations

import gc
from functools import lru_cache

from planbot.answer.engine import Engine
from planbot.answer.model import Answer
from planbot.render.text import render_text


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The engine over the configured knowledge base, built on first use when stale."""
    from planbot.knowledge.store import open_knowledge_base
    from planbot.settings import get_settings

    engine = Engine(open_knowledge_base(), remember=get_settings().answers_remembered)
    settle()
    return engine


def settle() -> None:
    """Once the engine is up, for a process that keeps it (serve, chat, a benchmark).

    The knowledge base lives as long as the process: the collector need not rescan it. Facts
    loaded per measure live long too, and a full collection scans them all (at 1000× hundreds
    of ms, the slowest answers): one runs a hundred times less often. Young collections,
    which free what one question leaves behind, are as before.
    """
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


FULL_COLLECTION_EVERY = 1000  # middle-generation collections between full ones (default 10)


def ask(text: str, engine: Engine | None = None) -> Answer:
    """Answer one question, with its plain-text rendering filled in."""
    answer = (engine or get_engine()).answer(text)
    answer.text = render_text(answer)
    return answer
