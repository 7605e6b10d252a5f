"""The command line, run in-process with click's CliRunner and compared on output."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from planbot.cli import main
from tests.test_check import GOOD_FACT, make_knowledge

FACT_KEYS = {"measure", "kind", "period", "as_of", "value", "unit", "qualifier", "text", "source"}
SOURCE_KEYS = {"document", "date", "section", "file", "lines", "quote"}


@pytest.fixture()
def env(kb_path: Path) -> dict[str, str]:
    return {"PLANBOT_KB_PATH": str(kb_path), "PLANBOT_AUTO_BUILD": "0"}


@pytest.fixture(autouse=True)
def fresh_settings() -> None:
    from planbot.service import get_engine
    from planbot.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out.extend(all_commands(command, (*prefix, name)))
    return out


@pytest.mark.parametrize("path", all_commands(main))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help, f"{' '.join(path)} needs a docstring"


def test_kb_check_passes_on_the_curated_knowledge() -> None:
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 5 sources, ")


def test_kb_check_reports_problems_readably(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path / "k", GOOD_FACT.replace("value: 120", "value: 121"))
    result = CliRunner().invoke(main, ["kb", "check", "--knowledge", str(root)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: 1 problem in knowledge/:\n"
        "  deck.yaml › facts[0] (line 3, resultat forecast 2026) › value: 121 does not appear in the quote"
        " (if the sign is given in words, set sign_in_words: true)\n"
    )


def test_kb_export_holds_every_fact_in_the_contract_schema(env: dict[str, str], kb) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["kb", "export", "--format", "jsonl"], env=env)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == len(kb.facts)
    for row in rows:
        assert set(row) == FACT_KEYS
        assert set(row["source"]) == SOURCE_KEYS
        assert row["kind"] in {"target", "budget", "forecast", "outcome", "statement"}
        assert row["value"] is None or isinstance(row["value"], float | int)
        assert len(row["source"]["lines"]) == 2 and row["source"]["quote"]


def test_export_quotes_are_verbatim_in_the_cited_lines(env: dict[str, str]) -> None:
    from tests.conftest import KNOWLEDGE

    result = CliRunner().invoke(main, ["kb", "export"], env=env)
    texts: dict[str, list[str]] = {}
    for line in result.output.splitlines():
        source = json.loads(line)["source"]
        lines = texts.setdefault(
            source["file"], (KNOWLEDGE / "sources" / source["file"]).read_text().splitlines()
        )
        first, last = source["lines"]
        cited = " ".join(" ".join(lines[first - 1 : last]).split())
        assert " ".join(source["quote"].split()) in cited


def test_kb_stats(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["kb", "stats"], env=env)
    assert result.exit_code == 0
    assert "per source:" in result.output and "regionplan-2024-2026" in result.output
    assert "per kind:" in result.output and "per målområde:" in result.output


def test_ask_jsonl_answers_every_line_in_order(env: dict[str, str]) -> None:
    questions = ["/prognos", "", "hjälp", "/mål självskattad hälsa 2024", "<!channel>"]
    result = CliRunner().invoke(
        main, ["ask", "--format", "jsonl", "-"], input="\n".join(questions) + "\n", env=env
    )
    assert result.exit_code == 0
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["query"] for a in answers] == [" ".join(q.split()) for q in questions]
    assert answers[1]["status"] == "help"
    assert answers[3]["status"] == "answered"


def test_ask_text(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["ask", "/mål självskattad hälsa 2024"], env=env)
    assert result.exit_code == 0
    assert result.output.startswith("Målvärde för självskattad hälsa hos invånarna: 75 % för 2024.\n")
    assert "• Målvärde 2024: 75 % [1]" in result.output


def test_ask_slack_format_is_block_kit(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["ask", "--format", "slack", "/prognos"], env=env)
    message = json.loads(result.output)
    assert set(message) == {"text", "blocks"}
    assert message["blocks"][0]["type"] == "section"


def test_chat_answers_until_sluta(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["chat"], input="hjälp\nsluta\n", env=env)
    assert result.exit_code == 0
    assert "Kommandon:" in result.output


def test_kb_suggest_proposes_uncited_figures(tmp_path: Path) -> None:
    deck = tmp_path / "deck.txt"
    deck.write_text("Rubrik\nResultatprognosen uppgår till 1 372,4 mnkr\nInget tal här\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "suggest", str(deck)])
    assert result.exit_code == 0, result.output
    (fact,) = yaml.safe_load(result.output)
    assert fact["measure"] == "resultat"
    assert fact["kind"] == "forecast"
    assert fact["value"] == 1372.4 and fact["unit"] == "mnkr"
    assert fact["lines"] == [2, 2]


def test_kb_import_turns_a_table_into_validated_facts(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "measure,kind,period,value,unit,section,lines_first,quote,as_of\n"
        "resultat,forecast,2026,120,mnkr,Ekonomi,1098,"
        '"Resultatprognosen uppgår till 120 mnkr",efter april 2026\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["kb", "import", str(table)])
    assert result.exit_code == 0, result.output
    (fact,) = yaml.safe_load(result.output)
    assert fact["lines"] == [1098, 1098] and fact["period"] == "2026" and fact["value"] == 120


def test_kb_import_refuses_a_bad_row(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "measure,kind,period,value,unit,section,lines_first,quote\nresultat,prognos,2026,1,mnkr,E,1,q\n"
    )
    result = CliRunner().invoke(main, ["kb", "import", str(table)])
    assert result.exit_code == 1
    assert "kind" in result.output


def test_kb_import_reads_excel(tmp_path: Path) -> None:
    import pandas as pd

    table = tmp_path / "t.xlsx"
    pd.DataFrame(
        [
            {
                "measure": "likvida_medel",
                "kind": "outcome",
                "period": "per 30 maj 2026",
                "value": 958,
                "unit": "mnkr",
                "section": "Ekonomi",
                "lines_first": 1137,
                "quote": "Per 30 maj: 958 mnkr",
            }
        ]
    ).to_excel(table, index=False)
    result = CliRunner().invoke(main, ["kb", "import", str(table)])
    assert result.exit_code == 0, result.output
    (fact,) = yaml.safe_load(result.output)
    assert (fact["measure"], fact["value"], fact["lines"]) == ("likvida_medel", 958, [1137, 1137])
