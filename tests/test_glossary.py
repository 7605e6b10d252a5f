"""The glossary: English questions translated, Swedish questions and qualifiers left meaning what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planbot.knowledge.load import load, load_checked
from planbot.knowledge.models import EnglishTerm
from planbot.query.glossary import Glossary
from planbot.query.slots import read
from planbot.query.words import SWEDISH_STOPWORDS
from planbot.text import fold
from tests.conftest import KNOWLEDGE

# English terms made of words the Swedish sources use too, that may still be read next to
# Swedish text: in Swedish they mean what they mean in English.
SWEDISH_ALIKE = {
    # the same word: "population" (befolkning), "sek" and "patients", "pensions" in English
    # titles and names the sources quote, "today" an English slide title
    "population", "sek", "sek m", "per cent", "patients", "pensions", "today", "reduce",
    # the same thing said in Swedish words ("transport plan", "alarm center")
    "transport plan", "regional transport plan", "alarm center", "patient transport",
    # an English word Swedish slides use as it is ("Enligt GAP och orsaker"): a gap is a gap
    "gap", "budget gap",
}  # fmt: skip


def _swedish_words() -> set[str]:
    """The sources' words (of three letters or more) and the Swedish stopwords."""
    words = set(SWEDISH_STOPWORDS)
    for path in (KNOWLEDGE / "sources").glob("*.txt"):
        words.update(w for w in re.findall(r"[a-z]+", fold(path.read_text(encoding="utf-8"))) if len(w) >= 3)
    return words


def test_an_english_term_that_is_a_swedish_word_is_english_only() -> None:
    """'hit' is Swedish for 'here', 'men' for 'but': next to a Swedish question such a term
    would add a meaning the question does not have."""
    swedish = _swedish_words()
    knowledge = load_checked(KNOWLEDGE)
    loose = [
        t.term
        for t in knowledge.glossary
        if isinstance(t, EnglishTerm)
        and not t.english_only
        and fold(t.means) != fold(t.term)
        and t.term not in SWEDISH_ALIKE
        and all(w in swedish for w in re.findall(r"[a-z0-9]+", fold(t.term)))
    ]
    assert loose == []


def test_english_only_terms_translate_english_and_leave_swedish_alone() -> None:
    glossary = Glossary([("hit", "nå", True, True), ("target", "målvärde", True, False)])
    assert glossary.translate("will we hit the target") == "will we na the malvarde"
    assert glossary.expand("hur kom vi hit med malet") == "hur kom vi hit med malet"
    # In a question read as Swedish, an English term stands for its meaning alone: its
    # words would otherwise name measures by chance ("tax" the "taxa").
    assert glossary.expand("target 2024") == "malvarde 2024"
    swedish = Glossary([("HSF", "hälso- och sjukvårdsförvaltningen")])
    assert swedish.expand("hsf 2024") == "hsf halso- och sjukvardsforvaltningen 2024"


def test_a_question_that_reads_as_english_uses_the_english_only_terms_too() -> None:
    # "property investment" is "property investments" in the other number: a term for English
    # questions only, which a short English question read as Swedish uses too.
    glossary = Glossary([("property investments", "fastighetsinvesteringar", True, False)])
    assert glossary.expand("property investment budget 2024") == "property investment budget 2024"
    assert (
        glossary.expand("property investment budget 2024", english=True)
        == "fastighetsinvesteringar budget 2024"
    )
    assert read("property investment budget 2024", glossary).words[0] == "fastighetsinvesteringar"
    assert "fastighetsinvesteringar" not in read("hur stor är property investment 2024", glossary).words


def test_english_only_terms_leave_qualifiers_alone(engine) -> None:  # type: ignore[no-untyped-def]
    only = engine.glossary.english_only
    assert only, "the glossary marks its English terms that are Swedish words"
    for term in only:
        assert engine.glossary.expand(term) == term


def test_a_term_written_with_a_hyphen_or_spaces_is_listed_once(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    path = root / "glossary.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {term: full year, means: helår}\n", encoding="utf-8"
    )
    _, problems = load(root)
    assert any("full year" in p and "listed twice" in p for p in problems), problems


