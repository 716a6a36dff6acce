"""Due days, ranking and freshness, counted in the user's local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.model import Circle, Contact, ContactStatus, Profile
from coach.schedule import (
    due_date,
    is_fresh,
    is_suggestible,
    local_date,
    rank_key,
    refresh_schedule,
)
from tests.fakes.memory import MemoryUnitOfWorkFactory

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def profile(timezone="Europe/Berlin", **cadences):
    return Profile(id=1, platform="test", external_id="daniel", timezone=timezone,
                   cadences=cadences)


def contact(name="Anna Schmidt", circle=Circle.ACTIVE, last=None, added=NOW, *,
            user=None, **fields):
    user = user or profile()
    person = Contact(user_id=1, name=name, circle=circle, created_at=added,
                     last_touch_at=last, **fields)
    return refresh_schedule(person, user)


def test_a_contact_is_due_one_cadence_after_the_last_touch():
    anna = contact(last=NOW - timedelta(days=92))

    assert due_date(anna) == TODAY - timedelta(days=2)
    assert is_suggestible(anna, TODAY)


def test_a_never_contacted_contact_is_due_one_cadence_after_it_was_added():
    anna = contact(added=NOW - timedelta(days=30), circle=Circle.CLOSE)

    assert due_date(anna) == TODAY
    assert is_suggestible(anna, TODAY)
    assert not is_suggestible(anna, TODAY - timedelta(days=1))


def test_the_contacts_own_cadence_beats_the_circle_and_the_users_override():
    user = profile(close=21)

    assert due_date(contact(circle=Circle.CLOSE, user=user)) == TODAY + timedelta(days=21)
    own = contact(circle=Circle.CLOSE, cadence_days=10, user=user)
    assert due_date(own) == TODAY + timedelta(days=10)


@pytest.mark.parametrize(("timezone", "day"), [
    ("Europe/Berlin", date(2026, 11, 26)),   # 00:30 the next day
    ("Pacific/Auckland", date(2026, 11, 26)),  # 12:30 the next day
    ("UTC", date(2026, 11, 25)),
    ("America/New_York", date(2026, 11, 25)),  # 18:30 the same day
    ("Pacific/Honolulu", date(2026, 11, 25)),
])
def test_days_are_counted_in_the_users_zone(timezone, day):
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    user = profile(timezone)

    assert local_date(late, timezone) == day
    assert due_date(contact(last=late, user=user)) == day + timedelta(days=90)


@pytest.mark.parametrize(("days_ago", "fresh"), [(0, True), (22, True), (23, False),
                                                 (89, False)])
def test_fresh_means_touched_within_a_quarter_of_the_cadence(days_ago, fresh):
    anna = contact(last=NOW - timedelta(days=days_ago))

    assert is_fresh(anna, profile(), TODAY) is fresh


def test_a_never_contacted_contact_is_never_fresh():
    assert not is_fresh(contact(), profile(), TODAY)


def test_a_fresh_contact_is_never_due():
    for cadence in (7, 30, 90, 365):
        for days_ago in range(cadence):
            anna = contact(last=NOW - timedelta(days=days_ago), cadence_days=cadence)
            if is_fresh(anna, profile(), TODAY):
                assert not is_suggestible(anna, TODAY)


@pytest.mark.parametrize(("changes", "suggestible"), [
    ({}, True),
    ({"status": ContactStatus.PAUSED}, False),
    ({"status": ContactStatus.ARCHIVED}, False),
    ({"snoozed_until": TODAY + timedelta(days=1)}, False),
    ({"snoozed_until": TODAY}, True),
])
def test_only_active_unsnoozed_due_contacts_are_suggestible(changes, suggestible):
    anna = contact(last=NOW - timedelta(days=100)).replace(**changes)

    assert is_suggestible(anna, TODAY) is suggestible


def test_a_close_contact_outranks_a_dormant_one_equally_overdue():
    close = contact("Clara", Circle.CLOSE, last=NOW - timedelta(days=60))
    dormant = contact("Dieter", Circle.DORMANT, last=NOW - timedelta(days=395))

    assert sorted([dormant, close], key=lambda c: rank_key(c, TODAY)) == [close, dormant]


def test_equal_urgency_ranks_the_longer_due_first_then_by_name():
    a = contact("bert", Circle.ACTIVE, last=NOW - timedelta(days=90))
    b = contact("Anna", Circle.ACTIVE, last=NOW - timedelta(days=90))
    c = contact("Carl", Circle.ACTIVE, last=NOW - timedelta(days=90))

    assert [p.name for p in sorted([a, b, c], key=lambda p: rank_key(p, TODAY))] == [
        "Anna", "bert", "Carl"]


def test_memory_due_orders_like_rank_key_and_hides_the_rest():
    """The fake repository's ranking is the one storage computes in SQL."""
    factory = MemoryUnitOfWorkFactory()
    people = [
        contact("Clara", Circle.CLOSE, last=NOW - timedelta(days=60)),
        contact("Dieter", Circle.DORMANT, last=NOW - timedelta(days=395)),
        contact("Anna", Circle.ACTIVE, last=NOW - timedelta(days=130)),
        contact("Wim", Circle.WIDER, last=NOW - timedelta(days=250)),
        contact("Fresh", Circle.CLOSE, last=NOW - timedelta(days=1)),
        contact("Paula", Circle.CLOSE, last=NOW - timedelta(days=99),
                status=ContactStatus.PAUSED),
        contact("Sven", Circle.CLOSE, last=NOW - timedelta(days=99),
                snoozed_until=TODAY + timedelta(days=2)),
    ]
    with factory() as uow:
        user, _ = uow.profiles.get_or_create("test", "daniel", language="en",
                                             timezone="Europe/Berlin", now=NOW)
        for person in people:
            uow.contacts.add(person.replace(user_id=user.id))
        uow.commit()

    with factory() as uow:
        due = uow.contacts.due(user.id, TODAY, 3)
        count = uow.contacts.count_due(user.id, TODAY)

    expected = sorted((p for p in people if is_suggestible(p, TODAY)),
                      key=lambda p: rank_key(p, TODAY))
    assert [p.name for p in due] == [p.name for p in expected][:3]
    assert count == len(expected) == 4


def test_memory_unit_of_work_keeps_nothing_without_commit():
    factory = MemoryUnitOfWorkFactory()
    with factory() as uow:
        user, _ = uow.profiles.get_or_create("test", "daniel", language="en",
                                             timezone="UTC", now=NOW)
        uow.commit()
        uow.contacts.add(contact().replace(user_id=user.id))

    with factory() as uow:
        assert uow.contacts.count(user.id) == 0
