"""What answers hold: verdicts, honest no_value answers, qualifiers, comparisons, ordering."""

from __future__ import annotations

from planbot.answer.engine import Engine
from planbot.text import fold


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
    a, b, difference, *others = answer.facts
    # (The plan's 266 mnkr for 2025 beside the December deck's 364.)
    assert [(f.kind, f.value) for f in others] == [("budget", 266.0)]
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


def test_reaching_the_budget_sets_the_forecast_against_the_budget(engine: Engine) -> None:
    # "Når vi budgeterat resultat": the budget is what is to be reached, not the 2 % target.
    answer = engine.answer("Når vi budgeterat resultat 2026?")
    assert answer.status == "answered"
    kinds = [f.kind for f in answer.facts]
    assert kinds[:2] == ["forecast", "budget"]
    forecast, budget, deviation = answer.facts[:3]
    # The deviation as the source states it ("Resultatets avvikelse mot budget"), or computed.
    assert deviation.kind == "computed" or "avvikelse" in deviation.measure.casefold()
    assert deviation.value == forecast.value - budget.value  # below budget is negative


def test_a_ceiling_in_a_compound_names_the_ceiling_row(engine: Engine) -> None:
    # "nettokostnadstaket": the growth ceiling ("maximalt för att nå budgeterat resultat"),
    # not the net costs' own budget in mnkr.
    answer = engine.answer("nettokostnadstak 2026")
    assert answer.status == "answered"
    assert {(f.measure_id, f.unit) for f in answer.facts} == {("nettokostnadsutveckling", "%")}


def test_a_word_only_excluded_by_a_qualifier_names_nothing(engine: Engine) -> None:
    # The only mention of Hälsoval is "Primärvårdsförvaltningen, exklusive Hälsoval".
    answer = engine.answer("Hur stor är budgeten för Hälsoval 2024?")
    assert answer.status == "not_found"
    assert not [f for f in answer.facts if f.value is not None]


def test_a_figure_question_with_only_statements_is_no_value(engine: Engine) -> None:
    # The sources say things about sjukfrånvaro but give no rate: a unit asks for a number.
    answer = engine.answer("What is the sick-leave rate for women, in percent?")
    assert answer.status == "no_value"


def test_a_figure_asked_in_a_unit_no_figure_has_is_no_value(engine: Engine) -> None:
    # Climate figures for 2024 are a target in %; the outcome in tonnes is of 2022.
    answer = engine.answer("Vad var utsläppen inom klimatmålet 2024 i ton?")
    assert answer.status == "no_value"
    assert answer.message == "other_unit"
    # "%" after a year asks for a share: the prostate pathways are counted (293), not in %.
    share = engine.answer("SVF prostate cancer pathways jan-apr 2026 %")
    assert share.status == "no_value" and share.message == "other_unit"
    # Within the lead time ("lead time", as "lead times" is the glossary's "ledtider"), the
    # share is given for all cancers together (45 %), not for prostate cancer alone.
    within = engine.answer("SVF lead time prostate cancer jan-apr 2026 %")
    assert within.status == "no_value" and within.message == "other_name"
    # "Hur nöjda …" asks for a share or a score: 135 respondents is no answer.
    satisfied = engine.answer("Hur nöjda var resenärerna med färdtjänst och sjukresor 2023?")
    assert satisfied.status == "no_value" and 135.0 not in values(satisfied)


def test_a_price_asked_where_the_sources_give_only_a_count_is_no_value(engine: Engine) -> None:
    # The sources say how many trains are ordered (12), not what one costs.
    answer = engine.answer("What does a new train cost to buy?")
    assert answer.status == "no_value"
    assert answer.message == "other_unit"
    assert not [f for f in answer.facts if f.value is not None and f.unit == "st" and f.kind != "statement"]


def test_a_unit_that_converts_is_the_same_unit(engine: Engine) -> None:
    from planbot.answer.engine import _in_units

    in_tkr = next(f for f in engine.kb.facts if f.unit == "tkr" and f.value is not None)
    in_percent = next(f for f in engine.kb.facts if f.unit == "%" and f.value is not None)
    assert _in_units([in_tkr], {"mnkr"})  # "… i mnkr": a figure in tkr converts
    assert not _in_units([in_percent], {"mnkr"})
    assert _in_units([in_percent.labelled("senaste utfall"), in_tkr], {"kr"})
    assert not _in_units([in_tkr.labelled("senaste utfall"), in_percent], {"kr"})  # context only


def test_a_total_asked_where_the_sources_give_only_the_change_is_no_value(engine: Engine) -> None:
    # The decks forecast how much agency staff costs change, never their total.
    answer = engine.answer("Hur mycket beräknas vi totalt lägga på inhyrd personal 2026?")
    assert answer.status == "no_value"
    assert answer.message == "only_change"
    changed = engine.answer("Hur mycket minskar kostnaderna för inhyrd personal 2026?")
    assert changed.status == "answered"


def test_a_row_labelled_as_the_measure_named_answers_when_that_measure_has_no_figure(
    engine: Engine,
) -> None:
    # "Statsbidrag läkemedel" is a measure with statements only; its budget is a row of the
    # tax revenues' budget.
    answer = engine.answer("/budget statsbidrag läkemedel 2024")
    assert answer.status == "answered"
    assert [(f.qualifier, f.value) for f in answer.facts[:1]] == [("statsbidrag läkemedel", 920)]
    # Rows that only share a word ("NKI kunder: Jag sparar tid …") are no such row.
    assert engine.answer("/indikator NKI kollektivtrafik").status == "no_value"


def test_a_change_between_consecutive_years_is_the_later_years_change(engine: Engine) -> None:
    # The 2026 deck gives 2025's emissions as changes against 2024, not both years' levels.
    answer = engine.answer(
        "Hur mycket minskade utsläppen från fordon i kollektivtrafiken mellan 2024 och 2025?"
    )
    assert answer.status == "answered"
    # Asked how much they fell: the fall, as a reduction.
    assert [(f.period, f.value) for f in answer.facts[:1]] == [("2025", 295)]
    assert "minskning" in (answer.facts[0].qualifier or "")


def test_a_whole_year_asked_where_only_months_are_known_is_no_value(engine: Engine) -> None:
    answer = engine.answer("What was total investment spending for the whole of 2025?")
    assert answer.status == "no_value"
    assert answer.message == "only_part_of_year"
    assert [f.period for f in answer.facts if f.value is not None][:1] == ["jan–oktober 2025"]
    assert engine.answer("investeringar jan-okt 2025").status == "answered"


def test_a_part_named_that_the_period_lacks_is_no_value(engine: Engine) -> None:
    # Business travel's emissions are a row of the 2022 climate account, not of 2025's.
    answer = engine.answer("tjansteresor utslapp forandring 2025")
    assert answer.status == "no_value"
    assert answer.message == "no_such_part"
    assert engine.answer("tjansteresor utslapp forandring 2022").status == "answered"


def test_actually_asks_for_an_outcome_not_a_target(engine: Engine) -> None:
    for question in (
        "How many employees per manager do we actually have on average?",
        "What's the average span of control right now?",  # "now", as "nu" and "today"
    ):
        answer = engine.answer(question)
        assert answer.status == "no_value", question
        assert not [f for f in answer.facts if f.kind == "target" and not f.label]


def test_a_month_beside_a_forecast_year_is_when_it_was_made(engine: Engine) -> None:
    # Two forecasts for 2023: after April (−398,9) and after August (−334,4).
    answer = engine.answer("prognos resultat 2023 i april")
    assert [(f.as_of, f.value) for f in answer.facts if f.kind == "forecast"][:1] == [
        ("efter april 2023", -398.9)
    ]


def test_under_budget_is_the_deviation_row(engine: Engine) -> None:
    # The June 2026 deck: tax revenues and equalisation 62 mnkr below budget.
    for question in (
        "skatteintakter under budget 2026 hur mycket",
        "How far below budget are tax revenues in 2026?",
        "Hur mycket understiger skatteintäkter och utjämning budget 2026?",  # the name between
    ):
        answer = engine.answer(question)
        assert (answer.facts[0].qualifier, answer.facts[0].value) == ("avvikelse mot budget", -62), question


def test_the_latest_is_the_newest_figure_measured_or_forecast(engine: Engine) -> None:
    # Departments' deficits: an outcome for 2022, forecasts up to 2026 (June 2026 deck).
    answer = engine.answer("forvaltningarnas underskott nu")
    assert [(f.kind, f.period, f.value) for f in answer.facts[:1]] == [("forecast", "2026", -263)]


def test_forecast_and_budget_asked_together_are_both_answered(engine: Engine) -> None:
    answer = engine.answer("Vad var helårsprognosen för investeringar 2023 och investeringsbudgeten?")
    assert answer.intent == "compare"  # two kinds asked in words: side by side
    got = [(f.kind, f.value) for f in answer.facts]
    # The whole forecast after April, not the newer cash-flow rows of the plan (a breakdown).
    assert got[:2] == [("forecast", 929.4), ("budget", 936.1)]


def test_targets_asked_in_the_plural_are_the_familys(engine: Engine) -> None:
    # "SVF" is written out in the measures' names; "målen": both SVF targets.
    answer = engine.answer("Vilka är de nationella målen för standardiserade vårdförlopp inom cancer?")
    targets = {(f.measure_id, f.value) for f in answer.facts if f.kind == "target"}
    assert targets == {("svf_inklusion", 70), ("svf_ledtid", 80)}
    one = engine.answer("Vilket är ledtidsmålet för SVF?")
    assert {f.measure_id for f in one.facts if f.kind == "target"} == {"svf_ledtid"}


def test_a_total_beside_its_parts_changes_is_the_wholes_change(engine: Engine) -> None:
    # Wage costs 2025: the total falls 2,8 % while the departments' own rise; "totala" is
    # the whole's change, which the sources give.
    answer = engine.answer("lonekostnader totalt 2025 prognos")
    assert answer.status == "answered"
    assert -2.8 in [f.value for f in answer.facts]


def test_a_fall_since_the_base_year_is_judged_against_the_reduction_target(engine: Engine) -> None:
    # 72 % minskning since 2012 (2025) against "80 % minskning till 2030": not yet.
    answer = engine.answer("Har vi nått klimatmålet?")
    judged = [f for f in answer.facts if f.label == "bedömning"]
    assert judged and judged[0].text.startswith("Inte än")
    assert judged[0].value == -8
    assert all(f.unit == "%" for f in answer.facts if f.label == "senaste utfall")


