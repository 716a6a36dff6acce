"""/export as JSON, CSV, vCard and iCalendar, the lossless JSON round trip, and /calendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time

import icalendar
import pytest

from coach.actions import Decide
from coach.engine import Coach
from coach.imports import read_file
from coach.model import Verdict
from tests.fakes.memory import FixedClock, MemoryDatabase, MemoryUnitOfWorkFactory
from tests.unit.conftest import NOW, Chat, identity


def exported(chat, fmt, user="daniel"):
    answer = chat.send(f"/export {fmt}", user=user)
    assert len(answer.files) == 1, answer.text
    return answer.files[0]


def seed_network(chat, user="daniel"):
    """A small network with every kind of state a contact can be in."""
    for line in (
        "/settings timezone Berlin",
        "/settings budget 1h30m",
        "/settings slot Friday 14:00",
        "/settings positioning I develop residential projects in Munich.",
        "/settings cadence close 3 weeks",
        "/add Anna Schmidt close email anna@example.org phone +49 170 1 company "
        "Schmidt & Partner birthday 15.04.1976 met at Expo Real",
        "/add Jörg Meier every 6 weeks birthday 29.02.",
        "/add Tom Becker wider company =cmd|' /C calc'!A0",
        "/add Kim Berger dormant birthday 01.12.",
        "/log Anna call 25m yesterday next: ask about the Giesing permit",
        "/log Jörg meeting 1h 2026-10-01 lunch",
        "/log event 90m Expo Real",
        "/snooze Tom 2 weeks",
        "/archive Kim",
        "/reply Hi, I'd love to connect with you.",
    ):
        chat.say(line, user=user)


# --- formats -------------------------------------------------------------------------


def test_csv_export_lists_contacts_and_defuses_spreadsheet_formulas(chat):
    seed_network(chat)

    attachment = exported(chat, "csv")

    assert attachment.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(attachment.content.decode("utf-8-sig"))))
    by_name = {row["Name"]: row for row in rows}
    assert set(by_name) == {"Anna Schmidt", "Jörg Meier", "Tom Becker"}  # Kim is archived
    assert by_name["Anna Schmidt"]["Birthday"] == "1976-04-15"
    assert by_name["Jörg Meier"]["Birthday"] == "--02-29"
    assert by_name["Anna Schmidt"]["Circle"] == "close"
    assert by_name["Tom Becker"]["Company"].startswith("'=")


def test_csv_and_vcard_exports_import_back_into_the_same_contacts(chat):
    seed_network(chat)
    for fmt in ("csv", "vcf"):
        attachment = exported(chat, fmt)
        parsed = read_file(attachment.filename, attachment.content, NOW)
        people = {c.name: c for c in parsed.contacts}
        assert set(people) == {"Anna Schmidt", "Jörg Meier", "Tom Becker"}, fmt
        anna = people["Anna Schmidt"]
        assert (anna.email, anna.company, anna.birthday_year) == (
            "anna@example.org", "Schmidt & Partner", 1976), fmt
        joerg = people["Jörg Meier"]
        assert (joerg.birthday_day, joerg.birthday_month, joerg.birthday_year) == (
            29, 2, None), fmt


def test_ics_export_has_yearly_birthdays_the_weekly_slot_and_the_plan(chat):
    seed_network(chat)
    chat.say("/settings budget 4h")
    chat.say_days_ago(200, "/add Lena Fischer")

    calendar = icalendar.Calendar.from_ical(exported(chat, "ics").content)

    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    anna = events["Birthday: Anna Schmidt"]
    assert anna.decoded("DTSTART") == date(1976, 4, 15)
    assert anna["RRULE"]["FREQ"] == ["YEARLY"]
    kim = events["Birthday: Kim Berger"]  # no year known: still every year
    assert (kim.decoded("DTSTART").month, kim.decoded("DTSTART").day) == (12, 1)
    assert kim["RRULE"]["FREQ"] == ["YEARLY"]
    leap = events["Birthday: Jörg Meier"]
    assert leap["RRULE"]["BYMONTHDAY"] == [-1]  # 28 February in common years
    slot = events["Networking time"]
    start = slot.decoded("DTSTART")
    assert (start.weekday(), start.time()) == (4, time(14, 0))
    assert str(start.tzinfo) == "Europe/Berlin"
    assert slot["RRULE"]["FREQ"] == ["WEEKLY"]
    assert (slot.decoded("DTEND") - start).total_seconds() == 4 * 60 * 60
    assert any(name.endswith("Lena Fischer") for name in events)  # due: planned this week


def test_an_unknown_export_format_is_refused(chat):
    answer = chat.say("/export pdf")

    assert "I export json (everything), csv, vcf or ics" in answer


# --- JSON round trip -----------------------------------------------------------------


def _comparable(document):
    """The document without what differs between installations by nature: ids."""
    ids = {c["id"]: c["name"] for c in document["contacts"]}
    contacts = sorted(({k: v for k, v in c.items() if k != "id"}
                       for c in document["contacts"]), key=lambda c: c["name"])
    touchpoints = sorted(({**{k: v for k, v in p.items() if k != "id"},
                           "contact_id": ids.get(p["contact_id"])}
                          for p in document["touchpoints"]),
                         key=lambda p: (p["at"], p["contact_id"] or ""))
    requests = [{**{k: v for k, v in r.items() if k != "id"},
                 "contact_id": ids.get(r["contact_id"])} for r in document["requests"]]
    profile = {k: v for k, v in document["profile"].items()
               if k not in ("id", "platform", "external_id", "created_at")}
    return profile, contacts, touchpoints, requests


def test_json_export_restores_losslessly_into_another_installation(chat):
    seed_network(chat)
    request_id = next(iter(chat.database.tables.requests))
    chat.tap(Decide(request_id, Verdict.ASK_CONTEXT))
    original = json.loads(exported(chat, "json").content)

    other_db = MemoryDatabase()
    other = Chat(Coach(MemoryUnitOfWorkFactory(other_db), FixedClock(NOW)), other_db,
                 FixedClock(NOW))
    content = json.dumps(original).encode()
    preview = other.coach.import_file(identity("daniel2"), "export.json", content)
    assert "4 new contacts" in preview.text
    other.press(preview.buttons[0].value, user="daniel2")

    restored = json.loads(exported(other, "json", user="daniel2").content)
    assert _comparable(restored) == _comparable(original)
    # The schedule is recomputed from the same data, so /due says the same.
    assert other.say("/due", user="daniel2") == chat.say("/due")

    again = other.coach.import_file(identity("daniel2"), "export.json", content)
    assert "Nothing to import" in again.text


def test_a_json_export_with_a_bad_value_imports_nothing(chat):
    seed_network(chat)
    document = json.loads(exported(chat, "json").content)
    document["touchpoints"][0]["at"] = "yesterday-ish"

    answer = chat.coach.import_file(identity("kai"), "export.json",
                                    json.dumps(document).encode())

    assert "That JSON file is broken" in answer.text
    assert chat.contacts("kai") == []


# --- /calendar -----------------------------------------------------------------------


@pytest.fixture
def feed_coach(database, clock):
    return Coach(MemoryUnitOfWorkFactory(database), clock,
                 public_base_url="https://coach.example/")


def test_calendar_needs_a_public_address(chat):
    assert "not set up on this installation" in chat.say("/calendar")


def test_calendar_hands_out_a_private_url_that_serves_the_feed(feed_coach, database):
    feed_coach.handle(identity(), "/add Anna Schmidt birthday 15.04.")

    answer = feed_coach.handle(identity(), "/calendar").text

    url = next(line for line in answer.splitlines() if line.startswith("https://"))
    assert url.startswith("https://coach.example/calendar/")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    assert feed_coach.handle(identity(), "/calendar").text == answer  # stable
    feed = feed_coach.calendar_feed(token)
    assert feed is not None
    assert b"Birthday: Anna Schmidt" in feed
    assert feed_coach.calendar_feed("not-" + token) is None


def test_calendar_reset_revokes_the_old_url(feed_coach):
    first = feed_coach.handle(identity(), "/calendar").text
    old = next(line for line in first.splitlines() if line.startswith("https://"))

    reset = feed_coach.handle(identity(), "/calendar reset").text

    new = next(line for line in reset.splitlines() if line.startswith("https://"))
    assert new != old
    assert "old address no longer works" in reset
    old_token = old.rsplit("/", 1)[1].removesuffix(".ics")
    assert feed_coach.calendar_feed(old_token) is None


def test_the_calendar_token_is_not_exported(feed_coach):
    feed_coach.handle(identity(), "/calendar")

    answer = feed_coach.handle(identity(), "/export")

    document = json.loads(answer.files[0].content)
    assert "calendar_token" not in document["profile"]


def test_calendar_feeds_are_per_user(feed_coach):
    feed_coach.handle(identity("daniel"), "/add Anna Schmidt birthday 15.04.")
    feed_coach.handle(identity("priya"), "/add Omar Haddad birthday 01.02.")
    answer = feed_coach.handle(identity("priya"), "/calendar").text
    token = answer.split("/calendar/")[1].split(".ics")[0]

    feed = feed_coach.calendar_feed(token)

    assert feed is not None
    assert b"Omar Haddad" in feed
    assert b"Anna Schmidt" not in feed


def test_feed_dates(feed_coach):
    feed_coach.handle(identity(), "/settings slot Monday 09:00")
    token = feed_coach.handle(identity(), "/calendar").text.split("/calendar/")[1][:43]
    calendar = icalendar.Calendar.from_ical(feed_coach.calendar_feed(token))
    slot = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Networking time")
    assert slot.decoded("DTSTART").astimezone(UTC) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
