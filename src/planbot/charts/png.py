"""Draw a Chart as a PNG with matplotlib's Agg backend (no display, safe in worker threads).

Readable at Slack's preview size: 1200×675 pixels, large type, values written on the bars
in the answer's number format, the source and as-of date in the caption. Colours from
the Okabe–Ito palette, and earlier figures told apart by marker shape too, not by colour
alone.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from planbot.charts.data import Chart
from planbot.render.language import number, quantity

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 150  # 1200 × 675 px
BAR = "#0072B2"  # Okabe–Ito blue
EARLIER = "#E69F00"  # Okabe–Ito orange
INK = "#222222"
MUTED = "#555555"
TICK_WIDTH = 20  # characters per line of a bar label
MARK_OFFSET = 0.36  # earlier figures beside their bar (half a bar is 0.3), not on it


def _wrapped(label: str) -> str:
    """A bar label in lines short enough not to run into its neighbours."""
    return "\n".join(textwrap.fill(line, TICK_WIDTH) for line in label.splitlines())


def figure(chart: Chart) -> Figure:
    """The chart as a matplotlib Figure: bar heights are the facts' values, unchanged."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    fig.set_layout_engine("constrained", rect=(0, 0.08, 1, 0.92))  # room for the caption
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = list(range(len(chart.bars)))
    values = [bar.fact.value or 0.0 for bar in chart.bars]
    bars = ax.bar(positions, values, width=0.6, color=BAR, label=chart.latest_label, zorder=2)
    marks = [
        (x + MARK_OFFSET, f.value or 0.0)
        for x, bar in zip(positions, chart.bars, strict=True)
        for f in bar.earlier
    ]
    if marks:
        ax.scatter(
            [x for x, _ in marks], [v for _, v in marks], marker="D", s=70, color=EARLIER,
            edgecolors=INK, linewidths=0.8, label=chart.earlier_label, zorder=3,
        )  # fmt: skip
        for x, value in marks:
            ax.annotate(
                quantity(value, chart.unit, chart.language), (x, value), xytext=(0, -9),
                textcoords="offset points", ha="center", va="top", fontsize=10, color=MUTED,
            )  # fmt: skip
        ax.legend(frameon=False, fontsize=10, loc="best")
    for rect, bar in zip(bars, chart.bars, strict=True):
        value = bar.fact.value or 0.0
        ax.annotate(
            quantity(value, chart.unit, chart.language),
            (rect.get_x() + rect.get_width() / 2, value),
            xytext=(0, 4 if value >= 0 else -4), textcoords="offset points",
            ha="center", va="bottom" if value >= 0 else "top", fontsize=12, color=INK,
        )  # fmt: skip
    ax.axhline(0, color=MUTED, linewidth=0.8, zorder=1)
    ax.set_xticks(positions, [_wrapped(bar.label) for bar in chart.bars], fontsize=12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(round(v, 6), chart.language)))
    ax.tick_params(axis="y", labelsize=10, colors=MUTED)
    if chart.unit:
        ax.set_ylabel(chart.unit, fontsize=11, color=MUTED)
    ax.margins(y=0.15)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(chart.title, fontsize=15, color=INK, loc="left")
    fig.text(0.01, 0.01, chart.caption, fontsize=9, color=MUTED, ha="left", va="bottom", wrap=True)
    return fig


def png(chart: Chart) -> bytes:
    """The chart as PNG bytes."""
    buffer = io.BytesIO()
    figure(chart).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
