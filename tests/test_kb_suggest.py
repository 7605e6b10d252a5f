"""`planbot kb suggest`: proposals learned from other decks, in the facts schema, passing the checks."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import yaml
from click.testing import CliRunner

from planbot.cli import main
from planbot.knowledge.load import load_checked

MEASURES = """\
measures:
  - id: resultat
    name: Årets resultat
    synonyms: [resultatprognos]
    units: [mnkr]
    description: Resultatet.
  - id: finansnetto
    name: Finansnetto
    units: [mnkr]
    description: Finansnetto.
"""


def deck(year: int, month: str, result: str, net: str) -> str:
    return (
        f"Regionstyrelsen {year}\n\nEkonomisk helårsprognos {year} efter {month}\n\n"
        f"- Resultatprognosen uppgår till {result} mnkr\n"
        f"- Finansnettot beräknas bli negativt med {net} mnkr\n\n"
        f"Sida 4 av 12, möte 14 juni {year}\n"
    )


def facts(source: str, year: int, month: str, result: float, net: float) -> str:
    def number(value: float) -> str:
        return f"{value:g}".replace(".", ",")

    return textwrap.dedent(
        f"""\
        source: {source}
        facts:
          - measure: resultat
            kind: forecast
            period: "{year}"
            as_of: efter {month} {year}
            value: {result:g}
            unit: mnkr
            section: Ekonomi — Ekonomisk helårsprognos {year} efter {month}
            lines: [5, 5]
            quote: Resultatprognosen uppgår till {number(result)} mnkr
          - measure: finansnetto
            kind: forecast
            period: "{year}"
            as_of: efter {month} {year}
            value: -{net:g}
            unit: mnkr
            sign_in_words: true
            section: Ekonomi — Ekonomisk helårsprognos {year} efter {month}
            lines: [6, 6]
            quote: Finansnettot beräknas bli negativt med {number(net)} mnkr
        """
    )


def knowledge(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "measures").mkdir()
    (root / "facts").mkdir()
    (root / "measures" / "ekonomi.yaml").write_text(MEASURES, encoding="utf-8")
    entries = ["sources:"]
    for source, year, month, result, net in [
        ("rs-2023", 2023, "april", 398.9, 237.6),
        ("rs-2024", 2024, "februari", 347.8, 345.8),
        ("rs-2025", 2025, "oktober", 435.0, 237.5),
    ]:
        text = deck(year, month, f"{result:g}".replace(".", ","), f"{net:g}".replace(".", ","))
        (root / "sources" / f"{source}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        entries.append(
            f"  - id: {source}\n    file: {source}.txt\n    title: RS {year}\n    kind: board deck\n"
            f'    date: "{year}-06"\n    sha256: {digest}'
        )
        (root / "facts" / f"{source}.yaml").write_text(
            facts(source, year, month, result, net), encoding="utf-8"
        )
    (root / "sources.yaml").write_text("\n".join(entries) + "\n", encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["kb", "suggest", *args, "--knowledge", str(root)])
    return result.exit_code, result.output


def test_suggest_learns_kind_period_as_of_and_sign_from_the_other_decks(tmp_path: Path) -> None:
    root = knowledge(tmp_path / "k")
    new = tmp_path / "next.txt"
    new.write_text(deck(2026, "augusti", "150", "200"), encoding="utf-8")
    before = sorted((root / "facts").iterdir())
    code, output = run(root, str(new), "--date", "2026-09-15")
    assert code == 0, output
    proposed = yaml.safe_load(output)
    assert [(p["measure"], p["value"]) for p in proposed] == [("resultat", 150), ("finansnetto", -200)]
    for p in proposed:
        assert (p["kind"], p["period"], p["as_of"], p["unit"]) == (
            "forecast",
            "2026",
            "efter augusti 2026",
            "mnkr",
        )
    assert proposed[1]["sign_in_words"] is True
    assert proposed[0]["quote"] == "Resultatprognosen uppgår till 150 mnkr" and proposed[0]["lines"] == [5, 5]
    assert output.startswith("# sure: ")
    assert "# followed rs-202" in output
    # Suggestions are printed, never written: the knowledge folder is as it was.
    assert sorted((root / "facts").iterdir()) == before


def test_accepted_proposals_pass_the_build_checks(tmp_path: Path) -> None:
    root = knowledge(tmp_path / "k")
    new = tmp_path / "next.txt"
    new.write_text(deck(2026, "augusti", "150", "200"), encoding="utf-8")
    _, output = run(root, str(new), "--date", "2026-09-15")
    added = CliRunner().invoke(
        main,
        [
            *("kb", "add-source", str(new), "--title", "RS 2026", "--date", "2026-09-15"),
            *("--kind", "board deck", "--knowledge", str(root)),
        ],
    )
    assert added.exit_code == 0, added.output
    (root / "facts" / "rs-2026-09-15.yaml").write_text(
        "source: rs-2026-09-15\nfacts:\n" + textwrap.indent(output, "  "), encoding="utf-8"
    )
    assert len(load_checked(root).facts) == 8


def test_holdout_measures_a_curated_deck_as_if_new(tmp_path: Path) -> None:
    root = knowledge(tmp_path / "k")
    path = str(root / "sources" / "rs-2025.txt")
    # Its own lines are curated: nothing left to propose.
    assert run(root, path) == (0, "")
    code, output = run(root, path, "--holdout", "rs-2025")
    assert code == 0
    proposed = yaml.safe_load(output)
    assert [(p["measure"], p["value"], p["as_of"]) for p in proposed] == [
        ("resultat", 435, "efter oktober 2025"),
        ("finansnetto", -237.5, "efter oktober 2025"),
    ]
    assert "# followed rs-2025.yaml" not in output
    assert run(root, path, "--holdout", "nope")[0] == 2


def test_the_ask_path_does_not_load_the_suggester() -> None:
    import subprocess
    import sys

    code = "import sys, planbot.cli, planbot.service; print('sklearn' in sys.modules, 'scipy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"
