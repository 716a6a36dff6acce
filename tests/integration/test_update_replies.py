"""A redelivered update whose reply never reached the user gets that reply, not a rerun.

These play the crash between commit and send with the engine alone: handle an update,
do not report it delivered (the process "died"), and hand the same update in again,
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.bootstrap import Application
from adapters.scheduler import NudgeWorker
from coach.actions import decode
from coach.model import Identity
from storage.nudges import NudgeStore
from storage.tables import ProcessedUpdateRow, TouchpointRow
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ControlledClock

ANNA = Identity("telegram", "7001", display_name="Dana", language_hint="en",
                timezone_hint="Europe/Berlin")


def touchpoints(app: Application) -> int:
    with app.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(TouchpointRow)) or 0)


def kept_replies(app: Application) -> int:
    with app.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(ProcessedUpdateRow)
                                  .where(ProcessedUpdateRow.reply.is_not(None))) or 0)


def test_an_undelivered_reply_is_sent_again_and_the_command_runs_once(
        app: Application) -> None:
    app.coach.handle(ANNA, "/add Anna Schmidt", update_key="1")
    app.coach.delivered("telegram", "1")
    first = app.coach.handle(ANNA, "/log Anna call 20m", update_key="2")
    assert "Anna Schmidt" in first.text

    again = app.coach.handle(ANNA, "/log Anna call 20m", update_key="2")

    assert again == first
    assert touchpoints(app) == 1


def test_a_delivered_reply_is_not_sent_again(app: Application) -> None:
    app.coach.handle(ANNA, "/add Anna Schmidt", update_key="1")
    app.coach.delivered("telegram", "1")
    assert kept_replies(app) == 0

    again = app.coach.handle(ANNA, "/add Anna Schmidt", update_key="1")

    assert again.text == ""
    assert not again.messages


def test_a_refused_command_keeps_its_answer_too(app: Application) -> None:
    refused = app.coach.handle(ANNA, "/log Nobody call 20m", update_key="5")
    assert refused.text

    assert app.coach.handle(ANNA, "/log Nobody call 20m", update_key="5") == refused
    assert touchpoints(app) == 0


def test_buttons_and_charts_come_back_working(app: Application) -> None:
    app.coach.handle(ANNA, "/add Anna Schmidt", update_key="1")
    app.coach.handle(ANNA, "/log Anna call 20m", update_key="2")
    week = app.coach.handle(ANNA, "/week", update_key="3")
    due = app.coach.handle(ANNA, "/contact Anna", update_key="4")

    assert app.coach.handle(ANNA, "/week", update_key="3") == week
    assert week.charts
    assert week.charts[0].data.weeks
    again = app.coach.handle(ANNA, "/contact Anna", update_key="4")
    assert again == due
    # The buttons of the resent card still do what they did.
    assert again.buttons
    assert all(decode(b.value) == b.action for b in again.buttons)


def test_an_export_redelivered_asks_for_export_again_in_the_users_language(
        app: Application) -> None:
    german = Identity("telegram", "7002", language_hint="de", timezone_hint="Europe/Berlin")
    app.coach.handle(german, "/start", update_key="10")
    app.coach.delivered("telegram", "10")
    export = app.coach.handle(german, "/export", update_key="11")
    assert export.files

    again = app.coach.handle(german, "/export", update_key="11")

    assert not again.files
    assert "/exportieren" in again.text
    assert again.text.startswith(export.text)


def test_a_tap_redelivered_gets_its_popup_and_replacement_again(app: Application) -> None:
    app.coach.handle(ANNA, "/add Anna Schmidt", update_key="1")
    card = app.coach.handle(ANNA, "/contact Anna", update_key="2")
    button = card.buttons[0]
    tapped = app.coach.press(ANNA, button.value, update_key="3")

    again = app.coach.press(ANNA, button.value, update_key="3")

    assert again == tapped
    assert again.replace == tapped.replace
    assert again.popup == tapped.popup


def test_delivered_clears_only_its_own_update(app: Application) -> None:
    other = Identity("telegram", "7003", language_hint="en")
    app.coach.handle(ANNA, "/help", update_key="20")
    app.coach.handle(other, "/help", update_key="21")
    assert kept_replies(app) == 2

    app.coach.delivered("telegram", "20")

    assert kept_replies(app) == 1
    assert app.coach.handle(other, "/help", update_key="21").text
    assert app.coach.handle(ANNA, "/help", update_key="20").text == ""


def test_a_noted_delivery_holds_at_once_here_and_in_other_processes_once_written(
        two_apps: tuple[Application, Application]) -> None:
    here, elsewhere = two_apps
    first = here.coach.handle(ANNA, "/help", update_key="30")
    assert first.text

    here.coach.note_delivered("telegram", "30")

    # This process knows at once; the database (another process) only once written.
    assert here.coach.handle(ANNA, "/help", update_key="30").text == ""
    assert kept_replies(here) == 1
    assert elsewhere.coach.handle(ANNA, "/help", update_key="30") == first

    here.coach.write_deliveries()

    assert kept_replies(here) == 0
    assert elsewhere.coach.handle(ANNA, "/help", update_key="30").text == ""


def test_the_next_updates_commit_writes_the_deliveries_noted_before_it(
        two_apps: tuple[Application, Application]) -> None:
    here, elsewhere = two_apps
    here.coach.handle(ANNA, "/help", update_key="50")
    here.coach.note_delivered("telegram", "50")

    here.coach.handle(ANNA, "/due", update_key="51")  # no write of its own

    assert kept_replies(here) == 1  # only 51's, until it is delivered
    assert elsewhere.coach.handle(ANNA, "/help", update_key="50").text == ""


def test_closing_the_application_writes_noted_deliveries(
        two_apps: tuple[Application, Application]) -> None:
    here, elsewhere = two_apps
    for key in ("40", "41"):
        here.coach.handle(ANNA, "/help", update_key=key)
        here.coach.note_delivered("telegram", key)

    here.close()

    assert kept_replies(elsewhere) == 0
    assert elsewhere.coach.handle(ANNA, "/help", update_key="41").text == ""


def handled_updates(app: Application) -> set[str]:
    with app.sessions() as session:
        return set(session.scalars(select(ProcessedUpdateRow.key)))


async def test_the_worker_forgets_handled_updates_after_a_week_and_only_then(
        app: Application, clock: ControlledClock) -> None:
    app.coach.handle(ANNA, "/add Anna Schmidt", update_key="old")  # its reply never sent
    clock.advance(days=5)
    app.coach.handle(ANNA, "/due", update_key="recent")
    worker = NudgeWorker(NudgeStore(app.sessions), lambda: SqlUnitOfWork(app.sessions),
                         {}, clock, process_id="pruner")
    clock.advance(days=3)  # "old" is eight days old, "recent" three

    await worker.tick()

    assert handled_updates(app) == {"recent"}
    clock.advance(days=5)
    await worker.tick()
    assert handled_updates(app) == set()
