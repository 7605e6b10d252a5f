"""Benchmark: `planbot kb suggest` leave-one-deck-out on the four curated board decks.

For each deck, the deck's own curated facts are held out (`--holdout`): the suggester
learns from the other four documents only and proposes facts for the deck as if it were
new. Its proposals are then compared with the deck's curated figures (facts with a value).

Definitions:

- A proposal *matches* a curated figure when their line ranges overlap and their values
  are equal (signed, to 1e-9). Matching is one-to-one: proposals are taken most certain
  first, each pairs with at most one curated figure, and each curated figure with at most
  one proposal (among several candidates, the one with the same measure first, then the
  first in the file).
- recall = matched curated figures / curated figures; precision = matched proposals /
  proposals.
- measure, kind, period, as_of: the share of matched pairs whose field is the curated
  one. Measures and kinds are compared exactly; periods and as_of after spelling them one
  way (folded, months as numbers, one dash: "jan–april 2026" = "januari-april 2026"); a
  missing as_of is right only where the curated fact has none either.

By default the measure catalogue is used as it stands today, which includes measures first
catalogued for the held-out deck (the catalogue is not facts: a curator catalogues a new
measure before or while accepting proposals). `--catalogue known` is stricter: it only lets
the suggester propose measures that curated facts of the other documents use, as on the
day the deck arrived.

`--threshold` keeps only proposals at least that sure (their `# sure:` comment); by default
every proposal counts, as `planbot kb suggest` prints them all.

Run: .venv/bin/python bench/kb_suggest.py [--catalogue all|known] [--threshold 0.0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planbot.knowledge.load import LocatedFact, load
from planbot.knowledge.suggest import Proposal, suggest
from planbot.knowledge.suggest.slots import canonical

ROOT = Path(__file__).resolve().parents[1]
DECKS = ("rs-2023-06-13", "rs-2024-03-26", "rs-2025-12", "rs-2026-06-17")
BARS = {"recall": 0.90, "precision": 0.70, "measure": 0.80, "kind": 0.90, "period": 0.80, "as_of": 0.80}
FIELDS = ("measure", "kind", "period", "as_of")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def match(proposals: list[Proposal], curated: list[LocatedFact]) -> list[tuple[Proposal, LocatedFact]]:
    """One-to-one pairs of proposals and curated figures: overlapping lines, equal values."""
    free = list(curated)
    pairs = []
    for proposal in sorted(proposals, key=lambda p: -p.confidence):
        r = proposal.record
        fits = [
            f
            for f in free
            if f.record.value is not None
            and r.value is not None
            and abs(f.record.value - r.value) < 1e-9
            and _overlap(f.record.lines, r.lines)
        ]
        if fits:
            best = next((f for f in fits if f.record.measure == r.measure), fits[0])
            free.remove(best)
            pairs.append((proposal, best))
    return pairs


def right(field: str, proposal: Proposal, fact: LocatedFact) -> bool:
    mine, theirs = getattr(proposal.record, field), getattr(fact.record, field)
    if field in ("period", "as_of"):
        return canonical(mine) == canonical(theirs)
    return bool(mine == theirs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--catalogue", choices=["all", "known"], default="all")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--deck", action="append", help="only these decks (default: all four)")
    args = parser.parse_args()
    knowledge, problems = load(args.knowledge)
    if problems:
        sys.exit("\n".join(problems))
    extra = {} if args.threshold is None else {"threshold": args.threshold}
    header = f"{'deck':<15} {'curated':>7} {'proposed':>8} {'matched':>7} {'recall':>7} {'precision':>9}"
    header += "".join(f" {f:>8}" for f in FIELDS) + f" {'s':>5}"
    print(f"catalogue: {args.catalogue}")
    print(header)
    totals = {"curated": 0, "proposed": 0, "matched": 0, **{f: 0 for f in FIELDS}}
    for deck in args.deck or DECKS:
        path = args.knowledge / "sources" / knowledge.sources[deck].file
        start = time.perf_counter()
        proposals = suggest(
            knowledge, path, holdout=deck, catalogue_known_only=args.catalogue == "known", **extra
        )
        seconds = time.perf_counter() - start
        curated = [f for f in knowledge.facts if f.source_id == deck and f.record.value is not None]
        pairs = match(proposals, curated)
        row = {"curated": len(curated), "proposed": len(proposals), "matched": len(pairs)}
        row |= {f: sum(right(f, p, c) for p, c in pairs) for f in FIELDS}
        for key, value in row.items():
            totals[key] += value
        print(_line(deck, row, seconds))
    print(_line("all four", totals, None))
    bars = "  ".join(f"{name} ≥ {bar:.0%}" for name, bar in BARS.items())
    print(f"bars (issue 12): {bars}")


def _line(name: str, row: dict[str, int], seconds: float | None) -> str:
    matched = row["matched"] or 1
    text = f"{name:<15} {row['curated']:>7} {row['proposed']:>8} {row['matched']:>7}"
    text += f" {row['matched'] / (row['curated'] or 1):>7.1%} {row['matched'] / (row['proposed'] or 1):>9.1%}"
    text += "".join(f" {row[f] / matched:>8.1%}" for f in FIELDS)
    return text + (f" {seconds:>5.1f}" if seconds is not None else "")


if __name__ == "__main__":
    main()
