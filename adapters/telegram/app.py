"""Builds the python-telegram-bot Application around a coach: the one factory.

Nothing is created at import time; the CLI and the tests call
:func:`build_telegram_app` with their own coach and settings.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, BaseRateLimiter, ContextTypes

from adapters.chat import DeliveryReports
from adapters.config import Settings
from adapters.telegram.concurrency import PerUserUpdateProcessor, prefer_responsiveness
from adapters.telegram.context import (
    COACH_KEY,
    DELIVERIES_KEY,
    CoachApplication,
    CoachContext,
)
from adapters.telegram.handlers import all_handlers, on_error
from adapters.telegram.retry import RetryingLimiter
from coach.engine import Coach, bot_descriptions, command_menu

log = logging.getLogger(__name__)

# Telegram answers 429 with a wait time; the rate limiter waits and retries this often.
RATE_LIMIT_RETRIES = 3
MENU_LANGUAGES = ("de", "en")
GET_UPDATES_CONNECTIONS = 2
# Updates the coach reacts to; Telegram does not send the others at all.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# Telegram's limits for the description shown before the first chat, and the short one.
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120


class MissingToken(RuntimeError):
    """TELEGRAM_BOT_TOKEN is not set; raised before anything talks to Telegram."""


def bot_token(settings: Settings) -> str:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise MissingToken("TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and "
                           "put its token into the environment or .env.")
    return token.strip()


def build_telegram_app(coach: Coach, settings: Settings, *,
                       rate_limiter: BaseRateLimiter[int] | None = None) -> CoachApplication:
    """The Application with handlers, error handler, rate limiter and the coach in bot_data.

    There is no PTB Updater: updates arrive through :mod:`adapters.telegram.polling` or
    :mod:`adapters.telegram.webhook`, which both finish handling an update before it
    counts as received, and hand it over with :func:`handle_update` so that different
    users are served concurrently. ``rate_limiter`` replaces the default one, e.g. to
    share Telegram's send budget with the nudge worker in the same process; either way
    a request Telegram certainly did not process is retried (:mod:`adapters.telegram.retry`).
    """
    prefer_responsiveness()
    application: CoachApplication = (
        Application.builder()
        .token(bot_token(settings))
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .context_types(ContextTypes(context=CoachContext))
        .rate_limiter(RetryingLimiter(rate_limiter
                                      or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)))
        .concurrent_updates(PerUserUpdateProcessor())
        # A stop cancels the long poll in flight; the confirmation of the last updates
        # that follows must not wait for that connection to be torn down.
        .get_updates_connection_pool_size(GET_UPDATES_CONNECTIONS)
        .updater(None)
        .job_queue(None)
        .post_init(set_commands)
        .build()
    )
    application.bot_data[COACH_KEY] = coach
    application.bot_data[DELIVERIES_KEY] = DeliveryReports(coach)
    application.add_handlers(all_handlers())
    application.add_error_handler(on_error)
    return application


async def handle_update(application: CoachApplication, update: Update) -> None:
    """Process one update through the application's update processor.

    ``Application.process_update`` alone would skip the processor, and with it the
    guarantee that one user's updates are handled in the order they arrived.
    """
    await application.update_processor.process_update(update, application.process_update(update))


async def set_commands(application: CoachApplication) -> None:
    """The command menu and the bot's self-description, in German, English, and English
    for every other language."""
    bot = application.bot
    for language in (*MENU_LANGUAGES, ""):
        code = language or None
        await bot.set_my_commands(_menu(language or "en"), language_code=code)
        description, short = bot_descriptions(language or "en")
        await bot.set_my_description(description[:MAX_DESCRIPTION], language_code=code)
        await bot.set_my_short_description(short[:MAX_SHORT_DESCRIPTION], language_code=code)


def _menu(language: str) -> list[BotCommand]:
    return [BotCommand(name, description[:256]) for name, description in command_menu(language)]
