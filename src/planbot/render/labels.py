"""Swedish labels for facts, shared by every surface."""

from __future__ import annotations

from planbot.answer.model import Fact, SourceRef

DIRECTION_TEXT = {"lower": "lägre är bättre", "higher": "högre är bättre"}


def fact_heading(fact: Fact, with_measure: bool = False) -> str:
    """ "Målvärde 2024 (telefon)", "Prognos 2026, efter april 2026", "Tidigare prognos …"."""
    if fact.kind == "target":
        head = "Långsiktigt målvärde" if fact.long_term else f"Målvärde {fact.period}"
    elif fact.kind == "forecast":
        head = f"Prognos {fact.period}" + (f", {fact.as_of}" if fact.as_of else "")
    elif fact.kind == "budget":
        head = f"Budget {fact.period}"
    elif fact.kind == "outcome":
        head = f"Utfall {fact.period}"
    elif fact.kind == "statement":
        head = f"Uppgift {fact.period}"
    else:
        head = "Beräknat"
    if fact.qualifier:
        head += f" ({fact.qualifier})"
    if fact.label and fact.label not in ("budget",):
        head = f"{fact.label.capitalize()} – {head[0].lower()}{head[1:]}"
    if with_measure:
        head = f"{fact.measure}: {head[0].lower()}{head[1:]}"
    return head


def source_line(ref: SourceRef) -> str:
    """ "Regionstyrelsen 17 juni 2026 — Informationspunkter · section · rad 1098"."""
    lines = f"rad {ref.lines[0]}" if ref.lines[0] == ref.lines[1] else f"rad {ref.lines[0]}–{ref.lines[1]}"
    return f"{ref.document} · {ref.section} · {lines}"
