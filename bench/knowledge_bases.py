"""Knowledge bases for the benchmarks: the curated one and synthetic ones N times larger,
built by the code under test in a child process (so its time and peak memory are its own),
and the code under test itself: this tree, or another commit for a side-by-side run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
PLANBOT = ROOT / ".venv" / "bin" / "planbot"

_BUILD = """
import json, resource, sys, time
from pathlib import Path
from planbot.knowledge.build import build
start = time.perf_counter()
counts = build(Path(sys.argv[1]), Path(sys.argv[2]))
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mib": rss, **counts}))
"""


@dataclass(frozen=True)
class Code:
    """The planbot source tree a measurement runs: `label` for the tables."""

    label: str
    src: Path
    knowledge: Path | None = None  # its own curated knowledge/ (a revision's, in its own format)

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.src), **extra}


def this_tree() -> Code:
    return Code("this tree", ROOT / "src")


def checkout(revision: str, into: Path) -> Code:
    """`revision`'s src/ exported (git archive) under `into`, without touching the work tree."""
    into.mkdir(parents=True, exist_ok=True)
    archive = into / "src.tar"
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), revision, "src", "knowledge"],
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    archive.unlink()
    short = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", revision], check=True, capture_output=True, text=True
    ).stdout.strip()
    return Code(f"{revision} ({short})", into / "src", into / "knowledge")


def knowledge_folder(factor: int, workdir: Path) -> Path:
    """The curated knowledge/ for factor 1, else a synthetic folder (generated once per workdir)."""
    if factor == 1:
        return ROOT / "knowledge"
    target = workdir / f"knowledge-{factor}x"
    done = target / ".generated"
    if not done.exists():
        generate(ROOT / "knowledge", target, factor)
        done.write_text("ok")
    return target


def build(code: Code, knowledge: Path, db: Path) -> dict[str, float]:
    """Build `knowledge` into `db` with `code`, in a child process: seconds, peak RSS, counts."""
    result = subprocess.run(
        [str(PYTHON), "-c", _BUILD, str(knowledge), str(db)],
        env=code.env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def label(factor: int) -> str:
    return "curated" if factor == 1 else f"synthetic {factor}×"


def workdir(keep: Path | None) -> tempfile.TemporaryDirectory[str] | None:
    """A temporary folder, unless `keep` names one to reuse between runs."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        return None
    return tempfile.TemporaryDirectory(prefix="planbot-bench-")


def add_code_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--against", metavar="REV", help="also measure REV's code (e.g. main), alternating")
    parser.add_argument("--only", metavar="REV", help="measure REV's code alone (e.g. a before-run)")


def codes_from(args: argparse.Namespace, work: Path) -> list[Code]:
    """The code under test: this tree, REV beside it (--against) or REV alone (--only)."""
    if args.only:
        return [checkout(args.only, work / "only")]
    codes = [this_tree()]
    if args.against:
        codes.append(checkout(args.against, work / "against"))
    return codes


def factors_from(text: str) -> list[int]:
    return [int(f) for f in text.split(",") if f.strip()]
