"""The Swedish stemmer is Snowball's, in C (PyStemmer) or pure Python alike: every word of the
knowledge base and of the question sets stems the same in both."""

from __future__ import annotations

import json

from snowballstemmer.swedish_stemmer import SwedishStemmer

from planbot.query.resolve import stem
from planbot.text import fold, tokens
from tests.conftest import KNOWLEDGE, ROOT, SEEDS


def _words() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in KNOWLEDGE.rglob("*") if p.suffix in (".yaml", ".txt")]
    for path in [
        *(ROOT / "tests" / "eval" / "cases").glob("*.jsonl"),
        *(SEEDS.parent / "eval").glob("*.jsonl"),
    ]:
        texts += [" ".join(json.loads(line)["questions"]) for line in path.read_text().splitlines() if line]
    words = {w for text in texts for w in tokens(text)}
    return (
        words
        | {w.casefold() for text in texts for w in text.split() if w.isalpha()}
        | {fold(w) for w in words}
    )


def test_every_word_stems_as_snowballs_reference_implementation() -> None:
    reference = SwedishStemmer()
    words = _words()
    assert len(words) > 5000
    different = {
        w: (stem(w), reference.stemWord(w)) for w in words if len(w) > 3 and stem(w) != reference.stemWord(w)
    }
    assert different == {}
