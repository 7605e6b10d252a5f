"""planbot's own evaluation cases (tests/eval/cases, and the held-out sets in
tests/eval/heldout) say only what the sources say.

The cases were written from the source documents alone, by people who did not read the
engine. Each must be well formed, and every figure it expects must be in the lines it
cites, as the shared scorer reads them, so a case can never reward a wrong number.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from planbot.knowledge.numbers import value_in_quote
from tests.conftest import SEEDS

CASES = Path(__file__).parent / "eval" / "cases"
HELD_OUT = Path(__file__).parent / "eval" / "heldout"  # scored, never read: see its README
KINDS = {"target", "budget", "forecast", "outcome", "comparison", "statement", "latest", "unanswerable"}
LINE_SLACK = 25  # as ../shared/eval/run_eval.py


def cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted([*CASES.glob("*.jsonl"), *HELD_OUT.glob("*.jsonl")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                out.append((f"{path.name}:{number}", json.loads(line)))
    return out


def glued(value: float, text: str) -> bool:
    """A whole number written against a word in the extracted text ("cirka100 miljoner")."""
    number = rf"{int(value)}" if float(value).is_integer() else None
    return number is not None and re.search(rf"(?<=[^\W\d_]){number}(?![\d,])", text) is not None


def cited_text(case: dict[str, Any]) -> str:
    files = case["source_file"] if isinstance(case["source_file"], list) else [case["source_file"]]
    ranges = case["source_lines"]
    if ranges and isinstance(ranges[0], int):
        ranges = [ranges]
    parts = []
    for i, (first, last) in enumerate(ranges):
        lines = (SEEDS / files[min(i, len(files) - 1)]).read_text(encoding="utf-8").splitlines()
        parts.append("\n".join(lines[max(0, first - 1 - LINE_SLACK) : last + LINE_SLACK]))
    return "\n".join(parts)


def test_there_are_own_cases() -> None:
    assert len(cases()) >= 250


@pytest.mark.parametrize(("where", "case"), cases(), ids=[w for w, _ in cases()])
def test_case_is_well_formed_and_backed_by_its_lines(where: str, case: dict[str, Any]) -> None:
    assert case["kind"] in KINDS
    assert 1 <= len(case["questions"]) <= 6 and all(q.strip() for q in case["questions"])
    text = cited_text(case)
    evidences = case["evidence"] if isinstance(case["evidence"], list) else [case["evidence"]]
    # (An unanswerable case may cite no evidence: there is no figure to back.)
    assert all(evidences) or case["kind"] == "unanswerable", "no evidence"
    for evidence in filter(None, evidences):
        assert " ".join(evidence.split()) in " ".join(text.split()), evidence
    for expected in case.get("expected") or []:
        values = expected.get("any") or ([expected["value"]] if expected.get("value") is not None else [])
        for value in values:
            assert (
                glued(value, text)
                or value_in_quote(float(value), text, sign_in_words=True)
                or value_in_quote(-float(value), text, sign_in_words=True)
            ), f"{value} is not in the cited lines"


def test_case_ids_are_unique() -> None:
    ids = [case["id"] for _, case in cases()]
    assert len(ids) == len(set(ids))
