"""Sending engine replies to one Slack user: privately, and never into a channel.

Answers to a slash command, a tap on a message or the shortcut go to the payload's
``response_url`` as ephemeral messages, which only the user sees. Everything else
(taps in the App Home, files, charts, nudges) goes to the user's direct messages with
the app, opened with ``conversations.open``. An error that means the user cannot be
reached any more (they were deactivated, the app was uninstalled, the DM is closed)
marks the user unreachable, like a blocked Telegram user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import reply_messages
from coach.replies import Chart, Reply

log = logging.getLogger(__name__)

# Draws a chart as PNG bytes (None for a kind it cannot draw).
Draw = Callable[[Chart], "bytes | None"]

# Web API errors after which messages to this user cannot arrive.
UNREACHABLE_ERRORS = frozenset({
    "account_inactive", "user_not_found", "cannot_dm_bot", "user_disabled",
    "channel_not_found", "is_archived", "not_in_channel", "invalid_auth", "token_revoked",
    "user_not_visible", "messages_tab_disabled",
})


class SlackUnreachable(Exception):
    """Slack refuses messages to this user; the error code says why."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def unreachable_error(error: SlackApiError) -> str | None:
    code = str(error.response.get("error", "")) if error.response is not None else ""
    return code if code in UNREACHABLE_ERRORS else None


def respond_reply(respond: Respond, answer: Reply, *, from_tap: bool = False) -> None:
    """The reply's messages as ephemeral responses.

    After a tap on a message, a reply that ``replace``-s it edits that message in
    place (its buttons go with it, so a used button cannot be pressed again).
    """
    for number, (text, blocks) in enumerate(reply_messages(answer)):
        options: dict[str, Any] = {"response_type": "ephemeral"}
        if from_tap:
            options["replace_original"] = number == 0 and answer.replace
        respond(text=text, blocks=blocks, **options)


def open_dm(client: WebClient, user_id: str) -> str:
    """The channel id of the app's DM with ``user_id``; raises :class:`SlackUnreachable`."""
    try:
        response = client.conversations_open(users=user_id)
    except SlackApiError as error:
        code = unreachable_error(error)
        if code:
            raise SlackUnreachable(code) from error
        raise
    channel = response.get("channel") or {}
    return str(channel.get("id", ""))


def post_reply(client: WebClient, channel: str, answer: Reply,
               draw: Draw | None = None) -> None:
    """Post every message, then charts and files, into a DM channel."""
    try:
        for text, blocks in reply_messages(answer):
            client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                    unfurl_links=False, unfurl_media=False)
        upload_attachments(client, channel, answer, draw)
    except SlackApiError as error:
        code = unreachable_error(error)
        if code:
            raise SlackUnreachable(code) from error
        raise


def upload_attachments(client: WebClient, channel: str, answer: Reply,
                       draw: Draw | None = None) -> None:
    """Files (the export) and drawn charts, uploaded into the DM with ``files_upload_v2``;
    a chart carries its title, its caption and its alt text for screen readers."""
    for attachment in answer.files:
        client.files_upload_v2(channel=channel, content=attachment.content,
                               filename=attachment.filename, title=attachment.filename,
                               initial_comment=attachment.caption or None)
    if draw is None:
        return
    for chart in answer.charts:
        png = draw(chart)
        if png is None:
            continue
        client.files_upload_v2(channel=channel, content=png, filename=f"{chart.kind}.png",
                               title=chart.title, alt_txt=chart.alt_text[:1000],
                               initial_comment=chart.caption or None)


def send_to_user(client: WebClient, user_id: str, answer: Reply,
                 draw: Draw | None = None) -> None:
    """Open the DM and post the reply there."""
    post_reply(client, open_dm(client, user_id), answer, draw)
