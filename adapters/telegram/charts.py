"""The /week and /network pictures, drawn with Pillow into PNG bytes.

A chart is a handful of rectangles, arcs and words, so it is drawn directly with
Pillow rather than a plotting library: one picture takes a few milliseconds and no
extra memory at any network size, and nothing is imported until the first picture is
drawn.

The words on a picture come from the caller as ``labels`` (the engine's translations);
any key left out falls back to the English text in :data:`WEEK_LABELS` and
:data:`NETWORK_LABELS`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from coach.handlers.reports import NetworkChart, WeekChart
from coach.model import Channel, Circle
from coach.replies import Chart

if TYPE_CHECKING:
    from PIL import Image
    from PIL.ImageDraw import ImageDraw as Drawing
    from PIL.ImageFont import FreeTypeFont
    from PIL.ImageFont import ImageFont as BitmapFont

# Keys a caller may translate; ``this_week`` marks the running week's bar, ``budget``
# labels the budget line ("{minutes}" is replaced by the budget in minutes), and
# ``tick_format`` is the strftime pattern of the other weeks' Mondays.
WEEK_LABELS: Mapping[str, str] = {
    "title": "Minutes spent on your network per week",
    "x_axis": "Week starting",
    "y_axis": "Minutes",
    "budget": "Budget {minutes} min",
    "this_week": "this week",
    "tick_format": "%d.%m.",
    **{channel.value: channel.value.capitalize() for channel in Channel},
}
NETWORK_LABELS: Mapping[str, str] = {
    "title": "Your network by circle",
    **{circle.value: circle.value.capitalize() for circle in Circle},
    "fresh": "fresh",
    "fine": "fine",
    "due": "due",
    "overdue": "overdue",
}

SCALE = 1  # 2 draws at twice the size and scales down: smoother arcs, 4x the pixels
BACKGROUND = (255, 255, 255)
TEXT = (33, 33, 33)
MUTED = (117, 117, 117)
GRID = (230, 230, 230)
AXIS = (158, 158, 158)
BUDGET = (211, 47, 47)
HIGHLIGHT = (255, 243, 205)
STATE_COLOURS = {
    "fresh": (67, 160, 71),
    "fine": (156, 204, 101),
    "due": (255, 179, 0),
    "overdue": (229, 57, 53),
}
STATE_ORDER = ("fresh", "fine", "due", "overdue")
EMPTY_RING = (238, 238, 238)
CHANNEL_COLOURS = {
    Channel.CALL: (30, 136, 229),
    Channel.MEETING: (94, 53, 177),
    Channel.EMAIL: (0, 137, 123),
    Channel.MESSAGE: (38, 198, 218),
    Channel.CARD: (244, 81, 30),
    Channel.NEWSLETTER: (141, 110, 99),
    Channel.EVENT: (216, 27, 96),
    Channel.OTHER: (120, 144, 156),
}
RINGS = (Circle.CLOSE, Circle.ACTIVE, Circle.WIDER, Circle.DORMANT)


def _label(labels: Mapping[str, str] | None, defaults: Mapping[str, str], key: str) -> str:
    value = (labels or {}).get(key)
    return value if value else defaults.get(key, key)


# Where a DejaVu Sans file is usually found: matplotlib ships one (located without
# importing matplotlib), and Debian-like systems have the fonts-dejavu package.
SYSTEM_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/TTF/DejaVuSans.ttf")


@cache
def _palette_image() -> Image.Image:
    """Every colour of the charts, blended into white in steps, and a grey ramp."""
    from PIL import Image

    bases = [TEXT, MUTED, GRID, AXIS, BUDGET, HIGHLIGHT, EMPTY_RING,
             *STATE_COLOURS.values(), *CHANNEL_COLOURS.values()]
    colours: list[tuple[int, int, int]] = [BACKGROUND]  # first: it wins near-ties
    for base in bases:
        for share in (1.0, 0.75, 0.5, 0.25):
            r, g, b = (round(c * share + 255 * (1 - share)) for c in base)
            colours.append((r, g, b))
    colours.extend((grey, grey, grey) for grey in range(0, 248, 8))
    # Pillow maps colours through boxes of 8 levels a channel; near-white blends would
    # take white's place in its box and tint the background.
    unique = [colour for colour in dict.fromkeys(colours)
              if colour == BACKGROUND or min(colour) < 240][:256]
    flat = [channel for colour in unique for channel in colour]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image


def _no_dither() -> Image.Dither:
    from PIL import Image

    return Image.Dither.NONE


@cache
def font_file() -> str | None:
    """A TrueType font covering German and other Latin text, or None when none is found."""
    import importlib.util
    from pathlib import Path

    candidates = []
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "mpl-data/fonts/ttf/DejaVuSans.ttf")
    candidates.extend(Path(path) for path in SYSTEM_FONTS)
    return next((str(path) for path in candidates if path.is_file()), None)


@cache
def _font(size: int) -> FreeTypeFont | BitmapFont:
    """DejaVu Sans when available; Pillow's built-in font (no umlauts) as a last resort."""
    from PIL import ImageFont

    path = font_file()
    if path is not None:
        return ImageFont.truetype(path, size * SCALE)
    return ImageFont.load_default(size=size * SCALE)


