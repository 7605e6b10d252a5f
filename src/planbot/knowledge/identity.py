"""A fact's stable identity: what it is about, independent of its value and of build ids.

The identity is the same one digests fingerprint ("Nytt sedan förra utskicket"): source,
measure, kind, period, as_of, qualifier and unit. Two versions of a fact with the same
identity and another value are the same fact, changed.
"""

from __future__ import annotations

from dataclasses import dataclass

Identity = tuple[str, str, str, str, str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class FactVersion:
    """One fact as stored in the files or in the built database, reduced to what a diff compares."""

    source_id: str
    measure: str
    kind: str
    period: str
    as_of: str | None
    qualifier: str | None
    unit: str | None
    value: float | None
    text: str | None
    lines: tuple[int, int]
    quote: str
    section: str

    @property
    def identity(self) -> Identity:
        return (self.source_id, self.measure, self.kind, self.period, self.as_of, self.qualifier, self.unit)

    def label(self) -> str:
        """`measure kind period (as_of, qualifier)`, as a curator reads it."""
        extra = ", ".join(x for x in (self.as_of, self.qualifier) if x)
        return f"{self.measure} {self.kind} {self.period}" + (f" ({extra})" if extra else "")

    def shown(self) -> str:
        """The value with its unit, or the text."""
        if self.value is None:
            return repr(self.text)
        return f"{self.value:g} {self.unit}" if self.unit else f"{self.value:g}"
