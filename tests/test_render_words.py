"""Words of the renderers: schedules as Swedes say them, plurals, units, English formats."""

from __future__ import annotations

import pytest

from planbot.render.labels import clean_quote, user_text
from planbot.render.language import long_date, number, period_words, quantity
from planbot.render.words import lower_first, plural, schedule_words


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("0 8 1 * *", "första dagen i månaden kl. 08.00"),
        ("0 7 * * 1", "varje måndag kl. 07.00"),
        ("30 6 * * 1-5", "vardagar kl. 06.30"),
        ("0 9 * * 1,4", "varje måndag och torsdag kl. 09.00"),
        ("0 12 15 * *", "den 15 i varje månad kl. 12.00"),
        ("0 8 1 1 *", "den 1 januari kl. 08.00"),
        ("0 18 * * *", "varje dag kl. 18.00"),
        ("*/15 * * * *", "enligt schemat */15 * * * *"),
        ("0 8 1 * 1", "enligt schemat 0 8 1 * 1"),
    ],
)
def test_schedules_in_words(cron: str, words: str) -> None:
    assert schedule_words(cron) == words


def test_plurals_and_sentence_case() -> None:
    assert plural(1, "uppgift", "uppgifter") == "1 uppgift"
    assert plural(3, "uppgift", "uppgifter") == "3 uppgifter"
    assert (lower_first("Årets resultat"), lower_first("HME"), lower_first("SVF-mål")) == (
        "årets resultat", "HME", "SVF-mål",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "unit", "language", "shown"),
    [
        (35, "antal", "sv", "35"),
        (77, "index", "sv", "index 77"),
        (1372.4, "mnkr", "sv", "1 372,4 mnkr"),
        (-212, "mnkr", "sv", "−212 mnkr"),
        (75, "%", "sv", "75 %"),
        (1372.4, "mnkr", "en", "SEK 1,372.4m"),
        (-212, "mnkr", "en", "SEK −212m"),
        (75, "%", "en", "75%"),
        (5, "procentenheter", "en", "5 percentage points"),
    ],
)
def test_values_as_a_person_writes_them(value: float, unit: str, language: str, shown: str) -> None:
    assert (
        quantity(value, unit, language).replace("\u00a0", " ") == shown
    )  # Babel groups with a no-break space


def test_english_dates_and_periods() -> None:
    assert long_date("2026-06-17", "en") == "17 June 2026" and long_date("2026-06-17") == "17 juni 2026"
    assert period_words("efter april 2026", "en") == "after April 2026"
    assert period_words("jan–april 2026", "en") == "Jan–April 2026"
    assert period_words("långsiktigt", "en") == "long term"
    assert number(1234.5, "en") == "1,234.5"


def test_curator_notes_and_source_markdown_are_left_out() -> None:
    assert user_text("88 % (kolumnrubriken i källan lyder 'Målvärde 2023')") == "88 %"
    assert user_text("låg sjukfrånvaro (utanför Rambolls effektutvärdering)").endswith("effektutvärdering)")
    assert (
        clean_quote("**Resultatprognosen** uppgår till 120 mnkr") == "Resultatprognosen uppgår till 120 mnkr"
    )