@lru_cache(maxsize=1024)
def _text_stamp(text: str, size: int, anchor: str) -> tuple[Image.Image, int, int]:
    """The text's coverage as a greyscale mask, and where it sits from the anchor point.

    Rasterising text was the larger part of drawing a chart, and the same words
    (titles, ticks, legends, weeks) come back with every picture, so each is drawn
    once and then stamped in its colour.
    """
    from PIL import Image, ImageDraw

    font = _font(size)
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor=anchor))
    stamp = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(stamp).text((-left, -top), text, font=font, fill=255, anchor=anchor)
    return stamp, left, top


@lru_cache(maxsize=1024)
def _text_length(text: str, size: int) -> float:
    """How wide the text is drawn: measured once per text, like the stamps."""
    return float(_font(size).getlength(text))


@lru_cache(maxsize=64)
def _turned_stamp(text: str, size: int) -> Image.Image:
    """The text's mask turned a quarter to the left (an axis title)."""
    return _text_stamp(text, size, "la")[0].rotate(90, expand=True)


class _Canvas:
    """A Pillow drawing surface in picture pixels; everything is scaled by SCALE."""

    def __init__(self, width: int, height: int) -> None:
        from PIL import Image, ImageDraw

        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), BACKGROUND)
        self.draw: Drawing = ImageDraw.Draw(self.image)

    @staticmethod
    def _box(box: Sequence[float]) -> list[float]:
        return [value * SCALE for value in box]

    def rectangle(self, box: Sequence[float], fill: tuple[int, int, int]) -> None:
        self.draw.rectangle(self._box(box), fill=fill)

    def line(self, points: Sequence[float], fill: tuple[int, int, int], width: float = 1) -> None:
        self.draw.line(self._box(points), fill=fill, width=max(1, round(width * SCALE)))

    def dashed(self, x0: float, x1: float, y: float, fill: tuple[int, int, int],
               width: float = 2, dash: float = 8) -> None:
        x = x0
        while x < x1:
            self.line((x, y, min(x + dash, x1), y), fill, width)
            x += dash * 1.75

    def text(self, xy: tuple[float, float], text: str, size: int,
             fill: tuple[int, int, int] = TEXT, anchor: str = "la") -> None:
        stamp, left, top = _text_stamp(text, size, anchor)
        self.image.paste(fill, (round(xy[0] * SCALE) + left, round(xy[1] * SCALE) + top),
                         stamp)

    @staticmethod
    def text_width(text: str, size: int) -> float:
        return _text_length(text, size) / SCALE

    def vertical_text(self, xy: tuple[float, float], text: str, size: int,
                      fill: tuple[int, int, int] = MUTED) -> None:
        """Text turned a quarter to the left, centred on ``xy`` (an axis title)."""
        turned = _turned_stamp(text, size)
        self.image.paste(fill, (int(xy[0] * SCALE - turned.width / 2),
                                int(xy[1] * SCALE - turned.height / 2)), turned)

    def png(self) -> bytes:
        """The picture as an 8-bit PNG in the chart palette.

        Encoding full-colour PNG took most of the drawing time; mapped onto the few
        colours a chart uses (with their blends into white for smooth edges), the
        PNG is a third of the size and encodes in about a millisecond.
        """
        image = self.image.reduce(SCALE) if SCALE > 1 else self.image
        indexed = image.quantize(palette=_palette_image(), dither=_no_dither())
        buffer = io.BytesIO()
        indexed.save(buffer, format="PNG", compress_level=3)
        return buffer.getvalue()


