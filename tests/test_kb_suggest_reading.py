"""How `kb suggest` reads a document: which numbers are figures, and each figure's fields."""

from __future__ import annotations

import pytest

from planbot.knowledge.models import Measure
from planbot.knowledge.suggest.document import Document
from planbot.knowledge.suggest.figures import Figure, figures
from planbot.knowledge.suggest.kinds import read_kind
from planbot.knowledge.suggest.naming import Namer
from planbot.knowledge.suggest.roles import NameNumbers, not_figures
from planbot.knowledge.suggest.sign import negative, written_minus
from planbot.knowledge.suggest.timing import read_period

NAMES = NameNumbers(["1177 direkt", "Besök på 1177.se – Kalmar län", "Behandling inom 30 dagar"])


def document(*lines: str, date: str = "2024-03-26") -> Document:
    return Document(list(lines), date)


def figure(doc: Document, text: str, line: int | None = None) -> Figure:
    """The figure written `text` (on 1-based `line`, if given)."""
    found = [f for f in figures(doc) if f.text(doc) == text and (line is None or f.line == line - 1)]
    assert found, f"no figure {text!r}"
    return found[0]


def roles(doc: Document) -> dict[str, str | None]:
    """Each number as written → what it is when not a figure (None: a figure)."""
    others = not_figures(doc, NAMES)
    return {f"{f.line + 1}:{f.text(doc)}": others.get(f) for f in figures(doc)}


def test_numbers_that_are_no_figures_are_told_from_those_that_are() -> None:
    doc = document(
        "Ekonomisk helårsprognos 2024 efter februari",
        "• Resultatprognosen uppgår till – 347,8 mnkr",
        "– Per 29 februari: 1 381,6 mnkr",
        "1. Kalmar 17%",
        "• Barn och ungdomar mellan 12-20 år",
        "Nu finns 1177 direkt på alla hälsocentraler",
        "HOg motivation dar 9 av 10 uttrycker att",
        "Sida 4 av 12",
        "Kundnöjdhet tertial 1 2023",
    )
    assert roles(doc) == {
        "1:2024": "year",
        "2:347,8": None,
        "3:29": "date",
        "3:1 381,6": None,
        "4:1": "list index",
        "4:17": None,
        "5:12": "range",
        "5:20": "range",
        "6:1177": "name",
        "7:9": None,
        "7:10": "ordinal",
        "8:4": "ordinal",
        "8:12": "ordinal",
        "9:1": "ordinal",
        "9:2023": "year",
    }


def test_a_count_written_like_a_year_is_a_figure() -> None:
    doc = document("I april 2019 hade vi 361 pågående moment och i april 2023 hade vi 1941 pågående moment.")
    assert roles(doc) == {"1:2019": "year", "1:361": None, "1:2023": "year", "1:1941": None}


def test_a_chart_axis_and_the_data_labels_beside_it() -> None:
    doc = document(
        "Inrikes flyttningar", "5466", "", "6037 5987", "-1034", "", "-2000", "0", "2000", "4000", "6000"
    )
    assert set(roles(doc).values()) == {"chart data label", "chart axis"}
    doc = document("Andel som instämmer", "0% 10% 20% 30% 40% 50% 60% 70% 80% 90% 100%")
    assert set(roles(doc).values()) == {"chart axis"}


def test_a_slide_shown_twice_is_proposed_from_its_fuller_copy() -> None:
    doc = document(
        "Jan Feb Mar",
        "Budget 2023 18 485 129 16 862 557 18 084 461",
        "",
        "Jan Feb Mar",
        "Budget 2023 18 485 129 16 862 557 18 084 461",
        "Utfall 2023 16 799 685 15 037 091 16 793 828",
    )
    found = roles(doc)
    assert {k for k, v in found.items() if v is None and k.startswith(("2:", "5:"))} == {
        "5:18 485 129",
        "5:16 862 557",
        "5:18 084 461",
    }


def test_a_title_repeating_the_bullet_below_it_is_left_out() -> None:
    doc = document(
        "Nettokostnadsutveckling 2024 beräknas till 5,8 procent",
        "▪ För helåret beräknas nettokostnadsutvecklingen till 5,8 procent.",
    )
    assert roles(doc) == {"1:2024": "year", "1:5,8": "said again nearby", "2:5,8": None}


