"""Engine replies as Block Kit.

Texts go out as ``plain_text`` wherever Slack allows it, so a contact called
``*Anna* <!channel>`` arrives exactly as typed and can neither format nor ping anybody.
Button actions travel as the button's ``value``; the ``action_id`` only has to be unique
within a message and says which listener takes the tap.
"""

from __future__ import annotations

from typing import Any

from coach.replies import Button, Message

Block = dict[str, Any]

# Slack's limits: 3,000 characters per section text, 25 elements per actions block,
# 75 characters per button label, 2,000 characters per button value, 50 blocks per message.
SECTION_CHARS = 3000
ACTIONS_PER_BLOCK = 25
LABEL_CHARS = 75
VALUE_CHARS = 2000
BLOCKS_PER_MESSAGE = 50
ACTION_PREFIX = "coach."


def plain(text: str, limit: int = SECTION_CHARS) -> dict[str, Any]:
    return {"type": "plain_text", "text": _cut(text, limit) or " ", "emoji": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunks(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at line breaks if possible."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return [c for c in out if c.strip()]


def button(item: Button, action_id: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": plain(item.label, LABEL_CHARS),
            "value": item.action[:VALUE_CHARS]}


def message_blocks(message: Message) -> list[Block]:
    """One engine message as blocks: its text, then its button rows."""
    blocks: list[Block] = []
    if message.is_draft:
        blocks.append({"type": "rich_text", "elements": [
            {"type": "rich_text_quote", "elements": [{"type": "text", "text": message.text}]}]})
    else:
        blocks.extend({"type": "section", "text": plain(part)} for part in chunks(message.text))
    counter = 0
    for row in message.buttons:
        elements = []
        for item in row[:ACTIONS_PER_BLOCK]:
            elements.append(button(item, f"{ACTION_PREFIX}{counter}"))
            counter += 1
        if elements:
            blocks.append({"type": "actions", "elements": elements})
    return blocks[:BLOCKS_PER_MESSAGE]


def fallback_text(message: Message) -> str:
    """The notification and screen-reader text Slack wants next to the blocks."""
    return _cut(message.text, SECTION_CHARS) or " "