def test_a_stock_given_at_dates_develops_through_its_levels(engine: Engine) -> None:
    """Liquid assets are given 'per 30 april 2023', 'per 29 februari 2024' …: the series is
    those levels, year by year, not the cash flows since the turn of the year beside them."""
    from planbot.periods import fact_period

    answer = engine.answer("Hur har de likvida medlen förändrats år för år?")
    assert answer.status == "answered" and answer.intent == "compare"
    assert all(fact_period(f.period).shape == "date" and f.qualifier is None for f in answer.facts)
    years = [f.year for f in answer.facts]
    assert years == sorted(years) and len(set(years)) >= 3
    assert {1381.6, 898.0} <= {f.value for f in answer.facts}


def test_a_series_without_a_kind_asked_takes_the_kind_that_covers_the_years(engine: Engine) -> None:
    """One outcome year (2025) is no series: the forecasts, one for each year, are."""
    answer = engine.answer("Hur har årets resultat utvecklats mellan 2023 och 2026?")
    assert answer.status == "answered" and answer.intent == "compare"
    assert {f.kind for f in answer.facts} == {"forecast"}
    assert {f.year for f in answer.facts} == {2023, 2024, 2025, 2026}


def test_a_relation_the_measure_is_named_by_is_no_second_side(engine: Engine) -> None:
    """'avvikelse mot budget' is a measure of its own: its forecast answers, no comparison of
    the deviation with a budget for the deviation (which no source has)."""
    answer = engine.answer("Prognosens avvikelse jämfört med budget för 2025?")
    assert answer.status == "answered"
    first = answer.facts[0]
    assert (first.measure_id, first.kind, first.value) == ("avvikelse_mot_budget", "forecast", 71.0)
    compared = engine.answer("resultatprognos jämfört med budget 2025")
    assert compared.intent == "compare" and {435.0, 364.0} <= {f.value for f in compared.facts}


def test_a_reduction_asked_is_answered_as_one(engine: Engine) -> None:
    """'Hur stor var minskningen …': the fall since 2012 as the reductions the sources word
    it as (64 %, 72 %), and a change from the year before stored with its minus (−188 ton
    medicinska gaser) turned alike; a change asked is left as it is."""
    answer = engine.answer("Hur stor var utsläppsminskningen sedan 2012 i klimatboksluten 2022 och 2025?")
    own = [f for f in answer.facts if f.kind == "outcome"]
    assert {f.value for f in own} >= {64.0, 72.0}
    assert all("minskning" in (f.qualifier or "") for f in own)
    compared = engine.answer("Jämför utsläppsminskningen sedan 2012 mellan 2022 och 2025")
    (difference,) = [f for f in compared.facts if f.kind == "computed"]
    assert difference.value == 8.0 and {i.value for i in difference.inputs} == {64.0, 72.0}
    fall = engine.answer("Hur mycket minskade utsläppen från medicinska gaser 2025?")
    assert [(f.value, f.qualifier) for f in fall.facts] == [
        (188.0, "medicinska gaser, minskning mot föregående år")
    ]
    change = engine.answer("Hur har utsläppen från medicinska gaser förändrats 2025?")
    assert [f.value for f in change.facts] == [-188.0]


def test_a_comparison_of_two_years_keeps_the_baseline_asked(engine: Engine) -> None:
    """'minskat sedan 2012 enligt 2022 jämfört med 2025': both sides are the fall since
    2012, not the fall from the year before of one source of emissions."""
    answer = engine.answer(
        "How much have emissions fallen since 2012, according to the 2022 vs the 2025 climate report?"
    )
    own = [(f.year, f.value, f.qualifier) for f in answer.facts if f.kind == "outcome"]
    assert own == [(2022, 64.0, "minskning sedan 2012"), (2025, 72.0, "minskning sedan 2012")]


def test_one_year_at_two_moments_compares_the_forecasts_made_then(engine: Engine) -> None:
    # "2023 efter april och efter augusti": the year's forecasts from the two decks, not a
    # year, a month and a month that make no pair.
    answer = engine.answer("/jämför budgetavvikelse 2023 efter april och efter augusti")
    assert answer.status == "answered"
    own = [
        (f.as_of, f.value)
        for f in answer.facts
        if f.kind == "forecast" and f.measure_id == "avvikelse_mot_budget"
    ]
    assert sorted(own) == [("efter april 2023", -246.0), ("efter augusti 2023", -181.6)]
    (difference,) = [f for f in answer.facts if f.kind == "computed"]
    assert round(difference.value, 1) == 64.4


def test_a_forecast_made_at_a_moment_is_compared_with_the_years_budget(engine: Engine) -> None:
    # The moment ("efter februari") is the forecast's; the budget is the year's.
    answer = engine.answer("Hur står sig resultatprognosen för 2024 (efter februari) mot budget?")
    assert answer.status == "answered"
    assert [(f.kind, f.value) for f in answer.facts[:2]] == [("forecast", -347.8), ("budget", -177.0)]
    # A month without its year ("after October") is the year's too.
    outcome = engine.answer("How did the actual 2025 result compare with the forecast made after October?")
    assert {(f.kind, f.value) for f in outcome.facts} >= {("outcome", 547.8), ("forecast", 435.0)}


def test_a_deviation_the_source_states_answers_against_a_budget_it_lacks(engine: Engine) -> None:
    # No budget for skatter och utjämning 2023, but "bättre än budget med 141,6 mnkr".
    answer = engine.answer("/prognos skatter och utjämning 2023 jämfört med budget")
    assert answer.status == "answered"
    assert [(f.kind, f.value) for f in answer.facts] == [("forecast", 141.6)]


def test_a_comparison_of_budgets_shows_what_another_document_budgeted(engine: Engine) -> None:
    # The decks' budgets (364, 332) are compared; the plan's own 266 and 140 for the same
    # years come with them, not hidden behind the newer figures.
    answer = engine.answer("/jämför budgeterat resultat 2025 2026")
    assert answer.status == "answered"
    own = [(f.period, f.value) for f in answer.facts if f.kind == "budget"]
    assert own[:2] == [("2025", 364.0), ("2026", 332.0)]
    assert {("2025", 266.0), ("2026", 140.0)} <= set(own)
    (difference,) = [f for f in answer.facts if f.kind == "computed"]
    assert difference.value == -32.0


def test_a_fall_the_source_prints_with_its_minus_stays_as_printed(engine: Engine) -> None:
    # "högst befolkningsminskning -1,1 procent": the number as printed, not its magnitude.
    answer = engine.answer("Hur mycket minskade befolkningen i Högsby 2022?")
    assert answer.status == "answered"
    assert [f.value for f in answer.facts if f.kind == "outcome"] == [-1.1]


def test_an_amount_for_part_of_a_year_is_not_set_against_a_whole_year() -> None:
    from planbot.answer.common import comparable
    from planbot.answer.model import Fact

    def fact(period: str, value: float, unit: str) -> Fact:
        return Fact(1, "skatter", "Skatteintäkter", "outcome", period, value, unit, None, None)

    assert not comparable(fact("2025", 7245.4, "mnkr"), fact("jan–april 2025", 2450.0, "mnkr"))
    assert not comparable(fact("jan–oktober 2025", 6000.0, "mnkr"), fact("jan–april 2025", 2450.0, "mnkr"))
    assert comparable(fact("jan–april 2026", 2461.3, "mnkr"), fact("jan–april 2025", 2450.0, "mnkr"))
    assert comparable(fact("2025", 7245.4, "mnkr"), fact("2024", 7000.0, "mnkr"))
    # A rate for part of a year is still a rate: "efter februari 6,6 %" against the year's.
    assert comparable(fact("jan–feb 2024", 6.6, "%"), fact("2024", 7.0, "%"))


def test_a_why_question_anywhere_in_it_is_answered_with_what_the_sources_say(engine: Engine) -> None:
    """'Reason for …', '… varför …': the statement explaining it first, the figures beside it."""
    questions = (
        "What is the reason total payroll costs fall in 2025?",
        "Lönekostnaderna 2025, varför minskar de?",
    )
    for question in questions:
        answer = engine.answer(question)
        assert answer.status == "answered"
        assert answer.facts[0].kind == "statement" and answer.facts[0].measure_id == "lonekostnader"


def test_the_plan_period_is_the_plans_years_and_its_total_comes_first(engine: Engine) -> None:
    """'under planperioden' is 2024–2026 (the plan's title says so); the plan's figure for the
    whole span answers before the figures of its single years."""
    for question in (
        "Vad budgeteras för inventarier under planperioden?",
        "inventarier 2024–26 sammanlagt",
        "Vad budgeteras för inventarier de kommande tre åren?",  # the plan's three years in words
        "inventarier treårsperioden",
        "What is budgeted for inventories over the next three years?",
    ):
        answer = engine.answer(question)
        assert answer.status == "answered"
        first = answer.facts[0]
        assert (first.period, first.value, first.unit) == ("2024–2026", 728.5, "mnkr")


def test_an_outcome_asked_where_only_a_long_term_figure_is_said_is_no_value(engine: Engine) -> None:
    """The plan says the self-financing ratio should be 50 % in the long term; no outcome."""
    answer = engine.answer("Vad blev utfallet för kollektivtrafikens självfinansieringsgrad?")
    assert answer.status == "no_value" and answer.message == "no_outcome"


def test_within_the_ceiling_sets_the_forecast_against_the_ceiling(engine: Engine) -> None:
    """'inom taket', 'within the ceiling': the forecast against the budgeted maximum, as
    'klarar vi taket'; 'under budget' stays a deviation."""
    for question in (
        "Höll sig nettokostnadsutvecklingen 2025 inom taket?",
        "Did net cost growth stay within the cap in 2025?",
    ):
        answer = engine.answer(question)
        assert answer.intent == "compare"
        assert {(f.kind, f.value) for f in answer.facts} >= {("forecast", -0.4), ("budget", 0.3)}


def test_a_unit_written_short_after_a_number_is_that_unit(engine: Engine) -> None:
    """'9 min' is nine minutes, not 'min' (my) of 'Min vårdplan cancer'."""
    from planbot.query.slots import read

    assert "minuter" in read("1177 svar inom 9 min", engine.glossary).tokens
    answer = engine.answer("1177 svar inom 9 min mål 2024")
    assert answer.status == "answered" and answer.measure_id == "tillganglighet_1177_telefon"