def test_ocr_scraps_of_a_chart_are_no_figures() -> None:
    doc = document(
        "La 18 40 IS 41 40 a4 da 13 34 I 42 43 a2",
        "Ls 21 45",
        "Verksamhetens intakter beraknas 6ka med 109 mnkr",
    )
    found = roles(doc)
    assert found["3:109"] is None and found["3:6"] == "name"
    assert {v for k, v in found.items() if not k.startswith("3:")} == {"OCR noise"}


@pytest.mark.parametrize(
    ("lines", "number", "minus", "in_words"),
    [
        (["• Kostnader för inhyrd personal beräknas minska med 12 mnkr mot f g år"], "12", True, True),
        (
            ["• Finansnettot beräknas bli negativt med 345,8 mnkr och minskar med 237,3 mnkr"],
            "345,8",
            True,
            True,
        ),
        (["- Skatteintäkter och utjämning understiger budget med 62 mnkr"], "62", True, True),
        (["• Förvaltningarnas budgetunderskott uppgår till 418,5 mnkr"], "418,5", True, True),
        (["Verksamhetens intakter beraknas 6ka med 109 mnkr"], "109", False, False),
        (["• Ökar med 426,1 mnkr mot f g år, motsvarande 6,1 procent"], "6,1", False, False),
        (["- Resultatprognosen avviker från budget med – 212 mnkr"], "212", True, False),
        (["- 150 000 tittare"], "150 000", False, False),
        (["Region Skåne - 50 aktier"], "50", False, False),
        (["Positiv utveckling – reducerade utsläpp", "", "• El och värme: 3 %"], "3", True, True),
        (["Negativ utveckling – ökade utsläpp", "", "• Köldmedier: 115 %"], "115", False, False),
    ],
)
def test_the_sign_is_written_or_said_in_words(
    lines: list[str], number: str, minus: bool, in_words: bool
) -> None:
    doc = document(*lines)
    f = figure(doc, number)
    above = [i for i in (f.label_line, doc.headings[f.line]) if i is not None]
    assert negative(doc, f, "forecast", above) is minus
    assert (minus and not written_minus(doc, f)) is in_words


def test_a_reduction_target_keeps_its_number() -> None:
    doc = document("Vi ska minska våra koldioxidutsläpp med 80 % till 2030.")
    assert not negative(doc, figure(doc, "80"), "target", [])


@pytest.mark.parametrize(
    ("lines", "number", "kind"),
    [
        (["• Resultatprognosen avviker från budget med – 170,7 mnkr"], "170,7", "forecast"),
        (["• Totala lönekostnader beräknas öka med 4,8 procent."], "4,8", "forecast"),
        (["– Investeringsbudget 1 283,9 mnkr"], "1 283,9", "budget"),
        (["Målsättning 90 %"], "90", "target"),
        (["Minst 70 % av alla nya cancerfall ska utredas inom SVF."], "70", "target"),
        (["▪ Nettokostnadsutveckling efter februari uppgår till 6,6 procent."], "6,6", "outcome"),
        (["• Budgetunderskott 431,3 mnkr där motsvarande siffra f g år var -349,8 mnkr"], "349,8", "outcome"),
        (
            ["Ekonomisk helårsprognos 2026 efter april", "- Förvaltningarnas budgetunderskott -263 mnkr"],
            "263",
            "forecast",
        ),
        (["- Per 30 maj: 958 mnkr"], "958", "outcome"),
        (
            ["\tNot\t2026-04\tPrognos 2026\tBudget 2026", "Skatteintäkter\t7\t2 461,3\t7 421,5\t7 494,0"],
            "7 421,5",
            "forecast",
        ),
        (
            ["\tNot\t2026-04\tPrognos 2026\tBudget 2026", "Skatteintäkter\t7\t2 461,3\t7 421,5\t7 494,0"],
            "7 494,0",
            "budget",
        ),
        (
            ["\tNot\t2026-04\tPrognos 2026\tBudget 2026", "Skatteintäkter\t7\t2 461,3\t7 421,5\t7 494,0"],
            "2 461,3",
            "outcome",
        ),
    ],
)
def test_the_kind_is_read_from_the_words(lines: list[str], number: str, kind: str) -> None:
    doc = document(*lines, date="2026-06-17")
    assert read_kind(doc, figure(doc, number))[0] == kind


