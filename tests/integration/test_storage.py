"""Storage against real databases: the schema, the repositories and the unit of work.

Every test runs on a SQLite file and on PostgreSQL (see ``conftest.py``).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect

from adapters.bootstrap import Application, build
from coach.handlers.reports import contact_state
from coach.model import (
    DEFAULT_CADENCE_DAYS,
    Channel,
    Circle,
    Contact,
    ContactStatus,
    Formality,
    Identity,
    NudgeDays,
    Profile,
    RequestRecord,
    Touchpoint,
    Verdict,
)
from coach.names import lookup_words
from coach.ports import DUE_COUNT_CAP, ContactRhythm
from coach.questions import ConfirmAdd, Pending
from coach.schedule import is_suggestible, rank_key, refresh_schedule
from storage.database import open_engine
from storage.migrate import downgrade, upgrade
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ControlledClock

# A Tuesday morning in Berlin.
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = NOW.astimezone(BERLIN).date()
TABLES = {"users", "contacts", "touchpoints", "requests", "processed_updates"}


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(NOW)


@pytest.fixture
def make_app(database_url: str, clock: ControlledClock) -> Iterator[Callable[[], Application]]:
    """Starts more applications on the same database, closed after the test."""
    apps: list[Application] = []

    def make() -> Application:
        apps.append(build(database_url, clock))
        return apps[-1]

    yield make
    for started in apps:
        started.close()


def uow(app: Application) -> SqlUnitOfWork:
    return SqlUnitOfWork(app.sessions)


def new_profile(app: Application, external_id: str) -> Profile:
    with uow(app) as work:
        profile, created = work.profiles.get_or_create(
            "test", external_id, language="en", timezone="Europe/Berlin", now=NOW)
        assert created
        work.commit()
    return profile


def new_contact(app: Application, profile: Profile, name: str, **fields: object) -> Contact:
    contact = Contact(user_id=profile.id, name=name, created_at=NOW - timedelta(days=400),
                      **fields)
    refresh_schedule(contact, profile)
    with uow(app) as work:
        work.contacts.add(contact)
        work.commit()
    return contact


def new_touchpoint(app: Application, profile: Profile, contact: Contact | None,
                   at: datetime, minutes: int = 20) -> Touchpoint:
    point = Touchpoint(user_id=profile.id, channel=Channel.CALL, at=at, minutes=minutes,
                       contact_id=contact.id if contact else None, created_at=NOW)
    with uow(app) as work:
        work.touchpoints.add(point)
        work.commit()
    return point


def new_request(app: Application, profile: Profile, text: str,
                created_at: datetime = NOW) -> RequestRecord:
    record = RequestRecord(user_id=profile.id, text_excerpt=text, verdict=Verdict.ACCEPT,
                           confidence=0.8, language="en", created_at=created_at)
    with uow(app) as work:
        work.requests.add(record)
        work.commit()
    return record


# --- the schema -----------------------------------------------------------------------


def test_migrations_build_the_schema_from_empty_take_it_down_and_build_it_again(
        database_url: str) -> None:
    engine = open_engine(database_url)
    try:
        assert TABLES.isdisjoint(inspect(engine).get_table_names())
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        downgrade(engine, "base")
        assert TABLES.isdisjoint(inspect(engine).get_table_names())
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        upgrade(engine)  # at head already: nothing to do, nothing breaks
    finally:
        engine.dispose()


def test_data_survives_a_second_start_on_the_same_database(
        app: Application, make_app: Callable[[], Application]) -> None:
    profile = new_profile(app, "anna")
    new_contact(app, profile, "Peter Lang")
    app.close()
    again = make_app()
    with uow(again) as work:
        assert [c.name for c in work.contacts.list(profile.id)] == ["Peter Lang"]


# --- round trips ------------------------------------------------------------------------


def test_a_profile_comes_back_with_every_setting(app: Application) -> None:
    profile = new_profile(app, "daniel")
    assert profile.created_at == NOW
    profile.display_name = "Daniel Krüger"
    profile.language = "de"
    profile.timezone = "America/New_York"
    profile.budget_minutes = 90
    profile.positioning = "Ich entwickle Wohnprojekte in München."
    profile.nudge_time = time(7, 45)
    profile.nudge_days = NudgeDays.DAILY
    profile.slot_weekday = 4
    profile.slot_time = time(14, 0)
    profile.cadences = {"close": 21, "dormant": 400}
    profile.onboarded = True
    profile.unreachable = True
    profile.pending = Pending(ConfirmAdd("Anna Schmidt"), 7)
    with uow(app) as work:
        work.profiles.save(profile)
        work.commit()
    with uow(app) as work:
        again = work.profiles.get(profile.id)
        same, created = work.profiles.get_or_create(
            "test", "daniel", language="en", timezone="UTC", now=NOW + timedelta(days=1))
    assert again == profile
    assert same == profile
    assert not created
    assert again.created_at is not None
    assert again.created_at.tzinfo is not None


def test_a_contact_comes_back_with_every_field_and_times_in_aware_utc(
        app: Application) -> None:
    profile = new_profile(app, "daniel")
    touched = datetime(2025, 12, 24, 18, 30, tzinfo=BERLIN)
    contact = Contact(
        user_id=profile.id, name="Jörg Meier", circle=Circle.CLOSE, cadence_days=42,
        company="Meier Bau GmbH", birthday_day=29, birthday_month=2, birthday_year=1976,
        how_met="Expo Real 2024, Halle B2", phone="+49 89 1234567",
        email="joerg@meier-bau.de", handle="@joerg", language="de",
        formality=Formality.FORMAL, status=ContactStatus.PAUSED, snoozed_until=date(2026, 4, 1),
        created_at=datetime(2024, 10, 8, 9, 15, 30, tzinfo=BERLIN), last_touch_at=touched,
        last_channel=Channel.MEETING, next_note="nach der Baugenehmigung fragen",
    )
    refresh_schedule(contact, profile)
    with uow(app) as work:
        work.contacts.add(contact)
        work.commit()
    assert contact.id is not None
    with uow(app) as work:
        again = work.contacts.get(profile.id, contact.id)
    assert again is not None
    assert again == contact  # aware datetimes compare by instant
    for moment in (again.created_at, again.last_touch_at):
        assert moment is not None
        assert moment.utcoffset() == timedelta(0)
    assert again.last_touch_at == touched
    assert again.last_touch_at.tzinfo is not None
    assert again.last_touch_at.hour == 17  # 18:30 in Berlin is 17:30 UTC


def test_a_saved_contact_keeps_its_changes_and_cleared_fields(app: Application) -> None:
    profile = new_profile(app, "daniel")
    contact = new_contact(app, profile, "Anna Schmidt", company="Schmidt Immobilien",
                          email="anna@example.com")
    contact.company = None
    contact.email = None
    contact.circle = Circle.WIDER
    contact.status = ContactStatus.ARCHIVED
    refresh_schedule(contact, profile)
    with uow(app) as work:
        work.contacts.save(contact)
        work.commit()
    with uow(app) as work:
        assert work.contacts.get(profile.id, contact.id or 0) == contact
        assert work.contacts.list(profile.id) == []
        assert work.contacts.list(profile.id, include_archived=True) == [contact]


def test_touchpoints_come_back_whole_and_undo_finds_the_last_one_logged(
        app: Application) -> None:
    profile = new_profile(app, "daniel")
    anna = new_contact(app, profile, "Anna Schmidt")
    earlier = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    point = Touchpoint(
        user_id=profile.id, channel=Channel.MEETING, at=datetime(2026, 3, 2, 13, 0, tzinfo=UTC),
        minutes=60, contact_id=anna.id, note="Mittagessen", incoming=True,
        previous_touch_at=earlier, previous_channel=Channel.EMAIL,
        previous_next_note="Exposé schicken", next_note="Termin im April", created_at=NOW)
    with uow(app) as work:
        work.touchpoints.add(point)
        work.commit()
    # Logged later but dated earlier: still the one /undo takes back.
    backdated = new_touchpoint(app, profile, anna, earlier)
    networking = new_touchpoint(app, profile, None, datetime(2026, 3, 9, 18, 0, tzinfo=UTC),
                                minutes=40)
    with uow(app) as work:
        assert work.touchpoints.all(profile.id) == [backdated, point, networking]
        assert work.touchpoints.latest(profile.id) == networking
        assert work.touchpoints.recent_for_contact(profile.id, anna.id or 0, 5) == [
            point, backdated]
        assert work.touchpoints.recent_for_contact(profile.id, anna.id or 0, 1) == [point]
        assert work.touchpoints.count(profile.id) == 3
        minutes = {(m.monday, m.channel): m.minutes for m in work.touchpoints.minutes_by_week(
            profile.id, date(2026, 1, 5), date(2026, 3, 9))}
        assert minutes == {(date(2026, 1, 5), Channel.CALL): 20,
                           (date(2026, 3, 2), Channel.MEETING): 60,
                           (date(2026, 3, 9), Channel.CALL): 40}
        stored = work.touchpoints.all(profile.id)[1]
        assert stored.at.utcoffset() == timedelta(0)
        assert stored.previous_touch_at == earlier
        work.touchpoints.delete(profile.id, networking.id or 0)
        work.commit()
    with uow(app) as work:
        assert work.touchpoints.latest(profile.id) == backdated


def test_requests_come_back_whole_and_recent_lists_the_newest_first(
        app: Application) -> None:
    profile = new_profile(app, "daniel")
    anna = new_contact(app, profile, "Anna Schmidt")
    old = new_request(app, profile, "Hi, let's connect!", NOW - timedelta(days=2))
    new = new_request(app, profile, "Grüße aus Hamburg – wollen wir uns vernetzen?")
    new.decision = Verdict.DECLINE
    new.contact_id = anna.id
    new.decided_at = NOW + timedelta(minutes=5)
    new.sender_name = "Unbekannt"  # not part of a decision: save leaves it alone
    with uow(app) as work:
        work.requests.save(new)
        work.commit()
    new.sender_name = None
    with uow(app) as work:
        assert work.requests.get(profile.id, new.id or 0) == new
        assert work.requests.recent(profile.id, 5) == [new, old]
        assert work.requests.recent(profile.id, 1) == [new]
        assert work.requests.all(profile.id) == [old, new]


# --- every row belongs to one user ------------------------------------------------------


def test_one_user_can_never_read_or_change_another_users_rows(app: Application) -> None:
    anna = new_profile(app, "anna")
    bert = new_profile(app, "bert")
    contact = new_contact(app, anna, "Clara Vogel", birthday_day=1, birthday_month=4)
    point = new_touchpoint(app, anna, contact, NOW - timedelta(days=1))
    request = new_request(app, anna, "Let's connect")
    assert contact.id is not None
    assert point.id is not None
    assert request.id is not None
    with uow(app) as work:
        assert work.contacts.get(bert.id, contact.id) is None
        assert work.contacts.names(bert.id) == []
        assert work.contacts.list(bert.id, include_archived=True) == []
        assert work.contacts.due(bert.id, TODAY + timedelta(days=3650), 10) == []
        assert work.contacts.count_due(bert.id, TODAY + timedelta(days=3650)) == 0
        assert work.contacts.with_birthdays(bert.id) == []
        assert work.contacts.count(bert.id) == 0
        assert work.touchpoints.latest(bert.id) is None
        assert work.touchpoints.recent_for_contact(bert.id, contact.id, 10) == []
        assert work.touchpoints.minutes_by_week(bert.id, date(2000, 1, 3), TODAY) == []
        assert work.contacts.names_with_word(bert.id, "clara") == []
        assert work.contacts.network_counts(bert.id, TODAY, DEFAULT_CADENCE_DAYS) == {}
        assert work.touchpoints.all(bert.id) == []
        assert work.touchpoints.count(bert.id) == 0
        assert work.requests.get(bert.id, request.id) is None
        assert work.requests.recent(bert.id, 10) == []
        assert work.requests.all(bert.id) == []

        # Writes that name Bert but point at Anna's rows do nothing.
        work.contacts.save(contact.replace(user_id=bert.id, name="Gekapert",
                                           status=ContactStatus.ARCHIVED))
        work.touchpoints.delete(bert.id, point.id)
        work.requests.save(RequestRecord(
            id=request.id, user_id=bert.id, text_excerpt="x", verdict=Verdict.DECLINE,
            confidence=1.0, language="en", decision=Verdict.DECLINE, decided_at=NOW))
        work.commit()

    with uow(app) as work:
        assert work.contacts.get(anna.id, contact.id) == contact
        assert work.touchpoints.all(anna.id) == [point]
        assert work.requests.all(anna.id) == [request]
        assert work.contacts.count(anna.id) == 1
        assert [n.name for n in work.contacts.names(anna.id)] == ["Clara Vogel"]


def test_deleting_a_profile_removes_all_its_rows_and_no_one_elses(app: Application) -> None:
    leaving = new_profile(app, "leaving")
    staying = new_profile(app, "staying")
    for profile in (leaving, staying):
        contact = new_contact(app, profile, "Anna Schmidt")
        new_touchpoint(app, profile, contact, NOW - timedelta(days=3))
        new_touchpoint(app, profile, None, NOW - timedelta(days=2))
        request = new_request(app, profile, "Hello")
        request.contact_id = contact.id
        with uow(app) as work:
            work.requests.save(request)
            work.commit()
    with uow(app) as work:
        work.profiles.delete(leaving.id)
        work.commit()
    with uow(app) as work:
        assert work.profiles.get(leaving.id) is None
        assert work.contacts.count(leaving.id) == 0
        assert work.touchpoints.count(leaving.id) == 0
        assert work.requests.all(leaving.id) == []
        assert work.touchpoints.minutes_by_week(leaving.id, date(2000, 1, 3), TODAY) == []
        assert work.profiles.get(staying.id) == staying
        assert work.contacts.count(staying.id) == 1
        assert work.touchpoints.count(staying.id) == 2
        assert len(work.requests.all(staying.id)) == 1


# --- names and weekly minutes kept beside the rows ----------------------------------------


def test_contacts_are_found_by_a_whole_word_of_their_normalised_name(app: Application) -> None:
    profile = new_profile(app, "daniel")
    for name in ("Anna Schmidt", "Jörg Meier-Lang", "Hans_Peter Annas", "Annabel Roth",
                 "Schmidtke Ann"):
        new_contact(app, profile, name)
    other = new_profile(app, "other")
    new_contact(app, other, "Anna Schmidt")

    def found(word: str) -> set[str]:
        with uow(app) as work:
            return {n.name for n in work.contacts.names_with_word(profile.id, word)}

    assert found("anna") == {"Anna Schmidt"}
    assert found("schmidt") == {"Anna Schmidt"}
    assert found("jorg") == found("lang") == found("meier") == {"Jörg Meier-Lang"}
    assert found("a") == {"Anna Schmidt", "Annabel Roth", "Hans_Peter Annas", "Schmidtke Ann"}
    # "_" is a word character in names, never a wildcard.
    assert found("hans_peter") == {"Hans_Peter Annas"}
    assert found("hans_pete") == found("hansxpeter") == set()
    with uow(app) as work:
        anna = next(n for n in work.contacts.names(profile.id) if n.name == "Anna Schmidt")
        assert anna.key == "anna schmidt"


def test_the_contacts_a_text_may_name_are_found_by_any_of_its_words(app: Application) -> None:
    profile = new_profile(app, "daniel")
    for name in ("Anna Schmidt", "Jürgen Müller", "Juergen Bauer", "Paul Roth"):
        new_contact(app, profile, name)
    other = new_profile(app, "other")
    new_contact(app, other, "Paul Roth")

    def found(text: str) -> list[str]:
        with uow(app) as work:
            return [n.name for n in work.contacts.names_with_any_word(profile.id,
                                                                        lookup_words(text))]

    assert found("Hi, Paul Roth suggested I write") == ["Paul Roth"]  # this user's only
    # Umlauts written either way find the contact however it was stored.
    assert found("From: Juergen Mueller") == ["Jürgen Müller", "Juergen Bauer"]
    assert found("Jürgen") == ["Jürgen Müller", "Juergen Bauer"]
    assert found("Schmid and Rot") == []  # whole words, not parts
    # Long texts are looked up in several statements; every contact still comes once.
    long_text = " ".join(f"word{number}" for number in range(1_200)) + " Anna Schmidt Paul"
    assert found(long_text) == ["Anna Schmidt", "Paul Roth"]


def test_the_contact_list_matches_names_and_companies_and_reads_whole_only_its_page(
        app: Application) -> None:
    profile = new_profile(app, "daniel")
    anna = new_contact(app, profile, "Anna Schmidt", company="Acme Ölwerke")
    hans = new_contact(app, profile, "Hans_Peter Roth")
    jorg = new_contact(app, profile, "Jörg Meier-Lang")
    new_contact(app, profile, "Ari Archiv", company="Acme", status=ContactStatus.ARCHIVED)
    other = new_profile(app, "other")
    stranger = new_contact(app, other, "Anna Schmidt", company="Acme")

    def found(query: str) -> list[str]:
        with uow(app) as work:
            return [n.name for n in work.contacts.listing(profile.id, query)]

    assert found("") == ["Anna Schmidt", "Hans_Peter Roth", "Jörg Meier-Lang"]
    assert found("chmid") == found("acme") == found("olwerke") == ["Anna Schmidt"]
    assert found("schmidt acme") == ["Anna Schmidt"]  # across name and company
    assert found("jorg meier") == ["Jörg Meier-Lang"]
    assert found("a_s") == found("hans%") == []  # "_" and "%" are no wildcards
    assert found("hans_peter") == ["Hans_Peter Roth"]
    with uow(app) as work:
        page = work.contacts.get_many(profile.id, [jorg.id, anna.id, stranger.id, hans.id])
    assert [c.name for c in page] == ["Jörg Meier-Lang", "Anna Schmidt", "Hans_Peter Roth"]
    assert page[1].company == "Acme Ölwerke"


def test_the_network_overview_counts_active_contacts_by_the_engines_rule(
        app: Application) -> None:
    profile = new_profile(app, "daniel")
    profile.cadences = {Circle.WIDER.value: 45}
    rng = random.Random(7)
    contacts = []
    for number in range(300):
        touched = rng.random() < 0.8
        contact = new_contact(
            app, profile, f"Person {number}", circle=rng.choice(list(Circle)),
            cadence_days=rng.choice([None, None, 7, 30, 91, 365]),
            last_touch_at=NOW - timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
            if touched else None)
        contacts.append(contact)
    new_contact(app, profile, "Paul Pause", status=ContactStatus.PAUSED)
    new_contact(app, profile, "Ari Archiv", status=ContactStatus.ARCHIVED)
    other = new_profile(app, "other")
    new_contact(app, other, "Anna Schmidt")
    cadences = {circle: profile.cadence_for(circle) for circle in Circle}
    for today in (TODAY, TODAY + timedelta(days=30), TODAY + timedelta(days=200)):
        expected = Counter(
            (c.circle, contact_state(ContactRhythm(c.circle, c.cadence_days,
                                                   c.last_touch_at is not None, c.due_day),
                                     profile, today))
            for c in contacts)
        with uow(app) as work:
            assert work.contacts.network_counts(profile.id, today, cadences) == expected
    assert len(expected) > 8  # the data reaches most circles and states


def test_a_renamed_contact_is_found_by_its_new_name_only(app: Application) -> None:
    profile = new_profile(app, "daniel")
    contact = new_contact(app, profile, "Anna Schmidt")
    contact.name = "Anna Berger"
    with uow(app) as work:
        work.contacts.save(contact)
        work.commit()
    with uow(app) as work:
        assert [n.name for n in work.contacts.names_with_word(profile.id, "berger")] == [
            "Anna Berger"]
        assert work.contacts.names_with_word(profile.id, "schmidt") == []


def test_weeks_on_budget_are_counted_back_to_the_first_gap(app: Application) -> None:
    profile = new_profile(app, "daniel")
    weeks = {date(2026, 2, 2): 200, date(2026, 2, 16): 60, date(2026, 2, 23): 130,
             date(2026, 3, 2): 120, date(2026, 3, 9): 200}
    for day, minutes in weeks.items():
        moment = datetime.combine(day, time(12), tzinfo=UTC)
        new_touchpoint(app, profile, None, moment, minutes=minutes - 10)
        new_touchpoint(app, profile, None, moment + timedelta(days=1), minutes=10)
    with uow(app) as work:
        count = work.touchpoints.weeks_on_budget_in_a_row
        assert count(profile.id, date(2026, 1, 5), date(2026, 3, 2), 120) == 2
        assert count(profile.id, date(2026, 1, 5), date(2026, 3, 9), 120) == 3
        assert count(profile.id, date(2026, 3, 2), date(2026, 3, 9), 120) == 2  # the limit
        assert count(profile.id, date(2026, 1, 5), date(2026, 2, 9), 120) == 0  # no minutes
        assert count(profile.id, date(2026, 1, 5), date(2026, 3, 9), 150) == 1


def week_sums(app: Application, profile: Profile) -> dict[tuple[date, Channel], int]:
    with uow(app) as work:
        return {(m.monday, m.channel): m.minutes for m in work.touchpoints.minutes_by_week(
            profile.id, date(2025, 1, 6), date(2027, 1, 4))}


def test_weekly_minutes_follow_every_touchpoint_written_and_taken_back(
        app: Application) -> None:
    profile = new_profile(app, "daniel")
    anna = new_contact(app, profile, "Anna Schmidt")
    # Sunday 23:30 in Berlin is still last week; UTC would say Sunday 22:30.
    sunday_night = datetime(2026, 3, 8, 22, 30, tzinfo=UTC)
    monday_night = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    new_touchpoint(app, profile, anna, sunday_night, minutes=15)
    new_touchpoint(app, profile, anna, monday_night, minutes=20)
    late = new_touchpoint(app, profile, None, NOW, minutes=40)
    assert week_sums(app, profile) == {(date(2026, 3, 2), Channel.CALL): 15,
                                       (date(2026, 3, 9), Channel.CALL): 60}
    with uow(app) as work:
        work.touchpoints.delete(profile.id, late.id or 0)
        work.touchpoints.delete(profile.id, late.id or 0)  # gone already: nothing changes
        work.commit()
    assert week_sums(app, profile) == {(date(2026, 3, 2), Channel.CALL): 15,
                                       (date(2026, 3, 9), Channel.CALL): 20}
    with uow(app) as work:
        work.touchpoints.add(Touchpoint(user_id=profile.id, channel=Channel.CALL, at=NOW,
                                        minutes=30, created_at=NOW))
        # Not committed: the sums stay as they were.
    assert week_sums(app, profile) == {(date(2026, 3, 2), Channel.CALL): 15,
                                       (date(2026, 3, 9), Channel.CALL): 20}


def test_moving_to_another_time_zone_regroups_the_weekly_minutes(app: Application) -> None:
    profile = new_profile(app, "daniel")
    new_touchpoint(app, profile, None, datetime(2026, 3, 8, 23, 30, tzinfo=UTC), minutes=25)
    assert week_sums(app, profile) == {(date(2026, 3, 9), Channel.CALL): 25}
    profile.timezone = "America/New_York"
    with uow(app) as work:
        work.profiles.save(profile)
        work.commit()
    # 19:30 on Sunday in New York: the week before.
    assert week_sums(app, profile) == {(date(2026, 3, 2), Channel.CALL): 25}


def test_the_migration_fills_names_and_weekly_minutes_from_existing_rows(
        database_url: str) -> None:
    engine = open_engine(database_url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO users (id, platform, external_id, language, timezone, "
                "budget_minutes, nudge_time, nudge_days, cadences, onboarded, unreachable, "
                "created_at) VALUES (1, 'test', 'old', 'en', 'Europe/Berlin', 120, "
                "'08:30:00', 'weekdays', '{}', false, false, '2026-01-01 00:00:00')")
            connection.exec_driver_sql(
                "INSERT INTO contacts (id, user_id, name, circle, status, created_at, due_day, "
                "rank_factor) VALUES (1, 1, 'Jörg Meier', 'active', 'active', "
                "'2026-01-01 00:00:00', 1, 1.0)")
            for at, minutes in (("2026-03-08 23:30:00", 20), ("2026-03-09 08:00:00", 10),
                                ("2026-03-08 22:30:00", 5)):
                connection.exec_driver_sql(
                    "INSERT INTO touchpoints (user_id, contact_id, channel, at, minutes, "
                    f"incoming, created_at) VALUES (1, 1, 'call', '{at}', {minutes}, false, "
                    f"'{at}')")
        upgrade(engine)
        with engine.begin() as connection:
            assert connection.exec_driver_sql(
                "SELECT name_key FROM contacts").scalar_one() == "jorg meier"
            rows = connection.exec_driver_sql(
                "SELECT monday_day, channel, minutes FROM week_minutes ORDER BY monday_day").all()
            words = connection.exec_driver_sql(
                "SELECT word FROM contact_words ORDER BY word").scalars().all()
            assert connection.exec_driver_sql(
                "SELECT count(*) FROM touchpoints").scalar_one() == 3
        assert [(date.fromordinal(r[0]), r[1], r[2]) for r in rows] == [
            (date(2026, 3, 2), "call", 5), (date(2026, 3, 9), "call", 30)]
        assert words == ["jorg", "meier"]
    finally:
        engine.dispose()


# --- who is due ---------------------------------------------------------------------------


def mixed_network(app: Application, profile: Profile) -> dict[str, Contact]:
    """Contacts in every circle and state, with ties in score, due day and name case."""
    def touched(days_ago: int) -> datetime:
        return NOW - timedelta(days=days_ago)

    specs: list[tuple[str, dict[str, object]]] = [
        ("Anna Schmidt", {"circle": Circle.ACTIVE, "last_touch_at": touched(92)}),
        ("Peter Lang", {"circle": Circle.CLOSE, "last_touch_at": touched(40)}),
        ("Claudia Hoffmann", {"circle": Circle.WIDER, "last_touch_at": touched(200)}),
        ("Thomas Becker", {"circle": Circle.DORMANT, "last_touch_at": touched(400)}),
        ("David Weber", {"circle": Circle.DORMANT, "last_touch_at": touched(380)}),
        ("Markus Braun", {"circle": Circle.ACTIVE, "last_touch_at": touched(130)}),
        ("Lena Fischer", {"circle": Circle.CLOSE, "last_touch_at": touched(35)}),
        ("Jörg Meier", {"circle": Circle.ACTIVE, "cadence_days": 42,
                        "last_touch_at": touched(50)}),
        # Same circle and same last contact: tied on score and due day, ordered by name.
        ("stefan Koch", {"circle": Circle.ACTIVE, "last_touch_at": touched(100)}),
        ("Bernd Koch", {"circle": Circle.ACTIVE, "last_touch_at": touched(100)}),
        ("Sabine Wolf", {"circle": Circle.ACTIVE, "last_touch_at": touched(100)}),
        # Due exactly today, so a score of zero.
        ("Eva Roth", {"circle": Circle.CLOSE, "last_touch_at": touched(30)}),
        # Never contacted: counts from when they were added.
        ("Nina Graf", {"circle": Circle.WIDER}),
        # Not suggestible.
        ("Maria Lopez", {"circle": Circle.ACTIVE, "last_touch_at": touched(20)}),
        ("Paul Pause", {"circle": Circle.CLOSE, "last_touch_at": touched(300),
                        "status": ContactStatus.PAUSED}),
        ("Ari Archiv", {"circle": Circle.CLOSE, "last_touch_at": touched(300),
                        "status": ContactStatus.ARCHIVED}),
        ("Sven Snooze", {"circle": Circle.CLOSE, "last_touch_at": touched(300),
                         "snoozed_until": TODAY + timedelta(days=1)}),
        # A snooze that ends today no longer hides the contact.
        ("Olga Wach", {"circle": Circle.CLOSE, "last_touch_at": touched(60),
                       "snoozed_until": TODAY}),
    ]
    return {name: new_contact(app, profile, name, **fields) for name, fields in specs}


HIDDEN = {"Maria Lopez", "Paul Pause", "Ari Archiv", "Sven Snooze"}


def test_due_lists_suggestible_contacts_in_the_engines_rank_order(app: Application) -> None:
    profile = new_profile(app, "daniel")
    network = mixed_network(app, profile)
    other = new_profile(app, "other")
    mixed_network(app, other)
    expected = sorted((c for n, c in network.items() if n not in HIDDEN),
                      key=lambda c: rank_key(c, TODAY))
    # The engine's rule (which the memory fake uses as it is) hides exactly these.
    assert {n for n, c in network.items() if not is_suggestible(c, TODAY)} == set(HIDDEN)
    with uow(app) as work:
        due = work.contacts.due(profile.id, TODAY, 100)
        count = work.contacts.count_due(profile.id, TODAY)
    assert [c.name for c in due] == [c.name for c in expected]
    assert due == expected
    assert count == len(expected) == len(network) - len(HIDDEN)
    names = [c.name for c in due]
    tied = names.index("Bernd Koch")
    assert names[tied:tied + 3] == ["Bernd Koch", "Sabine Wolf", "stefan Koch"]


def test_due_returns_only_the_best_ranked_up_to_the_limit(app: Application) -> None:
    profile = new_profile(app, "daniel")
    network = mixed_network(app, profile)
    best = sorted((c for n, c in network.items() if n not in HIDDEN),
                  key=lambda c: rank_key(c, TODAY))
    with uow(app) as work:
        assert work.contacts.due(profile.id, TODAY, 3) == best[:3]
        assert work.contacts.due(profile.id, TODAY, 1) == best[:1]
        assert work.contacts.count_due(profile.id, TODAY) == len(best)


def test_a_large_due_slice_is_ranked_like_a_small_one_and_its_count_is_capped(
        app: Application) -> None:
    """Past the count's cap /due switches to reading each rank factor's head; the
    order must not change."""
    profile = new_profile(app, "daniel")
    contacts = []
    with uow(app) as work:
        for number in range(DUE_COUNT_CAP + 200):
            contact = Contact(
                user_id=profile.id, name=f"Person {number:04d}",
                circle=list(Circle)[number % 4],
                cadence_days=(45 if number % 7 == 0 else None),
                created_at=NOW - timedelta(days=400 + number % 50),
                snoozed_until=(TODAY + timedelta(days=3) if number % 11 == 0 else None))
            refresh_schedule(contact, profile)
            contacts.append(work.contacts.add(contact))
        work.commit()
    expected = sorted((c for c in contacts if c.snoozed_until is None),
                      key=lambda c: rank_key(c, TODAY))
    with uow(app) as work:
        assert work.contacts.count_due(profile.id, TODAY) == DUE_COUNT_CAP
        assert work.contacts.due(profile.id, TODAY, 10) == expected[:10]
    assert "More than 1000 contacts are due:" in app.coach.handle(
        Identity("test", "daniel", language_hint="en"), "/due").text


def test_contacts_become_due_as_days_pass_and_not_before(app: Application) -> None:
    profile = new_profile(app, "daniel")
    contact = new_contact(app, profile, "Anna Schmidt", circle=Circle.CLOSE,
                          last_touch_at=NOW - timedelta(days=29))
    with uow(app) as work:
        assert work.contacts.due(profile.id, TODAY, 10) == []
        assert work.contacts.count_due(profile.id, TODAY) == 0
        tomorrow = TODAY + timedelta(days=1)
        assert work.contacts.due(profile.id, tomorrow, 10) == [contact]
        assert work.contacts.count_due(profile.id, tomorrow) == 1


# --- transactions and redelivered updates -----------------------------------------------


def test_nothing_is_stored_unless_the_unit_of_work_commits(app: Application) -> None:
    profile = new_profile(app, "daniel")
    with uow(app) as work:
        work.contacts.add(Contact(user_id=profile.id, name="Anna Schmidt", created_at=NOW))
        work.profiles.get_or_create("test", "ghost", language="en", timezone="UTC", now=NOW)
        work.updates.claim("test", "update-1", NOW)
    with uow(app) as work:
        work.contacts.add(Contact(user_id=profile.id, name="Peter Lang", created_at=NOW))
        work.rollback()
        work.contacts.add(Contact(user_id=profile.id, name="Lena Fischer", created_at=NOW))
        work.commit()
    with uow(app) as work:
        assert [c.name for c in work.contacts.list(profile.id)] == ["Lena Fischer"]
        _, created = work.profiles.get_or_create("test", "ghost", language="en",
                                                 timezone="UTC", now=NOW)
        assert created
        assert work.updates.claim("test", "update-1", NOW)


def test_an_update_claimed_by_an_unfinished_unit_of_work_is_not_remembered(
        app: Application) -> None:
    # The engine claims first thing; if handling then fails, a redelivery must be handled.
    with uow(app) as work:
        assert work.updates.claim("telegram", "99", NOW)
        work.profiles.get_or_create("telegram", "daniel", language="en", timezone="UTC",
                                    now=NOW)
    with uow(app) as work:
        assert work.updates.claim("telegram", "99", NOW)


def test_an_update_key_is_claimed_once_per_platform(app: Application) -> None:
    with uow(app) as work:
        assert work.updates.claim("telegram", "42", NOW)
        assert not work.updates.claim("telegram", "42", NOW)
        assert work.updates.claim("slack", "42", NOW)
        work.commit()
    with uow(app) as work:
        assert not work.updates.claim("telegram", "42", NOW)
        assert not work.updates.claim("slack", "42", NOW)
        assert work.updates.claim("telegram", "43", NOW)


def test_a_refused_claim_keeps_the_rest_of_the_transaction_usable(app: Application) -> None:
    profile = new_profile(app, "daniel")
    with uow(app) as work:
        assert work.updates.claim("telegram", "7", NOW)
        work.commit()
    with uow(app) as work:
        work.contacts.add(Contact(user_id=profile.id, name="Anna Schmidt", created_at=NOW))
        assert not work.updates.claim("telegram", "7", NOW)
        work.contacts.add(Contact(user_id=profile.id, name="Peter Lang", created_at=NOW))
        work.commit()
    with uow(app) as work:
        assert work.contacts.count(profile.id) == 2


# --- the coach on a real database -------------------------------------------------------

DANIEL = Identity("test", "daniel", language_hint="en", timezone_hint="Europe/Berlin")
ERIKA = Identity("test", "erika", language_hint="en", timezone_hint="Europe/Berlin")


def test_a_redelivered_message_is_answered_once(app: Application) -> None:
    first = app.coach.handle(DANIEL, "/add Anna Schmidt", update_key="1001")
    app.coach.delivered("test", "1001")
    again = app.coach.handle(DANIEL, "/add Anna Schmidt", update_key="1001")
    assert "Added Anna Schmidt" in first.text
    assert again.text == ""
    assert "1 contact:" in app.coach.handle(DANIEL, "/contacts").text


def test_a_refused_command_is_not_handled_again_when_redelivered(app: Application) -> None:
    refused = app.coach.handle(DANIEL, "/log Nobody call", update_key="2001")
    assert "I don't know “Nobody” yet" in refused.text
    # Until delivered, the same refusal; afterwards nothing.
    assert app.coach.handle(DANIEL, "/log Nobody call", update_key="2001") == refused
    app.coach.delivered("test", "2001")
    assert app.coach.handle(DANIEL, "/log Nobody call", update_key="2001").text == ""
    assert app.coach.handle(DANIEL, "/undo").text == "There is nothing to undo."


def test_added_and_logged_contacts_are_due_and_undo_restores_the_schedule(
        app: Application, clock: ControlledClock) -> None:
    assert "Added Anna Schmidt (close" in app.coach.handle(
        DANIEL, "/add Anna Schmidt close company Schmidt Immobilien").text
    assert "Added Peter Lang" in app.coach.handle(DANIEL, "/add Peter Lang").text
    assert app.coach.handle(DANIEL, "/due").text.startswith(
        "Nobody is due yet. With 2 contacts your network has only just started")

    logged = app.coach.handle(DANIEL, "/log Anna call 20m 2026-01-20 next: ask about Giesing")
    assert "Logged: call with Anna Schmidt, 20 min, on Jan 20, 2026" in logged.text
    due = app.coach.handle(DANIEL, "/due").text
    assert due.startswith("1 contact is due:")
    assert "Anna Schmidt" in due
    assert "Next time: ask about Giesing" in due
    assert "Peter Lang" not in due

    today = app.coach.handle(DANIEL, "/log Anna call 15m")
    assert "Your reason for this one was: ask about Giesing" in today.text
    assert "Nobody is due" in app.coach.handle(DANIEL, "/due").text
    assert "Taken back: call with Anna Schmidt" in app.coach.handle(DANIEL, "/undo").text
    assert "Anna Schmidt" in app.coach.handle(DANIEL, "/due").text

    clock.advance(days=90)
    due = app.coach.handle(DANIEL, "/due").text
    assert due.startswith("2 contacts are due:")
    assert due.index("Anna Schmidt") < due.index("Peter Lang")


def test_forget_deletes_one_users_data_and_leaves_everyone_elses(app: Application) -> None:
    for who in (DANIEL, ERIKA):
        app.coach.handle(who, "/add Anna Schmidt")
        app.coach.handle(who, "/log Anna call")
    assert "1 contact, 1 touchpoint," in app.coach.handle(DANIEL, "/forget").text
    assert "deleted" in app.coach.handle(DANIEL, "yes, delete").text
    assert "no contacts yet" in app.coach.handle(DANIEL, "/contacts").text
    assert app.coach.handle(DANIEL, "/undo").text == "There is nothing to undo."
    assert "1 contact:" in app.coach.handle(ERIKA, "/contacts").text
    assert "Taken back" in app.coach.handle(ERIKA, "/undo").text


def test_forget_keeps_everything_without_a_clear_yes(app: Application) -> None:
    app.coach.handle(DANIEL, "/add Anna Schmidt")
    app.coach.handle(DANIEL, "/forget")
    assert app.coach.handle(DANIEL, "yes").text == "Nothing was deleted."
    assert "1 contact:" in app.coach.handle(DANIEL, "/contacts").text


@pytest.mark.parametrize("command", ["/log", "/log Nobody call", "/edit Nobody close",
                                     "/settings budget lots", "/add " + "x" * 300])
def test_a_refused_command_changes_nothing(app: Application, command: str) -> None:
    app.coach.handle(DANIEL, "/add Anna Schmidt")
    before = app.coach.handle(DANIEL, "/export").files[0].content
    answer = app.coach.handle(DANIEL, command)
    assert answer.text
    assert "Sorry" not in answer.text
    assert app.coach.handle(DANIEL, "/export").files[0].content == before