def test_two_measures_joined_by_respektive_are_both_answered(engine: Engine) -> None:
    """'X respektive Y' asks for both, though one name weighs more; 'och' inside one measure's
    name ('skatter och utjämning') joins nothing."""
    answer = engine.answer("Vad är prognosen för kostnaderna för köpt vård respektive läkemedel 2025?")
    assert {"kopt_vard", "lakemedel"} <= {f.measure_id for f in answer.facts}
    single = engine.answer("Prognos för skatter och utjämning 2026")
    assert {f.measure_id for f in single.facts if f.kind != "computed"} == {"skatteintakter_och_utjamning"}


def test_short_and_long_term_targets_are_the_plans_first_year_and_the_long_term(engine: Engine) -> None:
    for question in (
        "Vilka är de kortsiktiga och långsiktiga målen för digitala vårdmöten?",
        "short- and long-term goals for digital care meetings",
    ):
        answer = engine.answer(question)
        assert [(f.period, f.value) for f in answer.facts if f.kind == "target"][:2] == [
            ("2024", 5.0),
            ("långsiktigt", 15.0),
        ]


def test_targets_this_year_and_in_the_long_term_are_both_given(engine: Engine) -> None:
    answer = engine.answer("Vad är målet för bredband på minst 1 Gbit/s i år och på sikt?")
    assert {f.period for f in answer.facts if f.kind == "target"} >= {"2024", "långsiktigt"}


def test_forecasts_over_years_written_with_two_digits_give_every_year(engine: Engine) -> None:
    answer = engine.answer("nku helårsprognos per år 23–26")
    assert {f.year for f in answer.facts if f.kind == "forecast"} == {2023, 2024, 2025, 2026}


def test_compare_over_a_span_of_years_gives_every_year(engine: Engine) -> None:
    answer = engine.answer("/jämför inhyrd personal 2023–2026")
    assert answer.status == "answered" and answer.intent == "compare"
    assert {f.year for f in answer.facts} == {2023, 2024, 2025, 2026}
    ends = engine.answer("/jämför resultatprognos 2023 2026")
    assert {f.year for f in ends.facts if f.kind != "computed"} == {2023, 2026}


def test_what_happens_with_asks_for_what_is_said(engine: Engine) -> None:
    from planbot.query.slots import read

    slots = read("Vad händer med 1177 direkt?", engine.glossary)
    assert slots.cues.statement and "hander" not in slots.words
    answer = engine.answer("Vad händer med 1177 direkt?")
    assert answer.status == "answered" and answer.facts[0].kind == "statement"


def test_a_whole_comes_before_its_parts_and_its_restatement_beside_it(engine: Engine) -> None:
    # The text gives the frames as 7 121,2 mnkr; the table's "Totalt" row as −7 121,2.
    answer = engine.answer("/budget driftramar 2024")
    assert answer.status == "answered"
    assert [abs(v) for v in values(answer)[:2]] == [7121.2, 7121.2]
    assert len(values(answer)) > 2, "the förvaltningar's rows follow as detail"


def test_what_the_question_rules_out_does_not_name_a_row_that_includes_it(engine: Engine) -> None:
    # "exkl. köpt vård": not the sum *including* köpt vård and läkemedel (−9 679,2).
    answer = engine.answer("summa driftramar 2024 exkl köpt vård och läkemedel")
    assert answer.status == "answered"
    assert abs(values(answer)[0]) == 7121.2
    assert -9679.2 not in values(answer)[:2]


def test_the_word_a_measure_is_broken_down_by_names_no_single_row(engine: Engine) -> None:
    # "Driftramar per förvaltning och nämnd": "förvaltningar" is every row, not IT-förvaltningen.
    answer = engine.answer("driftram förvaltningar 2025")
    assert answer.facts[0].qualifier != "IT-förvaltningen"
    assert abs(values(answer)[0]) == 7132.8
    named = engine.answer("/budget driftram it-förvaltningen 2025")
    assert [f.qualifier for f in named.facts] == ["IT-förvaltningen"]


def test_a_weak_cue_prefers_a_kind_without_ruling_out_its_neighbours(engine: Engine) -> None:
    # "max" leans towards a budget or ceiling; the plan gives the riktvärde as a target.
    answer = engine.answer("Hur många medarbetare får en chef max ha enligt regionplanen?")
    assert answer.status == "answered"
    assert 35 in values(answer)
    # "cost" reads as a past tense (an outcome); the 2026 figure is a forecast, which answers.
    answer = engine.answer("bought-in care cost increase 2026")
    assert answer.status == "answered"
    assert values(answer)[0] == 5.8
    # A past tense never makes a target the answer.
    answer = engine.answer("What share of 1177 calls were answered within 9 minutes in week 11 of 2024?")
    assert answer.status != "answered"


def test_a_unit_after_a_number_names_a_figure_not_the_unit_asked_for() -> None:
    from planbot.query.glossary import Glossary
    from planbot.query.slots import read

    glossary = Glossary([])
    assert read("/budget finansiellt mål 2 procent 2025", glossary).cues.units == set()
    assert read("Hur stor är 2%-målet i mnkr?", glossary).cues.units == {"mnkr"}
    assert read("resultatet i procent 2025", glossary).cues.units == {"%"}
    assert read("totala utsläpp 2025 ton", glossary).cues.units >= {"ton"}


def test_a_question_about_when_asks_for_what_is_said() -> None:
    from planbot.query.glossary import Glossary
    from planbot.query.slots import read

    glossary = Glossary([])
    asked_when = [
        "Till när ska soliditeten vara återställd?",
        "bolagsstart datum",
        "från vilket år gäller det",
        "company launch date",
        "Sedan när kan man boka tid?",
    ]
    for asked in asked_when:
        assert read(asked, glossary).cues.when, asked
    figures = ["Vilket är det långsiktiga resultatmålet?", "Hur mycket ökar kostnaden när tågen levererats?"]
    for figure in figures:
        assert not read(figure, glossary).cues.when, figure


def test_a_figure_asked_by_its_qualifier_comes_with_the_others_of_its_sentence(engine: Engine) -> None:
    # "Riktvärdet ska därför vara högst 35 medarbetare per chef, med målet att minska antalet till 25."
    answer = engine.answer("Hur många medarbetare per chef är riktvärdet?")
    assert values(answer)[0] == 35
    assert 25 in values(answer)
    # Parts of a breakdown on one line are not pulled in alike.
    answer = engine.answer("/mål förtroende 1177 telefon")
    assert {f.qualifier for f in answer.facts} == {"telefon"}


def test_a_budget_without_a_period_gives_the_plans_own_years_whole_figures_first(engine: Engine) -> None:
    # The plan 2024–2026 recalls the 2023 ramförstärkningar of the plan before it: detail, after.
    answer = engine.answer("/budget ramförstärkningar")
    assert answer.facts[0].year == 2024
    assert [f.value for f in answer.facts[:6] if f.qualifier is None] == [0.0, 11.6, 21.6]


def test_a_word_the_sources_use_is_no_typo_of_a_measure_name(engine: Engine) -> None:
    # "månader" is a word of the sources; it is no misspelt "mandat" (partistöd).
    assert "mand" not in dict(engine.index.lookup("manader"))
    assert engine.answer("vantetid horapparat manader").status in ("not_found", "no_value")
    # A real typo is still read: "nettokostnadsutvekling".
    assert engine.answer("nettokostnadsutvekling 2024").status == "answered"


def test_a_price_asked_is_answered_with_money_or_not_at_all(engine: Engine) -> None:
    # No examination fee is in the sources; a share (2 % hyrbemanning) is no price.
    answer = engine.answer("Vad kostar en undersökning hos folktandvården 2024?")
    assert answer.status != "answered"
    # A fee in kronor is a price.
    assert engine.answer("Vad kostar ett öppenvårdsbesök 2024?").status == "answered"


def test_a_fact_the_words_name_strongly_answers_beside_the_kind_of_the_command(engine: Engine) -> None:
    # "/budget" is a prior; "minimum" names the finance policy's minimum (a target, 250 mnkr).
    answer = engine.answer("/budget likviditet minimum")
    assert 250 in values(answer)
    # Words asking for another kind keep it out ("idag": the fee now, not the budgeted one).
    answer = engine.answer("nuvarande avgift oppenvardsbesok kr")
    assert values(answer)[0] == 200


def test_two_parts_named_are_compared_with_each_other(engine: Engine) -> None:
    from planbot.service import ask

    answer = engine.answer("marknadsandel kalmar vs oskarshamn")
    assert [(f.qualifier, f.value) for f in answer.facts[:2]] == [("Kalmar", 17), ("Oskarshamn", 8)]
    assert answer.facts[2].kind == "computed" and answer.facts[2].value == 9
    assert "17 % (Kalmar)" in ask("marknadsandel kalmar vs oskarshamn", engine).text


def test_kalmar_alone_is_the_municipality_and_in_the_regions_name_a_stopword() -> None:
    from planbot.query.words import MUNICIPALITY, mark_municipality

    assert MUNICIPALITY in mark_municipality("marknadsandel kalmar och oskarshamn")
    assert MUNICIPALITY in mark_municipality("lanssjukhuset i kalmar")
    for name in ("region kalmar lan", "kalmar lans landsting", "kalmar lanstrafik", "kalmar county"):
        assert MUNICIPALITY not in mark_municipality(name), name


def test_a_comparison_without_sides_pairs_only_the_part_the_question_names(engine: Engine) -> None:
    # Two decks give Torsås's market share; the comparison is Torsås with Torsås, never Kalmar.
    answer = engine.answer("torsas marknadsandel juni 2023 vs mars 2024")
    assert {f.qualifier for f in answer.facts if f.kind != "computed"} == {"Torsås"}
    assert sorted(values(answer, "outcome")) == [13, 16]
    from planbot.service import ask

    # One period from two decks: the lead says which deck said which.
    assert "(enligt 26 mars 2024) mot 13 %" in ask("torsas marknadsandel juni 2023 vs mars 2024", engine).text


def test_a_month_that_is_a_documents_date_asks_what_that_document_says(engine: Engine) -> None:
    # The June 2023 deck gives Vimmerby's market share for 2022 (its own period), not June's.
    answer = engine.answer("What was Vimmerby's public transport market share in the June 2023 deck?")
    assert answer.status == "answered"
    assert [(f.qualifier, f.value) for f in answer.facts[:1]] == [("Vimmerby", 6)]
    assert answer.facts[0].source is not None and answer.facts[0].source.date == "2023-06-13"


def test_year_to_date_is_no_question_about_when() -> None:
    from planbot.query.glossary import Glossary
    from planbot.query.slots import read

    assert not read("capex year to date October 2025", Glossary([])).cues.when


