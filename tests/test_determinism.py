"""The same question gets the same answer in every process: nothing depends on the order in
which Python happens to iterate a set (string hashes are seeded per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.eval import own_questions


def _answers(kb_path: Path, seed: int, questions: list[str]) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PLANBOT_KB_PATH": str(kb_path)}
    done = subprocess.run(
        [sys.executable, "-m", "planbot", "ask", "--format", "jsonl", "-"],
        input="\n".join(questions) + "\n", capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return [
        (a["status"], [(f["kind"], f["period"], f["value"], f["qualifier"]) for f in a["facts"]])
        for a in map(json.loads, done.stdout.splitlines())
    ]


def test_answers_do_not_depend_on_the_hash_seed(kb_path: Path) -> None:
    questions = own_questions(every=3)  # a third of every set: enough shapes, a few seconds
    first, second = (_answers(kb_path, seed, questions) for seed in (1, 3))
    differing = [q for q, a, b in zip(questions, first, second, strict=True) if a != b]
    assert not differing
