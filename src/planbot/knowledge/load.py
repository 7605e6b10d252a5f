"""Read knowledge/ into validated models; every error names file › record › field."""

from __future__ import annotations

import os
import re
from collections.abc import Container
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from planbot.errors import KnowledgeError
from planbot.knowledge.models import (
    EnglishTerm,
    FactRecord,
    FactsFile,
    GlossaryTerm,
    Measure,
    MeasuresFile,
    Name,
    Source,
    SourcesFile,
)
from planbot.query.words import SWEDISH_STOPWORDS
from planbot.text import fold

_LINE_KEY = "__line__"
PARALLEL_MIN_FILES = 32
PARALLEL_MIN_BYTES = 4_000_000


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_FAST_LOADER):  # type: ignore[misc,valid-type]
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


def parse_yaml(path: Path) -> tuple[Any, str | None]:
    """One YAML file's data, or the problem that stopped it being read."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader), None
    except yaml.YAMLError as error:
        return None, f"{path.name}: not valid YAML: {error}"
    except OSError as error:
        return None, f"{path.name}: cannot read: {error}"


def _read_yaml(path: Path, problems: list[str]) -> Any:
    data, problem = parse_yaml(path)
    if problem:
        problems.append(problem)
    return data


def _read_all(paths: list[Path], problems: list[str]) -> list[Any]:
    """Parse many files; a large knowledge base is parsed on every core (YAML is CPU-bound)."""
    large = len(paths) >= PARALLEL_MIN_FILES or (
        len(paths) > 1 and sum(p.stat().st_size for p in paths if p.is_file()) >= PARALLEL_MIN_BYTES
    )
    if not large or (os.cpu_count() or 1) < 2:
        return [_read_yaml(p, problems) for p in paths]
    with ProcessPoolExecutor() as pool:
        results = list(pool.map(parse_yaml, paths, chunksize=8))
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


def facts_file(path: Path, data: Any, sources: Container[str], problems: list[str]) -> list[LocatedFact]:
    """The records of one facts file (parsed as `data`), validated one by one."""
    source_id = data.get("source") if isinstance(data, dict) else None
    if source_id not in sources:
        problems.append(f"{path.name} › source: {source_id!r} is not in sources.yaml")
        return []
    facts = [
        LocatedFact(record, str(source_id), path, index, line)
        for index, line, record in _records(path, data, "facts", FactRecord, problems)
    ]
    extra = set(data) - {"source", "facts", _LINE_KEY}
    if extra:
        problems.append(f"{path.name}: unknown top-level field(s) {sorted(extra)}")
    return facts


def fast_facts_file(path: Path, sources: Container[str]) -> list[LocatedFact] | None:
    """The records of one facts file, read without line numbers (a third faster); None if
    anything is wrong with it, so that `facts_file` can say what, and on which line."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_LOADER)
    except (yaml.YAMLError, OSError):
        return None
    if not (isinstance(data, dict) and set(data) == {"source", "facts"} and isinstance(data["facts"], list)):
        return None
    source_id = data["source"]
    if source_id not in sources:
        return None
    try:
        return [
            LocatedFact(FactRecord.model_validate(raw), str(source_id), path, index, 0)
            for index, raw in enumerate(data["facts"])
        ]
    except ValidationError:
        return None


@dataclass(frozen=True)
class Catalogue:
    """Everything under knowledge/ but the facts: sources, measures and the glossary."""

    sources: dict[str, Source]
    measures: dict[str, Measure]
    measure_files: dict[str, Path]
    glossary: list[GlossaryTerm]
    problems: list[str]  # of sources.yaml and the measures, in the order `load` reports them
    glossary_problems: list[str]  # reported after those of the facts
    names: list[Name] = field(default_factory=list)


def load_catalogue(root: Path) -> Catalogue:
    """Load and validate sources.yaml, measures/ and glossary.yaml."""
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

    glossary: list[GlossaryTerm] = []
    glossary_problems: list[str] = []
    names: list[Name] = []
    glossary_path = root / "glossary.yaml"
    if glossary_path.exists():
        data = _read_yaml(glossary_path, glossary_problems)
        lists: list[tuple[str, type[GlossaryTerm]]] = [("terms", GlossaryTerm)]
        if isinstance(data, dict) and "english" in data:
            lists.append(("english", EnglishTerm))
        extra = set(data) - {"terms", "english", "names", _LINE_KEY} if isinstance(data, dict) else set()
        if extra:
            glossary_problems.append(f"glossary.yaml: unknown top-level field(s) {sorted(extra)}")
        seen: dict[str, str] = {}
        for key_name, model in lists:
            for index, line, term in _records(glossary_path, data, key_name, model, glossary_problems):
                where = f"glossary.yaml › {key_name}[{index}] (line {line}, {term.term}) › term"
                # Terms match however their words are joined ("full-year", "full year"): one entry.
                key = " ".join(re.split(r"[\s-]+", fold(term.term).strip(" -")))
                if key in seen:
                    glossary_problems.append(f"{where}: listed twice (as {seen[key]!r})")
                    continue
                seen[key] = term.term
                if key_name == "terms" and key in SWEDISH_STOPWORDS:
                    # Terms match without regard to case: "HoS" would be read in every "hos".
                    glossary_problems.append(
                        f"{where}: reads as the Swedish word {key!r}, which questions use in passing"
                    )
                glossary.append(term)
        if isinstance(data, dict) and "names" in data:
            names = _names(glossary_path, data, glossary_problems)
    return Catalogue(sources, measures, measure_files, glossary, problems, glossary_problems, names)


def _names(path: Path, data: Any, problems: list[str]) -> list[Name]:
    """The glossary's proper names, each spelling listed once."""
    names: list[Name] = []
    seen: dict[str, str] = {}
    for index, line, name in _records(path, data, "names", Name, problems):
        for spelling in (name.name, *name.also):
            key = " ".join(fold(spelling).split())
            if key in seen:
                problems.append(
                    f"glossary.yaml › names[{index}] (line {line}, {name.name}): {spelling!r} is already "
                    f"a spelling of {seen[key]!r}"
                )
            seen[key] = name.name
        names.append(name)
    return names


def load(root: Path) -> tuple[Knowledge, list[str]]:
    """Load and validate every file under `root`; returns the knowledge and the problems found."""
    catalogue = load_catalogue(root)
    problems = list(catalogue.problems)
    facts: list[LocatedFact] = []
    fact_paths = sorted((root / "facts").glob("**/*.yaml"))
    for path, data in zip(fact_paths, _read_all(fact_paths, problems), strict=True):
        facts.extend(facts_file(path, data, catalogue.sources, problems))
    problems += catalogue.glossary_problems
    knowledge = Knowledge(
        root, catalogue.sources, catalogue.measures, catalogue.measure_files, facts, catalogue.glossary
    )
    return knowledge, problems


def load_checked(root: Path) -> Knowledge:
    """Load, validate and check integrity; raise KnowledgeError listing every problem."""
    from planbot.knowledge.check import integrity_problems

    knowledge, problems = load(root)
    problems += integrity_problems(knowledge)
    if problems:
        raise KnowledgeError(problems)
    return knowledge


__all__ = [
    "Catalogue", "FactsFile", "Knowledge", "LocatedFact", "MeasuresFile", "SourcesFile", "facts_file",
    "fast_facts_file", "load", "load_catalogue", "load_checked",
]  # fmt: skip
