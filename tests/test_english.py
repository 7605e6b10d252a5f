"""Questions in English: read with the glossary like their Swedish twins, Swedish ones left alone."""

from __future__ import annotations

import pytest

from planbot.query.slots import read


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("What are taxes and equalisation in 2026?", "What are taxes and equalization in 2026?"),
        (
            "What is the budgeted depreciation and amortisation for 2026?",
            "What is the budgeted depreciation and amortization for 2026?",
        ),
        (
            "How many standardised care pathways were started in January–April 2026?",
            "How many standardized care pathways were started in January–April 2026?",
        ),
        (
            "What is the target for avoidable hospitalisations per 100 000 inhabitants?",
            "What is the target for avoidable hospitalizations per 100 000 inhabitants?",
        ),
    ],
)
def test_british_and_american_spellings_find_the_same_measure(engine, british: str, american: str) -> None:  # type: ignore[no-untyped-def]
    a, b = engine.answer(british), engine.answer(american)
    assert a.status == b.status == "answered"
    assert a.measure and a.measure == b.measure


def test_an_english_question_and_its_swedish_twin_find_the_same_measure(engine) -> None:  # type: ignore[no-untyped-def]
    english = engine.answer(
        "What is the short-term target for child and adolescent psychiatry assessments within 30 days?"
    )
    swedish = engine.answer("Vilket kortsiktigt målvärde har BUP för utredning inom 30 dagar?")
    assert english.measure and english.measure == swedish.measure


def test_hit_the_target_asks_whether_it_is_reached(engine) -> None:  # type: ignore[no-untyped-def]
    slots = read("Will we hit the budgeted result for 2026?", engine.glossary)
    assert slots.language == "en"
    assert slots.cues.achieve and slots.cues.yes_no


def test_hit_and_men_in_a_swedish_question_stay_swedish(engine) -> None:  # type: ignore[no-untyped-def]
    """'hit' is 'here', 'men' is 'but': a Swedish question with them is read as it is."""
    for question, plain in [
        ("Hur kom vi hit med sjukfrånvaron 2024?", "Hur kom vi med sjukfrånvaron 2024?"),
        ("Vad är målet för sjukfrånvaro, men för 2024?", "Vad är målet för sjukfrånvaro för 2024?"),
    ]:
        slots = read(question, engine.glossary)
        assert slots.language == "sv"
        assert not slots.cues.achieve
        assert "uppnar" not in slots.folded and " man " not in slots.folded
        a, b = engine.answer(question), engine.answer(plain)
        assert (a.status, a.measure) == (b.status, b.measure)


def test_english_articles_and_filler_name_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    slots = read(
        "Balance requirement result for 2023 after using the RUR reserve (April 2023 forecast)?",
        engine.glossary,
    )
    assert "the" not in slots.tokens
    assert "using" not in slots.words
    assert "efter anvandning av resultatutjamningsreserv" in slots.folded
    made = read("How far off budget was the 2023 result forecast made after April?", engine.glossary)
    assert "made" not in made.words and "off" not in made.words


def test_an_article_is_not_read_as_swedish_than(engine) -> None:  # type: ignore[no-untyped-def]
    slots = read("What is an increase in net costs compared with 2024?", engine.glossary)
    assert " an " not in f" {slots.folded} "


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("Can the region borrow to fund investments?", True),
        ("Should the region be independent of agency staff?", True),
        ("Can you show the forecast for 2025?", False),
    ],
)
def test_can_and_should_ask_what_is_said(engine, question: str, statement: bool) -> None:  # type: ignore[no-untyped-def]
    assert read(question, engine.glossary).cues.statement is statement
