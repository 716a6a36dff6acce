"""Typed form submissions: every field read with the command parsers, nothing written
on an error, errors per field in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pytest

from coach import forms
from coach.engine import Coach
from coach.model import Channel, Contact, Identity, NudgeDays
from coach.replies import Reply
from coach.suggestions import suggested_channel
from coach.turn import Turn
from tests.fakes.memory import FixedClock, MemoryDatabase

T = TypeVar("T")
PRIYA = Identity("slack", "T1:U1", language_hint="en", timezone_hint="Europe/Berlin")
DANIEL = Identity("slack", "T1:U2", language_hint="de", timezone_hint="Europe/Berlin")


def submit(coach: Coach, who: Identity, work: Callable[[Turn], T]) -> T:
    box: list[T] = []

    def run(turn: Turn) -> Reply:
        box.append(work(turn))
        return Reply()

    coach._run(who, run)
    return box[0]


def test_a_contact_form_adds_with_a_yearless_birthday_and_own_cadence(
        coach: Coach, database: MemoryDatabase) -> None:
    result = submit(coach, PRIYA, lambda turn: forms.submit_contact(turn, forms.ContactForm(
        name="  Zora   Quell ", circle="close", cadence="every 6 weeks", birthday_day="15",
        birthday_month="4", company="Quell GmbH")))
    assert result.ok
    assert result.answer is not None
    assert "Zora Quell" in result.answer.text
    profile = database.profile("slack", "T1:U1")
    assert profile is not None
    (contact,) = database.contacts_of(profile.id)
    assert (contact.name, contact.cadence_days, contact.birthday_day, contact.birthday_month,
            contact.birthday_year) == ("Zora Quell", 42, 15, 4, None)


def test_every_bad_field_is_named_and_nothing_is_written(coach: Coach,
                                                          database: MemoryDatabase) -> None:
    result = submit(coach, DANIEL, lambda turn: forms.submit_contact(turn, forms.ContactForm(
        name="Zora", circle="best friends", cadence="ab und zu", birthday_day="31",
        birthday_month="2", company="x" * 201, channel="carrier pigeon")))
    assert set(result.errors) == {"circle", "cadence", "birthday_day", "company",
                                  "usual_channel"}
    assert result.errors["company"] == "Bitte höchstens 200 Zeichen."
    assert result.errors["birthday_day"] == "Der Februar hat keinen 31. Tag."
    profile = database.profile("slack", "T1:U2")
    assert profile is not None
    assert database.contacts_of(profile.id) == []


def test_editing_with_an_empty_cadence_goes_back_to_the_circles(
        coach: Coach, database: MemoryDatabase) -> None:
    coach.handle(PRIYA, "/add Zora Quell close every 3 weeks")
    profile = database.profile("slack", "T1:U1")
    assert profile is not None
    contact_id = database.contacts_of(profile.id)[0].id
    assert contact_id is not None
    form = submit(coach, PRIYA, lambda turn: forms.contact_form(turn, contact_id))
    assert form is not None
    assert form.cadence
    result = submit(coach, PRIYA, lambda turn: forms.submit_contact(
        turn, forms.ContactForm(name=form.name, circle="wider", contact_id=contact_id)))
    assert result.ok
    (changed,) = database.contacts_of(profile.id)
    assert (changed.circle.value, changed.cadence_days) == ("wider", None)


def test_a_log_form_without_a_contact_is_networking_time(
        coach: Coach, database: MemoryDatabase, clock: FixedClock) -> None:
    yesterday = (clock.now - timedelta(days=1)).date()
    result = submit(coach, PRIYA, lambda turn: forms.submit_log(turn, forms.LogForm(
        contact_id=None, channel="event", minutes="1h30m", day=yesterday, note="Expo Real")))
    assert result.ok
    profile = database.profile("slack", "T1:U1")
    assert profile is not None
    (point,) = database.touchpoints_of(profile.id)
    assert (point.contact_id, point.minutes, point.note) == (None, 90, "Expo Real")


def test_another_users_contact_cannot_be_logged(coach: Coach,
                                                database: MemoryDatabase) -> None:
    coach.handle(PRIYA, "/add Zora Quell")
    owner = database.profile("slack", "T1:U1")
    assert owner is not None
    foreign = database.contacts_of(owner.id)[0].id
    result = submit(coach, DANIEL, lambda turn: forms.submit_log(
        turn, forms.LogForm(contact_id=foreign, channel="call")))
    assert set(result.errors) == {"contact"}
    assert database.touchpoints_of(owner.id) == []


def contact_with(coach: Coach, database: MemoryDatabase, **fields: str) -> forms.FormResult:
    return submit(coach, PRIYA, lambda turn: forms.submit_contact(
        turn, forms.ContactForm(name="Zora Quell", **fields)))


def stored_contacts(database: MemoryDatabase) -> list[Contact]:
    profile = database.profile("slack", "T1:U1")
    return list(database.contacts_of(profile.id)) if profile is not None else []


@pytest.mark.parametrize(("fields", "errors"), [
    ({"birthday_day": "31", "birthday_month": "2"}, {"birthday_day": "February has no day 31."}),
    ({"birthday_day": "31", "birthday_month": "4"}, {"birthday_day": "April has no day 31."}),
    ({"birthday_day": "29", "birthday_month": "2", "birthday_year": "2023"},
     {"birthday_day": "February 2023 has no day 29."}),
    ({"birthday_day": "15"}, {"birthday_month": "Please pick the month too."}),
    ({"birthday_month": "4", "birthday_year": "1976"},
     {"birthday_day": "Please pick the day too."}),
    ({"birthday_year": "1976"},
     {"birthday_year": "A year alone is not a birthday; please pick the day and the month too."}),
    ({"birthday_day": "15", "birthday_month": "4", "birthday_year": "76"},
     {"birthday_year": "Give the year with four digits, for example 1976."}),
    ({"birthday_day": "15", "birthday_month": "4", "birthday_year": "2031"},
     {"birthday_year": "“15.04.2031” lies in the future, so it cannot be a birthday. Please "
                       "check the year, or leave it out: 15.04."}),
    ({"birthday_day": "15", "birthday_month": "4", "birthday_year": "1850"},
     {"birthday_year": "“15.04.1850” is before 1900. Please check the year, or leave it "
                       "out: 15.04."}),
    ({"birthday_day": "32", "birthday_month": "13"},
     {"birthday_day": "Please pick one of the choices.",
      "birthday_month": "Please pick one of the choices."}),
])
def test_an_impossible_birthday_is_a_field_error_and_nothing_is_written(
        coach: Coach, database: MemoryDatabase, fields: dict[str, str],
        errors: dict[str, str]) -> None:
    result = contact_with(coach, database, **fields)
    assert result.errors == errors
    assert stored_contacts(database) == []


@pytest.mark.parametrize(("fields", "stored"), [
    ({"birthday_day": "29", "birthday_month": "2"}, (29, 2, None)),
    ({"birthday_day": "29", "birthday_month": "2", "birthday_year": "1996"}, (29, 2, 1996)),
    ({"birthday_day": "15", "birthday_month": "4", "birthday_year": " 1976 "}, (15, 4, 1976)),
    ({}, (None, None, None)),
])
def test_a_birthday_without_or_with_a_year_is_kept(
        coach: Coach, database: MemoryDatabase, fields: dict[str, str],
        stored: tuple[int | None, int | None, int | None]) -> None:
    assert contact_with(coach, database, **fields).ok
    (contact,) = stored_contacts(database)
    assert (contact.birthday_day, contact.birthday_month, contact.birthday_year) == stored


def test_the_usual_channel_is_what_the_coach_suggests_and_the_edit_form_shows(
        coach: Coach, database: MemoryDatabase) -> None:
    assert contact_with(coach, database, circle="close", channel="email").ok
    (contact,) = stored_contacts(database)
    assert contact.last_channel is Channel.EMAIL
    assert suggested_channel(contact) is Channel.EMAIL
    assert contact.id is not None
    contact_id = contact.id
    form = submit(coach, PRIYA, lambda turn: forms.contact_form(turn, contact_id))
    assert form is not None
    assert form.channel == "email"
    # An edit that leaves the channel empty keeps it; removing the birthday clears it.
    assert submit(coach, PRIYA, lambda turn: forms.submit_contact(turn, forms.ContactForm(
        name="Zora Quell", birthday_day="1", birthday_month="3", contact_id=contact_id))).ok
    assert submit(coach, PRIYA, lambda turn: forms.submit_contact(turn, forms.ContactForm(
        name="Zora Quell", contact_id=contact_id))).ok
    (contact,) = stored_contacts(database)
    assert (contact.last_channel, contact.birthday_month) == (Channel.EMAIL, None)


def settings_with(coach: Coach, **fields: object) -> forms.FormResult:
    base: dict[str, object] = {"language": "en", "timezone": "Europe/Berlin", "budget": "120",
                               "nudge_time": "08:30"}
    base.update(fields)
    return submit(coach, PRIYA, lambda turn: forms.submit_settings(
        turn, forms.SettingsForm(**base)))  # type: ignore[arg-type]


def test_settings_change_nudge_days_and_circle_cadences(
        coach: Coach, database: MemoryDatabase) -> None:
    coach.handle(PRIYA, "/add Zora Quell close")
    coach.handle(PRIYA, "/add Max Muster close every 2 weeks")
    before = {c.name: c.due_day for c in stored_contacts(database)}
    result = settings_with(coach, nudge_days="daily",
                           cadences={"close": "every 3 weeks", "wider": "", "active": "90 days"})
    assert result.ok, result.errors
    profile = database.profile("slack", "T1:U1")
    assert profile is not None
    assert profile.nudge_days is NudgeDays.DAILY
    # 90 days is the active circle's default: no override is kept for it.
    assert profile.cadences == {"close": 21}
    after = {c.name: c.due_day for c in stored_contacts(database)}
    # Zora follows her circle and is due sooner; Max keeps his own cadence.
    assert after["Zora Quell"] == before["Zora Quell"] - 9
    assert after["Max Muster"] == before["Max Muster"]
    form = submit(coach, PRIYA, forms.settings_form)
    assert (form.nudge_days, dict(form.cadences)) == ("daily", {"close": "every 3 weeks"})
    assert settings_with(coach, cadences={"close": ""}).ok
    profile = database.profile("slack", "T1:U1")
    assert profile is not None
    assert profile.cadences == {}


def test_bad_settings_are_field_errors_and_nothing_is_written(
        coach: Coach, database: MemoryDatabase) -> None:
    coach.handle(PRIYA, "/settings cadence close 3 weeks")
    result = settings_with(coach, budget="50h", nudge_time="25:99", nudge_days="sometimes",
                           cadences={"close": "every blue moon", "wider": "0 days",
                                     "dormant": "40 years"})
    assert set(result.errors) == {"budget", "nudge_time", "nudge_days", "cadence_close",
                                  "cadence_wider", "cadence_dormant"}
    profile = database.profile("slack", "T1:U1")
    assert profile is not None
    assert (profile.budget_minutes, profile.nudge_days, profile.cadences) == (
        120, NudgeDays.WEEKDAYS, {"close": 21})
