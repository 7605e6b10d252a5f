"""A synthetic knowledge folder N times larger than the curated one, for benchmarks.

Every measure, source entry and fact is repeated N times under new ids (the copies cite
the same byte-identical source files), so the result passes every integrity check.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _suffix(identifier: str, copy: int, separator: str) -> str:
    """Copy 0 keeps the curated ids, so the engine's defaults still resolve."""
    return identifier if copy == 0 else f"{identifier}{separator}x{copy}"


def generate(knowledge: Path, target: Path, factor: int) -> Path:
    """Write a knowledge folder `factor` times the size of `knowledge` to `target`."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(knowledge / "sources", target / "sources")
    sources = _read(knowledge / "sources.yaml")["sources"]
    _write(
        target / "sources.yaml",
        {"sources": [{**s, "id": _suffix(s["id"], i, "-")} for i in range(factor) for s in sources]},
    )
    for path in sorted((knowledge / "measures").glob("**/*.yaml")):
        measures = _read(path)["measures"]
        copies = [
            {
                **m,
                "id": _suffix(m["id"], i, "_"),
                "name": m["name"] if i == 0 else f"{m['name']} (variant {i})",
            }
            for i in range(factor)
            for m in measures
        ]
        _write(target / "measures" / path.relative_to(knowledge / "measures"), {"measures": copies})
    for path in sorted((knowledge / "facts").glob("**/*.yaml")):
        data = _read(path)
        for i in range(factor):
            facts = [{**f, "measure": _suffix(f["measure"], i, "_")} for f in data["facts"]]
            name = path.relative_to(knowledge / "facts").with_suffix(f".x{i}.yaml")
            _write(target / "facts" / name, {"source": _suffix(data["source"], i, "-"), "facts": facts})
    return target
