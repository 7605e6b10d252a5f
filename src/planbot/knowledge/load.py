"""Read knowledge/ into validated models; every error names file › record › field."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from planbot.errors import KnowledgeError
from planbot.knowledge.models import (
    FactRecord,
    FactsFile,
    GlossaryTerm,
    Measure,
    MeasuresFile,
    Source,
    SourcesFile,
)

_LINE_KEY = "__line__"
PARALLEL_MIN_FILES = 32


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE_KEY] = node.start_mark.line + 1
        return mapping


@dataclass(frozen=True)
class LocatedFact:
    """A fact with where it was curated: file, index in the list and YAML line."""

    record: FactRecord
    source_id: str
    file: Path
    index: int
    line: int

    def where(self) -> str:
        r = self.record
        return f"{self.file.name} › facts[{self.index}] (line {self.line}, {r.measure} {r.kind} {r.period})"


@dataclass(frozen=True)
class Knowledge:
    """Everything under knowledge/, validated record by record."""

    root: Path
    sources: dict[str, Source]
    measures: dict[str, Measure]
    measure_files: dict[str, Path]
    facts: list[LocatedFact]
    glossary: list[GlossaryTerm] = field(default_factory=list)

    def source_lines(self, source_id: str) -> list[str]:
        path = self.root / "sources" / self.sources[source_id].file
        return path.read_text(encoding="utf-8").splitlines()


def _strip_lines(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_lines(v) for k, v in data.items() if k != _LINE_KEY}
    if isinstance(data, list):
        return [_strip_lines(v) for v in data]
    return data


def _parse(path: Path) -> tuple[Any, str | None]:
    """One YAML file's data, or the problem that stopped it being read."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader), None
    except yaml.YAMLError as error:
        return None, f"{path.name}: not valid YAML: {error}"
    except OSError as error:
        return None, f"{path.name}: cannot read: {error}"


def _read_yaml(path: Path, problems: list[str]) -> Any:
    data, problem = _parse(path)
    if problem:
        problems.append(problem)
    return data


def _read_all(paths: list[Path], problems: list[str]) -> list[Any]:
    """Parse many files; a large knowledge base is parsed on every core (YAML is CPU-bound)."""
    if len(paths) < PARALLEL_MIN_FILES or (os.cpu_count() or 1) < 2:
        return [_read_yaml(p, problems) for p in paths]
    with ProcessPoolExecutor() as pool:
        results = list(pool.map(_parse, paths, chunksize=8))
    problems.extend(problem for _, problem in results if problem)
    return [data for data, _ in results]


def _errors(where: str, error: ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"]) or "(record)"
        out.append(f"{where} › {field}: {item['msg']}")
    return out


def _records(
    path: Path, data: Any, key: str, model: type[BaseModel], problems: list[str]
) -> list[tuple[int, int, Any]]:
    """Validate the list under `key` record by record, so one bad record hides no other."""
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(f"{path.name}: expected a mapping with a `{key}:` list")
        return []
    out = []
    for index, raw in enumerate(data[key]):
        line = raw.get(_LINE_KEY, 0) if isinstance(raw, dict) else 0
        label = raw.get("id") or raw.get("measure") if isinstance(raw, dict) else None
        where = f"{path.name} › {key}[{index}] (line {line}{', ' + str(label) if label else ''})"
        try:
            out.append((index, line, model.model_validate(_strip_lines(raw))))
        except ValidationError as error:
            problems.extend(_errors(where, error))
    return out


def load(root: Path) -> tuple[Knowledge, list[str]]:
    """Load and validate every file under `root`; returns the knowledge and the problems found."""
    problems: list[str] = []
    sources: dict[str, Source] = {}
    sources_path = root / "sources.yaml"
    for _, _, source in _records(
        sources_path, _read_yaml(sources_path, problems), "sources", Source, problems
    ):
        if source.id in sources:
            problems.append(f"sources.yaml › {source.id}: duplicate source id")
        sources[source.id] = source

    measures: dict[str, Measure] = {}
    measure_files: dict[str, Path] = {}
    measure_paths = sorted((root / "measures").glob("**/*.yaml"))
    for path, data in zip(measure_paths, _read_all(measure_paths, problems), strict=True):
        for index, line, measure in _records(path, data, "measures", Measure, problems):
            if measure.id in measures:
                problems.append(
                    f"{path.name} › measures[{index}] (line {line}, {measure.id}) › id: "
                    f"already catalogued in {measure_files[measure.id].name}"
                )
                continue
            measures[measure.id] = measure
            measure_files[measure.id] = path

    facts: list[LocatedFact] = []
    fact_paths = sorted((root / "facts").glob("**/*.yaml"))
    for path, data in zip(fact_paths, _read_all(fact_paths, problems), strict=True):
        source_id = data.get("source") if isinstance(data, dict) else None
        if source_id not in sources:
            problems.append(f"{path.name} › source: {source_id!r} is not in sources.yaml")
            continue
        for index, line, record in _records(path, data, "facts", FactRecord, problems):
            facts.append(LocatedFact(record, str(source_id), path, index, line))
        extra = set(data) - {"source", "facts", _LINE_KEY}
        if extra:
            problems.append(f"{path.name}: unknown top-level field(s) {sorted(extra)}")
    glossary: list[GlossaryTerm] = []
    glossary_path = root / "glossary.yaml"
    if glossary_path.exists():
        seen: set[str] = set()
        for index, line, term in _records(
            glossary_path, _read_yaml(glossary_path, problems), "terms", GlossaryTerm, problems
        ):
            key = " ".join(term.term.casefold().split())
            if key in seen:
                problems.append(
                    f"glossary.yaml › terms[{index}] (line {line}, {term.term}) › term: listed twice"
                )
            seen.add(key)
            glossary.append(term)
    return Knowledge(root, sources, measures, measure_files, facts, glossary), problems


def load_checked(root: Path) -> Knowledge:
    """Load, validate and check integrity; raise KnowledgeError listing every problem."""
    from planbot.knowledge.check import integrity_problems

    knowledge, problems = load(root)
    problems += integrity_problems(knowledge)
    if problems:
        raise KnowledgeError(problems)
    return knowledge


__all__ = ["FactsFile", "Knowledge", "LocatedFact", "MeasuresFile", "SourcesFile", "load", "load_checked"]
