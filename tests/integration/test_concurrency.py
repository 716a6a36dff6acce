"""Two processes' worth of coaches writing to one database at the same time.

Each thread has an application of its own (its own engine and connections), as two
bot workers or a worker and a terminal session would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from adapters.bootstrap import Application, build
from coach.model import Identity
from coach.replies import Reply
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ControlledClock

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MESSAGES = 50


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(NOW)


def user(name: str) -> Identity:
    return Identity("telegram", name, language_hint="en", timezone_hint="Europe/Berlin")


def run_together(*jobs: Callable[[], None]) -> list[BaseException]:
    """Start all jobs at the same moment; the errors they raised."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return errors


def test_two_coaches_logging_at_once_lose_and_double_nothing(
        two_apps: tuple[Application, Application]) -> None:
    people = (user("anna"), user("bert"))
    replies: dict[str, list[Reply]] = {p.external_id: [] for p in people}
    for app, person in zip(two_apps, people, strict=True):
        app.coach.handle(person, "/add Clara Vogel close")

    def chat(app: Application, person: Identity) -> Callable[[], None]:
        def job() -> None:
            for number in range(MESSAGES):
                replies[person.external_id].append(app.coach.handle(
                    person, f"/add Kontakt{number} Beispiel",
                    update_key=f"{person.external_id}-add-{number}"))
                replies[person.external_id].append(app.coach.handle(
                    person, f"/log Kontakt{number} Beispiel call 5m",
                    update_key=f"{person.external_id}-log-{number}"))
        return job

    errors = run_together(*(chat(app, p) for app, p in zip(two_apps, people, strict=True)))

    assert errors == []
    for person in people:
        texts = [r.text for r in replies[person.external_id]]
        assert len(texts) == 2 * MESSAGES
        assert all(text.startswith(("Added Kontakt", "Logged: call with Kontakt"))
                   for text in texts), texts
    with SqlUnitOfWork(two_apps[0].sessions) as uow:
        for person in people:
            profile, created = uow.profiles.get_or_create(
                "telegram", person.external_id, language="en", timezone="UTC", now=NOW)
            assert not created
            names = [c.name for c in uow.contacts.list(profile.id)]
            assert sorted(names) == sorted(
                ["Clara Vogel", *(f"Kontakt{n} Beispiel" for n in range(MESSAGES))])
            points = uow.touchpoints.all(profile.id)
            assert len(points) == MESSAGES
            assert len({p.contact_id for p in points}) == MESSAGES


def test_an_update_delivered_to_two_coaches_at_once_is_handled_exactly_once(
        two_apps: tuple[Application, Application]) -> None:
    person = user("anna")
    two_apps[0].coach.handle(person, "/add Clara Vogel close")
    answered: list[tuple[int, str]] = []
    lock = threading.Lock()

    def worker(app: Application) -> Callable[[], None]:
        def job() -> None:
            for number in range(MESSAGES):
                answer = app.coach.handle(person, "/log Clara call 5m",
                                          update_key=f"update-{number}")
                if answer.text:
                    with lock:
                        answered.append((number, answer.text))
                    app.coach.delivered("telegram", f"update-{number}")
        return job

    errors = run_together(*(worker(app) for app in two_apps))

    assert errors == []
    # Each log is written once. Its answer goes out at least once: a copy that reads the
    # stored answer before the other reported it delivered sends it again, never a
    # different one (replies are at least once, see the README's promises).
    assert sorted(set(number for number, _ in answered)) == list(range(MESSAGES))
    assert all(text.startswith("Logged: call with Clara Vogel") for _, text in answered)
    first = {number: text for number, text in reversed(answered)}
    assert all(text == first[number] for number, text in answered)
    with SqlUnitOfWork(two_apps[1].sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NOW)
        assert uow.touchpoints.count(profile.id) == MESSAGES


@pytest.fixture
def three_apps(database_url: str, clock: ControlledClock) -> Iterator[tuple[Application, ...]]:
    apps = tuple(build(database_url, clock) for _ in range(3))
    yield apps
    for app in apps:
        app.close()


LOGS = 90
UNDOS_EACH = 20


