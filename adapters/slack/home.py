"""The App Home: the dashboard as Block Kit, published with ``views.publish``.

It is published when the user opens the tab and after every change they make in
Slack, so it never shows a stale due list. Buttons beside each due contact run the
engine's own actions; the buttons at the top open the modals.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from adapters.slack.blocks import ACTION_PREFIX, Block, button, plain
from adapters.slack.modals import OPEN_PREFIX, modal_buttons
from adapters.slack.queries import query
from coach import forms, home
from coach.engine import Coach
from coach.i18n import translator
from coach.model import Identity

BAR_CELLS = 10


def progress_bar(spent: int, budget: int) -> tuple[str, int]:
    """A text bar (Slack has no progress widget) and the percentage it shows."""
    percent = round(100 * spent / budget) if budget > 0 else 100
    filled = min(BAR_CELLS, percent * BAR_CELLS // 100)
    return "▰" * filled + "▱" * (BAR_CELLS - filled), percent


def home_view(board: home.Dashboard, notice: str | None = None) -> dict[str, Any]:
    t = translator(board.language)
    blocks: list[Block] = [{"type": "header", "text": plain(t._(home.TITLE), 150)}]
    if notice:
        blocks.append({"type": "context", "elements": [plain(notice)]})
    blocks.append({"type": "actions", "block_id": "open_modals",
                   "elements": modal_buttons(t)})
    bar, percent = progress_bar(board.spent_minutes, board.budget_minutes)
    blocks.append({"type": "section", "text": plain(
        f"{t._(home.WEEK_TITLE)}\n{bar}  " + t._(home.WEEK_LINE).format(
            spent=board.spent_minutes, budget=board.budget_minutes, percent=percent))})
    blocks.append({"type": "divider"})
    blocks.append({"type": "header", "text": plain(t._(home.DUE_TITLE), 150)})
    if not board.due:
        blocks.append({"type": "section", "text": plain(t._(home.NOBODY_DUE))})
    for number, item in enumerate(board.due):
        blocks.append({"type": "section", "block_id": f"due_{item.contact_id}",
                       "text": plain(item.line)})
        elements = [button(b, f"{ACTION_PREFIX}home.{number}.{index}")
                    for index, b in enumerate(item.buttons)]
        elements.append({"type": "button", "action_id": f"{OPEN_PREFIX}edit.{number}",
                         "text": plain(t._(forms.EDIT), 75), "value": str(item.contact_id)})
        blocks.append({"type": "actions", "elements": elements})
    if board.due_total > len(board.due):
        blocks.append({"type": "context", "elements": [plain(t._(home.MORE_DUE).format(
            count=board.due_total - len(board.due)))]})
    blocks.append({"type": "divider"})
    blocks.append({"type": "section", "text": plain(
        t._(home.BIRTHDAYS_TITLE) + "\n" + ("\n".join(f"• {b}" for b in board.birthdays)
                                            or t._(home.NO_BIRTHDAYS)))})
    blocks.append({"type": "section", "text": plain(
        t._(home.REQUESTS_TITLE) + "\n" + ("\n".join(f"• {r}" for r in board.open_requests)
                                           or t._(home.NO_REQUESTS)))})
    return {"type": "home", "blocks": blocks}


class HomePublisher:
    def __init__(self, coach: Coach) -> None:
        self._coach = coach

    def publish(self, client: WebClient, identity: Identity, user_id: str,
                notice: str | None = None) -> None:
        board = query(self._coach, identity, home.dashboard)
        client.views_publish(user_id=user_id, view=home_view(board, notice))
