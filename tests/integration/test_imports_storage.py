"""Imports, exports and the calendar feed against real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from sqlalchemy import inspect
from starlette.applications import Starlette

from adapters.bootstrap import Application, build
from adapters.calendar_feed import calendar_routes
from coach.model import Circle, Contact, ContactStatus, Identity
from storage.migrate import downgrade, upgrade
from storage.unit_of_work import SqlUnitOfWork

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def who(name: str = "daniel") -> Identity:
    return Identity("telegram", name, language_hint="en", timezone_hint="Europe/Berlin")


def contacts_of(app: Application, name: str = "daniel") -> list[Contact]:
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", name, language="en",
                                                timezone="UTC", now=app.coach._clock())
        return list(uow.contacts.list(profile.id, include_archived=True))


def send(app: Application, filename: str, name: str = "daniel") -> str:
    content = (FIXTURES / filename).read_bytes()
    return app.coach.import_file(who(name), filename, content).text


def test_a_confirmed_import_is_stored_unsorted_and_a_second_changes_nothing(app):
    preview = send(app, "linkedin_connections.csv")
    assert "5 new" in preview
    assert contacts_of(app) == []

    app.coach.handle(who(), "yes")

    stored = {c.name: c for c in contacts_of(app)}
    assert len(stored) == 5
    assert {c.status for c in stored.values()} == {ContactStatus.UNSORTED}
    assert {c.circle for c in stored.values()} == {Circle.DORMANT}
    assert stored["Tom Becker"].profile_url == "https://www.linkedin.com/in/tom-becker-9a1b2c"
    assert "Jörg Meier" not in app.coach.handle(who(), "/due").text
    again = send(app, "linkedin_connections.csv")
    assert "Nothing to import" in again
    assert {c.name: c for c in contacts_of(app)} == stored


def test_bulk_added_contacts_get_their_own_ids_in_order(app):
    app.coach.handle(who("priya"), "/add Omar Haddad")
    send(app, "google_contacts.csv")
    app.coach.handle(who(), "yes")

    stored = contacts_of(app)
    assert [c.name for c in sorted(stored, key=lambda c: c.id or 0)] == [
        "Anna Schmidt", "Kai Wagner", "Emma Lang"]
    with SqlUnitOfWork(app.sessions) as uow:
        for contact in stored:
            assert contact.id is not None
            assert uow.contacts.get(contact.user_id, contact.id).name == contact.name
    assert [c.name for c in contacts_of(app, "priya")] == ["Omar Haddad"]


def test_a_refused_file_leaves_the_database_as_it_was(app):
    app.coach.handle(who(), "/add Kim Berger")

    answer = send(app, "broken_quote.csv")

    assert "line 3" in answer
    assert [c.name for c in contacts_of(app)] == ["Kim Berger"]


def test_meetings_from_a_calendar_become_touchpoints(app):
    app.coach.handle(who(), "/add Anna Schmidt email anna.schmidt@example.org")
    send(app, "google_calendar.ics")
    app.coach.handle(who(), "yes")

    card = app.coach.handle(who(), "/contact Anna").text

    assert "meeting, 1 h – Lunch Schwabing project" in card


def test_json_export_restores_into_another_profile(app):
    for line in ("/settings slot Friday 14:00", "/add Anna Schmidt close birthday 15.04.",
                 "/log Anna call 20m yesterday", "/reply Hi, I'd love to connect with you."):
        app.coach.handle(who(), line)
    document = app.coach.export_file(who(), "json").content

    app.coach.import_file(who("restored"), "export.json", document)
    app.coach.handle(who("restored"), "yes")

    restored = json.loads(app.coach.export_file(who("restored"), "json").content)
    original = json.loads(document)
    assert [c["name"] for c in restored["contacts"]] == ["Anna Schmidt"]
    assert restored["contacts"][0]["birthday_month"] == 4
    assert len(restored["touchpoints"]) == len(original["touchpoints"]) == 1
    assert restored["touchpoints"][0]["contact_id"] == restored["contacts"][0]["id"]
    assert restored["requests"][0]["text_excerpt"] == original["requests"][0]["text_excerpt"]
    assert restored["profile"]["slot_weekday"] == 4


async def test_the_calendar_feed_is_served_for_its_token_only(database_url, clock):
    app = build(database_url, clock, public_base_url="https://coach.example")
    try:
        app.coach.handle(who(), "/add Anna Schmidt birthday 15.04.")
        url = app.coach.handle(who(), "/calendar").text.split("https://coach.example")[1]
        path = url.split()[0]
        transport = httpx.ASGITransport(app=Starlette(routes=calendar_routes(app.coach)))
        async with httpx.AsyncClient(transport=transport, base_url="http://feed") as client:
            served = await client.get(path)

            assert served.status_code == 200
            assert served.headers["content-type"].startswith("text/calendar")
            assert "Birthday: Anna Schmidt" in served.text
            wrong = await client.get(path.replace("/calendar/", "/calendar/x"))
            assert wrong.status_code == 404
            app.coach.handle(who(), "/calendar reset")
            assert (await client.get(path)).status_code == 404
    finally:
        app.close()


def test_the_migration_goes_down_and_up_again(app):
    send(app, "linkedin_connections.csv")
    app.coach.handle(who(), "yes")

    downgrade(app.engine, "0004")
    columns = {c["name"] for c in inspect(app.engine).get_columns("contacts")}
    assert "profile_url" not in columns
    assert "import_batches" not in inspect(app.engine).get_table_names()
    upgrade(app.engine)

    assert len(contacts_of(app)) == 5
