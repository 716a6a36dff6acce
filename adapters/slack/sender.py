"""Sends scheduled nudges as DMs from the app: 429 is waited out, a gone user is
unreachable.

The worker hands over ``(platform, external_id, reply)``; the external id carries the
workspace (``T0123:U0456``), which picks the bot token: the one token of a
single-workspace install, or the team's bot from the OAuth installation store. The DM
is opened with ``conversations.open`` and each engine message posted with
``chat.postMessage``. A 429, a 500 or 503 and a refused connection are retried by the
client (:mod:`adapters.slack.retry`: Slack did not take the message, so a retry cannot
duplicate it); a timeout or a dropped connection is not, because twice is worse than
once missed, and the claim in :mod:`storage.nudges` records what happened.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine

from adapters.config import Settings
from adapters.scheduler import Unreachable
from adapters.slack.app import web_client
from adapters.slack.delivery import SlackUnreachable, send_to_user
from adapters.slack.identity import split_external_id
from coach.replies import Reply

log = logging.getLogger(__name__)


class SendFailed(Exception):
    """Slack refused the nudge for a reason other than an unreachable user."""


ClientFor = Callable[[str], WebClient | None]


def single_workspace(settings: Settings) -> ClientFor:
    """One bot token for every team id (the simple install)."""
    token = settings.slack_bot_token.get_secret_value().strip() \
        if settings.slack_bot_token else ""
    client = web_client(settings, token)
    return lambda team_id: client


def installed_workspaces(settings: Settings, store: InstallationStore) -> ClientFor:
    """The bot token of each team from the OAuth installation store; None when the app
    is no longer installed there."""

    def client_for(team_id: str) -> WebClient | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            return None
        return web_client(settings, bot.bot_token)

    return client_for


class SlackSender:
    """The :class:`adapters.scheduler.Sender` for Slack."""

    def __init__(self, clients: ClientFor) -> None:
        self._clients = clients

    async def send(self, identity_platform: str, external_id: str, reply: Reply) -> None:
        await asyncio.to_thread(self._send, external_id, reply)

    def _send(self, external_id: str, reply: Reply) -> None:
        team_id, user_id = split_external_id(external_id)
        client = self._clients(team_id)
        if client is None:
            raise Unreachable("app not installed in the workspace")
        try:
            send_to_user(client, user_id, reply)
        except SlackUnreachable as error:
            raise Unreachable(error.error) from error
        except SlackApiError as error:
            code = error.response.get("error") if error.response is not None else None
            log.warning("slack refused a nudge: %s", code)
            raise SendFailed(str(code)) from error


def slack_sender(settings: Settings, database: Engine) -> SlackSender | None:
    """The worker's Slack sender for these settings: per-team tokens from the OAuth
    installation store, the one bot token, or None when Slack is not configured."""
    from adapters.slack.app import uses_oauth

    if uses_oauth(settings):
        from adapters.slack.oauth import stores

        installations, _ = stores(settings.slack_client_id or "", database)
        return SlackSender(installed_workspaces(settings, installations))
    if settings.slack_bot_token and settings.slack_bot_token.get_secret_value().strip():
        return SlackSender(single_workspace(settings))
    return None