def test_a_short_english_question_is_answered_in_english() -> None:
    from planbot.query.glossary import Glossary
    from planbot.query.slots import read

    glossary = Glossary([("market share", "marknadsandel", True, False)])
    # Two English words (a two-word term) and no Swedish one: replied in English, read as before.
    short = read("Torsås market share 2023 deck vs 2024 deck", glossary)
    assert (short.reply_language, short.language) == ("en", "sv")
    for swedish in ("torsas marknadsandel juni 2023 vs mars 2024", "hyrbemanning cost 2025",
                    "market share för Torsås"):  # fmt: skip
        assert read(swedish, glossary).reply_language == "sv", swedish


def test_a_figure_for_the_country_does_not_answer_a_question_about_the_county(engine: Engine) -> None:
    # The sources give how many in Sweden need palliative care, not how many in Kalmar län.
    answer = engine.answer("hur manga i kalmar lan behover palliativ vard")
    assert not any(f.value for f in answer.facts if f.kind != "computed")
    # Asked about Sweden, they answer; the county's share *of* the country is the county's.
    assert 70000 in values(engine.answer("Hur många i Sverige beräknas ha palliativt vårdbehov per år?"))
    assert engine.answer("Hur stor andel av Sveriges befolkning bor i Kalmar län?").status == "answered"


def test_better_or_worse_than_the_forecast_asks_about_the_result(engine: Engine) -> None:
    # "bättre"/"better" judge; they name no measure: the result against its forecast.
    for asked in ("blev 2025 bättre än prognosen?", "Did 2025 end better than the October forecast?"):
        answer = engine.answer(asked)
        assert answer.status == "answered", asked
        assert {547.8, 435.0} <= set(values(answer)), asked


def test_a_share_asked_is_answered_with_a_share_or_not_at_all(engine: Engine) -> None:
    from planbot.query.glossary import Glossary
    from planbot.query.slots import read

    assert "%" in read("Vilken andel har fast läkarkontakt?", Glossary([])).cues.units
    # The sources count prostate-cancer patients; no share within the lead time is given.
    asked = "What share of prostate cancer SVF patients started treatment within the lead time?"
    assert engine.answer(asked).status == "no_value"


def test_over_the_years_and_between_the_years_ask_for_a_series(engine: Engine) -> None:
    answer = engine.answer("Is the administrations' combined deficit shrinking over the years?")
    assert [f.year for f in answer.facts if f.kind == "forecast"] == [2023, 2024, 2025, 2026]
    answer = engine.answer("skatter mot budget jamfort mellan aren")
    assert len({f.year for f in answer.facts if f.qualifier == "avvikelse mot budget"}) >= 3


def test_a_forecast_against_the_budget_gives_both_and_the_deviation_the_source_states(engine: Engine) -> None:
    answer = engine.answer("/jämför resultatprognos 2025 med budget")
    figures = [(f.kind, f.value) for f in answer.facts]
    assert ("forecast", 435.0) in figures and ("budget", 364.0) in figures
    # The deviation is the forecast less the budget, cited from the source, not recomputed.
    (deviation,) = [f for f in answer.facts if f.value == 71.0]
    assert deviation.source is not None and deviation.kind != "computed"


def test_a_stated_deviation_comes_with_the_figures_it_is_the_difference_of(engine: Engine) -> None:
    answer = engine.answer("/prognos resultat 2026 mot budget")
    assert [(f.kind, f.value) for f in answer.facts[:3]] == [
        ("forecast", -212.0),
        ("forecast", 120.0),
        ("budget", 332.0),
    ]
    assert all(f.source is not None for f in answer.facts[:3])


def test_a_reference_the_sources_lack_is_no_value_not_two_other_figures(engine: Engine) -> None:
    answer = engine.answer("skatteintakter 2025 prognos mot budget")
    assert answer.status != "answered" or all(f.kind != "budget" for f in answer.facts if f.value is not None)


def test_a_part_like_the_rows_but_not_among_them_is_no_value(engine: Engine) -> None:
    # Started pathways are broken down by cancer (prostata-, bröstcancer …); lung cancer is
    # not among them: the total is no answer to it.
    assert (
        engine.answer("Hur många vårdförlopp för lungcancer startades januari–april 2026?").status
        == "no_value"
    )
    named = engine.answer("Hur många vårdförlopp för prostatacancer startades januari–april 2026?")
    assert named.status == "answered" and 293.0 in values(named)


def test_a_name_none_of_the_figures_is_about_is_no_value_with_what_is_known(engine: Engine) -> None:
    # The sources give the population change of Högsby and Mörbylånga, not of Nybro; Region
    # Kalmar län's forecast, not Region Kronoberg's; the lead time of all pathways, not of
    # prostate cancer's.
    for question in (
        "Hur mycket förändrades befolkningen i Nybro kommun under 2022?",
        "What is Region Kronoberg's forecast result for 2025?",
        "Hur stor andel av prostatacancerpatienterna klarar SVF-ledtiden?",
    ):
        answer = engine.answer(question)
        assert answer.status == "no_value" and answer.message == "other_name", question
        assert any(f.value is not None for f in answer.facts), question  # what is known is shown
    # A name the lines around a figure's quote say is the figure's: the plan's HSF sentence
    # comes just before "… nettobesparing på cirka 50 miljoner kronor".
    saved = engine.answer("hyrpersonal hsf minskning miljoner nettobesparing")
    assert saved.status == "answered" and 50.0 in values(saved)
    # A name the figures are about answers, in either language.
    named = engine.answer("Hur mycket förändrades befolkningen i Högsby kommun under 2022?")
    assert named.status == "answered" and -1.1 in values(named)
    assert 293.0 in values(
        engine.answer("How many prostate cancer pathways were started January–April 2026?")
    )


def test_a_count_asked_is_not_answered_by_shares_or_their_change(engine: Engine) -> None:
    # "antalet": a number of, never a share; "hur många invånare": not how fast they change.
    for question in (
        "/indikator antal resor kollektivtrafik 2023",
        "Hur många invånare har Högsby kommun?",
        "Hur många hälsocentraler finns det i Kalmar län?",  # "finns": how many there are
    ):
        answer = engine.answer(question)
        assert answer.status == "no_value" and answer.message == "other_unit", question
    # "Hur många … upplever": a share of the employees answers.
    shares = engine.answer("Hur många medarbetare upplever att arbetet känns meningsfullt?")
    assert shares.status == "answered" and any(f.unit == "av 10" for f in shares.facts)


def test_a_count_asked_is_not_a_surveys_number_of_respondents(engine: Engine) -> None:
    # The survey item "Jag sparar tid genom att resa med Kalmar länstrafik" had 1 368
    # respondents: that is no number of trips.
    for question in (
        "Hur många resor gjordes med Kalmar länstrafik under 2023?",
        "How many trips were made with Kalmar länstrafik in 2023?",
    ):
        assert engine.answer(question).status in ("no_value", "not_found"), question


def test_a_count_asked_is_not_answered_by_money(engine: Engine) -> None:
    # "headcount" is "antal anställda": the savings in mnkr of the hired staff are no count.
    answer = engine.answer("headcount region kalmar staff total")
    assert answer.status in ("no_value", "not_found"), answer.status
    # "over how many years" asks how long: the funding's amount still answers.
    funded = engine.answer(
        "How much funding has the region received from the Effektiviseringsdelegationen for "
        "digitala kallelser, and over how many years?"
    )
    assert funded.status == "answered" and 9.5 in values(funded)


def test_a_word_the_glossary_wrote_for_an_english_term_weighs_as_swedish(engine: Engine) -> None:
    # "headcount" is "antal anställda": no measure is of the staff's number, though several
    # are named "antal …" (an unknown English word would be taken for a paraphrase).
    assert engine.answer("headcount of the region").status == "not_found"


def test_a_statement_the_question_names_answers_whatever_the_command(engine: Engine) -> None:
    # "/indikator" asks for an outcome; "utmaningar" names what a statement is about.
    named = engine.answer("/indikator SVF utmaningar")
    assert named.status == "answered" and named.facts[0].kind == "statement"
    assert "utmaningar" in (named.facts[0].qualifier or "")
    # A figure asked for in words ("målvärde") is not answered by a statement.
    assert engine.answer("Vilket målvärde har hållbart säkerhetsengagemang, HSE?").status == "no_value"


def test_an_english_term_in_a_question_read_as_swedish_names_by_its_meaning_only(engine: Engine) -> None:
    # "tax" alone would name the ticket prices' "taxa"; "tax revenue" means skatteintäkter.
    answer = engine.answer("budget 2024 tax revenue")
    assert answer.status == "answered" and 7032.0 in values(answer)


def test_two_measures_named_in_full_without_a_conjunction_are_both_answered(engine: Engine) -> None:
    answer = engine.answer("kassalikviditet soliditet 2023 prognos")
    assert answer.status == "answered"
    assert {f.measure_id for f in answer.facts} >= {"kassalikviditet", "soliditet"}
    assert {112.1, 35.8} <= set(values(answer))


def test_the_cash_flow_budgets_change_row_and_the_year_end_balance_are_told_apart(engine: Engine) -> None:
    # The balance at the year's end is Likvida medel's; its change is a row of the cash-flow budget.
    level = engine.answer("Vilka likvida medel vid årets slut 2026 räknar kassaflödesbudgeten med?")
    assert 422.0 in values(level) and -187.4 not in values(level)
    change = engine.answer("förändring likvida medel 2025")
    assert change.status == "answered" and values(change)[0] == -198.9


def test_a_row_named_in_whole_answers_where_no_measure_is_named(engine: Engine) -> None:
    # "Regionservice" is no measure's name, but a row of the frames table, of the kind asked.
    answer = engine.answer("/budget Regionservice 2026")
    assert answer.status == "answered" and values(answer)[0] == -519.3
    # Not a row of another kind: Region Kronoberg's shares are no forecast.
    assert engine.answer("/prognos region kronoberg 2026").status != "answered"


def test_a_months_forecast_comes_with_that_months_budget_and_is_no_answer_to_what_was_sold(
    engine: Engine,
) -> None:
    forecast = engine.answer("/prognos biljettförsäljning december 2023")
    assert forecast.status == "answered" and forecast.facts[0].value == 17424350.0
    assert [f.value for f in forecast.facts if f.kind == "budget"] == [16594619.0]  # December's
    # The year's forecast still stands alone for the year.
    assert values(engine.answer("/prognos biljettförsäljning 2023"), "forecast") == [214853771.0]
    # What was sold in May: the sources hold only the forecast made after April.
    sold = engine.answer("Hur mycket sålde vi biljetter för i maj 2023?")
    assert sold.status == "no_value" and sold.message == "no_outcome"


