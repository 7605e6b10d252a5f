"""The integrity checks refuse crafted bad records, naming file, record and field."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from planbot.errors import KnowledgeError
from planbot.knowledge.build import build
from planbot.knowledge.freshness import is_stale
from planbot.knowledge.load import load_checked
from planbot.knowledge.store import KnowledgeBase

SOURCE_TEXT = (
    "Rubrik\n- **Resultatprognosen** uppgår till 120 mnkr\nFinansnettot blir negativt med 237,5 mnkr\n"
)

GOOD_FACT = """
  - measure: resultat
    kind: forecast
    period: "2026"
    as_of: efter april 2026
    value: 120
    unit: mnkr
    section: Ekonomi
    lines: [2, 2]
    quote: "**Resultatprognosen** uppgår till 120 mnkr"
"""


def make_knowledge(root: Path, facts: str = GOOD_FACT, source_text: str = SOURCE_TEXT) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "measures").mkdir()
    (root / "facts").mkdir()
    (root / "sources" / "deck.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    digest = hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()
    (root / "sources" / "deck.txt").write_text(source_text, encoding="utf-8")
    (root / "sources.yaml").write_text(
        textwrap.dedent(
            f"""\
            sources:
              - id: deck
                file: deck.txt
                title: Regionstyrelsen 17 juni 2026 — Informationspunkter
                kind: board deck
                date: "2026-06-17"
                sha256: {digest}
            """
        ),
        encoding="utf-8",
    )
    (root / "measures" / "ekonomi.yaml").write_text(
        textwrap.dedent(
            """\
            measures:
              - id: resultat
                name: Årets resultat
                synonyms: [resultatprognos]
                malomrade: En långsiktigt hållbar ekonomi
                units: [mnkr]
                direction: higher
                description: Resultatet.
              - id: finansnetto
                name: Finansnetto
                units: [mnkr]
                description: Finansnetto.
            """
        ),
        encoding="utf-8",
    )
    (root / "facts" / "deck.yaml").write_text("source: deck\nfacts:" + facts, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as raised:
        load_checked(root)
    return raised.value.problems


def test_good_knowledge_passes_and_builds(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    assert len(load_checked(root).facts) == 1
    db = tmp_path / "kb.db"
    build(root, db)
    kb = KnowledgeBase(db)
    assert [f.value for f in kb.facts] == [120]
    assert not is_stale(root, db)


def test_quote_not_in_cited_lines(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, GOOD_FACT.replace("lines: [2, 2]", "lines: [3, 3]"))
    (found,) = problems(root)
    assert "deck.yaml › facts[0]" in found
    assert "› quote:" in found and "not found in lines 3–3" in found


def test_value_not_in_quote(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, GOOD_FACT.replace("value: 120", "value: 12"))
    (found,) = problems(root)
    assert "› value: 12 does not appear in the quote" in found


def test_sign_in_words_is_allowed_only_when_declared(tmp_path: Path) -> None:
    fact = """
  - measure: finansnetto
    kind: forecast
    period: "2026"
    as_of: efter april 2026
    value: -237.5
    unit: mnkr
    section: Ekonomi
    lines: [3, 3]
    quote: Finansnettot blir negativt med 237,5 mnkr
