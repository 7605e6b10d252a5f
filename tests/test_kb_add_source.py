"""`planbot kb add-source`: a byte-for-byte copy, its sha256 in sources.yaml, the next steps."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from planbot.cli import main
from planbot.knowledge.load import load_checked
from tests.test_check import make_knowledge

TITLE = "Regionstyrelsen 15 september 2026 — Informationspunkter"
DECK = "Regionstyrelsen 15 september 2026\n\n- Resultatprognosen uppgår till 150 mnkr\n".encode()


def add(root: Path, document: Path, *extra: str) -> tuple[int, str]:
    args = ["kb", "add-source", str(document), "--title", TITLE, "--date", "2026-09-15"]
    result = CliRunner().invoke(main, [*args, "--kind", "board deck", "--knowledge", str(root), *extra])
    return result.exit_code, result.output


def test_add_source_copies_records_and_prints_the_next_steps(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    (root / "sources.yaml").write_text("# the documents\n" + (root / "sources.yaml").read_text())
    document = tmp_path / "005_export.txt"
    document.write_bytes(DECK)
    code, output = add(root, document)
    assert code == 0, output
    digest = hashlib.sha256(DECK).hexdigest()
    assert (root / "sources" / "rs-2026-09-15.txt").read_bytes() == DECK
    text = (root / "sources.yaml").read_text()
    assert text.startswith("# the documents\nsources:\n  - id: deck\n")
    assert text.endswith(
        "  - id: rs-2026-09-15\n"
        "    file: rs-2026-09-15.txt\n"
        f"    title: {TITLE}\n"
        "    kind: board deck\n"
        '    date: "2026-09-15"\n'
        f"    sha256: {digest}\n"
        "    original_name: 005_export.txt\n"
    )
    assert output == (
        f"added rs-2026-09-15: {root}/sources/rs-2026-09-15.txt (sha256 {digest[:12]}…) and its entry in "
        f"{root}/sources.yaml\n"
        "next:\n"
        f"  1. planbot kb suggest {root}/sources/rs-2026-09-15.txt > rs-2026-09-15.suggested.yaml\n"
        "  2. review every candidate against the document; paste the ones you accept into "
        f"{root}/facts/rs-2026-09-15.yaml\n"
        "     (it starts with `source: rs-2026-09-15` and a `facts:` list)\n"
        "  3. catalogue any measure that is new in knowledge/measures/ (planbot kb measures lists them)\n"
        "  4. planbot kb check, then planbot kb diff to see what the build will change, then commit\n"
    )
    knowledge = load_checked(root)
    assert knowledge.sources["rs-2026-09-15"].sha256 == digest


def test_add_source_refuses_a_taken_id_and_a_document_added_twice(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    document = tmp_path / "deck.txt"
    document.write_bytes(DECK)
    assert add(root, document)[0] == 0
    before = (root / "sources.yaml").read_text()
    code, output = add(root, document)
    assert code == 1
    assert output == "Error: sources.yaml › rs-2026-09-15: the id is taken; choose another with --id\n"
    code, output = add(root, document, "--id", "rs-2026-09-15b")
    assert code == 1
    assert (
        output
        == "Error: sources.yaml › rs-2026-09-15: this document is already a source (rs-2026-09-15.txt)\n"
    )
    assert (root / "sources.yaml").read_text() == before


def test_add_source_names_a_bad_field(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k")
    document = tmp_path / "deck.txt"
    document.write_bytes(DECK)
    result = CliRunner().invoke(
        main,
        [
            *("kb", "add-source", str(document), "--title", TITLE, "--date", "15 sept"),
            *("--kind", "board deck", "--id", "rs-next", "--knowledge", str(root)),
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: sources.yaml › rs-next: date: String should match pattern")
    assert not (root / "sources" / "rs-next.txt").exists()