def _nice_step(top: float, ticks: int = 5) -> int:
    """A round tick distance (1, 2, 2.5 or 5 times a power of ten) for ``top``."""
    raw = max(top, 1) / ticks
    power = float(10 ** math.floor(math.log10(raw)))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return max(1, round(factor * power))
    return max(1, round(10 * power))


def week_chart(chart: WeekChart, labels: Mapping[str, str] | None = None) -> bytes:
    """Minutes per week as bars stacked by channel, the budget as a labelled dashed line.

    The running week (the last bar) stands on a highlighted band; below the bars, a
    legend names the channels that appear.
    """
    def word(key: str) -> str:
        return _label(labels, WEEK_LABELS, key)

    canvas = _Canvas(800, 460)
    left, right, top, bottom = 78, 780, 58, 352
    canvas.text((24, 18), word("title"), 22)

    minutes = [value for _, value in chart.weeks]
    peak = max([chart.budget, *minutes, 1])
    step = _nice_step(peak * 1.1)
    ceiling = step * math.ceil(peak * 1.1 / step)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / ceiling

    for tick in range(0, ceiling + 1, step):
        y = y_of(tick)
        canvas.line((left, y, right, y), GRID)
        canvas.text((left - 8, y), str(tick), 13, MUTED, anchor="rm")
    canvas.vertical_text((24, (top + bottom) / 2), word("y_axis"), 14)

    count = max(len(chart.weeks), 1)
    slot = (right - left) / count
    bar = slot * 0.62
    stacks = chart.channels if len(chart.channels) == len(chart.weeks) else tuple(
        ((Channel.OTHER, value),) for value in minutes)
    seen: list[Channel] = []
    for index, ((monday, total), stack) in enumerate(zip(chart.weeks, stacks, strict=True)):
        x0 = left + slot * index + (slot - bar) / 2
        current = index == len(chart.weeks) - 1
        if current:
            canvas.rectangle((left + slot * index + 2, top - 6, left + slot * (index + 1) - 2,
                              bottom), HIGHLIGHT)
        base = 0
        for channel in sorted((c for c, m in stack if m > 0), key=list(Channel).index):
            value = dict(stack)[channel]
            canvas.rectangle((x0, y_of(base + value), x0 + bar, y_of(base)),
                             CHANNEL_COLOURS.get(channel, CHANNEL_COLOURS[Channel.OTHER]))
            base += value
            if channel not in seen:
                seen.append(channel)
        if total and current:
            canvas.text((x0 + bar / 2, y_of(total) - 4), str(total), 13, TEXT, anchor="md")
        week_label = word("this_week") if current else monday.strftime(word("tick_format"))
        canvas.text((x0 + bar / 2, bottom + 8), week_label, 12, TEXT if current else MUTED,
                    anchor="ma")
    canvas.line((left, bottom, right, bottom), AXIS)
    canvas.text(((left + right) / 2, bottom + 30), word("x_axis"), 14, MUTED, anchor="ma")

    if chart.budget > 0:
        canvas.dashed(left, right, y_of(chart.budget), BUDGET)

    # The legend: the channels that appear, then the budget line. The budget is named
    # here rather than on its line, where a label would hide the bars behind it.
    entries: list[tuple[str, Channel | None]] = [
        (word(channel.value), channel) for channel in sorted(seen, key=list(Channel).index)]
    if chart.budget > 0:
        entries.append((word("budget").replace("{minutes}", str(chart.budget)), None))
    x: float = left
    line_y: float = 414
    for name, shown in entries:
        sample = 12 if shown is not None else 20
        width = sample + 6 + canvas.text_width(name, 13)
        if x > left and x + width > right:  # too many for one line: start another
            x, line_y = left, line_y + 20
        if shown is not None:
            canvas.rectangle((x, line_y - 6, x + sample, line_y + 6), CHANNEL_COLOURS[shown])
        else:
            canvas.dashed(x, x + sample, line_y, BUDGET, dash=7)
        canvas.text((x + sample + 6, line_y), name, 13, TEXT, anchor="lm")
        x += width + 22
    return canvas.png()