def test_a_definition_asked_for_is_answered_by_the_statement_that_gives_it(engine: Engine) -> None:
    for question in ("net cost definition", "Hur definieras verksamhetens nettokostnad?"):
        answer = engine.answer(question)
        assert answer.status == "answered" and answer.facts[0].kind == "statement", question
        assert answer.facts[0].qualifier == "definition", question


def test_a_rate_named_without_what_it_is_per_is_not_the_measure(engine: Engine) -> None:
    # "Antal medarbetare per chef" is no answer to how many employees there are.
    for question in ("How many employees does Region Kalmar län have?", "antal medarbetare regionen totalt"):
        assert engine.answer(question).status == "not_found", question
    for question in (
        "Hur många medarbetare per chef?",
        "hur manga medarbetare har en chef",
        "personalansvar",
    ):
        assert 35.0 in values(engine.answer(question)), question
    # A breakdown ("Driftramar per förvaltning och nämnd") is no rate.
    assert engine.answer("/budget hälso- och sjukvårdsförvaltningen 2024").status == "answered"


def test_an_outcome_asked_for_is_not_a_figure_said_in_words(engine: Engine) -> None:
    # The plan says what 2 % of the revenues would be in 2024 (205 mnkr); no outcome for 2024.
    for question in ("Vad blev årets resultat 2024 i bokslutet?", "What was the actual 2024 result?"):
        answer = engine.answer(question)
        assert answer.status == "no_value" and answer.message == "no_outcome", question
    # What is today may be said in words: the fee for a visit now, before the rise.
    today = engine.answer("Vad är patientavgiften för ett öppenvårdsbesök idag, före höjningen?")
    assert today.status == "answered" and 200.0 in values(today)


def test_a_full_years_forecast_per_a_month_is_the_forecast_made_then(engine: Engine) -> None:
    # "per april" with "helår": made in April, not January–April. 2025 was forecast in October only.
    assert engine.answer("helarsprognos 2025 per april").status == "no_value"
    made = engine.answer("helårsprognos 2025 per oktober")
    assert made.status == "answered" and made.facts[0].value == 435.0


def test_one_figure_given_alike_by_two_documents_is_no_comparison(engine: Engine) -> None:
    # Kalmar's 17 % market share is in the June 2023 and March 2024 decks; the neighbouring
    # counties' shares are only in a chart.
    answer = engine.answer("/indikator marknadsandel 2019 jämfört med närliggande län")
    assert answer.status == "no_value"
    assert not any(f.kind == "computed" for f in answer.facts)


def test_a_kind_word_cut_short_is_the_kind_not_a_measure_word(engine: Engine) -> None:
    # "progn" is the forecast asked, not a piece of "resultatprognos" naming Årets resultat.
    answer = engine.answer("verksamhetens resultat 2026 progn")
    assert answer.measure_id == "verksamhetens_resultat" and answer.facts[0].value == 119.9


def test_part_of_a_year_against_another_year_is_the_same_months(engine: Engine) -> None:
    # January–April 2026 against 2025: January–April 2025 (−14,4), not the whole of 2025 (547,8).
    for question in ("arets resultat t.o.m. april 2026 vs 2025", "nettokostnader jan-apr 2026 vs 2025"):
        answer = engine.answer(question)
        periods = {f.period for f in answer.facts if f.kind == "outcome"}
        assert periods == {"jan–april 2025", "jan–april 2026"}, question


def test_a_forecast_month_of_a_monthly_measure_is_that_months_forecast(engine: Engine) -> None:
    # No forecast was made in December 2023; ticket sales are forecast month by month.
    answer = engine.answer("biljettforsaljning prognos december 2023")
    assert answer.status == "answered" and answer.facts[0].value == 17424350.0
    # A forecast made in October 2025 stays the forecast made then.
    made = engine.answer("resultatprognos oktober 2025")
    assert made.facts[0].value == 435.0 and made.facts[0].as_of == "efter oktober 2025"


def test_a_target_asked_for_is_answered_by_the_long_term_target(engine: Engine) -> None:
    # "achieve" (part of what is measured) and "låg" (low, not the past of "ligga") ask no outcome.
    for question, value in (
        ("What long-term target applies to the share of folk high school students on general courses "
         "who achieve basic eligibility?", 75.0),
        ("På lång sikt, hur låg ska andelen oplanerade återinskrivningar inom 30 dagar vara?", 15.0),
    ):  # fmt: skip
        answer = engine.answer(question)
        assert answer.status == "answered" and value in values(answer), question


def test_who_made_a_figure_is_no_part_of_it(engine: Engine) -> None:
    # "SKR:s befolkningstrend": SKR made the forecast ("Trend SKR"); its meaning's "Sveriges"
    # does not ask for the rows about Sverige.
    answer = engine.answer("Hur många invånare beräknas Kalmar län ha 2026 enligt SKR:s befolkningstrend?")
    assert answer.status == "answered" and answer.facts[0].value == 250046.0


def test_a_row_of_a_table_no_word_names_answers_where_the_named_measure_has_no_such_figure(
    engine: Engine,
) -> None:
    # "kultur" names the culture grants (no budget) in part, and the frames' row "varav kultur".
    answer = engine.answer("/budget kultur 2024")
    assert answer.status == "answered" and answer.facts[0].value == -82.4
    # A measure named in full keeps the question: NKI for länstrafiken is only in a chart.
    assert engine.answer("Vilket NKI fick Kalmar länstrafik 2023?").status != "answered"


def test_the_plans_assignments_are_found_by_what_they_are_about(engine: Engine) -> None:
    # One measure holds the plan's assignments; the one the question's words name comes first.
    for question, said in (
        ("Will we get free work shoes?", "arbetsskor"),
        ("frisktandvårdsmodell", "frisktandvårdsmodell"),
        ("Vad säger regionplanen om heltid?", "heltid"),
    ):
        answer = engine.answer(question)
        assert answer.status == "answered" and answer.facts[0].kind == "statement", question
        assert said in (answer.facts[0].text or ""), question


def test_years_named_relative_to_the_newest_document(engine: Engine) -> None:
    # The newest document is June 2026: "i fjol" is 2025, "i år" 2026, "nästa år" 2027.
    assert engine.current_year == 2026
    last = engine.answer("What was the forecast increase in other costs last year?")
    assert {f.period for f in last.facts if f.kind == "forecast"} == {"2025"}
    ytd = engine.answer("Har verksamhetens intäkter minskat jämfört med samma period i fjol (jan–april)?")
    assert {f.period for f in ytd.facts if f.kind == "outcome"} == {"jan–april 2025", "jan–april 2026"}
    year_end = engine.answer(
        "Hur mycket likvida medel ska vi ha vid årsskiftet i år enligt kassaflödesbudgeten?"
    )
    assert values(year_end) == [422.0]
    assert engine.answer("Vad blir resultatet nästa år?").status == "no_value"  # nothing for 2027
    # "i år" where the measure has no figure of the year: the newest figures (HME, 2025).
    assert engine.answer("hme index medarbetarenkat i ar").status == "answered"
    # "mot föregående år" is the sources' own wording, no year.
    assert engine.answer("läkemedelskostnader förändring mot föregående år 2026").facts[0].period == "2026"


def test_a_part_comes_with_the_whole_it_is_of(engine: Engine) -> None:
    # "varav kultur" of the regional development frame; "varav ansvarsförbindelse" of the pensions.
    culture = engine.answer("ruf ram 2024 varav kultur")
    assert values(culture)[:2] == [-82.4, -181.6]
    pensions = engine.answer("ansvarsförbindelse pensioner 31 december 2027")
    assert {2458.2, 9262.9} <= set(values(pensions))


def test_per_year_of_a_measure_without_two_years_is_a_rate_not_a_series(engine: Engine) -> None:
    # The new trains add 65–70 mnkr to the net costs each year once delivered: one figure.
    answer = engine.answer(
        "Hur mycket beräknas de nya tågen öka nettokostnaden per år när alla är levererade?"
    )
    assert answer.status == "answered" and {65.0, 70.0} <= set(values(answer))


def test_whether_a_target_is_met_without_an_outcome_is_no_value_with_the_target(engine: Engine) -> None:
    answer = engine.answer("Klarar vi 1177-målet på 9 minuter just nu?")
    assert answer.status == "no_value" and answer.message == "no_outcome"
    assert {f.kind for f in answer.facts if f.value is not None} == {"target"}
    # Asking for the target itself is answered ("uppnår" names the measure, not a yes/no).
    asked = engine.answer(
        "Vad är målvärdet 2024 för andelen folkhögskolestuderande som uppnår grundläggande behörighet?"
    )
    assert asked.status == "answered"


def test_a_kind_word_of_the_measures_own_name_asks_for_no_such_figure(engine: Engine) -> None:
    # "budget" is part of "Resultatets avvikelse mot budget", a measure of forecasts only.
    answer = engine.answer("avvikelse budget 2025 oktober")
    assert answer.status == "answered" and answer.facts[0].value == 71.0


def test_a_word_naming_a_row_of_the_measure_asked_about_names_no_second_measure(engine: Engine) -> None:
    # "avvek … från budget" names the tax revenues' own deviation row, not the result's
    # deviation measure beside them; October 2025 has no such forecast.
    answer = engine.answer(
        "Hur mycket avvek skatter och utjämning från budget i prognosen efter oktober 2025?"
    )
    assert {f.measure_id for f in answer.facts} == {"skatteintakter_och_utjamning"}
    assert answer.status == "no_value"


def test_a_one_krona_change_in_the_tax_rate_is_the_sensitivity_analysis(engine: Engine) -> None:
    for question in (
        "Hur mycket påverkas resultatet om skatten ändras med en krona?",
        "How much does a one-krona change in the tax rate affect the result?",
    ):
        assert 597.0 in values(engine.answer(question))


def test_a_hyphenated_qualifier_is_named_by_the_word_written_whole(engine: Engine) -> None:
    answer = engine.answer("invanarkonton avisering epost vs sms %")
    assert {52.0, 79.0} <= set(values(answer))


def test_a_measure_named_in_part_must_account_for_more_of_the_question(engine: Engine) -> None:
    # "andel … målet" names a part of many measures' names; "ekologiska livsmedel" is no
    # topic of the sources: no target of another measure answers it.
    answer = engine.answer("Vilken andel ekologiska livsmedel är målet på sjukhusen?")
    assert answer.status in ("not_found", "no_value", "ambiguous")
    assert not (answer.status == "answered" and values(answer, "target"))


