"""Benchmark: the answer pipeline (parse → resolve → answer → render), start-up and memory, and
the cold start of `planbot ask`, on the curated knowledge base and synthetic ones 10×, 100×
and 1000× larger.

Questions: the public examples, the public dev set, planbot's own cases (tests/eval/cases)
and a generated set (a wording per randomly drawn measure: its name or a synonym, folded
now and then). Each question is timed once, on an engine warmed up on *other* questions (a
generated set with another seed), as a running bot meets questions it has not seen. A
generated question has one right answer, the measure it was made from: the table counts
the answers about that measure (answered, or `no_value` where the figure asked for is not
in the sources); for the other sets, on a synthetic knowledge base (which holds the
curated one as its first copy), the answers with the same status and measures as on the
curated one.

Each knowledge base is measured in a child process: start (imports, opening the knowledge
base, the first answer), peak RSS after every question. The cold start of `planbot ask
/prognos` alternates with a bare `python -c "import sqlite3, json"` (the floor), medians
and their ratio, each process with its modules' bytecode kept from an untimed first run,
as Python keeps it (`--no-bytecode`: as the environment says; PYTHONDONTWRITEBYTECODE=1
compiles a source tree's modules at every start). With `--against REV`, REV's code is
measured the same way, alternating (`--only REV`: REV alone). The second table also shows
each knowledge base's build (seconds, peak MiB), as bench/kb_build.py measures it.

Targets (../shared/DESIGN.md): p99 ≤ 2 ms curated, ≤ 10 ms at 100×, ≤ 20 ms at 1000×;
start ≤ 2 s and RSS ≤ 500 MB at 1000×; cold start ≤ 8× the floor.

Run: .venv/bin/python bench/pipeline.py [--factors 1,10,100] [--with-1000] [--against main | --only REV]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.knowledge_bases import (
    PLANBOT,
    PYTHON,
    ROOT,
    Code,
    add_code_options,
    build,
    codes_from,
    factors_from,
    knowledge_folder,
    label,
    workdir,
)
from bench.synthetic import measures
from planbot.text import fold

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
P99_TARGETS = {1: 2.0, 100: 10.0, 1000: 20.0}
START_TARGET, RSS_TARGET, COLD_RATIO = 2.0, 500.0, 8.0
RIGHT = ("answered", "no_value")


def case_questions(*paths: Path) -> list[str]:
    """Every wording of every case in the JSONL files that exist."""
    out = []
    for path in paths:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.extend(json.loads(line)["questions"])
    return out


def generated_questions(catalogue: list[dict], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(question, the measure it asks about): a template, the name or a synonym, folded at times."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        measure = rng.choice(catalogue)
        name = rng.choice([measure["name"], *measure.get("synonyms", [])])
        if rng.random() < 0.3:
            name = fold(name)
        out.append((rng.choice(TEMPLATES).format(name), measure["id"]))
    return out


# -- the child process ------------------------------------------------------------------------


def worker(db: Path, questions_file: Path) -> None:
    """Measure one knowledge base with the planbot on sys.path; print one JSON object."""
    import gc
    import inspect
    import resource

    started = time.perf_counter()
    from planbot.answer.engine import Engine
    from planbot.knowledge.store import KnowledgeBase
    from planbot.render.slack import render_blocks
    from planbot.service import ask

    sets = json.loads(questions_file.read_text(encoding="utf-8"))
    # Every question timed as one never asked before: no answers kept by their text (older
    # code keeps none).
    keeps = "remember" in inspect.signature(Engine).parameters
    engine = Engine(KnowledgeBase(db), **({"remember": 0} if keeps else {}))
    render_blocks(ask("/prognos", engine))
    start = time.perf_counter() - started
    gc.collect()
    import planbot.service

    # As planbot.service.get_engine does for a long-running process (older code: freeze only).
    getattr(planbot.service, "settle", gc.freeze)()
    for question in sets.pop("warm-up"):
        render_blocks(ask(question, engine))
    results: dict[str, object] = {"start": start}
    for name, questions in sets.items():
        times, outcomes = [], []
        for question in questions:
            begin = time.perf_counter()
            answer = ask(question, engine)
            render_blocks(answer)
            times.append((time.perf_counter() - begin) * 1000)
            about = answer.context.get("measures") or ([answer.measure_id] if answer.measure_id else [])
            outcomes.append([answer.status, *about])
        results[name] = {"ms": times, "outcomes": outcomes}
    results["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results))


def measure(code: Code, db: Path, questions_file: Path) -> dict:
    result = subprocess.run(
        [str(PYTHON), __file__, "--worker", str(db), str(questions_file)],
        env=code.env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def cold_starts(
    codes: list[Code], dbs: dict[str, Path], knowledge: Path, runs: int, bytecode: Path | None
) -> dict[str, float]:
    """Medians of `planbot ask /prognos` per code (on its own build, `dbs` by label) and of the
    floor, alternating run by run, after one untimed run of each (what a first run writes:
    bytecode, compiled templates).

    With `bytecode`, every run keeps its modules' bytecode there (PYTHONPYCACHEPREFIX), as
    Python does unless told not to and as an installed package has it; without, as the
    environment says (under PYTHONDONTWRITEBYTECODE=1 a source tree's modules are compiled
    at every start).
    """
    times: dict[str, list[float]] = {"floor": [], **{c.label: [] for c in codes}}
    for run in range(runs + 1):
        begin = time.perf_counter()
        subprocess.run(
            [str(PYTHON), "-c", "import sqlite3, json"], env=_with(bytecode, os.environ), check=True
        )
        if run:
            times["floor"].append(time.perf_counter() - begin)
        for code in codes:
            begin = time.perf_counter()
            subprocess.run(
                [str(PLANBOT), "ask", "/prognos"],
                env=_with(
                    bytecode,
                    code.env(PLANBOT_KB_PATH=str(dbs[code.label]), PLANBOT_KNOWLEDGE_DIR=str(knowledge)),
                ),
                check=True,
                capture_output=True,
            )
            if run:
                times[code.label].append(time.perf_counter() - begin)
    return {name: statistics.median(found) for name, found in times.items()}


def _with(bytecode: Path | None, env: Mapping[str, str]) -> dict[str, str]:
    if bytecode is None:
        return dict(env)
    kept = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, "PYTHONPYCACHEPREFIX": str(bytecode)}


# -- the tables ---------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.99 * len(samples)))], samples[-1]


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "NO")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--factors", default="1,10,100", help="knowledge base sizes (1 = curated)")
    parser.add_argument("--with-1000", action="store_true", help="add the 1000× knowledge base (minutes)")
    add_code_options(parser)
    parser.add_argument("--generated", type=int, default=1000, help="generated questions per knowledge base")
    parser.add_argument("--cold-runs", type=int, default=9, help="cold starts per code and knowledge base")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="cold starts as the environment says about bytecode (PYTHONDONTWRITEBYTECODE=1: "
        "planbot's modules compiled at every start), not kept in the work folder",
    )
    parser.add_argument("--keep", type=Path, help="reuse generated knowledge folders in this directory")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    factors = factors_from(args.factors) + ([1000] if args.with_1000 else [])
    temporary = workdir(args.keep)
    work = args.keep or Path(temporary.name)  # type: ignore[union-attr]
    codes = codes_from(args, work)
    fixed = {
        "examples": case_questions(EVAL / "examples.jsonl"),
        "dev": case_questions(EVAL / "dev.jsonl"),
        "own": case_questions(*sorted(OWN_CASES.glob("*.jsonl"))),
    }
    curated_outcomes: dict[tuple[str, str], list[list[str]]] = {}
    latency, starts = [], []
    for factor in factors:
        knowledge = knowledge_folder(factor, work)
        catalogue = list(measures(ROOT / "knowledge", factor))
        generated = generated_questions(catalogue, args.generated)
        sets = {
            "warm-up": [q for q, _ in generated_questions(catalogue, args.generated, seed=99)],
            **fixed,
            "generated": [q for q, _ in generated],
        }
        questions_file = work / f"questions-{factor}x.json"
        questions_file.write_text(json.dumps(sets, ensure_ascii=False), encoding="utf-8")
        dbs, builds = {}, {}
        for code in codes:
            dbs[code.label] = work / f"pipeline-{factor}x-{len(dbs)}.db"
            # The curated knowledge base as each revision curated it (its format may differ).
            own = code.knowledge if factor == 1 and code.knowledge is not None else knowledge
            builds[code.label] = build(code, own, dbs[code.label])
        found_by_code: dict[str, dict] = {}
        for code in codes:
            found = found_by_code[code.label] = measure(code, dbs[code.label], questions_file)
            for name in (*fixed, "generated"):
                p50, p99, worst = percentiles(found[name]["ms"])
                outcomes = found[name]["outcomes"]
                if name == "generated":
                    right = sum(
                        o[0] in RIGHT and asked in o[1:]
                        for o, (_, asked) in zip(outcomes, generated, strict=True)
                    )
                    ambiguous = sum(o[0] == "ambiguous" for o in outcomes)
                    note = f"{right} right, {ambiguous} ambiguous"
                elif factor == 1:
                    curated_outcomes[(code.label, name)] = outcomes
                    note = ""
                else:
                    same = sum(
                        a == b
                        for a, b in zip(outcomes, curated_outcomes.get((code.label, name), []), strict=False)
                    )
                    note = f"{same} as on curated"
                target = P99_TARGETS.get(factor)
                latency.append((label(factor), code.label, name, len(outcomes), p50, p99, worst, target,
                                verdict(None if target is None else p99 <= target), note))  # fmt: skip
        # The codes' cold starts alternate with one floor: their ratios are to the same floor.
        bytecode = None if args.no_bytecode else work / "bytecode"
        cold = cold_starts(codes, dbs, knowledge, args.cold_runs, bytecode)
        for code in codes:
            found, made = found_by_code[code.label], builds[code.label]
            starts.append((label(factor), code.label, made["seconds"], made["rss_mib"], found["start"],
                           found["rss_mib"], cold[code.label], cold["floor"], factor))  # fmt: skip
    print(
        f"{'knowledge base':<16} {'code':<18} {'questions':<10} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'max ms':>8} {'target':>7}  {'ok':<3}  answers"
    )
    for name, code_label, set_name, n, p50, p99, worst, target, ok, note in latency:
        print(
            f"{name:<16} {code_label:<18} {set_name:<10} {n:>5} {p50:>8.3f} {p99:>8.3f} {worst:>8.2f}"
            f" {target if target is not None else '–':>7}  {ok:<3}  {note}"
        )
    print(
        f"\n{'knowledge base':<16} {'code':<18} {'build s':>8} {'MiB':>5}  {'start s':>8} {'RSS MiB':>8}"
        f"  {'ask s':>6} {'floor s':>8} {'ratio':>6}  ok"
    )
    for name, code_label, build_s, build_rss, start, rss, ask_s, floor, factor in starts:
        ratio = ask_s / floor
        ok = ratio <= COLD_RATIO and (factor < 1000 or (start <= START_TARGET and rss <= RSS_TARGET))
        print(
            f"{name:<16} {code_label:<18} {build_s:>8.1f} {build_rss:>5.0f}  {start:>8.2f} {rss:>8.0f}"
            f"  {ask_s:>6.3f} {floor:>8.3f} {ratio:>5.1f}×  {verdict(ok)}"
        )
    print(
        f"\nok: ask ≤ {COLD_RATIO:g}× the floor (`python -c 'import sqlite3, json'`);"
        f" at 1000× also start ≤ {START_TARGET:g} s and RSS ≤ {RSS_TARGET:g} MB"
    )
    if temporary is not None:
        temporary.cleanup()


if __name__ == "__main__":
    main()
