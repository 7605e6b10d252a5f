"""`planbot kb diff`: new, changed and removed facts by identity, files against the built database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from planbot.cli import main
from planbot.knowledge.build import build
from tests.test_check import GOOD_FACT, make_knowledge

FINANSNETTO = """
  - measure: finansnetto
    kind: forecast
    period: "2026"
    as_of: efter april 2026
    value: -237.5
    unit: mnkr
    sign_in_words: true
    section: Ekonomi
    lines: [3, 3]
    quote: Finansnettot blir negativt med 237,5 mnkr
"""


def run_diff(root: Path, db: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["kb", "diff", "--knowledge", str(root), "--db", str(db)])
    return result.exit_code, result.output


def test_diff_after_a_build_is_empty(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    build(root, tmp_path / "kb.db")
    assert run_diff(root, tmp_path / "kb.db") == (
        0,
        f"knowledge/ against {tmp_path}/kb.db: 0 new, 0 changed, 0 removed, 1 unchanged\n"
        "nothing to build: the database holds exactly the curated facts\n",
    )


def test_diff_names_new_changed_and_removed_facts(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k", GOOD_FACT + FINANSNETTO)
    build(root, tmp_path / "kb.db")
    changed = GOOD_FACT.replace("uppgår till 120", "uppgår till 121").replace("value: 120", "value: 121")
    source = (root / "sources" / "deck.txt").read_text()
    (root / "sources" / "deck.txt").write_text(source.replace("120 mnkr", "121 mnkr"))
    new = FINANSNETTO.replace("as_of: efter april 2026", "as_of: efter maj 2026")
    (root / "facts" / "deck.yaml").write_text("source: deck\nfacts:" + changed + new)
    assert run_diff(root, tmp_path / "kb.db") == (
        0,
        f"knowledge/ against {tmp_path}/kb.db: 1 new, 1 changed, 1 removed, 0 unchanged\n"
        "new      deck finansnetto forecast 2026 (efter maj 2026): -237.5 mnkr (lines 3)\n"
        "changed  deck resultat forecast 2026 (efter april 2026): 120 mnkr → 121 mnkr; quote changed\n"
        "removed  deck finansnetto forecast 2026 (efter april 2026): -237.5 mnkr (lines 3)\n"
        "note: knowledge/ has 1 problem(s); `planbot kb check` lists them\n",
    )


def test_diff_pairs_moved_facts_by_identity(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    build(root, tmp_path / "kb.db")
    (root / "facts" / "deck.yaml").write_text(
        "source: deck\nfacts:" + GOOD_FACT.replace("section: Ekonomi", "section: Ekonomi — Prognos")
    )
    _, output = run_diff(root, tmp_path / "kb.db")
    assert output.splitlines()[1:] == [
        "changed  deck resultat forecast 2026 (efter april 2026): section changed"
    ]


def test_diff_without_a_database_says_how_to_build_one(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    code, output = run_diff(root, tmp_path / "missing.db")
    assert code == 1
    assert output == f"Error: no knowledge base at {tmp_path}/missing.db: run `planbot kb build` first\n"
