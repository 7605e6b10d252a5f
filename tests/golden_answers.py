"""Golden rendered answers: text and Slack JSON for a fixed set of questions.

Regenerate after an intended change with `make golden` (python -m tests.golden_answers --write),
then review the diff like any other change.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

from planbot.answer.engine import Engine
from planbot.knowledge.build import build
from planbot.knowledge.store import KnowledgeBase
from planbot.render.slack import render_blocks
from planbot.service import ask

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
QUESTIONS = [
    "/mål självskattad hälsa",
    "/mål förtroende 1177 långsiktigt",
    "/mål sjukfrånvaro",
    "/mål självskattad hälsa 2031",
    "/prognos",
    "/prognos inhyrd personal 2024",
    "/budget resultat",
    "/indikator likvida medel",
    "/jämför resultatprognos 2024 2026",
    "/mål nöjdhet",
    "/mål xyzzy <!channel>",
    "hjälp",
    "källor",
    "Hur har resultatprognosen utvecklats 2023–2026?",
    "Har vi nått målet för SVF inklusion?",
    "Når vi ledtidsmålet?",
    "Har vi nått klimatmålet?",
    "/budget resultat 2026",
    "Have we reached the target for SVF inclusion?",
    "What is the latest forecast?",
]


def slug(question: str) -> str:
    return re.sub(
        r"[^a-z0-9]+", "-", question.casefold().replace("å", "a").replace("ä", "a").replace("ö", "o")
    ).strip("-")


def rendered(engine: Engine) -> dict[str, str]:
    """File name → content for every golden question."""
    out = {}
    for question in QUESTIONS:
        answer = ask(question, engine)
        out[f"{slug(question)}.txt"] = answer.text + "\n"
        out[f"{slug(question)}.slack.json"] = (
            json.dumps(render_blocks(answer), ensure_ascii=False, indent=2) + "\n"
        )
    return out


def curated_engine() -> Engine:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kb.db"
        build(ROOT / "knowledge", path)
        return Engine(KnowledgeBase(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite tests/golden/")
    args = parser.parse_args()
    files = rendered(curated_engine())
    if args.write:
        for old in GOLDEN.glob("*"):
            old.unlink()
        for name, content in files.items():
            (GOLDEN / name).write_text(content, encoding="utf-8")
        print(f"wrote {len(files)} golden files to {GOLDEN}")


if __name__ == "__main__":
    main()
