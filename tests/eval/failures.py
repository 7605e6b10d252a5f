"""Failure report: the evaluation's misses grouped by class, so classes get fixed, not wordings.

    python -m tests.eval.failures ../shared/eval/dev.jsonl [more.jsonl …] [--show 3] [--class abstained]

Runs the engine in process on every wording of every case, judges each answer with the
shared scorer (../shared/eval/run_eval.py) and sorts each miss into one class:

  not_found        the measure was not recognised
  ambiguous        several measures were offered instead of an answer
  abstained        no_value for a figure the sources hold
  invented         a number for a figure the sources do not hold
  wrong            numbers, none of them an expected one (the worst miss after invented)
  said_instead     answered an unanswerable question with statements (no number)
  wrong_place      answered, but no fact comes from the expected lines (measure, kind or period)
  right_place      a fact cites the expected lines, but an expected value is missing (qualifier, selection)
  no_statement     a statement question answered without the statement
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def scorer() -> ModuleType:
    """The shared scorer, loaded from ../shared/eval/run_eval.py."""
    spec = importlib.util.spec_from_file_location("run_eval", SHARED / "eval" / "run_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def classify(
    case: dict[str, Any], answer: dict[str, Any], verdict: str, sources: Any, run_eval: ModuleType
) -> str:
    status = answer.get("status")
    if verdict in ("invented", "wrong"):
        return verdict
    if case["kind"] == "unanswerable":
        return "said_instead"
    if status == "not_found":
        return "not_found"
    if status == "ambiguous":
        return "ambiguous"
    if status != "answered":
        return "abstained"
    ranges = run_eval.expected_ranges(case)
    if any(run_eval.cites(f, ranges, sources) for f in answer.get("facts") or []):
        numbered = any(e.get("value") is not None or e.get("any") for e in case.get("expected") or [])
        return "right_place" if numbered or case["kind"] != "statement" else "no_statement"
    return "no_statement" if case["kind"] == "statement" else "wrong_place"


def run(paths: list[Path]) -> list[tuple[str, str, str, dict[str, Any], dict[str, Any]]]:
    """(class, case id, question, case, answer) for every miss."""
    from planbot.service import ask

    run_eval = scorer()
    sources = run_eval.load_sources(SHARED / "seeds")
    misses = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            for question in case["questions"]:
                answer = ask(question).to_json()
                verdict, _ = run_eval.judge(case, answer, sources)
                if verdict != "pass":
                    misses.append(
                        (
                            classify(case, answer, verdict, sources, run_eval),
                            case["id"],
                            question,
                            case,
                            answer,
                        )
                    )
    return misses


def compare_misses(now: dict[str, str], diff: Path | None, save: Path | None) -> None:
    """Print what was fixed, what broke and what misses changed class against misses saved
    earlier (`diff`); save `now` (each miss's "case id<TAB>question" → class) for a later run."""
    if diff:
        before = json.loads(diff.read_text(encoding="utf-8"))
        for key in sorted(set(before) - set(now)):
            print(f"fixed    {before[key]:13} {key}")
        for key in sorted(set(now) - set(before)):
            print(f"broken   {now[key]:13} {key}")
        # A miss of another class ("abstained" become "wrong") is no pass lost, but may be
        # a number that is now wrong.
        for key in sorted(set(now) & set(before)):
            if now[key] != before[key]:
                print(f"changed  {before[key]} → {now[key]}  {key}")
    if save:
        save.write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", type=Path, nargs="+")
    parser.add_argument("--show", type=int, default=2, help="examples per class")
    parser.add_argument("--only", help="show every miss of this class")
    parser.add_argument("--save", type=Path, help="write the misses (case id, question) to this file")
    parser.add_argument("--diff", type=Path, help="list what changed against misses saved earlier")
    args = parser.parse_args()
    misses = run(args.cases)
    now = {f"{m[1]}\t{m[2]}": m[0] for m in misses}
    compare_misses(now, args.diff, args.save)
    counts = Counter(m[0] for m in misses)
    print(f"{'class':14} {'misses':>6}")
    for name, n in counts.most_common():
        print(f"{name:14} {n:>6}")
    print(f"{'all':14} {len(misses):>6}")
    by_class: dict[str, list[Any]] = defaultdict(list)
    for miss in misses:
        by_class[miss[0]].append(miss)
    for name, items in by_class.items():
        if args.only and name != args.only:
            continue
        print(f"\n## {name}")
        for _, case_id, question, case, answer in items[: None if args.only else args.show]:
            expected = [e.get("value", e.get("any", e.get("text"))) for e in case.get("expected") or []]
            got = [(f["kind"], f["period"], f["value"], f["qualifier"]) for f in answer["facts"][:4]]
            print(f"- {case_id}: {question!r} [{case['kind']}, {case.get('period')}] expected {expected}")
            print(f"    got {answer['status']} {answer['intent']} {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
