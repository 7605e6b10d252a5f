"""Folding: how names match however they are written (case, å/ä/ö, other diacritics)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from planbot.text import FOLDS, fold, tokens

_TABLE = str.maketrans(FOLDS)


def _reference(text: str) -> str:
    """The rule written out plainly: the table, then NFKD without combining marks."""
    folded = text.casefold().translate(_TABLE)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_swedish_letters_and_dashes_fold_to_ascii() -> None:
    assert fold("Sjukfrånvaron ÄR Över – 2024−2026") == "sjukfranvaron ar over - 2024-2026"
    assert fold("Straße, Ærø, café, Müller, Ångström") == "strasse, aro, cafe, muller, angstrom"
    assert tokens("Nettokostnadsutvecklingen (NKU) 3,8 %") == ["nettokostnadsutvecklingen", "nku", "3", "8"]


@given(st.text(alphabet=st.sampled_from("aåäöÅÄÖæøßéüÉ–—−-ñçž ABCxyz019\u0301\u00a0"), max_size=40))
def test_fold_follows_the_rule_for_any_text(text: str) -> None:
    assert fold(text) == _reference(text)


@given(st.text(max_size=40))
def test_fold_follows_the_rule_for_any_unicode(text: str) -> None:
    assert fold(text) == _reference(text)
