"""One error hierarchy: every error carries a message fit to show a user or a curator."""

from __future__ import annotations


class PlanbotError(Exception):
    """Base class; `str(error)` is the user-facing message."""


class KnowledgeError(PlanbotError):
    """The curated knowledge is invalid; `problems` lists every finding."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} in knowledge/:"
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))


class SettingsError(PlanbotError):
    """A setting is missing or malformed."""
