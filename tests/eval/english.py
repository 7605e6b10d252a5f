"""The English wordings' pass rate: how well planbot understands colleagues who ask in English.

    python -m tests.eval.english                       # examples, dev and planbot's own sets
    python -m tests.eval.english CASES.jsonl … [--misses] [--save F] [--diff F]

A wording counts as English by a test that owes nothing to the engine (whose own test,
query/words.py ENGLISH_MARKERS, is one of the things being measured): it has two English
function words ("the", "what", "and" …), or more than half of its other words (two letters
or more; a slash command's name left out) are not Swedish, or half of four or more.
Swedish is every word of the five source documents and of the measure catalogue, folded,
with the engine's Swedish stopwords, less a few English function words the documents
quote; a word that begins one of those or begins with one (five letters or more: an
inflection, a compound) or is one letter away from one (a typo) is Swedish too. Each
English wording runs in process and is judged by the shared scorer, as in
tests/eval/failures.py, whose classes the misses are sorted into.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from tests.eval.failures import ROOT, SHARED, classify, compare_misses, scorer
from tests.eval.ratchet import question_sets

_WORD = re.compile(r"[a-z]{2,}")
_COMMAND = re.compile(r"^\s*/\S+")
# English words the Swedish documents happen to contain (quoted titles, names).
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the and at is are was were of to by with what how when which who why does did do has have will "
    "can should our we this that it its be been there than may on after from until".split()
)


@cache
def swedish_words() -> frozenset[str]:
    from planbot.knowledge.load import load
    from planbot.query.words import META_WORDS, SWEDISH_STOPWORDS
    from planbot.text import fold

    found: set[str] = set(SWEDISH_STOPWORDS | META_WORDS)
    for path in (SHARED / "seeds").glob("*.txt"):
        found.update(_WORD.findall(fold(path.read_text(encoding="utf-8"))))
    knowledge, _ = load(ROOT / "knowledge")
    for measure in knowledge.measures.values():
        found.update(_WORD.findall(fold(" ".join([measure.name, *measure.synonyms]))))
    return frozenset(found - _ENGLISH_FUNCTION_WORDS)


@cache
def _swedish_beginnings() -> frozenset[str]:
    return frozenset(w[:k] for w in swedish_words() for k in range(5, len(w) + 1))


def _swedish(word: str) -> bool:
    """A Swedish word, an inflection or compound of one ("helar", "investeringsutfall"), or a typo."""
    if word in swedish_words():
        return True
    if len(word) < 5:
        return False
    if word in _swedish_beginnings() or any(word[:k] in swedish_words() for k in range(5, len(word))):
        return True
    letters = "abcdefghijklmnopqrstuvwxyz"
    near = {word[:i] + word[i + 1 :] for i in range(len(word))}
    near |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
    return bool(near & swedish_words())


def is_english(question: str) -> bool:
    from planbot.text import fold

    words = _WORD.findall(fold(_COMMAND.sub(" ", question)))
    unknown = [w for w in words if not _swedish(w)]
    function_words = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS)
    others = len(words) - function_words
    return (
        function_words >= 2
        or (len(words) >= 2 and len(unknown) * 2 > others)
        or (others >= 4 and len(unknown) * 2 == others)
    )


def run(path: Path) -> tuple[int, list[tuple[str, str, str, dict[str, Any], dict[str, Any]]]]:
    """(number of English wordings, the misses among them as (class, id, question, case, answer))."""
    from planbot.service import ask

    run_eval = scorer()
    sources = run_eval.load_sources(SHARED / "seeds")
    total, misses = 0, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        for question in case["questions"]:
            if not is_english(question):
                continue
            total += 1
            answer = ask(question).to_json()
            verdict, _ = run_eval.judge(case, answer, sources)
            if verdict != "pass":
                misses.append(
                    (classify(case, answer, verdict, sources, run_eval), case["id"], question, case, answer)
                )
    return total, misses


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", type=Path, nargs="*")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--save", type=Path, help="write the misses (case id, question) to this file")
    parser.add_argument("--diff", type=Path, help="list what changed against misses saved earlier")
    args = parser.parse_args()
    sets = {p.stem: p for p in args.cases} if args.cases else question_sets()
    print(f"{'set':18} {'english':>7} {'passed':>6} {'pass':>7}  misses by class")
    now: dict[str, str] = {}
    all_total = all_missed = 0
    listed = []
    for name, path in sets.items():
        total, misses = run(path)
        all_total, all_missed = all_total + total, all_missed + len(misses)
        classes: dict[str, int] = {}
        for miss in misses:
            classes[miss[0]] = classes.get(miss[0], 0) + 1
            now[f"{miss[1]}\t{miss[2]}"] = miss[0]
        rate = f"{(total - len(misses)) / total:.1%}" if total else "—"
        shown = ", ".join(f"{k} {v}" for k, v in sorted(classes.items(), key=lambda kv: -kv[1]))
        print(f"{name:18} {total:>7} {total - len(misses):>6} {rate:>7}  {shown}")
        listed += misses
    if all_total:
        passed = all_total - all_missed
        print(f"{'all':18} {all_total:>7} {passed:>6} {passed / all_total:>7.1%}")
    if args.misses:
        for cls, case_id, question, case, answer in listed:
            got = [(f["kind"], f["period"], f["value"], f["qualifier"]) for f in answer["facts"][:3]]
            print(f"- {cls:12} {case_id}: {question!r} [{case['kind']}, {case.get('period')}]")
            print(f"    got {answer['status']} {answer['intent']} {got}")
    compare_misses(now, args.diff, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
