"""The glossary: terms found however the question writes them, meanings added or put in place."""

from __future__ import annotations

from planbot.query.glossary import Glossary

GLOSSARY = Glossary(
    [
        ("purchased care", "köpt vård"),
        ("HSF", "hälso- och sjukvårdsförvaltningen"),
        ("hälso- och sjukvård", "vård"),
    ]
)


def test_a_term_is_found_with_hyphens_or_spaces_between_its_words() -> None:
    for text in ("purchased care costs", "purchased-care costs", "purchased  care costs"):
        assert GLOSSARY.translate(text) == "kopt vard costs"


def test_a_term_is_a_whole_word() -> None:
    assert GLOSSARY.expand("hsfx och hsf") == "hsfx och hsf halso- och sjukvardsforvaltningen"


def test_a_term_with_its_own_hyphen_keeps_it() -> None:
    assert GLOSSARY.translate("halso- och sjukvard i lanet") == "vard i lanet"