def test_the_plan_is_a_side_of_its_own_beside_the_budget_and_the_forecast(engine: Engine) -> None:
    answer = engine.answer("/jämför skatteintäkter 2026 plan budget prognos")
    plan, budget, forecast = answer.facts[:3]
    assert (
        (plan.kind, plan.value) == ("budget", 7644.0) and plan.source and "Regionplan" in plan.source.document
    )
    assert (
        (budget.kind, budget.value) == ("budget", 7494.0)
        and budget.source
        and "Regionplan" not in budget.source.document
    )
    assert (forecast.kind, forecast.value) == ("forecast", 7421.5)


def test_a_deviation_stated_in_words_is_shown_beside_the_computed_difference_never_as_it(
    engine: Engine,
) -> None:
    # "Skatteintäkter och utjämning understiger budget med 62 mnkr" covers more than the tax
    # revenue row (7 421,5 against 7 494): the difference computed stays −72,5.
    answer = engine.answer("/prognos skatteintäkter mot budget 2026")
    (computed,) = [f for f in answer.facts if f.kind == "computed"]
    assert computed.value == -72.5
    assert -62.0 in values(answer, "forecast")


def test_a_statement_curated_under_another_measure_that_names_this_one_answers(engine: Engine) -> None:
    # "Den 16 september ersätts 1177 direkt av tjänsten 'Sök vård digitalt'" is curated under
    # Sök vård digitalt; asked about 1177 direkt, it is what answers.
    for question in (
        "Vad händer med 1177 direkt?",
        "När ersätts 1177 direkt?",
        "what replaces 1177 direkt and when?",
    ):
        answer = engine.answer(question)
        assert answer.status == "answered"
        assert any(f.kind == "statement" and f.source and f.source.lines == (576, 576) for f in answer.facts)


def test_a_varav_row_is_named_by_its_own_word_though_the_word_also_names_the_measure(engine: Engine) -> None:
    # "ansvarsförbindelse" is a synonym of the pension commitment and the whole of its row
    # "varav ansvarsförbindelse" ("varav" says nothing of what the row is).
    answer = engine.answer("/jämför ansvarsförbindelse pensioner 2023 2024 2025")
    assert {f.value for f in answer.facts if f.kind == "forecast"} >= {3508.1, 3543.9, 3418.0}


def test_a_compared_figure_comes_with_its_twin_in_another_unit(engine: Engine) -> None:
    # "… ökar med 306 mnkr (5,4 procent)": both units, for each year compared.
    answer = engine.answer("/jämför förvaltningarnas lönekostnader 2025 och 2026")
    assert {(f.value, f.unit) for f in answer.facts} >= {
        (306.0, "mnkr"),
        (5.4, "%"),
        (213.0, "mnkr"),
        (3.6, "%"),
    }


def test_per_forecast_asks_for_every_forecast_in_the_unit_asked(engine: Engine) -> None:
    answer = engine.answer("hyrpersonal %-minskning per prognosår")
    assert [(f.year, f.value) for f in answer.facts if f.kind == "forecast"] == [
        (2023, 9.5),
        (2024, 26.1),
        (2025, 17.7),
        (2026, 7.2),
    ]
    assert {f.unit for f in answer.facts if f.kind == "forecast"} == {"%"}


def test_the_whole_name_asks_for_the_whole_not_the_rows_its_words_label(engine: Engine) -> None:
    # "Skatteintäkter" and "utjämning" label rows; said together they are the measure's name.
    answer = engine.answer("/budget Skatteintäkter och utjämning 2024")
    assert answer.facts[0].value == 10230.0 and answer.facts[0].qualifier is None
    # One of them alone names its row.
    row = engine.answer("/budget skatteintäkter 2024")
    assert row.facts[0].qualifier == "skatteintäkter"


def test_each_year_of_a_measure_without_yearly_figures_is_a_rate_not_a_series(engine: Engine) -> None:
    answer = engine.answer("How many people in Sweden are estimated to need palliative care each year?")
    assert answer.status == "answered" and 70000.0 in values(answer)
    # The county asked, the country's figures given: none of them answers.
    county = engine.answer("How many people in Kalmar county need palliative care each year?")
    assert county.status != "answered" or not [v for v in values(county) if v is not None]


def test_a_terse_question_ending_in_nar_asks_when(engine: Engine) -> None:
    from planbot.query.slots import read

    assert read("fossilfria tåg när?").cues.when
    assert not read("klarar vi målet nu").cues.when
    answer = engine.answer("soliditet inkl ansvarsforbindelse aterstallas nar")
    assert answer.status == "answered" and answer.facts[0].kind == "statement"


def test_a_statement_the_questions_words_name_comes_beside_the_figures(engine: Engine) -> None:
    answer = engine.answer("/planbot leverans nya tåg")
    assert any(f.kind == "statement" for f in answer.facts)


def test_the_latest_whole_year_figure_where_only_months_are_measured_is_the_forecast(engine: Engine) -> None:
    answer = engine.answer("senaste nettokostnadsutveckling helår")
    assert answer.status == "answered" and answer.intent == "forecast"
    assert (answer.facts[0].kind, answer.facts[0].value) == ("forecast", 5.8)


def test_a_sentence_about_the_plan_period_that_names_the_year_asked_is_about_that_year(
    engine: Engine,
) -> None:
    # "Det finansiella målet … nås inte för 2024 och 2026" (period 2024–2026) answers why.
    answer = engine.answer("varför nås inte 2-procentsmålet 2024")
    assert any(f.kind == "statement" and f.source and f.source.lines == (6657, 6661) for f in answer.facts)


def test_questions_about_what_is_possible_decided_or_meant_ask_for_what_is_said(engine: Engine) -> None:
    from planbot.query.slots import read

    for question in (
        "kan man boka blodgivning på 1177?",
        "Höjs priset på sommarbiljetten 2024?",
        "vad mäter HME",
    ):
        assert read(question).cues.statement, question
        answer = engine.answer(question)
        assert answer.status == "answered" and answer.facts[0].kind == "statement", question
    assert not read("höjs besöksavgiften i öppenvården? till vad").cues.statement  # a figure asked


def test_whether_a_price_goes_up_is_answered_by_how_much_it_changes(engine: Engine) -> None:
    # "prices" asks for money unless the question asks how a price changes (6 % in 2024).
    for question in ("Will ticket prices go up in 2024?", "Are ticket prices being raised in 2024?"):
        answer = engine.answer(question)
        assert answer.status == "answered" and 6.0 in values(answer), question


def test_how_many_live_in_the_county_is_the_population(engine: Engine) -> None:
    for question in ("hur många bor i länet", "How many people live in the county?"):
        answer = engine.answer(question)
        assert answer.measure_id == "befolkning" and 247711.0 in values(answer), question


def test_operations_within_90_days_are_surgery_not_activities(engine: Engine) -> None:
    answer = engine.answer("What is the target for operations within 90 days?")
    assert answer.measure_id == "operation_behandling_90_dagar"


def test_kinds_only_defaulted_are_not_the_figure_set_against_a_reference(engine: Engine) -> None:
    # "rp vs budget vs prognos": the plan, the budget and the forecast; no defaulted target.
    answer = engine.answer("skatteintäkter 2026: rp vs budget vs prognos")
    assert {7644.0, 7494.0, 7421.5} <= set(values(answer))


def test_before_and_after_a_change_sets_the_current_figure_against_the_new(engine: Engine) -> None:
    answer = engine.answer("/jämför öppenvårdsavgift före och efter höjningen")
    assert [f.value for f in answer.facts] == [200.0, 250.0, 50.0]
    assert answer.facts[2].kind == "computed"
    # "före och efter RUR" names two rows, not a change: no current figure to set against.
    rur = engine.answer("balanskravsresultat 2023 före och efter RUR enligt aprilprognosen")
    assert all("nuvarande" not in (f.qualifier or "") for f in rur.facts)


def test_two_kinds_asked_in_words_are_both_answered(engine: Engine) -> None:
    answer = engine.answer(
        "Hur mycket beräknades nettokostnaderna öka 2024, och hur mycket hade budgeten råd med?"
    )
    assert {(f.kind, f.value) for f in answer.facts} >= {("forecast", 5.8), ("budget", 4.1)}


def test_a_measure_named_by_more_of_the_questions_words_is_the_narrower_one(engine: Engine) -> None:
    # "verksamhetens resultat" is a measure of its own, not the year's result.
    answer = engine.answer("Vad blir verksamhetens resultat 2026 enligt prognosen, och vad var budgeterat?")
    assert answer.measure_id == "verksamhetens_resultat"
    assert {(f.kind, f.value) for f in answer.facts} >= {("forecast", 119.9), ("budget", 324.3)}


def test_a_compound_synonym_of_a_one_word_measure_names_that_word_in_other_names(engine: Engine) -> None:
    # "investeringsutgifter" is another name of Investeringar, so it says "investeringar"
    # in "Investeringar i inventarier" too, which "inventarier" then names in full.
    answer = engine.answer("Hur stora är investeringsutgifterna för inventarier under hela planperioden?")
    assert answer.measure_id == "inventarieinvesteringar"
    assert values(answer, "budget")[:1] == [728.5]
    # The measure's own name compounded of a synonym of its own says nothing more:
    # "lönekostnader" is Lönekostnader, not also the "lönerna" of Timlön.
    assert engine.answer("lonekostnader 2026").measure_id == "lonekostnader"


def test_a_word_of_the_sources_compounded_of_a_name_names_no_such_measure(engine: Engine) -> None:
    # "resultaträkning" is the income statement, not the result.
    answer = engine.answer("/prognos kostnader resultaträkning 2026")
    assert answer.measure_id == "verksamhetens_kostnader"
    assert values(answer, "forecast")[:1] == [-12332.6]


def test_the_narrower_measure_leads_though_the_wider_ones_rows_name_further_words(engine: Engine) -> None:
    answer = engine.answer(
        "Vad blir verksamhetens resultat 2026 enligt resultaträkningen, före finansiella poster?"
    )
    assert answer.measure_id == "verksamhetens_resultat"


def test_a_statement_the_words_name_answers_where_they_name_no_figure(engine: Engine) -> None:
    # "/mål" is the user's guess at the category; "oberoende" names the plan's decision.
    answer = engine.answer("/mål hyrpersonal oberoende")
    assert answer.status == "answered"
    assert any(f.kind == "statement" and "oberoende" in (f.stated or "") for f in answer.facts[:2])
    # Words that name a figure keep the figure: the cap on agency staff as a share.
    capped = engine.answer("/mål hyrpersonal högst andel av personalkostnaderna")
    assert any(f.kind == "target" and f.value is not None for f in capped.facts[:2])


