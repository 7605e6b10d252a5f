"""Facts from a curator's table (CSV or Excel), validated like curated facts (pandas)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planbot.knowledge.models import FactRecord


def import_table(path: Path) -> list[dict[str, Any]]:
    """Facts from a CSV or Excel table whose columns are fact fields (measure, kind, period,
    value, unit, lines_first, lines_last, quote, section, …), validated like curated facts."""
    import pandas as pd

    frame = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(path)
    frame = frame.astype(object).where(frame.notna(), None)
    facts = []
    for row in frame.to_dict(orient="records"):
        first, last = row.pop("lines_first"), row.pop("lines_last", None)
        record = {k: v for k, v in row.items() if v is not None}
        record["lines"] = [int(first), int(last if last is not None else first)]
        record["period"] = str(record["period"])
        facts.append(FactRecord.model_validate(record).model_dump(exclude_defaults=True))
    return facts
