"""Typed form submissions: every field read with the command parsers, nothing written
on an error, errors per field in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from coach import forms
from coach.engine import Coach
from coach.model import Identity
from coach.replies import Reply
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
        name="  Zora   Quell ", circle="close", cadence="every 6 weeks", birthday="15.04.",
        company="Quell GmbH")))
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
        name="Zora", circle="best friends", cadence="ab und zu", birthday="31.02.",
        company="x" * 201)))
    assert set(result.errors) == {"circle", "cadence", "birthday", "company"}
    assert result.errors["company"] == "Bitte höchstens 200 Zeichen."
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
