"""The App Home: the engine's dashboard as Block Kit, published with ``views.publish``.

It is published when the user opens the tab and after every change they make in
Slack, so it never shows a stale due list. Buttons beside each due contact run the
engine's own actions (Edit opens the contact form); the buttons at the top open the
forms for logging, adding a contact and settings.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from adapters.slack.blocks import BLOCKS_PER_MESSAGE, SlackBlock, message_blocks, notice
from adapters.slack.modals import modal_buttons
from adapters.slack.queries import query
from coach import home
from coach.engine import Coach
from coach.i18n import translator
from coach.model import Identity
from coach.replies import Reply
from coach.turn import Turn

# A Home view holds up to 100 blocks.
HOME_BLOCKS = 100


def home_view(board: Reply, language: str, notice_text: str | None = None) -> dict[str, Any]:
    t = translator(language)
    blocks: list[SlackBlock] = []
    for number, message in enumerate(board.messages):
        blocks.extend(message_blocks(message, prefix=f"h{number}.")[:BLOCKS_PER_MESSAGE])
    top: list[SlackBlock] = blocks[:1]
    if notice_text:
        top.append(notice(notice_text))
    top.append({"type": "actions", "block_id": "open_forms", "elements": modal_buttons(t)})
    return {"type": "home", "blocks": [*top, *blocks[1:]][:HOME_BLOCKS]}


class HomePublisher:
    def __init__(self, coach: Coach) -> None:
        self._coach = coach

    def publish(self, client: WebClient, identity: Identity, user_id: str,
                notice_text: str | None = None) -> None:
        def read(turn: Turn) -> tuple[Reply, str]:
            return home.dashboard(turn), turn.profile.language

        board, language = query(self._coach, identity, read)
        client.views_publish(user_id=user_id, view=home_view(board, language, notice_text))
