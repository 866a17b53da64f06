"""A trend chart as PNG bytes: matplotlib's object API on the Agg canvas (no pyplot, so no
global state and no display), sized and lettered to be read on a phone."""

from __future__ import annotations

from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from handlers.analytics.numbers import number

SIZE = (10.0, 6.0)
"""Inches at DPI: 1000 × 600 pixels, wide enough for twelve labels on a phone held across."""
DPI = 100
COLOURS = ("#1f6fb2", "#e07b00", "#2a9d4b", "#c0392b", "#7d3c98", "#5d6d7e", "#b7950b")


def trend_png(
    title: str,
    labels: list[str],
    series: dict[str, list[float]],
    y_label: str,
    language: str,
) -> bytes:
    """Bars for one series, lines for several; the y axis in the member's number format."""
    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    if len(series) == 1:
        (values,) = series.values()
        axes.bar(positions, values, color=COLOURS[0])
    else:
        for index, (name, values) in enumerate(series.items()):
            colour = COLOURS[index % len(COLOURS)]
            axes.plot(positions, values, marker="o", linewidth=2.5, color=colour, label=name)
        axes.legend(fontsize=13)
    axes.set_title(title, fontsize=18)
    axes.set_ylabel(y_label, fontsize=14)
    axes.set_xticks(positions, labels, fontsize=12, rotation=45 if len(labels) > 8 else 0)
    axes.tick_params(axis="y", labelsize=12)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, language)))
    axes.grid(axis="y", alpha=0.3)
    axes.set_ylim(bottom=0)
    figure.tight_layout()
    png = BytesIO()
    figure.savefig(png, format="png", dpi=DPI)
    return png.getvalue()
