"""Charts of series and comparisons: exactly the facts' values, readable, with source and as-of."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.colors
import pytest
from click.testing import CliRunner
from PIL import Image  # Pillow comes with matplotlib

from planbot.answer.engine import Engine
from planbot.charts.data import chart_for
from planbot.charts.png import BAR, DPI, EARLIER, figure, png
from planbot.cli import main
from planbot.service import ask


@pytest.fixture()
def env(kb_path: Path) -> dict[str, str]:
    return {"PLANBOT_KB_PATH": str(kb_path), "PLANBOT_AUTO_BUILD": "0"}


@pytest.fixture()
def fresh_settings() -> None:
    from planbot.service import get_engine
    from planbot.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()


SERIES = "Hur har resultatprognosen utvecklats 2023–2026?"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_a_series_plots_exactly_the_facts_values(engine: Engine) -> None:
    answer = ask(SERIES, engine)
    chart = chart_for(answer)
    assert chart is not None
    facts = {f.id: f.value for f in answer.facts}
    assert {f.id for f in chart.facts} <= set(facts)
    fig = figure(chart)
    ax = fig.axes[0]
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == [bar.fact.value for bar in chart.bars] == [-334.4, -347.8, 435.0, 120.0]
    marks = [y for collection in ax.collections for _, y in collection.get_offsets()]
    assert marks == [f.value for bar in chart.bars for f in bar.earlier] == [-398.9]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("2023\nefter augusti") and labels[-1] == "2026\nefter april 2026"
    assert "−334,4 mnkr" in [t.get_text() for t in ax.texts]  # Swedish number format on the bars
    ticks = [ax.yaxis.get_major_formatter()(v, 0) for v in (-200.0, 1000.0)]
    assert ticks == ["−200", "1\u00a0000"]
    caption = fig.texts[0].get_text()
    assert "Regionstyrelsen 17 juni 2026" in caption and caption.endswith("senaste uppgift 17 juni 2026")


def test_the_png_decodes_at_the_size_slack_previews_well(engine: Engine) -> None:
    chart = chart_for(ask("/jämför resultatprognos 2024 2026", engine))
    assert chart is not None
    data = png(chart)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.size == (1200, 675) and DPI == 150
    assert 10_000 < len(data) < 400_000


def test_colours_are_colour_blind_safe(engine: Engine) -> None:
    assert {BAR, EARLIER} <= OKABE_ITO
    chart = chart_for(ask(SERIES, engine))
    assert chart is not None
    ax = figure(chart).axes[0]
    assert matplotlib.colors.to_hex(ax.patches[0].get_facecolor()).upper() == BAR


@pytest.mark.parametrize(
    "question",
    ["/prognos", "Har vi nått målet för SVF inklusion?", "/mål sjukfrånvaro", "/prognos finansnetto 2023"],
)
def test_single_figures_targets_and_the_overview_have_no_chart(engine: Engine, question: str) -> None:
    assert chart_for(ask(question, engine)) is None


def test_comparisons_and_outcome_series_have_charts(engine: Engine) -> None:
    ceiling = chart_for(ask("/prognos nettokostnadsutveckling", engine))
    assert ceiling is not None and [b.label for b in ceiling.bars] == [
        "Prognos 2026\nefter april 2026",
        "Budget 2026",
    ]
    outcomes = chart_for(ask("/indikator likvida medel", engine))
    assert outcomes is not None and {b.fact.qualifier for b in outcomes.bars} == {None}


def test_english_charts_are_in_english(engine: Engine) -> None:
    chart = chart_for(ask("How has the result forecast developed 2023-2026?", engine))
    assert chart is not None
    assert chart.caption.startswith("Sources: ") and "latest figure 17 June 2026" in chart.caption
    assert "SEK −334.4m" in [t.get_text() for t in figure(chart).axes[0].texts]


@pytest.mark.usefixtures("fresh_settings")
def test_ask_writes_the_chart(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "serie.png"
    result = CliRunner().invoke(main, ["ask", "--chart", str(out), SERIES], env=env)
    assert result.exit_code == 0, result.output
    assert Image.open(out).size == (1200, 675)
    none = CliRunner().invoke(main, ["ask", "--chart", str(tmp_path / "x.png"), "/prognos"], env=env)
    assert none.exit_code == 1 and "no chart for this answer" in none.output
    assert not (tmp_path / "x.png").exists()


def test_ask_without_chart_imports_neither_matplotlib_nor_prompt_toolkit(env: dict[str, str]) -> None:
    code = (
        "import sys; from planbot.cli import main\n"
        "try: main(['ask', '--format', 'slack', 'Hur har resultatprognosen utvecklats 2023–2026?'])\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in ('matplotlib', 'prompt_toolkit', 'PIL') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
