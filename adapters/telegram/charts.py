"""The /week and /network pictures, drawn with matplotlib into PNG bytes.

Figures are built with the object API on the Agg canvas, never through ``pyplot``:
pyplot keeps global state and wants a GUI backend, and charts are drawn in worker
threads. The pictures carry numbers and dates only; the words stay in the engine's text
message sent with them, so both languages are served by the same drawing.
"""

from __future__ import annotations

import io
import math
from collections import Counter

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle as RingPatch

from coach.handlers.reports import NetworkChart, WeekChart
from coach.model import Circle
from coach.replies import Chart

STATE_COLOURS = {
    "fresh": "#4caf50",
    "fine": "#8bc34a",
    "due": "#ffb300",
    "overdue": "#e53935",
}
STATE_ORDER = ("fresh", "fine", "due", "overdue")
BAR_COLOUR = "#1e88e5"
BAR_OVER_BUDGET = "#43a047"
BUDGET_COLOUR = "#e53935"
RING_RADIUS = {Circle.CLOSE: 1.0, Circle.ACTIVE: 2.0, Circle.WIDER: 3.0, Circle.DORMANT: 4.0}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)  # type: ignore[no-untyped-call]
    return buffer.getvalue()


def week_chart(chart: WeekChart) -> bytes:
    """Minutes per week as bars, oldest first, with the weekly budget as a dashed line."""
    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.add_subplot()
    labels = [monday.strftime("%d.%m.") for monday, _ in chart.weeks]
    minutes = [value for _, value in chart.weeks]
    colours = [BAR_OVER_BUDGET if value >= chart.budget > 0 else BAR_COLOUR for value in minutes]
    axes.bar(range(len(minutes)), minutes, color=colours)
    axes.axhline(chart.budget, color=BUDGET_COLOUR, linestyle="--", linewidth=1.5)
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8)
    axes.set_ylim(0, max([chart.budget, *minutes]) * 1.15 or 1)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def network_chart(chart: NetworkChart) -> bytes:
    """Circles as concentric rings, closest inside; each contact a dot coloured by state.

    Beneath the rings, one coloured count per state (fresh, fine, due, overdue).
    """
    figure = Figure(figsize=(6, 6.6), dpi=100)
    axes = figure.add_axes((0.05, 0.12, 0.9, 0.86))
    axes.set_aspect("equal")
    axes.axis("off")
    outer = max(RING_RADIUS.values()) + 0.6
    axes.set_xlim(-outer, outer)
    axes.set_ylim(-outer, outer)
    for radius in RING_RADIUS.values():
        axes.add_patch(RingPatch((0, 0), radius, fill=False, color="#bdbdbd", linewidth=1))
    for circle, radius in RING_RADIUS.items():
        dots = sorted((d for d in chart.dots if d.circle is circle),
                      key=lambda d: STATE_ORDER.index(d.state) if d.state in STATE_ORDER else 9)
        for index, dot in enumerate(dots):
            angle = math.pi / 2 - 2 * math.pi * index / max(len(dots), 1)
            axes.scatter(radius * math.cos(angle), radius * math.sin(angle), s=70,
                         color=STATE_COLOURS.get(dot.state, "#9e9e9e"), edgecolors="white",
                         linewidths=0.8, zorder=3)
    counts = Counter(dot.state for dot in chart.dots)
    for index, state in enumerate(STATE_ORDER):
        x = 0.14 + index * 0.24
        figure.text(x, 0.05, "●", color=STATE_COLOURS[state], fontsize=18,
                    ha="right", va="center")
        figure.text(x + 0.01, 0.05, str(counts.get(state, 0)), fontsize=16, va="center")
    return _png(figure)


def render_chart(chart: Chart) -> bytes | None:
    """PNG bytes for an engine chart, or ``None`` for a kind this adapter cannot draw."""
    if chart.kind == "week" and isinstance(chart.data, WeekChart):
        return week_chart(chart.data)
    if chart.kind == "network" and isinstance(chart.data, NetworkChart):
        return network_chart(chart.data)
    return None
