"""The /week and /network pictures: readable, in the user's words, and drawn lightly."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta

import telegram
from PIL import Image

from adapters.telegram.charts import font_file, network_chart, render_chart, week_chart
from adapters.telegram.rendering import send_reply
from coach.actions import ShowCard
from coach.handlers.reports import NETWORK_STATES, NetworkChart, WeekChart
from coach.model import Channel, Circle
from coach.replies import Button, Chart, MessageBuilder, Reply
from tests.adapters.conftest import _sends
from tests.fakes.telegram_api import FakeTelegramAPI

MONDAYS = tuple(date(2026, 11, 23) - timedelta(weeks=n) for n in range(11, -1, -1))


def a_week_chart(this_week: tuple[tuple[Channel, int], ...]) -> WeekChart:
    stacks = (*(((Channel.CALL, 30),) for _ in MONDAYS[:-1]), this_week)
    return WeekChart(weeks=tuple((m, sum(v for _, v in s)) for m, s in zip(MONDAYS, stacks,
                                                                            strict=True)),
                     budget=120, channels=stacks)


def picture(png: bytes | None) -> Image.Image:
    assert png is not None
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


class Colours:
    """The colours covering at least ``least`` pixels (not mere shades of smoothed text),
    compared loosely: a PNG palette may shift a colour by a few levels."""

    def __init__(self, image: Image.Image, least: int = 200) -> None:
        self.found = [colour for count, colour in image.getcolors(maxcolors=1_000_000) or []
                      if count >= least]

    def __contains__(self, wanted: object) -> bool:
        assert isinstance(wanted, tuple)
        return any(max(abs(a - b) for a, b in zip(colour, wanted, strict=True)) <= 8
                   for colour in self.found)


def colours(image: Image.Image, least: int = 200) -> Colours:
    return Colours(image, least)


def test_the_week_chart_stacks_each_channel_in_its_own_colour() -> None:
    only_calls = picture(week_chart(a_week_chart(((Channel.CALL, 60),))))
    with_meeting = picture(week_chart(a_week_chart(((Channel.CALL, 30), (Channel.MEETING, 30)))))
    assert only_calls.size == with_meeting.size == (800, 460)
    meeting = (94, 53, 177)
    assert meeting not in colours(only_calls)
    assert meeting in colours(with_meeting)


def test_the_week_chart_highlights_the_running_week_and_draws_the_budget_line() -> None:
    image = picture(week_chart(a_week_chart(((Channel.CALL, 10),))))
    found = colours(image)
    assert (255, 243, 205) in found  # the running week's band
    assert (211, 47, 47) in found  # the budget line


def test_the_budget_line_is_named_in_the_legend_and_hides_no_bar() -> None:
    stacks = (*(((Channel.CALL, 30),) for _ in MONDAYS[:-1]), ((Channel.CALL, 200),))
    weeks = tuple((m, sum(v for _, v in s)) for m, s in zip(MONDAYS, stacks, strict=True))

    def call_pixels(budget: int) -> int:
        image = picture(week_chart(WeekChart(weeks=weeks, budget=budget, channels=stacks)))
        return sum(count for count, colour in image.getcolors(maxcolors=1_000_000) or []
                   if max(abs(a - b) for a, b in zip(colour, (30, 136, 229), strict=True)) <= 8)

    # The running week's bar rises through the budget line: only the dashes cross it.
    assert call_pixels(0) - call_pixels(120) < 150
    legend = {"budget": "Budget {minutes} Min."}
    assert week_chart(a_week_chart(((Channel.CALL, 10),)), legend) != week_chart(
        a_week_chart(((Channel.CALL, 10),)))


def test_the_words_on_a_chart_follow_the_labels_given_and_fall_back_to_english() -> None:
    chart = a_week_chart(((Channel.CALL, 10),))
    english = week_chart(chart)
    assert week_chart(chart, {}) == english
    assert week_chart(chart, {"title": ""}) == english  # an empty text is a missing one
    assert week_chart(chart, {"title": "Minuten pro Woche"}) != english


def test_a_network_chart_is_drawn_for_any_size_and_an_empty_network_gets_none() -> None:
    small = NetworkChart({(Circle.CLOSE, "fresh"): 1})
    large = NetworkChart({(circle, state): 500 for circle in Circle for state in NETWORK_STATES})
    assert picture(network_chart(small)).size == picture(network_chart(large)).size
    empty_ring = (238, 238, 238)  # circles without contacts are left grey
    assert empty_ring in colours(picture(network_chart(small)), least=10_000)
    assert empty_ring not in colours(picture(network_chart(large)), least=10_000)
    assert render_chart(Chart("network", NetworkChart({}), "", "", "")) is None
    assert render_chart(Chart("unknown", small, "", "", "")) is None


def test_german_text_is_drawn_with_a_font_that_has_umlauts() -> None:
    assert font_file() is not None


def test_drawing_a_chart_loads_no_plotting_library() -> None:
    code = ("import sys\n"
            "from tests.adapters.test_telegram_charts import a_week_chart\n"
            "from adapters.telegram.charts import week_chart\n"
            "from coach.model import Channel\n"
            "week_chart(a_week_chart(((Channel.CALL, 5),)))\n"
            "print('matplotlib' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def a_network_reply(lines: int, line: str = "Anna Schmidt · close · fine") -> Reply:
    out = MessageBuilder().heading("Your network by circle")
    for _ in range(lines):
        out.item(line)
    out.buttons((Button("Open Anna", ShowCard(7)),))
    chart = Chart("network", NetworkChart({(Circle.CLOSE, "fine"): 1}), "Your network",
                  "Each ring is a circle.", "1 contact")
    return Reply(out.build().messages, charts=(chart,))


async def sent_for(api: FakeTelegramAPI, answer: Reply) -> list[dict[str, object]]:
    async with telegram.Bot(api.token, base_url=api.base_url,
                            base_file_url=api.base_file_url) as bot:
        await send_reply(bot, 42, answer)
    return _sends(api.calls)


async def test_a_short_report_is_one_photo_with_the_text_and_the_buttons_under_it(
    api: FakeTelegramAPI,
) -> None:
    [photo] = await sent_for(api, a_network_reply(3))

    assert photo["method"] == "sendPhoto"
    assert str(photo["text"]).startswith("<b>Your network by circle</b>\n• Anna Schmidt")
    assert str(photo["text"]).endswith("<i>Each ring is a circle.</i>")
    assert "Open Anna" in str(photo["reply_markup"])


async def test_a_text_too_long_for_a_caption_comes_first_and_the_chart_follows(
    api: FakeTelegramAPI,
) -> None:
    # 1,002 characters, but 1,114 as Telegram counts them (UTF-16: an emoji counts twice).
    sent = await sent_for(api, a_network_reply(28, "Anna 😀😀😀😀 Schmidt · close · fine"))

    assert [m["method"] for m in sent] == ["sendMessage", "sendPhoto"]
    assert "Open Anna" in str(sent[0]["reply_markup"])
    assert sent[1]["text"] == "Your network\nEach ring is a circle."
