"""The word statistics written at build time are exactly those the engine would compute over
every fact at start-up, and the engine answers alike however many facts it keeps loaded."""

from __future__ import annotations

from collections import Counter

import pytest

from planbot.answer.context import Context
from planbot.answer.engine import Engine
from planbot.answer.fit import Describer, affirmed, word_idf
from planbot.answer.snapshot import fact_word_idf, known_words, measure_index, source_facts
from planbot.knowledge.store import KnowledgeBase
from planbot.query.glossary import Glossary, measure_names
from planbot.query.resolve import MeasureIndex
from planbot.service import ask


def _computed_index(kb: KnowledgeBase) -> MeasureIndex:
    """The measure index over every measure and fact, computed the way the engine did at start."""
    by_measure: dict[str, list] = {}
    for fact in kb.facts:
        by_measure.setdefault(fact.measure_id, []).append(fact)
    details = {
        m: [affirmed(f.qualifier or "") for f in facts]
        + [f.stated or "" for f in facts if f.kind == "statement"]
        for m, facts in by_measure.items()
    }
    glossary = Glossary(kb.glossary)
    phrases = {m.id: measure_names(m.name, m.synonyms, m.id, glossary) for m in kb.measures.values()}
    return MeasureIndex(phrases, details)


def test_the_measure_index_read_on_demand_is_the_one_computed_over_every_fact(kb: KnowledgeBase) -> None:
    computed, read = _computed_index(kb), measure_index(kb.conn)
    assert list(read.vocab) == computed.vocab
    assert list(read.name_vocab) == computed.name_vocab
    assert read.vocab[10:18] == computed.vocab[10:18] and read.vocab[-1] == computed.vocab[-1]
    assert {s: set(read.postings[s]) for s in computed.vocab} == computed.postings
    assert {s: set(read.details[s]) for s in computed.details} == computed.details
    assert not any(s in read.details for s in computed.vocab if s not in computed.details)
    assert {s: read.idf[s] for s in computed.vocab} == computed.idf
    assert {t: list(read.tails[t]) for t in computed.tails} == computed.tails
    assert {m: read.phrases[m] for m in computed.phrases} == computed.phrases
    assert set(read.stop_stems) == computed.stop_stems
    assert "no-such-stem" not in read.postings and read.postings.get("no-such-stem") is None
    for word in ["sjukfrånvaron", "hyrpersonal", "nettokostnadsutvekling", "resultatprognos", "xyzzy"]:
        assert read.lookup(word) == computed.lookup(word)
        assert read.match([word]) == computed.match([word])
    assert read.suggest(["sjukfranvro"]) == computed.suggest(["sjukfranvro"])


def test_fact_words_and_source_counts_are_those_of_every_fact(kb: KnowledgeBase) -> None:
    describer = Describer({}, Glossary(kb.glossary))
    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    known: set[str] = set()
    for fact in kb.facts:
        counts.update(describer.of(fact))
        known |= describer.known(fact, fact.source.quote if fact.source else "")
        sources[fact.source.source_id if fact.source else ""] += 1
    read = fact_word_idf(kb.conn)
    assert {w: read[w] for w in counts} == word_idf(counts, len(kb.facts))
    assert len(read) == len(counts)
    assert source_facts(kb.conn) == dict(sources)
    assert list(known_words(kb.conn)) == sorted(known)


QUESTIONS = [
    "/mål sjukfrånvaro",
    "/prognos",
    "Vad är målvärdet för sjukfrånvaron 2024?",
    "jamfor resultatprognos 2025 2026",
    "/budget investeringar 2025",
    "hur mycket har koldioxidutsläppen minskat sedan 2012",
    "/indikator 1177",
    "Har vi nått målet för fast läkarkontakt?",
    "källor",
    "blodgivare",
]


def test_answers_do_not_depend_on_how_many_measures_stay_loaded(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = Engine(kb)
    expected = [ask(q, kept).to_json() for q in QUESTIONS * 2]
    monkeypatch.setattr(Context, "MAX_LOADED", 1)  # forget every measure's facts after each question
    forgetful = Engine(kb)
    assert [ask(q, forgetful).to_json() for q in QUESTIONS * 2] == expected
