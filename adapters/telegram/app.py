"""Builds the python-telegram-bot Application around a coach: the one factory.

Nothing is created at import time; the CLI and the tests call
:func:`build_telegram_app` with their own coach and settings.
"""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.ext import AIORateLimiter, Application, ContextTypes

from adapters.config import Settings
from adapters.telegram.context import COACH_KEY, CoachApplication, CoachContext
from adapters.telegram.handlers import all_handlers, on_error
from coach.engine import Coach, bot_descriptions, command_menu

log = logging.getLogger(__name__)

# Telegram answers 429 with a wait time; the rate limiter waits and retries this often.
RATE_LIMIT_RETRIES = 3
MENU_LANGUAGES = ("de", "en")
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


def build_telegram_app(coach: Coach, settings: Settings) -> CoachApplication:
    """The Application with handlers, error handler, rate limiter and the coach in bot_data.

    There is no PTB Updater: updates arrive through :mod:`adapters.telegram.polling` or
    :mod:`adapters.telegram.webhook`, which both finish handling an update before it
    counts as received.
    """
    application: CoachApplication = (
        Application.builder()
        .token(bot_token(settings))
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .context_types(ContextTypes(context=CoachContext))
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .updater(None)
        .job_queue(None)
        .post_init(set_commands)
        .build()
    )
    application.bot_data[COACH_KEY] = coach
    application.add_handlers(all_handlers())
    application.add_error_handler(on_error)
    return application


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
