"""Whether the built knowledge base is older than knowledge/ (kept light: run on every start)."""

from __future__ import annotations

import os
from pathlib import Path


def newest_mtime(root: Path) -> float:
    """The newest modification time of any curated file (what the database is built from)."""
    newest = 0.0
    for directory, _, files in os.walk(root):
        for name in files:
            if name.endswith((".yaml", ".txt")):
                newest = max(newest, os.stat(os.path.join(directory, name)).st_mtime)
    return newest


def is_stale(root: Path, path: Path) -> bool:
    try:
        built = path.stat().st_mtime
    except FileNotFoundError:
        return True
    return newest_mtime(root) > built
