"""Benchmark: the answer pipeline (parse → resolve → answer → render) and `planbot ask` cold start.

Questions: the public examples, the public dev set, planbot's own cases (tests/eval/cases)
and a generated set (several wordings per catalogued measure). Each question is timed
once, on an engine warmed up on *other* questions (a generated set with another seed), as a
running bot meets questions it has not seen. Knowledge bases: the curated one and a
synthetic one 100× larger. Targets: p99 ≤ 2 ms curated, ≤ 10 ms at 100×; cold start ≤ 0.6 s.

Run: .venv/bin/python bench/pipeline.py [--factor 100]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import generate
from planbot.answer.engine import Engine
from planbot.knowledge.build import build
from planbot.knowledge.store import KnowledgeBase
from planbot.render.slack import render_blocks
from planbot.service import ask
from planbot.text import fold

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
OWN_CASES = ROOT / "tests" / "eval" / "cases"
TEMPLATES = [
    "/mål {}",
    "Vad är målet för {}?",
    "/prognos {} 2026",
    "/indikator {}",
    "Hur har {} utvecklats?",
    "jämför {} 2024 och 2026",
    "/budget {} 2025",
    "{} långsiktigt",
]


def case_questions(*paths: Path) -> list[str]:
    """Every wording of every case in the JSONL files that exist."""
    out = []
    for path in paths:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.extend(json.loads(line)["questions"])
    return out


def generated_questions(kb: KnowledgeBase, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    measures = list(kb.measures.values())
    out = []
    for _ in range(count):
        measure = rng.choice(measures)
        name = rng.choice([measure.name, *measure.synonyms])
        if rng.random() < 0.3:
            name = fold(name)
        out.append(rng.choice(TEMPLATES).format(name))
    return out


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    samples = sorted(samples)
    p = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]  # noqa: E731
    return statistics.median(samples), p(0.99), samples[-1]


def warm_up(engine: Engine, questions: list[str]) -> None:
    """Compile templates and fill the process-wide caches, as a bot running for a while has."""
    for q in questions:
        render_blocks(ask(q, engine))


def measure_pipeline(engine: Engine, questions: list[str]) -> list[float]:
    """Each question once: parse, answer, render text and Slack blocks."""
    times = []
    for q in questions:
        start = time.perf_counter()
        answer = ask(q, engine)
        render_blocks(answer)
        times.append((time.perf_counter() - start) * 1000)
    return times


def cold_start(kb_path: Path, knowledge: Path, runs: int = 7) -> float:
    exe = ROOT / ".venv" / "bin" / "planbot"
    env = {**os.environ, "PLANBOT_KB_PATH": str(kb_path), "PLANBOT_KNOWLEDGE_DIR": str(knowledge)}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "ask", "/prognos"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--generated", type=int, default=1000)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        curated_db = tmp_path / "curated.db"
        build(args.knowledge, curated_db)
        synthetic_db = tmp_path / "synthetic.db"
        build(generate(args.knowledge, tmp_path / "synthetic", args.factor), synthetic_db)
        for label, db, target in (
            ("curated", curated_db, 2.0),
            (f"synthetic {args.factor}×", synthetic_db, 10.0),
        ):
            kb = KnowledgeBase(db)
            engine = Engine(kb)
            gc.collect()
            gc.freeze()  # as planbot.service.get_engine does for a long-running process
            warm_up(engine, generated_questions(kb, args.generated, seed=99))
            sets = {
                "examples": case_questions(EVAL / "examples.jsonl"),
                "dev": case_questions(EVAL / "dev.jsonl"),
                "own": case_questions(*sorted(OWN_CASES.glob("*.jsonl"))) if OWN_CASES.is_dir() else [],
                "generated": generated_questions(kb, args.generated),
            }
            for set_name, questions in sets.items():
                if not questions:
                    continue
                p50, p99, worst = percentiles(measure_pipeline(engine, questions))
                rows.append((label, set_name, len(questions), p50, p99, worst, target))
        cold = cold_start(curated_db, args.knowledge)
    print(
        f"{'knowledge base':<16} {'questions':<10} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'p99 target':>10}  ok"
    )
    for label, set_name, n, p50, p99, worst, target in rows:
        ok = "yes" if p99 <= target else "NO"
        print(
            f"{label:<16} {set_name:<10} {n:>5} {p50:>8.3f} {p99:>8.3f} {worst:>8.2f} {target:>10.1f}  {ok}"
        )
    print(
        f"\ncold start `planbot ask /prognos` (median of 7): {cold:.3f} s (target 0.6 s)  "
        + ("yes" if cold <= 0.6 else "NO")
    )


if __name__ == "__main__":
    main()
