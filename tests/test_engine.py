"""What answers hold: verdicts, honest no_value answers, qualifiers, comparisons, ordering."""

from __future__ import annotations

from planbot.answer.engine import Engine


def values(answer, kind: str | None = None) -> list[float | None]:  # type: ignore[no-untyped-def]
    return [f.value for f in answer.facts if kind is None or f.kind == kind]


def test_a_year_without_a_target_lists_the_targets_that_exist(engine: Engine) -> None:
    answer = engine.answer("/mål självskattad hälsa 2031")
    assert answer.status == "no_value"
    assert {f.period for f in answer.facts} == {"2024", "långsiktigt"}


def test_a_measure_listed_without_values_says_so_and_shows_what_is_said(engine: Engine) -> None:
    from planbot.service import ask

    answer = ask("/mål sjukfrånvaro", engine)
    assert answer.status == "no_value"
    assert all(f.kind != "target" and f.value is None for f in answer.facts)
    assert answer.facts, "the statements the sources make about sjukfrånvaro"
    assert "inget målvärde" in answer.text


def test_targets_of_a_multi_value_measure_come_per_qualifier(engine: Engine) -> None:
    answer = engine.answer("/mål förtroende 1177 långsiktigt")
    assert sorted((f.qualifier or "", f.value) for f in answer.facts) == [
        ("1177s e-tjänster", 90),
        ("telefon", 80),
        ("webben", 80),
    ]


def test_naming_a_qualifier_narrows_the_answer(engine: Engine) -> None:
    answer = engine.answer("/mål förtroende 1177 telefon")
    assert {f.qualifier for f in answer.facts} == {"telefon"}
    assert sorted(values(answer)) == [70, 80]


def test_a_star_target_is_no_value_for_that_year(engine: Engine) -> None:
    answer = engine.answer("/mål patienternas helhetsintryck Som ÖV 2024")
    assert answer.status == "no_value"


def test_forecast_overview_is_the_newest_with_budget(engine: Engine) -> None:
    answer = engine.answer("/prognos")
    head = answer.facts[0]
    assert (head.measure_id, head.kind, head.as_of) == ("resultat", "forecast", "efter april 2026")
    assert head.value == 120
    budgets = [f for f in answer.facts if f.label == "budget" and f.measure_id == "resultat"]
    assert {f.value for f in budgets} >= {332}
    # documents disagree on the 2026 budget: each is shown, the newest document first
    assert [f.source.date for f in budgets if f.source] == sorted(
        [f.source.date for f in budgets if f.source], reverse=True
    )


def test_a_forecast_the_sources_lack_is_no_value_with_what_is_known(engine: Engine) -> None:
    answer = engine.answer("/prognos investeringar 2024")
    assert answer.status == "no_value"
    assert all(f.kind != "forecast" for f in answer.facts)
    assert any(f.kind == "budget" and f.year == 2024 for f in answer.facts)


def test_comparison_names_its_inputs_and_is_computed(engine: Engine) -> None:
    answer = engine.answer("jämför budgeterat resultat 2024 och 2025")
    a, b, difference = answer.facts
    assert (a.kind, a.year, b.kind, b.year) == ("budget", 2024, "budget", 2025)
    assert a.value == -177
    assert difference.kind == "computed" and difference.source is None
    assert difference.value == b.value - a.value  # type: ignore[operator]
    assert difference.inputs == (b, a)
    assert [i["value"] for i in difference.to_json()["inputs"]] == [b.value, a.value]


def test_indicator_series_is_newest_first_then_what_is_said(engine: Engine) -> None:
    answer = engine.answer("/indikator likvida medel")
    kinds = [f.kind for f in answer.facts]
    assert kinds == sorted(kinds, key=lambda k: k == "statement")
    dates = [f.year or 0 for f in answer.facts if f.kind == "outcome"]
    assert dates == sorted(dates, reverse=True)


def test_every_answered_number_has_a_verbatim_source(engine: Engine) -> None:
    from tests.conftest import KNOWLEDGE

    for question in [
        "/prognos",
        "/budget",
        "/mål 1177",
        "/indikator pensionsmedel",
        "/jämför resultat 2024 2026",
    ]:
        for fact in engine.answer(question).facts:
            if fact.kind == "computed":
                assert fact.inputs
                continue
            assert fact.source is not None
            lines = (KNOWLEDGE / "sources" / fact.source.file).read_text(encoding="utf-8").splitlines()
            first, last = fact.source.lines
            assert " ".join(fact.source.quote.split()) in " ".join(" ".join(lines[first - 1 : last]).split())


def test_every_catalogued_measure_is_found_by_its_name(engine: Engine) -> None:
    missed = []
    for measure in engine.kb.measures.values():
        answer = engine.answer(f"/planbot {measure.name}")
        found = answer.measure_id == measure.id or (
            answer.status == "ambiguous" and measure.id in [c.measure_id for c in answer.candidates]
        )
        if not found:
            missed.append((measure.id, answer.status, answer.measure_id))
    assert missed == []


def test_target_answer_says_whether_the_latest_outcome_meets_it(engine: Engine) -> None:
    answer = engine.answer("Har vi nått målet för SVF inklusion?")
    verdict = answer.facts[-1]
    assert verdict.kind == "computed" and verdict.source is None
    outcome, target = verdict.inputs
    assert (outcome.kind, target.kind) == ("outcome", "target")
    assert outcome.value is not None and target.value is not None
    met = outcome.value >= target.value  # higher is better for inklusion
    assert verdict.text.startswith("Ja" if met else ("Nej", "Inte än"))


def test_a_word_of_the_measure_names_a_qualifier_only_as_a_whole_word(engine: Engine) -> None:
    # "motivation" is in HME's name and is a qualifier of its sub-index.
    motivation = engine.answer("/indikator HME motivation")
    assert motivation.facts and all("Motivation" in (f.qualifier or "") for f in motivation.facts)
    # "1177" is in the measure's name and only part of the qualifier "1177s e-tjänster".
    every_channel = engine.answer("/mål förtroende 1177")
    assert {f.qualifier for f in every_channel.facts} == {"telefon", "webben", "1177s e-tjänster"}


def test_two_measures_of_one_family_named_alike_are_both_answered(engine: Engine) -> None:
    # "SVF" names the inklusion and the ledtid goal equally; both hold targets and outcomes.
    answer = engine.answer("Har vi nått målet för SVF?")
    assert answer.status == "answered"
    assert {f.measure_id for f in answer.facts if f.kind == "target"} == {"svf_inklusion", "svf_ledtid"}
    verdicts = [f for f in answer.facts if f.kind == "computed"]
    assert len(verdicts) == 2 and all(v.text.startswith(("Ja", "Nej", "Inte än")) for v in verdicts)


def test_a_measure_named_by_one_common_word_alone_is_offered_not_guessed(engine: Engine) -> None:
    answer = engine.answer("/mål nöjdhet")
    assert answer.status == "ambiguous" and len(answer.candidates) >= 2
