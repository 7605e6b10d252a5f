"""Answers kept by their question's text (Engine(remember=…)): right only because no answer
depends on what was asked before, and safe only if a caller's changes stay its own."""

from __future__ import annotations

import random

from planbot.answer.engine import REMEMBERED_CHARS, Engine
from planbot.knowledge.store import KnowledgeBase
from tests.eval import own_questions


def test_no_answer_depends_on_the_questions_asked_before(kb: KnowledgeBase) -> None:
    questions = own_questions(every=9)
    shuffled = random.Random(5).sample(questions, len(questions))
    in_order = Engine(kb, remember=0)
    first = {q: in_order.answer(q).to_json() for q in questions}
    other_order = Engine(kb, remember=0)
    differing = [q for q in shuffled if other_order.answer(q).to_json() != first[q]]
    assert not differing


def test_a_question_asked_again_gets_the_same_answer_and_a_copy_of_its_own(kb: KnowledgeBase) -> None:
    engine, fresh = Engine(kb), Engine(kb, remember=0)
    question = "Vad är prognosen för årets resultat?"
    first = engine.answer(question)
    expected = fresh.answer(question).to_json()
    assert first.facts and first.to_json() == expected
    first.facts.clear()
    first.context["language"] = "xx"
    first.text = "changed by a renderer"
    again = engine.answer(question)
    assert again is not first
    assert again.to_json() == expected and again.context == fresh.answer(question).context


def test_a_long_question_is_answered_but_not_kept(kb: KnowledgeBase) -> None:
    engine = Engine(kb, remember=2)
    long_question = "Vad är prognosen för årets resultat? " + "x" * REMEMBERED_CHARS
    assert engine.answer(long_question).to_json() == Engine(kb, remember=0).answer(long_question).to_json()
    assert engine._remembered is not None and engine._remembered.cache_info().currsize == 0