@pytest.mark.parametrize(
    ("lines", "number", "kind", "period"),
    [
        (
            ["– Per 30 april: 1 372,4 mnkr, positivt kassaflöde från årsskiftet med 81,6 mnkr"],
            "1 372,4",
            "outcome",
            "per 30 april 2026",
        ),
        (
            ["– Per 30 april: 1 372,4 mnkr, positivt kassaflöde från årsskiftet med 81,6 mnkr"],
            "81,6",
            "outcome",
            "januari–april 2026",
        ),
        (["– Januari-mars: 64,4 mnkr"], "64,4", "outcome", "januari–mars 2026"),
        (
            ["▪ Nettokostnadsutveckling efter februari uppgår till 6,6 procent."],
            "6,6",
            "outcome",
            "januari–februari 2026",
        ),
        (
            ["Vi ska minska våra koldioxidutsläpp med 80 % till 2030 och nå nettonoll till 2040."],
            "80",
            "target",
            "2030",
        ),
        (["- 72 procent sedan 2012"], "72", "outcome", "2026"),
        (["- Webbplatsen hade i snitt 180 000 besök i månaden under 2025."], "180 000", "outcome", "2025"),
        (["Marknadsandel per kommun 2023+2022", "", "Kalmar 17%"], "17", "outcome", "2022–2023"),
        (
            ["Budgetunderskott 431,3 mnkr där motsvarande siffra f g år var -349,8 mnkr"],
            "349,8",
            "outcome",
            "2025",
        ),
        (
            ["\tNot\t2026-04\tPrognos 2026", "Skatteintäkter\t7\t2 461,3\t7 421,5"],
            "2 461,3",
            "outcome",
            "januari–april 2026",
        ),
    ],
)
def test_the_period_is_read_from_the_words(lines: list[str], number: str, kind: str, period: str) -> None:
    doc = document(*lines, date="2026-06-17")
    assert read_period(doc, figure(doc, number), kind)[0] == period


def measure(id_: str, name: str, units: list[str], synonyms: tuple[str, ...] = ()) -> Measure:
    return Measure(id=id_, name=name, synonyms=list(synonyms), units=units, description=name)


NAMER = Namer(
    {
        m.id: m
        for m in [
            measure("kopt_vard", "Köpt vård", ["%", "mnkr"]),
            measure("lakemedel", "Läkemedel", ["%", "mnkr"]),
            measure("resultat", "Årets resultat", ["mnkr"], ("resultatprognos", "budgeterat resultat")),
            measure("nettokostnadsutveckling", "Nettokostnadsutveckling", ["%"]),
            measure("krosatagen_ab", "Krösatågen AB", ["st", "kr"]),
        ]
    },
    {"procent": "%", "mnkr": "mnkr"},
)


def test_measures_named_in_turn_respektive() -> None:
    doc = document(
        "- Kostnader för köpt vård och läkemedel förväntas öka med 5,8 procent respektive 4,4 procent"
    )
    assert NAMER.name(doc, figure(doc, "5,8"), []).measure == "kopt_vard"
    assert NAMER.name(doc, figure(doc, "4,4"), []).measure == "lakemedel"


def test_a_measure_that_cannot_hold_the_unit_is_not_chosen() -> None:
    doc = document(
        "- För att nå budgeterat resultat (332 mnkr) får nettokostnaden uppgå till maximalt 3,8 procent"
    )
    assert NAMER.name(doc, figure(doc, "332"), []).measure == "resultat"
    assert NAMER.name(doc, figure(doc, "3,8"), []).measure == "nettokostnadsutveckling"


def test_a_slide_title_names_what_its_figures_are_about() -> None:
    doc = document("Stiftelseurkund Krösatågen AB", "", "4. Aktiekapital", "", "1 000 000 SEK")
    named = NAMER.name(doc, figure(doc, "1 000 000"), [])
    assert (named.measure, named.way) == ("krosatagen_ab", "measure name in a heading")
