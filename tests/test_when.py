"""Periods as people write them, read from folded question text."""

from __future__ import annotations

import pytest

from planbot.query.when import read_when


@pytest.mark.parametrize(
    ("text", "years", "ranges", "months"),
    [
        ("nku helarsprognos per ar 23-26", (), ((2023, 2026),), ()),
        ("budgetunderskott per prognos 23→26", (), ((2023, 2026),), ()),
        ("lonekostnader prognos 23/24/25/26", (2023, 2024, 2025, 2026), (), ()),
        ("antal svar 21 vs 22", (2021, 2022), (), ()),
        ("resprognos feb-24 mot budget", (), (), ((2, 2, 2024),)),
        ("pensionsskuld budget 24 25", (2024, 2025), (), ()),
        # One year alone, beside a word for a kind of figure.
        ("ram 25 psykiatrin", (2025,), (), ()),
        ("tandvard 26 prognos", (2026,), (), ()),
        # An income statement's column: the year up to that month.
        ("rr 2026-04 mot 2025-04", (), (), ((1, 4, 2026), (1, 4, 2025))),
    ],
)
def test_two_digit_years_joined_in_a_list_or_range_are_years(text, years, ranges, months) -> None:  # type: ignore[no-untyped-def]
    when = read_when(text)
    assert (when.years, when.ranges, when.months) == (years, ranges, months)


@pytest.mark.parametrize(
    "text",
    [
        "svar inom 30-60 dagar",
        "90 dagar och 30 dagar",
        "andel 20-30 %",
        "35 vs 26 procent",
        "hus 21 och 47",
        "fetma bmi 30 eller mer mal",
        "mal 25 medarbetare per chef",
    ],
)
def test_two_digit_figures_are_not_years(text: str) -> None:
    when = read_when(text)
    assert not when.years and not when.ranges


def test_this_year_beside_the_long_term_is_the_short_term_target() -> None:
    assert read_when("malet i ar och pa sikt").short_term
    assert read_when("goal, short and long term").short_term
    assert not read_when("hur ser det ut i ar").short_term  # alone: the newest figures


@pytest.mark.parametrize(
    "text", ["t.o.m. april 2026", "t o m april 2026", "tom april 2026", "till och med april 2026"]
)
def test_through_a_month_is_the_year_so_far(text: str) -> None:
    assert read_when(text).months == ((1, 4, 2026),)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("tertial 1 2026", ((1, 4, 2026),)),
        ("första tertialet 2026", ((1, 4, 2026),)),
        ("t2 2023", ((5, 8, 2023),)),
        ("q1 2024", ((1, 3, 2024),)),
        ("andra kvartalet 2024", ((4, 6, 2024),)),
    ],
)
def test_a_tertial_or_a_quarter_is_its_months(text: str, months: tuple[tuple[int, int, int], ...]) -> None:
    from planbot.text import fold

    assert read_when(fold(text)).months == months


@pytest.mark.parametrize(
    "text", ["malvarde 2024 i rp 24-26", "rp 2024-26 budget 2024", "regionplan 2024-2026 2024"]
)
def test_the_plans_years_in_its_name_are_the_document_not_a_range(text: str) -> None:
    when = read_when(text)
    assert when.documents == ((2024, 2026),) and when.ranges == () and when.years == (2024,)
