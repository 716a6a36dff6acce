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

from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from adapters.chat import SendFailed, Unreachable
from adapters.config import Settings
from adapters.slack.delivery import SlackUnreachable, send_to_user
from adapters.slack.identity import split_external_id
from adapters.slack.workspaces import ClientFor, workspace_clients
from coach.replies import Reply

log = logging.getLogger(__name__)


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
    """The worker's Slack sender for these settings, or None when Slack is not configured."""
    clients = workspace_clients(settings, database)
    return SlackSender(clients) if clients is not None else None
