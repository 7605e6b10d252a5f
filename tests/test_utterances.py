"""How colleagues ask → what planbot understands: intent, measure, period and status.

Written from how people really type: slash commands, full questions, no å/ä/ö,
inflections, abbreviations and small typos. A measure of None means none is resolved
(help, sources, overviews); "?" in the status column means ambiguous with that measure
among the candidates.
"""

from __future__ import annotations

import pytest

from planbot.answer.engine import Engine

A, N, NF, AMB, H = "answered", "no_value", "not_found", "ambiguous", "help"

CASES: list[tuple[str, str, str | None, str | None, str]] = [
    # --- targets --------------------------------------------------------------------------
    ("/mål självskattad hälsa", "target", "sjalvskattad_halsa", None, A),
    ("/mal sjalvskattad halsa 2024", "target", "sjalvskattad_halsa", "2024", A),
    (
        "Vad är målvärdet 2024 för självskattad hälsa hos invånarna?",
        "target",
        "sjalvskattad_halsa",
        "2024",
        A,
    ),
    ("malvarde sjalvskattad halsa", "target", "sjalvskattad_halsa", None, A),
    ("vad e målet för självskatad hälsa", "target", "sjalvskattad_halsa", None, A),
    ("/mål självskattad hälsa långsiktigt", "target", "sjalvskattad_halsa", "långsiktigt", A),
    ("/mål självskattad hälsa 2031", "target", "sjalvskattad_halsa", "2031", N),
    ("/mål förtroende 1177 långsiktigt", "target", "fortroende_1177", "långsiktigt", A),
    ("Vilka är målen för förtroendet för 1177 Vårdguiden?", "target", "fortroende_1177", None, A),
    ("langsiktigt mal 1177 fortroende", "target", "fortroende_1177", "långsiktigt", A),
    ("/mål förtroende för hälso- och sjukvården", "target", "fortroende_halso_och_sjukvard", None, A),
    (
        "Vad är målet för invånarnas förtroende för sjukvården?",
        "target",
        "fortroende_halso_och_sjukvard",
        None,
        A,
    ),
    ("/mål tillgång till vård", "target", "tillgang_till_halso_och_sjukvard", None, A),
    ("/mål vård på lika villkor", "target", "vard_pa_lika_villkor", None, A),
    ("mal vard pa lika villkor 2024", "target", "vard_pa_lika_villkor", "2024", A),
    ("/mål patienternas helhetsintryck", "target", "patienternas_helhetsintryck", None, A),
    (
        "vilket mål har vi för patienternas helhetsintryck långsiktigt?",
        "target",
        "patienternas_helhetsintryck",
        "långsiktigt",
        A,
    ),
    ("/mål nöjdhet med Kalmar länstrafik", "target", "nojdhet_kalmar_lans_trafik", None, A),
    ("/mål folkhögskola nöjdhet", "target", "studerandes_nojdhet_folkhogskola", None, A),
    ("/mål studerandes nöjdhet med utbildningen", "target", "studerandes_nojdhet_folkhogskola", None, A),
    ("/mål konto 1177", "target", "konto_1177", None, N),
    ("/mål bredband", "target", "bredband_1_gbit", None, A),
    ("Vad är målet för bredbandsutbyggnaden 1 gbit/s?", "target", "bredband_1_gbit", None, A),
    ("/mål klimat", "target", "koldioxidutslapp", None, A),
    ("/mål koldioxidutsläpp 2024", "target", "koldioxidutslapp", "2024", A),
    ("Vad är klimatmålet?", "target", "koldioxidutslapp", None, A),
    ("/mål koldioxidutslapp", "target", "koldioxidutslapp", None, A),
    ("/mål matchad förvärvsgrad", "target", "matchad_forvarvsgrad", None, A),
    (
        "/mål självfinansieringsgrad kollektivtrafik",
        "target",
        "sjalvfinansieringsgrad_kollektivtrafik",
        None,
        A,
    ),
    ("/mål fossilfri kollektivtrafik", "target", "fossilfrihet_kollektivtrafik", None, A),
    ("/mål behörighet folkhögskola", "target", "behorighet_folkhogskola", None, A),
    ("/mål sjukfrånvaro", "target", "sjukfranvaro", None, N),
    ("mal sjukfranvaro", "target", "sjukfranvaro", None, N),
    ("Vad är målvärdet för sjukfrånvaron 2024?", "target", "sjukfranvaro", "2024", N),
    ("Hur hög får sjukfrånvaron vara enligt regionplanen?", "target", "sjukfranvaro", None, N),
    ("/mål sjukfranvaron", "target", "sjukfranvaro", None, N),
    ("/mål SVF inklusion", "target", "svf_inklusion", None, A),
    ("/mål resultat", "target", "resultat", None, A),
    ("/mål skattesats", "target", "skattesats", None, N),
    # --- forecasts ------------------------------------------------------------------------
    ("/prognos", "forecast", None, "2026", A),
    ("Hur ser senaste prognosen ut?", "forecast", None, "2026", A),
    ("Vad säger den senaste prognosen?", "forecast", None, "2026", A),
    ("vad ar senaste prognosen", "forecast", None, "2026", A),
    ("senaste helårsprognosen", "forecast", None, "2026", A),
    ("/prognos resultat 2026", "forecast", "resultat", "2026", A),
    ("resultatprognos 2026 efter april", "forecast", "resultat", "efter april 2026", A),
    ("vad landar resultatet pa 2026 enligt prognosen", "forecast", "resultat", "2026", A),
    ("Vad är resultatprognosen för 2026?", "forecast", "resultat", "2026", A),
    ("resultatprognosen", "forecast", "resultat", None, A),
    ("/prognos resultat 2024", "forecast", "resultat", "2024", A),
    ("Vad var resultatprognosen 2024 efter februari?", "forecast", "resultat", "efter februari 2024", A),
    ("/prognos resultat 2031", "forecast", "resultat", "2031", N),
    ("/prognos avvikelse mot budget", "forecast", "avvikelse_mot_budget", None, A),
    ("Hur mycket avviker resultatprognosen från budget 2026?", "forecast", "avvikelse_mot_budget", "2026", A),
    ("/prognos balanskravsresultat 2026", "forecast", "balanskravsresultat", "2026", A),
    ("prognos balanskravet 2024", "forecast", "balanskravsresultat", "2024", A),
    ("/prognos nettokostnadsutveckling", "forecast", "nettokostnadsutveckling", None, A),
    ("Vad beräknas nettokostnadsutvecklingen bli 2026?", "forecast", "nettokostnadsutveckling", "2026", A),
    ("prognos nettokostnadsutvecklingen 2024", "forecast", "nettokostnadsutveckling", "2024", A),
    ("/prognos lönekostnader 2026", "forecast", "lonekostnader", "2026", A),
    ("hur mycket ökar lönekostnaderna enligt prognosen", "forecast", "lonekostnader", None, A),
    ("/prognos köpt vård", "forecast", "kopt_vard", None, A),
    ("/prognos läkemedel 2024", "forecast", "lakemedel", "2024", A),
    ("prognos lakemedelskostnader", "forecast", "lakemedel", None, A),
    ("/prognos inhyrd personal 2024", "forecast", "inhyrd_personal", "2024", A),
    (
        "Hur mycket beräknades kostnaderna för inhyrd personal minska 2024?",
        "forecast",
        "inhyrd_personal",
        "2024",
        A,
    ),
    ("hyrbolag kostnad 2024 prognos", "forecast", "inhyrd_personal", "2024", A),
    ("prognos hyrpersonal 2026", "forecast", "inhyrd_personal", "2026", A),
    ("/prognos skatteintäkter", "forecast", "skatteintakter_och_utjamning", None, A),
    ("prognos skatter och utjämning 2026", "forecast", "skatteintakter_och_utjamning", "2026", A),
    ("/prognos verksamhetens intäkter 2026", "forecast", "verksamhetens_intakter", "2026", A),
    ("/prognos förvaltningarnas budgetunderskott", "forecast", "forvaltningarnas_budgetunderskott", None, A),
    ("/prognos finansnetto 2024", "forecast", "finansnetto", "2024", A),
    ("/prognos övriga kostnader", "forecast", "ovriga_kostnader", None, A),
    ("/prognos pensionsåtagande", "forecast", "pensionsatagande", None, A),
    ("/prognos investeringar 2024", "forecast", "investeringar", "2024", N),
    (
        "Vad var helårsprognosen för investeringar 2024 efter februari?",
        "forecast",
        "investeringar",
        "efter februari 2024",
        N,
    ),
    ("/prognos resultatprognos 2026 efter april", "forecast", "resultat", "efter april 2026", A),
    ("/prognos resultat 2026 efter januari", "forecast", "resultat", "efter januari 2026", N),
    # --- budgets --------------------------------------------------------------------------
    ("/budget", "budget", None, None, A),
    ("/budget skattesats", "budget", "skattesats", None, A),
    ("Vilken skattesats gäller för Region Kalmar län 2024?", "budget", "skattesats", "2024", A),
    ("skattesats 2024 region kalmar", "budget", "skattesats", "2024", A),
    ("vad ar skattesatsen", "budget", "skattesats", None, A),
    ("/budget resultat 2024", "budget", "resultat", "2024", A),
    ("Vad är det budgeterade resultatet för 2024?", "budget", "resultat", "2024", A),
    ("budgeterat resultat 2025", "budget", "resultat", "2025", A),
    ("budgeterat resultat 2026 mnkr", "budget", "resultat", "2026", A),
    ("/budget investeringar 2025", "budget", "investeringar", "2025", A),
    ("investeringsbudget 2024", "budget", "investeringar", "2024", A),
    ("/budget driftram", "budget", "driftram", None, A),
    ("/budget ramar 2024", "budget", "driftram", "2024", A),
    ("/budget patientavgift", "budget", "patientavgift", None, A),
    ("/budget soliditet", "budget", "soliditet", None, A),
    ("/budget resultatutjämningsreserv", "budget", "resultatutjamningsreserv", None, A),
    ("budget RUR 2024", "budget", "resultatutjamningsreserv", "2024", A),
    ("/budget nettokostnadsutveckling 2026", "budget", "nettokostnadsutveckling", "2026", A),
    ("/budget resultat 2031", "budget", "resultat", "2031", N),
    ("/budget sjukfrånvaro", "budget", "sjukfranvaro", None, N),
    # --- indicators -----------------------------------------------------------------------
    ("/indikator likvida medel", "indicator", "likvida_medel", None, A),
    ("/indikator likvida medel maj 2026", "indicator", "likvida_medel", "maj 2026", A),
    ("Hur mycket likvida medel hade regionen 30 maj 2026?", "indicator", "likvida_medel", "30 maj 2026", A),
    ("likvida medel 30 maj", "indicator", "likvida_medel", "30 maj", A),
    ("/utfall likviditet", "indicator", "likvida_medel", None, A),
    ("/indikator pensionsmedel", "indicator", "pensionsmedel", None, A),
    ("/indikator SVF inklusionsmål", "target", "svf_inklusion", None, A),
    ("svf inklusion jan-april 2026", "indicator", "svf_inklusion", "januari–april 2026", A),
    (
        "Hur stor andel av cancerfallen utreddes inom SVF januari-april 2026?",
        "indicator",
        "svf_inklusion",
        "januari–april 2026",
        A,
    ),
    ("/indikator SVF ledtid", "indicator", "svf_ledtid", None, A),
    ("/indikator sjukfrånvaro", "indicator", "sjukfranvaro", None, A),
    ("Hur hög är sjukfrånvaron i regionen?", "indicator", "sjukfranvaro", None, A),
    ("Har sjukfrånvaron minskat?", "indicator", "sjukfranvaro", None, A),
    ("sjukfranvaro", "indicator", "sjukfranvaro", None, A),
    ("/utfall marknadsandel kollektivtrafik", "indicator", "kollektivtrafikens_marknadsandel", None, A),
    ("kollektivtrafikens marknadsandel", "indicator", "kollektivtrafikens_marknadsandel", None, A),
    ("/indikator klimatbokslut", "indicator", "koldioxidutslapp", None, A),
    ("Hur mycket har koldioxidutsläppen minskat sedan 2012?", "indicator", "koldioxidutslapp", None, A),
    ("/indikator besök 1177.se", "indicator", "besok_1177_se", None, A),
    ("/indikator digitala kallelser", "indicator", "digitala_kallelser", None, A),
    ("/indikator nettokostnadsutveckling", "indicator", "nettokostnadsutveckling", None, A),
    ("/utfall investeringar", "indicator", "investeringar", None, A),
    ("/indikator pensionsmedel 2031", "indicator", "pensionsmedel", "2031", N),
    ("/indikator självskattad hälsa", "indicator", "sjalvskattad_halsa", None, N),
    ("/indikator kundnöjdhet kollektivtrafik", "indicator", "kundnojdhet_kollektivtrafik", None, A),
    ("/indikator friskfaktorer", "indicator", "friskfaktorer", None, A),
    ("/indikator palliativ vård", "indicator", "palliativ_vard", None, A),
    # --- comparisons ----------------------------------------------------------------------
    ("/jämför resultatprognos 2024 2026", "compare", "resultat", "2024, 2026", A),
    ("/jamfor resultat 2024 2026", "compare", "resultat", "2024, 2026", A),
    ("Jämför nettokostnadsutvecklingen 2024 och 2026", "compare", "nettokostnadsutveckling", "2024, 2026", A),
    ("jämför inhyrd personal 2024 med 2026", "compare", "inhyrd_personal", "2024, 2026", A),
    ("/jämför skattesats", "compare", "skattesats", None, N),
    ("/jämför", "compare", "resultat", None, A),
    ("skillnad budgeterat resultat 2024 och 2025", "compare", "resultat", "2024, 2025", A),
    ("Vad är det budgeterade resultatet för 2026?", "budget", "resultat", "2026", A),
    ("/indikator likvida medel 2024", "indicator", "likvida_medel", "2024", A),
    ("/mål förtroende 1177 telefon", "target", "fortroende_1177", None, A),
    (
        "/mål patienternas helhetsintryck PV långsiktigt",
        "target",
        "patienternas_helhetsintryck",
        "långsiktigt",
        A,
    ),
    ("/budget driftram hälso- och sjukvårdsnämnden 2025", "budget", "driftram", "2025", A),
    (
        "jämför likvida medel februari 2024 och maj 2026",
        "compare",
        "likvida_medel",
        "februari 2024, maj 2026",
        A,
    ),
    # --- help, sources, nothing -----------------------------------------------------------
    ("hjälp", "help", None, None, H),
    ("/planbot hjälp", "help", None, None, H),
    ("help", "help", None, None, H),
    ("", "help", None, None, H),
    ("Vilka källor finns?", "sources", None, None, A),
    ("/planbot källor", "sources", None, None, A),
    ("vilka dokument bygger du på", "sources", None, None, A),
    ("/mål xyzzy", "target", None, None, NF),
    ("/prognos flygande tefat", "forecast", None, None, NF),
    ("berätta en rolig vits", "unknown", None, None, NF),
    ("/indikator qwertyuiop", "indicator", None, None, NF),
    ("/mål", "target", None, None, H),
    # --- ambiguous ------------------------------------------------------------------------
    ("/mål nöjdhet", "target", "nojdhet_kalmar_lans_trafik", None, AMB),
    ("/indikator 1177", "indicator", "besok_1177_se", None, AMB),
    ("/mål förtroende", "target", "fortroende_1177", None, AMB),
]


@pytest.mark.parametrize(("utterance", "intent", "measure", "period", "status"), CASES)
def test_utterance(
    engine: Engine, utterance: str, intent: str, measure: str | None, period: str | None, status: str
) -> None:
    answer = engine.answer(utterance)
    assert (answer.intent, answer.status) == (intent, status)
    if status == AMB:
        assert measure in [c.measure_id for c in answer.candidates]
        assert len(answer.candidates) >= 2
        return
    if status == NF:
        assert answer.measure_id is None
        return
    assert answer.measure_id == measure
    assert answer.period == period
    if status == A and intent not in ("help", "sources"):
        assert any(f.kind != "computed" and f.source for f in answer.facts)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 150
