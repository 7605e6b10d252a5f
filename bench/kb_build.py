"""Benchmark: knowledge base build time, curated and 100× synthetic (targets ≤ 2 s, ≤ 30 s).

Run: .venv/bin/python bench/kb_build.py [--factor 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import generate
from planbot.knowledge.build import build

ROOT = Path(__file__).resolve().parents[1]


def timed_build(knowledge: Path, output: Path, repeat: int) -> tuple[float, dict[str, int]]:
    times, counts = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        counts = build(knowledge, output)
        times.append(time.perf_counter() - start)
    return statistics.median(times), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        rows = []
        seconds, counts = timed_build(args.knowledge, tmp_path / "curated.db", args.repeat)
        rows.append(("curated", counts["facts"], counts["measures"], seconds, 2.0))
        synthetic = generate(args.knowledge, tmp_path / "synthetic", args.factor)
        seconds, counts = timed_build(synthetic, tmp_path / "synthetic.db", max(1, args.repeat // 3))
        rows.append((f"synthetic {args.factor}×", counts["facts"], counts["measures"], seconds, 30.0))
    print(f"{'knowledge base':<18} {'facts':>8} {'measures':>9} {'build s':>9} {'target s':>9}  ok")
    for name, facts, measures, secs, target in rows:
        print(
            f"{name:<18} {facts:>8} {measures:>9} {secs:>9.2f} {target:>9.1f}  "
            + ("yes" if secs <= target else "NO")
        )


if __name__ == "__main__":
    main()