def _ring_counts(chart: NetworkChart) -> dict[Circle, dict[str, int]]:
    return {circle: {state: chart.count(circle, state) for state in STATE_ORDER}
            for circle in RINGS}


def network_chart(chart: NetworkChart, labels: Mapping[str, str] | None = None) -> bytes:
    """Circles as concentric bands, closest inside; each band split by contact state.

    A band's coloured arcs are proportional to its fresh, fine, due and overdue
    contacts, so the picture reads the same for twelve contacts as for ten thousand.
    Each band carries its circle's name and size; a legend below gives the totals.
    """
    def word(key: str) -> str:
        return _label(labels, NETWORK_LABELS, key)

    canvas = _Canvas(640, 700)
    canvas.text((24, 18), word("title"), 22)
    centre_x, centre_y, band = 320, 360, 66
    counts = _ring_counts(chart)
    draw = canvas.draw
    # Outermost first: each band's white rim is drawn over the edge of the one outside it.
    for ring, circle in reversed(list(enumerate(RINGS, 1))):
        radius = band * ring
        box = [(centre_x - radius) * SCALE, (centre_y - radius) * SCALE,
               (centre_x + radius) * SCALE, (centre_y + radius) * SCALE]
        total = sum(counts[circle].values())
        if total == 0:
            draw.ellipse(box, fill=EMPTY_RING, outline=BACKGROUND, width=3 * SCALE)
        else:
            # An arc as wide as the band paints only the band, not the disc inside it
            # that the inner bands cover again.
            start = -90.0
            for state in STATE_ORDER:
                share = counts[circle][state] / total * 360
                if share > 0:
                    draw.arc(box, start, start + share, fill=STATE_COLOURS[state],
                             width=band * SCALE)
                    start += share
            draw.ellipse(box, outline=BACKGROUND, width=3 * SCALE)
        # White spokes between the arcs keep neighbouring states apart.
        inner = band * (ring - 1)
        start = -90.0
        for state in STATE_ORDER:
            share = counts[circle][state] / total * 360 if total else 0
            if 0 < share < 360:
                angle = math.radians(start)
                canvas.line((centre_x + inner * math.cos(angle), centre_y + inner * math.sin(angle),
                             centre_x + radius * math.cos(angle),
                             centre_y + radius * math.sin(angle)), BACKGROUND, 2)
            start += share
    for ring, circle in enumerate(RINGS, 1):
        total = sum(counts[circle].values())
        text = f"{word(circle.value)} · {total}"
        middle = centre_y - band * (ring - 0.5) if ring > 1 else centre_y
        width = canvas.text_width(text, 14)
        draw.rounded_rectangle(
            [(centre_x - width / 2 - 7) * SCALE, (middle - 11) * SCALE,
             (centre_x + width / 2 + 7) * SCALE, (middle + 11) * SCALE],
            radius=8 * SCALE, fill=BACKGROUND)
        canvas.text((centre_x, middle), text, 14, TEXT, anchor="mm")

    totals = {state: sum(counts[circle][state] for circle in RINGS) for state in STATE_ORDER}
    entries = [(state, f"{word(state)}: {totals[state]}") for state in STATE_ORDER]
    widths = [26 + canvas.text_width(text, 15) for _, text in entries]
    x = centre_x - (sum(widths) + 24 * (len(widths) - 1)) / 2
    for (state, text), width in zip(entries, widths, strict=True):
        draw.ellipse([x * SCALE, 656 * SCALE, (x + 16) * SCALE, 672 * SCALE],
                     fill=STATE_COLOURS[state])
        canvas.text((x + 24, 664), text, 15, TEXT, anchor="lm")
        x += width + 24
    return canvas.png()


def render_chart(chart: Chart, labels: Mapping[str, str] | None = None) -> bytes | None:
    """PNG bytes for an engine chart, or ``None`` when there is nothing to draw.

    The words come from the engine's chart (its title and labels, in the user's
    language); ``labels`` may override them (see WEEK_LABELS and NETWORK_LABELS for the
    keys); missing ones are English.
    """
    labels = {"title": chart.title, **chart.labels, **(labels or {})}
    data: Any = chart.data
    if chart.kind == "week" and isinstance(data, WeekChart):
        return week_chart(data, labels) if data.weeks else None
    if chart.kind == "network" and isinstance(data, NetworkChart):
        return network_chart(data, labels) if data.count() else None
    return None