"""
    (found,) = problems(make_knowledge(tmp_path / "a", fact))
    assert "set sign_in_words: true" in found
    assert load_checked(make_knowledge(tmp_path / "b", fact + "    sign_in_words: true\n"))


def test_uncatalogued_measure(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, GOOD_FACT.replace("measure: resultat", "measure: resultatet"))
    assert any("› measure: 'resultatet' is not catalogued" in p for p in problems(root))


def test_unit_disagrees_with_measure(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, GOOD_FACT.replace("unit: mnkr", 'unit: "%"'))
    (found,) = problems(root)
    assert "› unit: '%' disagrees with measure resultat" in found


def test_duplicate_fact(tmp_path: Path) -> None:
    (found,) = problems(make_knowledge(tmp_path, GOOD_FACT + GOOD_FACT))
    assert "facts[1]" in found and "duplicate of" in found and "facts[0]" in found


def test_changed_source(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, source_text=SOURCE_TEXT.replace("120", "130"))
    assert any("› sha256: the file changed" in p for p in problems(root))


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, GOOD_FACT + "    valeu: 3\n")
    (found,) = problems(root)
    assert "deck.yaml › facts[0] (line 3, resultat) › valeu: Extra inputs are not permitted" in found


def test_forecast_without_as_of(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path, GOOD_FACT.replace("    as_of: efter april 2026\n", ""))
    (found,) = problems(root)
    assert "a forecast needs `as_of`" in found


def test_failed_build_leaves_the_old_database(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    db = tmp_path / "kb.db"
    build(root, db)
    before = db.read_bytes()
    (root / "facts" / "deck.yaml").write_text("source: deck\nfacts:" + GOOD_FACT.replace("120", "121"))
    with pytest.raises(KnowledgeError):
        build(root, db)
    assert db.read_bytes() == before
    assert list(tmp_path.glob("*.tmp")) == []


def test_curated_sources_are_byte_identical_to_the_seeds() -> None:
    from tests.conftest import KNOWLEDGE, SEEDS

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    knowledge = load_checked(KNOWLEDGE)
    for source in knowledge.sources.values():
        assert source.original_name, source.id
        copy = KNOWLEDGE / "sources" / source.file
        assert copy.read_bytes() == (SEEDS / source.original_name).read_bytes(), source.id
    shutil.rmtree(KNOWLEDGE / "__nothing__", ignore_errors=True)


def test_no_synonym_names_two_measures() -> None:
    """A synonym (or name) that two measures share makes planbot guess between them."""
    from planbot.text import fold
    from tests.conftest import KNOWLEDGE

    knowledge = load_checked(KNOWLEDGE)
    owners: dict[str, set[str]] = {}
    for measure in knowledge.measures.values():
        for phrase in [measure.name, *measure.synonyms]:
            owners.setdefault(" ".join(fold(phrase).split()), set()).add(measure.id)
    shared = {phrase: sorted(ids) for phrase, ids in owners.items() if len(ids) > 1}
    assert shared == {}


@pytest.mark.parametrize(
    ("glossary", "where", "said"),
    [
        # Terms match without regard to case: "HoS" would be read in every "hos".
        ("terms:\n  - {term: HoS, means: hälso- och sjukvården}\n", "glossary.yaml › terms[1]", "'hos'"),
        # A name's spellings are one name's: a second "Nybro" would make two of them.
        ("names:\n  - {name: Nybro, kind: kommun}\n  - {name: Nybro kommun, kind: kommun, also: [nybro]}\n",
         "names[1]", "'nybro'"),
    ],
    ids=["term read as a function word", "name spelt twice"],
)  # fmt: skip
def test_a_glossary_entry_that_would_misread_questions_is_refused(
    tmp_path: Path, glossary: str, where: str, said: str
) -> None:
    root = make_knowledge(tmp_path)
    text = "terms:\n  - {term: HSF, means: hälso- och sjukvårdsförvaltningen}\n" + glossary.replace(
        "terms:\n", ""
    )
    (root / "glossary.yaml").write_text(text, encoding="utf-8")
    (found,) = problems(root)
    assert where in found and said in found


BAD_CASES = {
    "quote": (GOOD_FACT.replace("lines: [2, 2]", "lines: [3, 3]"), SOURCE_TEXT),
    "value": (GOOD_FACT.replace("value: 120", "value: 12"), SOURCE_TEXT),
    "measure": (GOOD_FACT.replace("measure: resultat", "measure: resultatet"), SOURCE_TEXT),
    "unit": (GOOD_FACT.replace("unit: mnkr", 'unit: "%"'), SOURCE_TEXT),
    "duplicate": (GOOD_FACT + GOOD_FACT, SOURCE_TEXT),
    "changed source": (GOOD_FACT, SOURCE_TEXT.replace("120", "130")),
    "unknown field": (GOOD_FACT + "    valeu: 3\n", SOURCE_TEXT),
    "beyond the end": (GOOD_FACT.replace("lines: [2, 2]", "lines: [9, 9]"), SOURCE_TEXT),
    "not yaml": (GOOD_FACT + "  - [unclosed\n", SOURCE_TEXT),
    "several": (GOOD_FACT.replace("value: 120", "value: 12") + GOOD_FACT + "    valeu: 3\n", SOURCE_TEXT),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_the_build_refuses_with_the_problems_kb_check_lists(tmp_path: Path, case: str) -> None:
    facts, source_text = BAD_CASES[case]
    root = make_knowledge(tmp_path / "k", facts, source_text)
    with pytest.raises(KnowledgeError) as built:
        build(root, tmp_path / "kb.db")
    assert built.value.problems == problems(root)
    assert not (tmp_path / "kb.db").exists()


def test_a_large_knowledge_base_is_checked_file_by_file_on_every_core(tmp_path: Path) -> None:
    """Enough files for the process pool: the problems of two files among many, in file order."""
    root = make_knowledge(tmp_path / "k")
    entry = (root / "sources.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    entries = [entry.replace("id: deck", f"id: deck-{n:02}") for n in range(40)]
    (root / "sources.yaml").write_text("sources:\n" + entry + "".join(entries), encoding="utf-8")
    for n in range(40):
        fact = GOOD_FACT.replace("value: 120", "value: 12") if n in (7, 31) else GOOD_FACT
        (root / "facts" / f"deck-{n:02}.yaml").write_text(
            f"source: deck-{n:02}\nfacts:" + fact, encoding="utf-8"
        )
    with pytest.raises(KnowledgeError) as built:
        build(root, tmp_path / "kb.db")
    found = built.value.problems
    assert found == problems(root)
    assert [p.split(" ›")[0] for p in found] == ["deck-07.yaml", "deck-31.yaml"]
    for n in (7, 31):
        (root / "facts" / f"deck-{n:02}.yaml").unlink()
    assert build(root, tmp_path / "kb.db") == {"sources": 41, "measures": 2, "facts": 39}
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert [f.source.source_id for f in kb.facts if f.source][:3] == ["deck-00", "deck-01", "deck-02"]
    assert [f.id for f in kb.facts] == list(range(1, 40))


def test_a_fact_curated_twice_in_two_files_of_one_source_is_refused(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    (root / "facts" / "deck-again.yaml").write_text("source: deck\nfacts:" + GOOD_FACT, encoding="utf-8")
    with pytest.raises(KnowledgeError) as built:
        build(root, tmp_path / "kb.db")
    (found,) = built.value.problems
    assert "deck.yaml › facts[0]" in found and "duplicate of deck-again.yaml › facts[0]" in found