def test_a_kind_said_not_to_be_asked_is_not_asked(engine: Engine) -> None:
    from planbot.query.glossary import Glossary
    from planbot.query.slots import read

    kinds = read("Vilken självfinansieringsgrad hade vi – utfallet, inte målet?", Glossary([])).cues.kinds
    assert "outcome" in kinds and "target" not in kinds
    # Only targets are known: what was reached is not in the sources, and is not made up.
    answer = engine.answer(
        "Vilken självfinansieringsgrad hade kollektivtrafiken senast – utfallet, inte målet?"
    )
    assert answer.status == "no_value"


def test_whether_a_target_was_reached_with_an_outcome_asked_and_none_known_is_no_value(
    engine: Engine,
) -> None:
    answer = engine.answer("Utfall självfinansieringsgrad allmän kollektivtrafik 2023 – nådde vi målet?")
    assert answer.status == "no_value" and 50.0 in values(answer)
    # Asking for the target of a share to reach is no outcome asked.
    assert (
        engine.answer("What self-financing ratio is the public transport supposed to reach?").status
        == "answered"
    )


def test_a_topic_the_follow_up_mentions_is_no_name_of_its_counts(engine: Engine) -> None:
    # The SAM follow-up counts answers, not safety representatives.
    answer = engine.answer("Hur många skyddsombud finns det i Region Kalmar län?")
    assert answer.status != "answered" or all(f.value is None for f in answer.facts)


def test_a_measure_named_by_a_content_word_leads_one_only_its_rows_labels_name(engine: Engine) -> None:
    # "enligt resultaträkningen" labels rows of the result; "skatteintäkterna" names the measure.
    taxes = engine.answer("Vad är prognosen för skatteintäkterna 2026 enligt resultaträkningen efter april?")
    assert taxes.measure_id == "skatteintakter_och_utjamning" and 7421.5 in values(taxes)
    assert -1249.4 in values(engine.answer("Vilken ram för läkemedel är budgeterad för 2025?"))


def test_what_is_measured_where_only_goals_are_known_is_no_value_with_the_goals(engine: Engine) -> None:
    goal_only = engine.answer("/indikator självfinansieringsgrad kollektivtrafik")
    assert goal_only.status == "no_value" and 50.0 in values(goal_only)
    against = engine.answer("Utfall antal medarbetare per chef – hur ligger vi mot riktvärdet?")
    assert against.status == "no_value" and 35.0 in values(against)
    # What is said is what an indicator of statements has: it answers.
    assert engine.answer("/indikator Krösatågen AB").status == "answered"


def test_the_measures_names_said_whole_ask_for_the_whole_not_a_row_they_label(engine: Engine) -> None:
    # "skatter och utjämning" and "generella statsbidrag" are both names of the measure.
    whole = engine.answer("Hur mycket är skatter, utjämning och generella statsbidrag budgeterade till 2024?")
    assert values(whole)[:1] == [10230.0]
    # A synonym that is also a row's label asks for the row.
    row = engine.answer("Hur stor är investeringsramen för planerat underhåll under planperioden?")
    assert 197.0 in values(row)


def test_a_figure_comes_with_what_its_own_row_gives_for_the_same_months_a_year_before(engine: Engine) -> None:
    answer = engine.answer("/indikator verksamhetens intäkter april 2026")
    assert values(answer)[:2] == [538.1, 606.5]
    assert [f.period for f in answer.facts[:2]] == ["jan–april 2026", "jan–april 2025"]
    # A whole year's figure gets no other year beside it.
    assert 606.5 not in values(engine.answer("/indikator verksamhetens intäkter 2025"))


def test_two_measures_named_side_by_side_without_a_conjunction_are_both_answered(engine: Engine) -> None:
    answer = engine.answer("/indikator finansiella intäkter kostnader 2025")
    assert {390.4, -278.3} <= set(values(answer))
    # One of them named, with a word of a row of it: the one.
    assert engine.answer("/indikator finansiella kostnader 2025").measure_id == "finansiella_kostnader"


def test_a_comparison_over_time_sets_the_market_value_against_the_market_value(engine: Engine) -> None:
    answer = engine.answer("/jämför placerade pensionsmedel oktober 2025 maj 2026")
    assert {3070.0, 3306.0} <= set(values(answer))


def test_an_administration_is_named_by_its_field(engine: Engine) -> None:
    assert values(engine.answer("ram psykiatrin 2024"))[:1] == [-488.9]


def test_an_english_month_forecast_is_the_forecast_made_after_that_month(engine: Engine) -> None:
    assert values(engine.answer("What did the April 2023 forecast say about the 2023 result?"))[:1] == [
        -398.9
    ]
    # No forecast was made after August 2026: none is given as if it were.
    assert (
        engine.answer("What does the August 2026 forecast say about this year's result?").status != "answered"
    )


def test_what_the_sources_show_only_in_a_chart_is_no_value_though_a_synonym_names_it(engine: Engine) -> None:
    # "dimensionspoäng" is also a synonym of the survey; its scores are only in a chart.
    answer = engine.answer(
        "Vilket dimensionspoäng fick primärvården för tillgänglighet i Nationell patientenkät 2023?"
    )
    assert answer.status == "no_value"
    # What the survey says in words still answers a question about it.
    assert (
        engine.answer("Hur gick det för primärvården i nationella patientenkäten 2023?").status == "answered"
    )


def test_whether_something_holds_is_answered_by_what_is_said_of_it(engine: Engine) -> None:
    held = engine.answer("Görs avsteg från överskottsmålet om två procent i budget 2024?")
    assert any(f.kind == "statement" and "avsteg" in (f.stated or "") for f in held.facts)
    # A figure asked of the same subject is still the figure.
    assert values(engine.answer("Vad är det finansiella målet 2025 i mnkr?"))[:1] == [211.0]


def test_a_compound_written_as_two_words_names_the_measure_of_the_compound(engine: Engine) -> None:
    # The plan writes "Förstabesök … inom 90 dagar"; users write "första besök".
    answer = engine.answer("Hur många ska få sitt första besöket inom 90 dagar enligt målet 2024?")
    assert answer.facts[0].measure_id == "forstabesok_specialiserad_vard_90_dagar"
    assert values(answer)[:1] == [88.0]


def test_this_year_is_not_answered_by_a_figure_two_years_old(engine: Engine) -> None:
    # The tax rate is given for 2024 only; the sources' present is 2026.
    answer = engine.answer("Vilken skattesats har regionen i år?")
    assert answer.status == "no_value"
    assert [f.period for f in answer.facts] == ["2024"]  # shown as what is known
    # Last year's figures still answer "i år" where this year has none.
    assert engine.answer("HME-index i år").status == "answered"


def test_how_many_things_is_a_count_that_shares_do_not_answer(engine: Engine) -> None:
    # Only the market shares of the trips are known, not how many trips were made.
    assert engine.answer("Hur många bussresor gjordes i länet under 2023?").status != "answered"
    # Of people, a share answers how many ("hur många patienter får …").
    assert (
        engine.answer("Hur många patienter får en första kontakt inom 90 dagar, enligt målet 2024?").status
        == "answered"
    )


def test_cue_words_alone_do_not_push_out_the_measure_the_content_words_name(engine: Engine) -> None:
    # "ramen" and "budget" are words of the frames' table; "läkemedel" names the drug frame.
    answer = engine.answer("Vad blir ramen för läkemedel enligt budget 2024?")
    assert answer.facts[0].measure_id == "lakemedel"
    assert values(answer)[:1] == [-1189.4]


def test_a_figure_stated_in_words_is_no_outcome_of_a_measure_that_has_outcomes(engine: Engine) -> None:
    # The plan says the 2 % target is 205 mnkr in 2024; the 2024 result is not in the sources.
    assert engine.answer("/utfall resultatet för 2024").status == "no_value"
    # Asked as the target, the same figure answers.
    assert 205.0 in values(engine.answer("Hur många mnkr motsvarar tvåprocentsmålet 2024?"))


def test_a_month_after_the_year_of_a_forecast_is_when_it_was_made(engine: Engine) -> None:
    # The October 2025 forecast of 2025 exists; no forecast was made in October 2026.
    assert values(engine.answer("resultatprognos 2025 oktober"))[:1] == [435.0]
    assert engine.answer("resultatprognos 2026 oktober").status == "no_value"
    # "progn", written short at the end of a compound, asks for a forecast too.
    assert engine.answer("resultatprogn 2025").intent == "forecast"


def test_a_rate_over_time_is_answered_only_by_a_figure_over_that_time(engine: Engine) -> None:
    # 1177 direkt's figures are shares and a count of regions, none of them per week.
    assert engine.answer("1177 direkt: hur många chattmöten om veckan?").status != "answered"
    assert engine.answer("antal chattmöten i veckan i 1177 direkt").status != "answered"
    # The visits to 1177.se are given per month, and answer a question per month.
    assert 180000.0 in values(engine.answer("Hur många besök per månad hade 1177.se 2025?"))
    # "i dag" is today, no rate.
    assert engine.answer("Hur många besök per månad har 1177.se i dag?").status == "answered"


def test_talk_around_a_question_and_the_glossarys_additions_do_not_drown_what_it_names(
    engine: Engine,
) -> None:
    # "psykiatrins" is the glossary's "psykiatrin" (the administration); the asker's words
    # about themselves name nothing.
    answer = engine.answer("jag jobbar på BUP och undrar vad psykiatrins ram blir 2025")
    assert values(answer)[:1] == [-488.9]


def test_a_target_over_the_plan_period_with_no_year_answers_what_the_aim_is_in_the_long_run(
    engine: Engine,
) -> None:
    # The plan sets at most 35 staff per manager, aiming for 25, for no year of its own.
    answer = engine.answer("Vilket antal medarbetare per chef siktar regionen på långsiktigt?")
    assert answer.status == "answered"
    assert {35.0, 25.0} <= set(values(answer))
    # A measure with long-term targets of its own still answers with those.
    assert values(engine.answer("Vilket är det långsiktiga målet för matchad förvärvsgrad?"))[:1] == [55.0]


def test_the_indicator_command_on_a_measure_described_only_in_words_gives_what_is_said(
    engine: Engine,
) -> None:
    # The national patient survey's scores are only in a chart; the deck says the rest in words.
    answer = engine.answer("/indikator npe primärvård")
    assert answer.status == "answered"
    assert all(f.kind == "statement" for f in answer.facts)
    # A part of it the words do not cover is still not answered by them.
    assert engine.answer("/indikator SVF lungcancer").status != "answered"


