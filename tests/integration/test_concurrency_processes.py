"""The concurrency promises with real OS processes, as several bot processes would run.

``test_concurrency.py`` races threads, each with an application of its own; here each
writer is a separate process (started with ``spawn``, so nothing is inherited: its own
interpreter, engine, pool and connections), which is how the issue's numbers were
measured: three processes each undoing 100 of 300 logs of one user, and three adding
the same 150 names.
"""

from __future__ import annotations

import multiprocessing
import queue
from datetime import date, timedelta
from typing import Any

import pytest

from adapters.bootstrap import Application, build
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ControlledClock
from tests.integration.test_concurrency import NOW, user

PROCESSES = 3
UNDOS_EACH = 100
# The 300 logs, plus older ones that stay, so the last contact left is tested.
UNDONE = PROCESSES * UNDOS_EACH
KEPT = 30
NAMES = 150
WAIT_SECONDS = 600


def _run(database_url: str, commands: list[str], barrier: Any, results: Any) -> None:
    """One process: its own application, the commands in order, the answers sent back."""
    try:
        app = build(database_url, ControlledClock(NOW), migrate=False)
        try:
            person = user("anna")
            barrier.wait(timeout=WAIT_SECONDS)
            answers = [app.coach.handle(person, command).text for command in commands]
        finally:
            app.close()
        results.put(("ok", answers))
    except BaseException as error:  # reported to the test, which fails with it
        results.put(("error", f"{type(error).__name__}: {error}"))


def run_in_processes(database_url: str, commands: list[str]) -> list[str]:
    """``commands`` run by each of three processes at once; all their answers."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    processes = [context.Process(target=_run, args=(database_url, commands, barrier, results))
                 for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    answers: list[str] = []
    errors: list[str] = []
    try:
        for _ in processes:
            status, payload = results.get(timeout=WAIT_SECONDS)
            if status == "ok":
                answers.extend(payload)
            else:
                errors.append(payload)
    except queue.Empty:
        errors.append("a writer process hung")
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    assert errors == []
    assert all(process.exitcode == 0 for process in processes)
    return answers


@pytest.fixture
def app(database_url: str) -> Any:
    application = build(database_url, ControlledClock(NOW))
    yield application
    application.close()


def test_three_processes_undoing_take_back_each_log_once_and_keep_contacts_consistent(
        app: Application, database_url: str) -> None:
    person = user("anna")
    names = ("Anna", "Peter", "Jörg")
    for name in ("Anna Schmidt", "Peter Lang", "Jörg Meier"):
        app.coach.handle(person, f"/add {name}")
    first_day = date(2025, 4, 1)
    for number in range(KEPT + UNDONE):
        day = first_day + timedelta(days=number)
        answer = app.coach.handle(person, f"/log {names[number % 3]} call {day.isoformat()}")
        assert answer.text.startswith("Logged"), answer.text

    answers = run_in_processes(database_url, ["/undo"] * UNDOS_EACH)

    taken_back = [a for a in answers if a.startswith("Taken back")]
    assert len(taken_back) == len(answers) == UNDONE
    assert len(set(taken_back)) == UNDONE, "one log was reported taken back twice"
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NOW)
        points = uow.touchpoints.all(profile.id)
        # The newest 300 went; the 30 oldest stay.
        assert sorted(p.at.date() for p in points) == [
            first_day + timedelta(days=n) for n in range(KEPT)]
        for contact in uow.contacts.list(profile.id):
            remaining = [p.at for p in points if p.contact_id == contact.id]
            assert contact.last_touch_at == max(remaining), contact.name


def test_three_processes_adding_the_same_names_add_each_once_and_ask_the_others(
        app: Application, database_url: str) -> None:
    app.coach.handle(user("anna"), "/help")

    answers = run_in_processes(database_url,
                               [f"/add Kontakt{n} Beispiel" for n in range(NAMES)])

    # A reply may open with a note that another process's open question was closed.
    added = [a for a in answers if "Added Kontakt" in a]
    asked = [a for a in answers if "is already in your contacts" in a]
    assert (len(added), len(asked)) == (NAMES, (PROCESSES - 1) * NAMES)
    with SqlUnitOfWork(app.sessions) as uow:
        profile, _ = uow.profiles.get_or_create("telegram", "anna", language="en",
                                                timezone="UTC", now=NOW)
        names = sorted(c.name for c in uow.contacts.list(profile.id))
        assert names == sorted(f"Kontakt{n} Beispiel" for n in range(NAMES))
