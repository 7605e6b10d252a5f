"""The evaluation ratchet: no question set may fall below the best level reached so far.

    python -m tests.eval.ratchet            # score every set; exit 1 if one fell back
    python -m tests.eval.ratchet --update   # after an improvement: record the new levels

Each set (the public examples and dev set in ../shared/eval, planbot's own cases under
tests/eval/cases) is scored by the shared scorer, ../shared/eval/run_eval.py, through
`planbot ask --format jsonl -`, exactly as `make eval` shows it. The levels reached are
kept in tests/eval/ratchet.json, which is reviewed like code: a change that lowers a
pass rate, or adds a wrong or invented number, does not land.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
LEVELS = Path(__file__).with_name("ratchet.json")
PLANBOT = ROOT / ".venv" / "bin" / "planbot"


def question_sets() -> dict[str, Path]:
    sets = {"examples": SHARED / "eval" / "examples.jsonl", "dev": SHARED / "eval" / "dev.jsonl"}
    sets.update({f"own/{p.stem}": p for p in sorted((ROOT / "tests" / "eval" / "cases").glob("*.jsonl"))})
    return {name: path for name, path in sets.items() if path.is_file()}


def score(path: Path) -> dict[str, float]:
    """The shared scorer's summary for one set of cases."""
    command = [
        sys.executable, str(SHARED / "eval" / "run_eval.py"), str(path),
        "--cmd", f"{PLANBOT} ask --format jsonl -", "--json", "--show", "0",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"the scorer failed on {path}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    summary = json.loads(lines[-1])
    return {k: summary[k] for k in ("pass_rate", "wrong", "invented", "questions")}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="record the levels reached now")
    args = parser.parse_args()
    levels = json.loads(LEVELS.read_text(encoding="utf-8")) if LEVELS.is_file() else {}
    now = {name: score(path) for name, path in question_sets().items()}
    print(f"{'set':22} {'wordings':>8} {'pass':>7} {'best':>7} {'wrong':>5} {'invented':>8}  ok")
    failed = False
    for name, got in now.items():
        best = levels.get(name)
        ok = best is None or (
            got["pass_rate"] >= best["pass_rate"]
            and got["wrong"] <= best["wrong"]
            and got["invented"] <= best["invented"]
        )
        failed |= not ok
        shown = f"{best['pass_rate']:.1%}" if best else "—"
        print(
            f"{name:22} {got['questions']:>8.0f} {got['pass_rate']:>7.1%} {shown:>7} {got['wrong']:>5.0f} "
            f"{got['invented']:>8.0f}  {'yes' if ok else 'NO'}"
        )
    if args.update:
        merged = {
            name: {
                "pass_rate": max(got["pass_rate"], levels.get(name, got)["pass_rate"]),
                "wrong": min(got["wrong"], levels.get(name, got)["wrong"]),
                "invented": min(got["invented"], levels.get(name, got)["invented"]),
            }
            for name, got in now.items()
        }
        LEVELS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded in {LEVELS.relative_to(ROOT)}")
        return 0
    if failed:
        print("a set fell below the best level reached so far (tests/eval/ratchet.json)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