def undoer(app: Application, who: Identity, answers: list[str]) -> Callable[[], None]:
    """A writer that sends /undo UNDOS_EACH times and collects the answers."""
    def job() -> None:
        for _ in range(UNDOS_EACH):
            answers.append(app.coach.handle(who, "/undo").text)  # list.append is atomic
    return job


def test_concurrent_undo_takes_back_each_log_once_and_keeps_contacts_consistent(
        three_apps: tuple[Application, ...]) -> None:
    person = user("anna")
    coach = three_apps[0].coach
    for name in ("Anna Schmidt", "Peter Lang", "Jörg Meier"):
        coach.handle(person, f"/add {name}")
    first_day = date(2025, 6, 1)
    for number in range(LOGS):
        name = ("Anna", "Peter", "Jörg")[number % 3]
        day = first_day + timedelta(days=number)
        assert coach.handle(person, f"/log {name} call {day.isoformat()}").text.startswith(
            "Logged")
    answers: list[str] = []
    errors = run_together(*(undoer(app, person, answers) for app in three_apps))

    assert errors == []
    taken_back = [a for a in answers if a.startswith("Taken back")]
    assert len(taken_back) == len(answers) == 3 * UNDOS_EACH
    assert len(set(taken_back)) == len(taken_back), "one log was reported twice"
    with SqlUnitOfWork(three_apps[0].sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NOW)
        points = uow.touchpoints.all(profile.id)
        assert len(points) == LOGS - 3 * UNDOS_EACH
        for contact in uow.contacts.list(profile.id):
            remaining = [p.at for p in points if p.contact_id == contact.id]
            assert contact.last_touch_at == max(remaining, default=None), contact.name


def test_a_linked_identity_and_its_owner_take_turns_too(
        three_apps: tuple[Application, ...]) -> None:
    """Slack beside Telegram: one person, one lock, whichever identity writes."""
    person = user("anna")
    linked = Identity("slack", "T1:U1", language_hint="en", timezone_hint="Europe/Berlin")
    coach = three_apps[0].coach
    coach.handle(person, "/add Anna Schmidt")
    for number in range(LOGS):
        day = date(2025, 6, 1) + timedelta(days=number)
        coach.handle(person, f"/log Anna call {day.isoformat()}")
    with SqlUnitOfWork(three_apps[0].sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NOW)
        uow.links.link("slack", "T1:U1", profile.id, NOW)
        uow.commit()
    answers: list[str] = []
    errors = run_together(undoer(three_apps[0], person, answers),
                          undoer(three_apps[1], linked, answers),
                          undoer(three_apps[2], linked, answers))

    assert errors == []
    taken_back = [a for a in answers if a.startswith("Taken back")]
    assert len(taken_back) == 3 * UNDOS_EACH
    assert len(set(taken_back)) == len(taken_back), "one log was reported twice"
    with SqlUnitOfWork(three_apps[0].sessions) as uow:
        assert len(uow.touchpoints.all(profile.id)) == LOGS - 3 * UNDOS_EACH


ADDS = 40


def test_concurrent_adds_of_the_same_names_ask_instead_of_doubling(
        three_apps: tuple[Application, ...]) -> None:
    person = user("anna")
    three_apps[0].coach.handle(person, "/help")
    answers: list[str] = []
    lock = threading.Lock()

    def adder(app: Application) -> Callable[[], None]:
        def job() -> None:
            for number in range(ADDS):
                text = app.coach.handle(person, f"/add Kontakt{number} Beispiel").text
                with lock:
                    answers.append(text)
        return job

    errors = run_together(*(adder(app) for app in three_apps))

    assert errors == []
    # A reply may open with a note that another thread's open question was closed.
    added = [a for a in answers if "Added Kontakt" in a]
    asked = [a for a in answers if "is already in your contacts" in a]
    assert (len(added), len(asked)) == (ADDS, 2 * ADDS)
    with SqlUnitOfWork(three_apps[0].sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NOW)
        names = sorted(c.name for c in uow.contacts.list(profile.id))
        assert names == sorted(f"Kontakt{n} Beispiel" for n in range(ADDS))
