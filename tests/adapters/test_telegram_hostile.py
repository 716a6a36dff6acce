"""Hostile Telegram input through the real adapter entry points (webhook and polling).

Whatever arrives, the bot answers no request with a traceback, writes either all of
an update or nothing, stores no control or bidi-override characters, and keeps serving.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from adapters.bootstrap import Application as CoachApp
from adapters.telegram.context import CoachApplication
from adapters.telegram.polling import poll_updates
from adapters.telegram.webhook import SECRET_HEADER, webhook_app
from storage.tables import ContactRow, ProcessedUpdateRow, RequestRow, TouchpointRow, UserRow
from tests.adapters.conftest import TelegramChat
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import (
    callback_update,
    forward_origin_hidden_user,
    forward_origin_user,
    message_update,
)

SECRET = "hostile-test-secret"
TABLES = (UserRow, ContactRow, TouchpointRow, RequestRow, ProcessedUpdateRow)
# FUZZ_EXAMPLES=400 for a longer hunt; the suite runs a quick sample.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def counts(coach_app: CoachApp) -> dict[str, int]:
    with coach_app.sessions() as session:
        return {table.__tablename__: int(session.scalar(
            select(func.count()).select_from(table)) or 0) for table in TABLES}


@pytest.fixture
async def client(telegram_app: CoachApplication) -> AsyncIterator[httpx.AsyncClient]:
    app = webhook_app(telegram_app, SECRET, manage_lifecycle=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http


async def test_control_characters_from_telegram_are_not_stored(
    chat: TelegramChat,
) -> None:
    await chat.say("/add An\x07na Sch\u202emidt", first_name="Dan\u202eiel\x07")
    await chat.process(message_update(
        "Hi, I would love to connect about your Munich projects.", user_id=chat.user_id,
        forward_origin=forward_origin_user(first_name="Mal\u202elory\x07", last_name="X")))
    await chat.process(message_update(
        "Hello, let us connect.", user_id=chat.user_id,
        forward_origin=forward_origin_hidden_user("Hid\u2066den\x1b")))

    with chat.coach_app.sessions() as session:
        names = list(session.scalars(select(ContactRow.name)))
        senders = sorted(session.scalars(select(RequestRow.sender_name)))
        display = list(session.scalars(select(UserRow.display_name)))
    assert names == ["Anna Schmidt"]
    assert senders == ["Hidden", "Mallory X"]
    assert display == ["Daniel"]


# --- fuzzing ---------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
TEXTS = st.sampled_from([
    "/add Anna Schmidt", "/log Anna call 20m", "/undo", "/due", "/export", "/forget",
    "/log Anna call 0001-01-01", "\x00\x07\u202e", "/start",
]) | st.text(max_size=60)
FIELDS = ["update_id", "message", "message.date", "message.from", "message.chat",
          "message.chat.id", "message.text", "message.entities", "message.forward_origin",
          "message.message_id", "callback_query", "callback_query.data",
          "callback_query.from", "callback_query.message"]


def base_update(kind: str, text: str, update_id: int) -> dict[str, Any]:
    if kind == "button":
        update = callback_update(text[:64], 1, user_id=4242)
    elif kind == "forward":
        update = message_update(text, user_id=4242, forward_origin=forward_origin_user())
    else:
        update = message_update(text, user_id=4242)
    update["update_id"] = update_id
    return update


def mutate(update: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    mutated = copy.deepcopy(update)
    *parents, last = path.split(".")
    node: Any = mutated
    for key in parents:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return mutated
        node = node[key]
    node[last] = value
    return mutated


@st.composite
def hostile_updates(draw: st.DrawFn, update_id: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["text", "button", "forward"]))
    update = base_update(kind, draw(TEXTS), update_id)
    for path in draw(st.lists(st.sampled_from(FIELDS[1:]), max_size=3)):
        update = mutate(update, path, draw(JSON))
    return update


BODIES = st.one_of(
    st.binary(max_size=200),
    JSON.map(lambda value: json.dumps(value).encode()),
    st.integers(1, 10**9).flatmap(hostile_updates).map(lambda u: json.dumps(u).encode()),
)


@FUZZ
@given(body=BODIES)
async def test_fuzzed_webhook_bodies_never_fail_and_junk_writes_nothing(
    client: httpx.AsyncClient, coach_app: CoachApp, body: bytes,
) -> None:
    before = counts(coach_app)
    errors: list[logging.LogRecord] = []
    handler = _Collect(errors)
    logging.getLogger().addHandler(handler)
    try:
        response = await client.post("/telegram", content=body,
                                     headers={SECRET_HEADER: SECRET})
    finally:
        logging.getLogger().removeHandler(handler)

    assert response.status_code in (200, 400), response.text
    assert errors == []
    if response.status_code == 400:
        assert counts(coach_app) == before


class _Collect(logging.Handler):
    """Keeps records at ERROR and above: a traceback anywhere is a finding."""

    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


POLL_FUZZ = settings(max_examples=max(EXAMPLES // 3, 5), deadline=None, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
_next_ids = iter(range(100_000, 10**9, 100))


@POLL_FUZZ
@given(data=st.data())
async def test_fuzzed_update_batches_never_stop_polling(
    api: FakeTelegramAPI, telegram_app: CoachApplication, coach_app: CoachApp,
    data: st.DataObject,
) -> None:
    first = next(_next_ids)
    batch = [data.draw(hostile_updates(first + n)) for n in range(data.draw(st.integers(1, 4)))]
    batch = [{**update, "update_id": first + n} for n, update in enumerate(batch)]
    good = first + len(batch)
    for update in batch:
        api.push_update(update)
    api.push_update(message_update("/help", user_id=777, update_id=good))
    errors: list[logging.LogRecord] = []
    handler = _Collect(errors)
    logging.getLogger().addHandler(handler)
    stop = asyncio.Event()
    try:
        polling = asyncio.create_task(poll_updates(telegram_app, stop, poll_seconds=1))
        await api.wait_until(lambda: (api.confirmed_offset or 0) > good,
                             what="the batch being confirmed")
        stop.set()
        await asyncio.wait_for(polling, 5)
    finally:
        logging.getLogger().removeHandler(handler)

    assert errors == []
    assert api.sent_messages(777), "the good update after the batch was not answered"
    with coach_app.sessions() as session:
        handled = set(session.scalars(select(ProcessedUpdateRow.key)))
    assert str(good) in handled
