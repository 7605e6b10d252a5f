"""Benchmark: knowledge base build time and peak memory, curated and synthetic 10×, 100×, 1000×.

Targets (../shared/DESIGN.md): curated ≤ 2 s, 100× ≤ 30 s, 1000× ≤ 5 min. Each build runs in
a child process, so its peak RSS is its own. With `--against REV` the same builds run with
REV's code too, alternating, and the table shows both and their ratio (`--only REV`: REV alone).

Run: .venv/bin/python bench/kb_build.py [--factors 1,10,100] [--with-1000] [--against main]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.knowledge_bases import (
    add_code_options,
    build,
    codes_from,
    factors_from,
    knowledge_folder,
    label,
    workdir,
)

TARGETS = {1: 2.0, 100: 30.0, 1000: 300.0}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--factors", default="1,10,100", help="knowledge base sizes (1 = curated)")
    parser.add_argument("--with-1000", action="store_true", help="add the 1000× knowledge base (minutes)")
    add_code_options(parser)
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds per size below 100× (the median counts)"
    )
    parser.add_argument("--keep", type=Path, help="reuse generated knowledge folders in this directory")
    args = parser.parse_args()
    factors = factors_from(args.factors) + ([1000] if args.with_1000 else [])
    temporary = workdir(args.keep)
    work = args.keep or Path(temporary.name)  # type: ignore[union-attr]
    codes = codes_from(args, work)
    rows = []
    for factor in factors:
        knowledge = knowledge_folder(factor, work)
        runs: dict[str, list[dict[str, float]]] = {c.label: [] for c in codes}
        for attempt in range(args.repeat if factor < 100 else 1):
            for code in codes if attempt % 2 == 0 else codes[::-1]:
                runs[code.label].append(build(code, knowledge, work / f"build-{factor}x.db"))
        for code in codes:
            done = runs[code.label]
            seconds = statistics.median(r["seconds"] for r in done)
            rss = max(r["rss_mib"] for r in done)
            facts, measures = int(done[0]["facts"]), int(done[0]["measures"])
            rows.append((label(factor), facts, measures, code.label, seconds, rss, TARGETS.get(factor)))
    print(
        f"{'knowledge base':<18} {'facts':>8} {'measures':>9}  {'code':<18} {'build s':>8}"
        f" {'peak RSS MiB':>13} {'target s':>9}  ok"
    )
    for name, facts, measures, code_label, seconds, rss, target in rows:
        verdict = "" if target is None else ("yes" if seconds <= target else "NO")
        print(
            f"{name:<18} {facts:>8} {measures:>9}  {code_label:<18} {seconds:>8.2f} {rss:>13.0f}"
            f" {target if target is not None else '–':>9}  {verdict}"
        )
    if len(codes) == 2:
        print()
        for i in range(0, len(rows), 2):
            ours, theirs = rows[i], rows[i + 1]
            faster, lower = theirs[4] / ours[4], theirs[5] / ours[5]
            print(f"{ours[0]:<18} build {faster:.1f}× faster, peak RSS {lower:.1f}× lower than {theirs[3]}")
    if temporary is not None:
        temporary.cleanup()


if __name__ == "__main__":
    main()
