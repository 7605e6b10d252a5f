import pytest

from planbot.formats import quantity, signed_quantity
from planbot.knowledge.numbers import numbers_in, parse_number, value_in_quote


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("uppgår till 1 372,4 mnkr", 1372.4),
        ("avviker från budget med – 212 mnkr", -212),
        ("fastställs skattesatsen till 11.86 per skattekrona", 11.86),
        ("ökade med 0,3%", 0.3),
        ("biljettförsäljning 214\u00a0853\u00a0771 kr", 214853771),
        ("motsvarande -7,2 procent", -7.2),
        ("2022 6 505 ton", 6505),
        ("utsläppen 2012-2022", 2022),
        ("en minskning med cirka100 miljoner kronor", 100),  # the space lost after "cirka"
    ],
)
def test_value_found_in_swedish_formats(quote: str, value: float) -> None:
    assert value_in_quote(value, quote)


def test_a_number_glued_to_another_word_is_no_number() -> None:
    assert not numbers_in("hus02 SE3 etapp2")


def test_a_range_hyphen_is_not_a_minus() -> None:
    assert -2022 not in numbers_in("2012-2022")


def test_sign_in_words_needs_the_flag() -> None:
    quote = "Finansnettot beräknas bli negativt med 237,5 mnkr"
    assert not value_in_quote(-237.5, quote)
    assert value_in_quote(-237.5, quote, sign_in_words=True)


def test_a_value_that_is_not_there_is_refused() -> None:
    assert not value_in_quote(120, "Resultatprognosen uppgår till 1 120 mnkr och 12,0 %")


def test_parse_number() -> None:
    assert parse_number("– 398,9") == -398.9
    assert parse_number("1 372,4") == 1372.4
    assert parse_number("abc") is None


def test_swedish_output_format() -> None:
    assert quantity(1372.4, "mnkr") == "1\u00a0372,4 mnkr"
    assert quantity(-212, "mnkr") == "−212 mnkr"
    assert quantity(75, "%") == "75 %"
    assert signed_quantity(12, "mnkr") == "+12 mnkr"


def test_a_point_before_three_digits_may_group_thousands() -> None:
    assert value_in_quote(47600, "prisbasbeloppet 47.600 kr")
    assert value_in_quote(47.6, "prisbasbeloppet 47.600 kr")
    assert not value_in_quote(1186, "skattesatsen till 11.86 per skattekrona")


def test_numbers_written_as_words() -> None:
    assert value_in_quote(9, "Antalet BT-tjänster ska ökas till nio tjänster till 2024.")
    assert value_in_quote(2, "överskottsmålet om två procent")
    assert not value_in_quote(1, "ett kortsiktigt avsteg")  # an article, not a number