def test_english_only_is_for_english_terms(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    path = root / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("terms:\n", "terms:\n  - {term: fg, means: föregående, english_only: true}\n", 1)
    path.write_text(text, encoding="utf-8")
    _, problems = load(root)
    assert any("terms[0]" in p and "english_only" in p for p in problems), problems


@pytest.mark.parametrize(
    "swedish",
    [
        "hur kom vi hit med budgeten 2024",
        "i så fall, vad är prognosen för 2025",
    ],
)
def test_a_swedish_question_is_not_read_with_english_meanings(engine, swedish: str) -> None:  # type: ignore[no-untyped-def]
    slots = read(swedish, engine.glossary)
    assert slots.language == "sv"
    for term in engine.glossary.english_only:
        meaning = engine.glossary.meanings[term]
        if re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", fold(swedish)):
            assert f"{term} {meaning}" not in slots.folded


HYPHENS = Glossary(
    [
        ("purchased care", "köpt vård"),
        ("HSF", "hälso- och sjukvårdsförvaltningen"),
        ("hälso- och sjukvård", "vård"),
    ]
)


def test_a_term_is_found_with_hyphens_or_spaces_between_its_words() -> None:
    for text in ("purchased care costs", "purchased-care costs", "purchased  care costs"):
        assert HYPHENS.translate(text) == "kopt vard costs"


def test_a_term_is_a_whole_word() -> None:
    assert HYPHENS.expand("hsfx och hsf") == "hsfx och hsf halso- och sjukvardsforvaltningen"


def test_a_term_with_its_own_hyphen_keeps_it() -> None:
    assert HYPHENS.translate("halso- och sjukvard i lanet") == "vard i lanet"


def test_abbreviations_are_written_out_and_other_terms_left_alone() -> None:
    glossary = Glossary([("SVF", "standardiserade vårdförlopp"), ("purchased care", "köpt vård")])
    assert glossary.write_out("inklusionsmalet (svf)") == "inklusionsmalet (standardiserade vardforlopp)"
    assert glossary.write_out("purchased care") == ""  # not an abbreviation
    assert glossary.write_out("nothing here") == ""


def test_the_longest_term_wins_and_terms_do_not_overlap() -> None:
    glossary = Glossary(
        [("net cost", "nettokostnad"), ("net cost growth", "nettokostnadsutveckling"), ("growth", "ökning")]
    )
    assert glossary.translate("net cost growth 2024") == "nettokostnadsutveckling 2024"
    assert glossary.translate("net cost and growth") == "nettokostnad and okning"
    assert glossary.translate("net, cost") == "net, cost"  # a comma parts the words of a term


def test_english_terms_match_in_either_number_in_english_only() -> None:
    """'drug' reads as the curated 'drugs', 'climate reports' as 'climate report'; a term curated
    in both numbers keeps its own meaning; the other number is never read into Swedish."""
    glossary = Glossary(
        [
            ("drugs", "läkemedel", True, False),
            ("climate report", "klimatbokslut", True, False),
            ("share", "andel", True, False),
            ("shares", "aktier", True, False),
        ]
    )
    assert glossary.translate("drug cost growth") == "lakemedel cost growth"
    assert glossary.translate("the 2022 and 2025 climate reports") == "the 2022 and 2025 klimatbokslut"
    assert glossary.translate("share of shares") == "andel of aktier"
    assert glossary.expand("drug") == "drug"


def test_a_term_in_the_genitive_is_the_term() -> None:
    glossary = Glossary([("psykiatrin", "psykiatriförvaltningen", False, False)])
    said_as: dict[str, str] = {}
    assert glossary.expand("psykiatrins ram 2025", said_as) == "psykiatrin psykiatriforvaltningen ram 2025"
    # What the glossary adds is known as the word the question said.
    assert said_as == {"psykiatriforvaltningen": "psykiatrin"}
    # A word that merely ends in "s" is no genitive of a term it is not.
    assert glossary.expand("psykiatriska kliniker") == "psykiatriska kliniker"