def test_a_trend_without_two_comparable_figures_is_answered_by_what_is_said_of_the_change(
    engine: Engine,
) -> None:
    # Only 2023's HME index is comparable; the December 2025 deck says it has fallen since.
    answer = engine.answer("Hur har engagemanget (HME) förändrats sedan 2023?")
    assert answer.status == "answered"
    assert any(f.kind == "statement" and "nedgang" in fold(f.source.quote) for f in answer.facts if f.source)


def test_a_verb_and_its_particle_are_the_one_word_the_sources_use(engine: Engine) -> None:
    # The deck counts "ombokat" and "avbokat"; users write "bokade om", "bokade av".
    assert values(engine.answer("Hur många blodgivare bokade av sin tid i webbtidboken hösten 2025?"))[
        :1
    ] == [437.0]
    assert values(engine.answer("antal blodgivare som bokade om tiden okt-nov 2025"))[:1] == [893.0]


def test_a_compound_of_two_cue_words_is_a_cue_not_a_name(engine: Engine) -> None:
    # "budgetramen" is "budget" and "ram": it names no measure; "läkemedel" does.
    assert values(engine.answer("Vad är budgetramen för läkemedel 2025?"))[:1] == [-1249.4]
    # Also with no ending, and as the glossary writes "budget frame".
    assert values(engine.answer("läkemedel budgetram 2026"))[:1] == [-1309.4]
    assert values(engine.answer("What's the pharmaceuticals budget frame for 2026?"))[:1] == [-1309.4]


def test_a_frame_asked_for_what_has_none_is_no_row_of_another_table(engine: Engine) -> None:
    # The frames have no row for Västerviks sjukhus; the investment plan's projects there are
    # no frame.
    for question in ("vasterviks sjukhus budgetram 24", "vasterviks sjukhus budgetramen 24"):
        answer = engine.answer(question)
        assert answer.status in ("not_found", "no_value"), question
        assert not values(answer)


def test_a_row_named_in_whole_answers_where_no_measure_is_named_in_full(engine: Engine) -> None:
    # "Kalmar länstrafik" is a row of the frames; the fee table is "Avgifter Kalmar länstrafik".
    answer = engine.answer("/budget länstrafiken 2024")
    assert answer.facts[0].measure_id == "driftram"
    assert values(answer)[:1] == [-686.4]
    # A fee the question names is still the fee table's row.
    assert values(engine.answer("/budget tilläggsavgift kalmar länstrafik 2024"))[:1] == [1500.0]


def test_a_rows_compound_said_in_two_words_names_the_row(engine: Engine) -> None:
    # The fee table's row is "öppenvårdsbesök"; "uteblivet besök" shares only "besök".
    answer = engine.answer("Vilken avgift gäller för ett besök i öppenvården 2024?")
    assert values(answer)[:1] == [250.0]


def test_everyday_words_for_the_sources_terms(engine: Engine) -> None:
    # "öronmärkta medel" are the earmarked (riktade) state grants; "skattepengar" the tax revenues.
    assert 345.0 in values(engine.answer("Hur mycket öronmärkta medel räknar regionen med att få 2024?"))
    assert engine.answer("skattepengar prognos 2026").facts[0].measure_id == "skatteintakter_och_utjamning"
    # "vid nyår" is the end of the year.
    assert 737.0 in values(engine.answer("Hur mycket pengar på kontot väntades vid nyår 2025?"))


def test_a_forecast_asked_of_a_measure_said_only_in_words_gives_the_assessment(engine: Engine) -> None:
    # The June 2026 deck gives its assessment of the economic conditions in words only.
    answer = engine.answer("/prognos ekonomiska förutsättningar")
    assert answer.status == "answered"
    assert all(f.kind == "statement" for f in answer.facts)
    # A figure asked in words of such a measure is still not there.
    assert engine.answer("/mål målvärde för stolthet 2024").status != "answered"


def test_a_price_of_a_thing_the_sources_never_name_is_not_answered_by_other_costs(engine: Engine) -> None:
    # The plan gives the trains' yearly net cost, not what buying one costs.
    assert engine.answer("Hur mycket kostar det att köpa in ett av de nya tågen?").status != "answered"
    # A fee the sources list still answers what it costs.
    assert values(engine.answer("Vad kostar ett uteblivet besök 2024?"))[:1] == [300.0]


def test_a_target_stated_in_words_is_not_what_the_measure_is_now(engine: Engine) -> None:
    # "självfinansieringsgraden ska uppgå till 50 %" is the plan's aim; no outcome is given.
    assert engine.answer("Vad är självfinansieringsgraden i kollektivtrafiken just nu?").status == "no_value"
    assert 50.0 in values(engine.answer("Vilket mål finns för självfinansieringsgraden?"))


def test_a_narrower_measure_whose_figures_are_only_in_a_chart_is_what_is_asked(engine: Engine) -> None:
    # "hyrbolag läkare kostnad" names the hired doctors' cost (only in a chart) in full, and
    # more of it than the hired staff's cost: their change in per cent answers nothing asked.
    answer = engine.answer("hyrbolag läkare kostnad 2023")
    assert answer.status == "no_value"
    assert answer.measure_id == "hyrbolag_kostnad_yrkesgrupp"
    assert not [f for f in answer.facts if f.value is not None and f.kind != "statement"]


def test_a_unit_after_a_number_word_names_a_figure_not_the_unit_asked(engine: Engine) -> None:
    # "med en procent" is the change assumed; the answer is in mnkr.
    answer = engine.answer(
        "Hur mycket påverkas regionens resultat av en löneökning med en procent enligt känslighetsanalysen?"
    )
    assert answer.status == "answered" and 57.0 in values(answer)


def test_senast_before_a_year_is_a_deadline_not_the_newest_figure(engine: Engine) -> None:
    # "senast 2026" is "by 2026": the target (3,0 %), not the plan's newest figure (3,8 %).
    for question in (
        "Till vilken nivå ska soliditeten inklusive ansvarsförbindelse vara återställd senast 2026?",
        "What solidity level are we supposed to be back at by 2026?",  # "supposed to": a target
    ):
        answer = engine.answer(question)
        assert answer.status == "answered", question
        assert (answer.facts[0].kind, answer.facts[0].value) == ("target", 3.0), question


def test_a_statement_whose_qualifier_the_question_says_in_full_answers_alone(engine: Engine) -> None:
    # "avskrivningstider" is what a statement of Avskrivningar is about; the depreciation
    # outcomes are named by no word and asked by none.
    for question in (
        "Vilka avskrivningstider används för byggnader och inventarier?",
        "/planbot avskrivningstider",
    ):
        answer = engine.answer(question)
        assert answer.status == "answered", question
        assert [f.kind for f in answer.facts] == ["statement"], question
        assert answer.facts[0].qualifier == "avskrivningstider"
    # A figure asked for, or a statement only partly said, keeps the outcomes.
    assert engine.answer("/utfall avskrivningstider").facts[0].kind != "statement"
    assert any(f.kind == "outcome" for f in engine.answer("svarsfrekvens arlig uppfoljning sam 2022").facts)


def test_a_measure_named_alone_gets_what_is_said_of_it_after_its_outcomes(engine: Engine) -> None:
    # "Vad är IKB-teamet?" names the pilot and nothing else: its outcomes (the families
    # treated), then what it is.
    answer = engine.answer("Vad är IKB-teamet?")
    assert answer.status == "answered"
    kinds = [f.kind for f in answer.facts]
    assert "outcome" in kinds and "statement" in kinds
    assert kinds.index("outcome") < kinds.index("statement")
    assert any("pilot" in (f.stated or "") for f in answer.facts if f.kind == "statement")
    # Words that ask for a figure keep the answer to the figures.
    counted = engine.answer("Hur många familjer behandlades i IKB hösten 2023 till januari?")
    assert values(counted, "outcome")[:1] == [4]
    assert all(f.kind != "statement" or f.value is not None for f in counted.facts)


def test_a_series_asked_by_a_command_is_of_the_commands_kind(engine: Engine) -> None:
    # Forecasts cover 2025 and 2026 as well as the plan's budgets do: "/budget" asks for the
    # budgets, not the newest forecasts.
    answer = engine.answer("/budget balanskravsresultat 2024-2026")
    assert answer.facts and all(f.kind == "budget" for f in answer.facts)
    assert {(f.year, f.value) for f in answer.facts} >= {(2025, 37), (2026, 140)}


def test_a_target_for_a_part_is_never_judged_by_an_outcome_of_another_part(engine: Engine) -> None:
    # The 90 % satisfaction target is for färdtjänst and sjukresor; the survey's outcomes are
    # of other questions ("Jag sparar tid …"): none of them is its outcome, so no verdict.
    answer = engine.answer("Når vi målsättningen på 90 procent nöjdhet för färdtjänst och sjukresor?")
    assert not any(f.kind in ("outcome", "computed") for f in answer.facts)
    assert answer.status != "answered"
    # A reduction target is still judged by the fall measured ("72 % minskning sedan 2012").
    climate = engine.answer("Når vi klimatmålet om 80 procents minskning av koldioxidutsläppen till 2030?")
    assert any(f.kind == "computed" and f.label == "bedömning" for f in climate.facts)


def test_whether_we_reach_a_target_asked_after_its_subject_asks_for_the_outcome(engine: Engine) -> None:
    # "… når vi målet" at the end asks as "Når vi målet …?" does: the sources hold no outcome
    # of 1177's answering times, so the targets are what is known, not the answer.
    answer = engine.answer("1177 9 min nar vi malet")
    assert answer.status == "no_value"
    assert any(f.kind == "target" for f in answer.facts)


def test_compare_with_a_kind_sets_the_figure_against_that_kind(engine: Engine) -> None:
    # "jämför X med budget" (and "/jämför … med budget", "compare … with the budget"): the
    # forecast against the budget's ceiling, not the budget alone.
    for question in (
        "/jämför nettokostnadsutveckling 2026 med budget",
        "Jämför nettokostnadsutvecklingen 2026 med budget",
        "Compare the 2026 net cost growth with the budget",
    ):
        answer = engine.answer(question)
        assert answer.status == "answered", question
        assert {(f.kind, f.value) for f in answer.facts} >= {("forecast", 5.8), ("budget", 3.8)}, question


def test_a_forecast_asked_by_the_month_it_was_presented_is_found(engine: Engine) -> None:
    # The December 2025 deck's forecasts were made after October: "prognos dec 2025" is the
    # forecast presented then.
    answer = engine.answer("likvida medel prognos dec 2025")
    assert answer.status == "answered"
    assert values(answer, "forecast")[:1] == [737]
