"""planbot's own question sets (cases/, heldout/) and the tools that score them."""

from __future__ import annotations

import json
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"


def own_questions(every: int = 1) -> list[str]:
    """Every `every`-th wording of the sets in cases/, set by set (a sample of every shape)."""
    questions = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions += json.loads(line)["questions"]
    return questions[::every]
