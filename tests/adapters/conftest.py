"""Fixtures for the Telegram adapter: the fake Bot API, a real engine on SQLite, and a chat.

Everything goes through python-telegram-bot's real HTTP stack to ``FakeTelegramAPI`` on
127.0.0.1, and through the real engine on a temporary SQLite database with a fixed clock.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Update

from adapters.bootstrap import Application as CoachApp
from adapters.bootstrap import build
from adapters.config import Settings
from adapters.telegram.app import build_telegram_app, set_commands
from adapters.telegram.context import CoachApplication
from coach.model import Profile
from storage.unit_of_work import SqlUnitOfWork
from tests.adapters.slack_fixtures import *  # noqa: F403  (the Slack adapter's fixtures)
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_updates import DEFAULT_USER_ID, callback_update, message_update

# A Thursday, late in November.
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

_update_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB emits a PTBDeprecationWarning whenever it builds a RetryAfter, and
    # warnings are errors in this suite.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def coach_app(tmp_path: Any) -> Iterator[CoachApp]:
    app = build(f"sqlite:///{tmp_path}/coach.db", clock=lambda: NOW)
    yield app
    app.close()


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


def settings_for(api: FakeTelegramAPI) -> Settings:
    return Settings(telegram_bot_token=api.token, telegram_api_url=api.base_url,
                    telegram_file_url=api.base_file_url)


@pytest.fixture
async def telegram_app(api: FakeTelegramAPI,
                       coach_app: CoachApp) -> AsyncIterator[CoachApplication]:
    application = build_telegram_app(coach_app.coach, settings_for(api))
    async with application:
        await set_commands(application)
        yield application


class TelegramChat:
    """One Telegram user writing to the bot; returns what the bot sent back each time."""

    def __init__(self, api: FakeTelegramAPI, application: CoachApplication, coach_app: CoachApp,
                 *, user_id: int = DEFAULT_USER_ID, first_name: str = "Anna",
                 language: str = "de") -> None:
        self.api = api
        self.application = application
        self.coach_app = coach_app
        self.user_id = user_id
        self.first_name = first_name
        self.language = language

    async def process(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        """Process one update dict fully; the bot's sends to this chat that it caused."""
        update.setdefault("update_id", next(_update_ids))
        before = len(self.api.calls)
        parsed = Update.de_json(update, self.application.bot)
        assert parsed is not None
        await self.application.process_update(parsed)
        return [call for call in _sends(self.api.calls[before:])]

    async def say(self, text: str, **overrides: Any) -> list[dict[str, Any]]:
        options: dict[str, Any] = {"user_id": self.user_id, "first_name": self.first_name,
                                   "language_code": self.language}
        options.update(overrides)
        return await self.process(message_update(text, **options))

    async def press(self, data: str, message_id: int = 1, **overrides: Any) -> list[dict[str, Any]]:
        options: dict[str, Any] = {"user_id": self.user_id, "first_name": self.first_name,
                                   "language_code": self.language}
        options.update(overrides)
        return await self.process(callback_update(data, message_id, **options))

    def profile(self) -> Profile:
        with SqlUnitOfWork(self.coach_app.sessions) as uow:
            profile, _ = uow.profiles.get_or_create(
                "telegram", str(self.user_id), language="en", timezone="UTC", now=NOW)
            uow.commit()
            return profile

    def touchpoint_count(self) -> int:
        profile = self.profile()
        with SqlUnitOfWork(self.coach_app.sessions) as uow:
            return uow.touchpoints.count(profile.id)


SENDS = ("sendMessage", "sendPhoto", "sendDocument")
EDITS = ("editMessageText", "editMessageReplyMarkup")


def _sends(calls: list[Any]) -> list[dict[str, Any]]:
    """Accepted sends, edits and tap answers, in the shape of ``sent_messages``.

    ``message_id`` is the id of the message sent or edited, so a test can press a
    button under exactly that message.
    """
    out = []
    for call in calls:
        if call.method not in (*SENDS, *EDITS, "answerCallbackQuery") or not call.ok:
            continue
        upload = next(iter(call.files.values()), None)
        result = call.result if isinstance(call.result, dict) else {}
        out.append({
            "method": call.method,
            "chat_id": call.chat_id,
            "message_id": result.get("message_id", call.params.get("message_id")),
            "text": call.params.get("text", call.params.get("caption")),
            "parse_mode": call.params.get("parse_mode"),
            "reply_markup": call.params.get("reply_markup"),
            "file_name": upload.filename if upload else None,
            "content": upload.content if upload else None,
        })
    return out


@pytest.fixture
def chat(api: FakeTelegramAPI, telegram_app: CoachApplication,
         coach_app: CoachApp) -> TelegramChat:
    """A German-speaking user."""
    return TelegramChat(api, telegram_app, coach_app)


@pytest.fixture
def english_chat(api: FakeTelegramAPI, telegram_app: CoachApplication,
                 coach_app: CoachApp) -> TelegramChat:
    return TelegramChat(api, telegram_app, coach_app, user_id=515151, first_name="Daniel",
                        language="en")
