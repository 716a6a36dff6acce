"""A full disk or a read-only database: the user is told, the operator warned, the bot
keeps serving, and nothing half-written stays behind."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select

from storage.tables import ContactRow, TouchpointRow
from tests.adapters.conftest import TelegramChat

FULL_EN = ("I cannot save anything right now because my storage is full or read-only. "
           "The operator has been told. Nothing was changed.")


def rows(chat: TelegramChat) -> tuple[int, int]:
    with chat.coach_app.sessions() as session:
        return (int(session.scalar(select(func.count()).select_from(ContactRow)) or 0),
                int(session.scalar(select(func.count()).select_from(TouchpointRow)) or 0))


def on_every_connection(chat: TelegramChat, pragma: Callable[[Any], str]) -> Callable[[], None]:
    """Run a PRAGMA on every new connection; returns the undo."""
    engine = chat.coach_app.engine

    def apply(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute(pragma(connection))
        cursor.close()

    event.listen(engine, "connect", apply)
    engine.dispose()

    def undo() -> None:
        event.remove(engine, "connect", apply)
        engine.dispose()
    return undo


def no_room(connection: Any) -> str:
    cursor = connection.cursor()
    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
    cursor.close()
    return f"PRAGMA max_page_count = {pages}"


async def fill_until_refused(chat: TelegramChat) -> tuple[str, tuple[int, int]]:
    """Log long notes until the database refuses one; its answer and the rows before it."""
    for _ in range(200):
        counted = rows(chat)
        sends = await chat.say("/log Anna call 20m " + "secret lunch notes " * 100)
        if not sends[-1]["text"].startswith("Logged"):
            return sends[-1]["text"], counted
    raise AssertionError("the database never filled up")


@pytest.mark.parametrize(("fault", "pragma", "card_starts"), [
    ("disk full", no_room, "Anna Schmidt"),
    ("read-only", lambda _connection: "PRAGMA query_only = 1", FULL_EN),
])
async def test_a_full_or_read_only_database_is_explained_and_nothing_half_written(
    english_chat: TelegramChat, caplog: pytest.LogCaptureFixture, fault: str,
    pragma: Callable[[Any], str], card_starts: str,
) -> None:
    chat = english_chat
    await chat.say("/add Anna Schmidt close")
    undo = on_every_connection(chat, pragma)
    try:
        with caplog.at_level(logging.INFO, logger="storage"), \
                caplog.at_level(logging.INFO, logger="coach"):
            refused, before = await fill_until_refused(chat)
            added = await chat.say("/log Anna call 20m " + "secret lunch notes " * 100)
            reading = await chat.say("/contact Anna")
            unchanged = rows(chat)
    finally:
        undo()
    after = await chat.say("/log Anna call 20m")

    assert (refused, added[-1]["text"]) == (FULL_EN, FULL_EN)
    assert unchanged == before
    # A full disk still serves reads; a read-only file cannot even record that an
    # update was handled, so it refuses everything, with the same clear answer.
    assert re.sub(r"</?b>", "", reading[0]["text"]).startswith(card_starts)
    assert after[-1]["text"].startswith("Logged: call with Anna Schmidt")
    operator = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert operator, "the operator was not told"
    assert all("cannot be written" in r.getMessage() for r in operator)
    assert not any("secret lunch" in r.getMessage() or "Anna" in r.getMessage()
                   for r in caplog.records)
