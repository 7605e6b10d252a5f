"""A synthetic knowledge folder N times larger than the curated one, for benchmarks.

Copy 0 is the curated knowledge itself. Every further copy is the same plan for another
place with a made-up name ("Kamotorp"): each measure, source entry and fact again under
new ids, the measure's name and synonyms with the place's name after them ("Sjukfrånvaro
Kamotorp", "HME Kamotorp"). A question that names a measure the way the curated one would
be asked about, plus the place, has one right answer; the copies cite the same
byte-identical source files, so the result passes every integrity check.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_FIRST = ("ka", "mo", "li", "re", "su", "ta", "ve", "no", "pi", "da", "gu", "fe", "ro", "si", "bo", "ha")
_SECOND = ("ma", "le", "ri", "do", "sa", "ne", "ko", "vi", "tu", "pe", "gi", "lo", "fa", "bi", "ru", "ze")
_ENDINGS = ("torp", "holm", "lund", "berg", "vik", "mark", "ryd", "fors")


def place_names() -> Iterator[str]:
    """Made-up place names, each a word no other one stems to or starts like ("Kamatorp")."""
    for ending, first, second in itertools.product(_ENDINGS, _FIRST, _SECOND):
        yield (first + second + ending).capitalize()


def _read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _suffix(identifier: str, copy: int, separator: str) -> str:
    """Copy 0 keeps the curated ids, so the engine's defaults still resolve."""
    return identifier if copy == 0 else f"{identifier}{separator}x{copy}"


def _placed(measure: dict, copy: int, place: str) -> dict:
    if copy == 0:
        return measure
    return {
        **measure,
        "id": _suffix(measure["id"], copy, "_"),
        "name": f"{measure['name']} {place}",
        "synonyms": [f"{s} {place}" for s in measure.get("synonyms", [])],
    }


def _places(factor: int) -> list[str]:
    if factor > len(_ENDINGS) * len(_FIRST) * len(_SECOND):
        raise ValueError(f"at most {len(_ENDINGS) * len(_FIRST) * len(_SECOND)} copies")
    return ["", *itertools.islice(place_names(), factor - 1)]


def measures(knowledge: Path, factor: int) -> Iterator[dict]:
    """The catalogue of the knowledge folder `generate` writes: every measure of every copy."""
    places = _places(factor)
    for path in sorted((knowledge / "measures").glob("**/*.yaml")):
        originals = _read(path)["measures"]
        yield from (_placed(m, i, places[i]) for i in range(factor) for m in originals)


def generate(knowledge: Path, target: Path, factor: int) -> Path:
    """Write a knowledge folder `factor` times the size of `knowledge` to `target`."""
    places = _places(factor)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(knowledge / "sources", target / "sources")
    if (knowledge / "glossary.yaml").exists():
        shutil.copy(knowledge / "glossary.yaml", target / "glossary.yaml")
    sources = _read(knowledge / "sources.yaml")["sources"]
    _write(
        target / "sources.yaml",
        {"sources": [{**s, "id": _suffix(s["id"], i, "-")} for i in range(factor) for s in sources]},
    )
    for path in sorted((knowledge / "measures").glob("**/*.yaml")):
        measures = _read(path)["measures"]
        copies = [_placed(m, i, places[i]) for i in range(factor) for m in measures]
        _write(target / "measures" / path.relative_to(knowledge / "measures"), {"measures": copies})
    for path in sorted((knowledge / "facts").glob("**/*.yaml")):
        data = _read(path)
        for i in range(factor):
            facts = [{**f, "measure": _suffix(f["measure"], i, "_")} for f in data["facts"]]
            name = path.relative_to(knowledge / "facts").with_suffix(f".x{i}.yaml")
            _write(target / "facts" / name, {"source": _suffix(data["source"], i, "-"), "facts": facts})
    return target


def asked_about(measure_id: str) -> str:
    """The curated measure a synthetic one copies ("sjukfranvaro_x7" → "sjukfranvaro")."""
    head, _, tail = measure_id.rpartition("_x")
    return head if head and tail.isdigit() else measure_id
