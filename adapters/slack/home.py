"""The App Home: the engine's dashboard as Block Kit, published with ``views.publish``.

It is published when the user opens the tab and after every change they make, in Slack
or on a linked platform (:class:`HomeSync`), so it never shows a stale due list.
Buttons beside each due contact run the engine's own actions (Edit opens the contact
form); the buttons at the top open the forms for logging, adding a contact and
settings.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_sdk import WebClient

from adapters.slack.blocks import BLOCKS_PER_MESSAGE, SlackBlock, message_blocks, notice
from adapters.slack.identity import PLATFORM, split_external_id
from adapters.slack.modals import modal_buttons
from adapters.slack.queries import query
from adapters.slack.workspaces import ClientFor
from coach import home
from coach.engine import Coach
from coach.i18n import translator
from coach.model import Identity
from coach.replies import Reply
from coach.turn import Turn

log = logging.getLogger(__name__)

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

        board, language = query(self._coach, identity, read, reading=True)
        client.views_publish(user_id=user_id, view=home_view(board, language, notice_text))


class HomeSync:
    """Republishes the App Home of every Slack identity of a network after it changed.

    The engine tells :meth:`changed` after each committed turn, from whichever platform
    (a ``/log`` in Telegram by a user linked to Slack). Drawing and publishing happen on
    a worker thread of this class, never on the reply path, so a slow or unreachable
    Slack cannot delay the Telegram answer; failures are logged by type only. Changes
    that arrive while a refresh of the same network is still waiting are folded into it.
    The Slack identity that acted is left out: its own listener refreshes its Home.
    """

    def __init__(self, coach: Coach, clients: ClientFor) -> None:
        self._coach = coach
        self._clients = clients
        self._publisher = HomePublisher(coach)
        self._lock = threading.Lock()
        # Network (profile id) → the Slack identities to leave out of its refresh.
        self._waiting: dict[int, set[str]] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slack-home")

    def changed(self, user_id: int, platform: str, external_id: str) -> None:
        acting = {external_id} if platform == PLATFORM else set()
        with self._lock:
            waiting = self._waiting.get(user_id)
            if waiting is not None:
                waiting &= acting
                return
            self._waiting[user_id] = acting
        self._worker.submit(self._refresh, user_id)

    def _refresh(self, user_id: int) -> None:
        with self._lock:
            skip = self._waiting.pop(user_id, set())
        try:
            identities = self._coach.identities_of(user_id)
        except Exception as error:
            log.warning("reading the slack identities of a network failed: %s",
                        type(error).__name__)
            return
        for platform, external_id in identities:
            if platform != PLATFORM or external_id in skip:
                continue
            team_id, slack_user = split_external_id(external_id)
            try:
                client = self._clients(team_id)
                if client is not None:
                    self._publisher.publish(client, Identity(PLATFORM, external_id),
                                            slack_user)
            except Exception as error:
                log.warning("refreshing a slack app home failed: %s", type(error).__name__)
                log.debug("the failed app home refresh", exc_info=True)

    def close(self, *, wait: bool = True) -> None:
        """Finish (or with ``wait=False`` drop) the refreshes still waiting."""
        self._worker.shutdown(wait=wait, cancel_futures=not wait)
