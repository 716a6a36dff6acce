"""What the daily nudge says, composed by the engine over SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.bootstrap import Application, build
from coach.model import Circle, Contact, Identity
from coach.nudges import compose_for, compose_nudge
from coach.replies import Reply
from coach.schedule import refresh_schedule
from coach.turn import Turn
from storage.nudges import NudgeStore
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ControlledClock, add_user

THURSDAY = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_app(tmp_path: object, clock: ControlledClock) -> Iterator[Application]:
    application = build(f"sqlite:///{tmp_path}/coach.db", clock)
    yield application
    application.close()


def compose(app: Application, user: int, now: datetime) -> Reply | None:
    with SqlUnitOfWork(app.sessions) as uow:
        profile = uow.profiles.get(user)
        assert profile is not None
        return compose_nudge(Turn(uow=uow, profile=profile, now=now,
                                  platform=profile.platform))


def add_birthday(app: Application, user: int, name: str, day: int, month: int,
                 language: str | None = None) -> None:
    with SqlUnitOfWork(app.sessions) as uow:
        profile = uow.profiles.get(user)
        assert profile is not None
        contact = Contact(user_id=user, name=name, circle=Circle.CLOSE, birthday_day=day,
                          birthday_month=month, language=language, created_at=THURSDAY,
                          last_touch_at=THURSDAY)
        uow.contacts.add(refresh_schedule(contact, profile))
        uow.commit()


def test_the_nudge_lists_the_top_three_due_contacts_with_buttons(
        sqlite_app: Application) -> None:
    user = add_user(sqlite_app, "1", due_contacts=5)
    nudge = compose(sqlite_app, user, THURSDAY)
    assert nudge is not None
    first = nudge.messages[0]
    assert "5 contacts are due" in first.text
    assert first.text.count("added ") == 3
    assert [type(b.action).__name__ for b in first.buttons[:3]] == [
        "AskHow", "Snooze", "Opener"]
    assert len(first.buttons) == 3 * 3
    assert "+2 more due: /due" in first.text
    assert "This week: 0 min of 2 h" in first.text


def test_nothing_due_and_no_birthday_means_no_nudge_except_for_the_monday_review(
        sqlite_app: Application) -> None:
    user = add_user(sqlite_app, "1", due_contacts=0)
    assert compose(sqlite_app, user, THURSDAY) is None
    add_birthday(sqlite_app, user, "Karl Weber", 1, 3)  # far away, and Karl is fresh
    assert compose(sqlite_app, user, THURSDAY) is None
    review = compose(sqlite_app, user, MONDAY)
    assert review is not None
    assert "Last week: 0 min of 2 h (below budget)" in review.text
    assert "No streak yet: reach your budget in a week to start one." in review.text


def test_a_birthday_today_comes_with_a_greeting_in_the_contacts_language(
        sqlite_app: Application) -> None:
    user = add_user(sqlite_app, "1", due_contacts=0)
    add_birthday(sqlite_app, user, "Maria Huber", 26, 11, language="de")
    add_birthday(sqlite_app, user, "Paul Klee", 28, 11)
    nudge = compose(sqlite_app, user, THURSDAY)
    assert nudge is not None
    main, draft = nudge.messages
    assert "Today is Maria Huber's birthday." in main.text
    assert "Birthdays in the next seven days:" in main.text
    assert "Paul Klee" in main.text
    assert draft.is_draft
    assert draft.text.startswith(("Happy birthday, Maria!",
                                                     "Alles Gute", "Guten Tag Frau Huber,"))


def test_a_deleted_user_composes_to_nothing(sqlite_app: Application) -> None:
    user = add_user(sqlite_app, "1")
    with SqlUnitOfWork(sqlite_app.sessions) as uow:
        uow.profiles.delete(user)
        uow.commit()
    assert compose_for(lambda: SqlUnitOfWork(sqlite_app.sessions), user, "daily",
                       THURSDAY) is None


def test_the_nudge_command_previews_without_claiming(
        sqlite_app: Application, clock: ControlledClock) -> None:
    clock.set(THURSDAY)
    identity = Identity("telegram", "1", language_hint="en", timezone_hint="Europe/Berlin")
    user = add_user(sqlite_app, "1", due_contacts=2)
    answer = sqlite_app.coach.handle(identity, "/nudge")
    assert "2 contacts are due" in answer.text
    assert NudgeStore(sqlite_app.sessions).deliveries(user) == []
    empty = sqlite_app.coach.handle(Identity("telegram", "2"), "/nudge")
    assert "Nothing for a nudge today" in empty.text
