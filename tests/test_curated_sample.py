"""A hand-picked sample of curated facts, each value read from the source by a person."""

from __future__ import annotations

import pytest

from planbot.knowledge.store import KnowledgeBase

# (source id, measure, kind, period, qualifier, value, unit, line)
SAMPLE = [
    ("regionplan-2024-2026", "sjalvskattad_halsa", "target", "2024", None, 75, "%", 1136),
    ("regionplan-2024-2026", "sjalvskattad_halsa", "target", "långsiktigt", None, 80, "%", 1099),
    ("regionplan-2024-2026", "skattesats", "budget", "2024", None, 11.86, "kr per skattekrona", 5447),
    ("regionplan-2024-2026", "resultat", "budget", "2024", None, -177, "mnkr", 6657),
    ("regionplan-2024-2026", "resultat", "budget", "2025", None, 266, "mnkr", 6657),
    ("regionplan-2024-2026", "resultat", "budget", "2026", None, 140, "mnkr", 6657),
    ("rs-2026-06-17", "resultat", "forecast", "2026", None, 120, "mnkr", 1098),
    ("rs-2026-06-17", "avvikelse_mot_budget", "forecast", "2026", None, -212, "mnkr", 1099),
    ("rs-2026-06-17", "balanskravsresultat", "forecast", "2026", None, 96, "mnkr", 1100),
    ("rs-2026-06-17", "likvida_medel", "outcome", "per 30 maj 2026", None, 958, "mnkr", 1137),
    ("rs-2024-03-26", "resultat", "forecast", "2024", None, -347.8, "mnkr", 902),
    ("rs-2024-03-26", "avvikelse_mot_budget", "forecast", "2024", None, -170.7, "mnkr", 904),
    (
        "rs-2024-03-26",
        "inhyrd_personal",
        "forecast",
        "2024",
        "förändring mot föregående år",
        -71.7,
        "mnkr",
        921,
    ),
    ("rs-2024-03-26", "inhyrd_personal", "forecast", "2024", "förändring mot föregående år", -26.1, "%", 921),
    # corrections from issue 8: a deficit is negative, qualifiers say what the figure is
    ("rs-2024-03-26", "forvaltningarnas_budgetunderskott", "forecast", "2024", None, -418.5, "mnkr", 923),
    (
        "rs-2024-03-26",
        "balanskravsresultat",
        "forecast",
        "2024",
        "efter användning av RUR",
        -232.1,
        "mnkr",
        906,
    ),
    (
        "rs-2024-03-26",
        "nettokostnadsutveckling",
        "budget",
        "2024",
        "maximalt för att nå budgeterat resultat",
        4.1,
        "%",
        935,
    ),
    ("rs-2023-06-13", "koldioxidutslapp", "target", "2030", "minskning", 80, "%", 224),
    ("rs-2025-12", "hme", "outcome", "2025", "Motivation: arbetet känns meningsfullt", 9, "av 10", 362),
    (
        "regionplan-2024-2026",
        "ramforandringar",
        "budget",
        "2023–2025",
        "regionplan 2023–2025",
        57.3,
        "mnkr",
        6811,
    ),
]


@pytest.mark.parametrize(
    ("source", "measure", "kind", "period", "qualifier", "value", "unit", "line"), SAMPLE
)
def test_curated_fact(
    kb: KnowledgeBase,
    source: str,
    measure: str,
    kind: str,
    period: str,
    qualifier: str | None,
    value: float,
    unit: str,
    line: int,
) -> None:
    found = [
        f
        for f in kb.by_measure[measure]
        if f.source
        and f.source.source_id == source
        and (f.kind, f.period, f.qualifier, f.unit) == (kind, period, qualifier, unit)
        and f.value == pytest.approx(value)
    ]
    assert found, f"no {kind} {period} {value} {unit} for {measure} in {source}"
    assert any(f.source and f.source.lines[0] <= line <= f.source.lines[1] for f in found)
