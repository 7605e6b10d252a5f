"""Adding a source document: a byte-for-byte copy under sources/ and its entry in sources.yaml.

The entry is appended as text in the file's own style (two-space list items, quoted dates),
so comments and the order of the entries stay as the curators wrote them.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import yaml
from pydantic import ValidationError

from planbot.errors import PlanbotError
from planbot.knowledge.load import load
from planbot.knowledge.models import Source


def default_id(file: Path, kind: str, date: str) -> str:
    """`rs-<date>` for a board deck (Regionstyrelsen), else the file name made into an id."""
    if kind == "board deck":
        return f"rs-{date}"
    return re.sub(r"[^a-z0-9]+", "-", file.stem.casefold()).strip("-") or "source"


def _scalar(value: str) -> str:
    text: str = yaml.safe_dump(value, allow_unicode=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...")


def entry_text(source: Source) -> str:
    """The sources.yaml entry of `source`, in the file's style."""
    lines = [
        f"  - id: {source.id}",
        f"    file: {_scalar(source.file)}",
        f"    title: {_scalar(source.title)}",
        f"    kind: {source.kind}",
        f"    date: {json.dumps(source.date)}",
        f"    sha256: {source.sha256}",
    ]
    if source.original_name:
        lines.append(f"    original_name: {_scalar(source.original_name)}")
    if source.note:
        lines.append(f"    note: {_scalar(source.note)}")
    return "\n".join(lines) + "\n"


def add_source(
    root: Path, document: Path, title: str, date: str, kind: str, source_id: str | None = None
) -> Source:
    """Copy `document` into `root`/sources/ and record it in sources.yaml; returns the entry.

    Refuses an id or a file name already in use, and a document already added under
    another id (same sha256), so nothing is ever overwritten.
    """
    knowledge, _ = load(root)
    data = document.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    sid = source_id or default_id(document, kind, date)
    name = sid + (document.suffix or ".txt")
    try:
        source = Source(
            id=sid,
            file=name,
            title=title,
            kind=kind,
            date=date,
            sha256=digest,
            original_name=document.name if document.name != name else None,
        )
    except ValidationError as error:
        field_errors = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise PlanbotError(f"sources.yaml › {sid}: {field_errors}") from None
    if sid in knowledge.sources:
        raise PlanbotError(f"sources.yaml › {sid}: the id is taken; choose another with --id")
    for other in knowledge.sources.values():
        if other.sha256 == digest:
            raise PlanbotError(f"sources.yaml › {other.id}: this document is already a source ({other.file})")
    target = root / "sources" / name
    if target.exists():
        raise PlanbotError(f"sources/{name} already exists; choose another id with --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(document, target)
    path = root / "sources.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else "sources:\n"
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + entry_text(source), encoding="utf-8")
    return source


def next_steps(root: Path, source: Source) -> str:
    """What the curator does after `kb add-source`, with the commands spelled out."""
    sources = root / "sources" / source.file
    facts = root / "facts" / f"{source.id}.yaml"
    return "\n".join(
        [
            f"added {source.id}: {sources} (sha256 {source.sha256[:12]}…) and its entry in "
            f"{root / 'sources.yaml'}",
            "next:",
            f"  1. planbot kb suggest {sources} > {source.id}.suggested.yaml",
            f"  2. review every candidate against the document; paste the ones you accept into {facts}",
            f"     (it starts with `source: {source.id}` and a `facts:` list)",
            "  3. catalogue any measure that is new in knowledge/measures/ (planbot kb measures lists them)",
            "  4. planbot kb check, then planbot kb diff to see what the build will change, then commit",
        ]
    )
