"""Facts as YAML in the facts-file schema, ready to paste into knowledge/facts/<source>.yaml."""

from __future__ import annotations

from typing import Any

import yaml


class _FactsDumper(yaml.SafeDumper):
    """Keeps `lines: [1098, 1098]` on one line, as the curated files write it."""


def _flow_list(dumper: yaml.SafeDumper, data: list[Any] | tuple[Any, ...]) -> yaml.Node:
    flow = all(isinstance(x, int | float | str) for x in data) and len(data) <= 4
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=flow)


def _number(dumper: yaml.SafeDumper, data: float) -> yaml.Node:
    """`120`, not `120.0`: whole numbers read as the curated files write them."""
    if data == int(data) and abs(data) < 1e15:
        return dumper.represent_int(int(data))
    return dumper.represent_float(data)


_FactsDumper.add_representer(list, _flow_list)
_FactsDumper.add_representer(tuple, _flow_list)
_FactsDumper.add_representer(float, _number)


def to_yaml(facts: list[dict[str, Any]]) -> str:
    """A YAML list of fact mappings, keys in the order given."""
    return yaml.dump(facts, Dumper=_FactsDumper, allow_unicode=True, sort_keys=False, width=120)


def with_comments(facts: list[tuple[dict[str, Any], list[str]]]) -> str:
    """A YAML list where each fact is preceded by `# …` comment lines (why it is proposed)."""
    out: list[str] = []
    for fact, comments in facts:
        out.extend(f"# {c}" for c in comments)
        out.append(to_yaml([fact]))
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)
