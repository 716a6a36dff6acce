"""A reply as JSON, so it can wait in the database until the platform has it.

The engine stores the answer to an update in the same transaction as the update's
claim (see :meth:`coach.engine.Coach.delivered`): a bot killed after the commit and
before the send finds it there after the restart and sends it then, instead of
leaving the user without an answer. So everything a user sees must survive the trip:
every block kind, buttons (through the one action encoding of :mod:`coach.actions`),
charts as their data (the adapter draws the picture again), the popup and the
replace flag.

Files are not stored: an export can be megabytes, and it is made again in a moment.
The engine puts a note in their place before encoding (see
:func:`without_files`); :func:`encode_reply` refuses a reply that still has files
rather than dropping them silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from coach.actions import decode, encode
from coach.handlers.reports import NetworkChart, WeekChart
from coach.model import Channel, Circle
from coach.replies import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Chart,
    Confirmation,
    Draft,
    Fields,
    Heading,
    Item,
    ItemList,
    Message,
    Paragraph,
    Progress,
    Reply,
)

VERSION = 1


class UnreadableReply(ValueError):
    """A stored reply that this version of the coach cannot read back."""


def without_files(answer: Reply, note: Callable[[], str]) -> Reply:
    """``answer`` ready to store: files replaced by one paragraph of ``note()``."""
    if not answer.files:
        return answer
    return Reply((*answer.messages, Message((Paragraph(note()),))), answer.charts, (),
                 answer.replace, answer.popup)


def encode_reply(answer: Reply) -> str:
    """The reply as compact JSON; it must not hold files (see :func:`without_files`)."""
    if answer.files:
        raise ValueError("files are not stored; replace them with a note first")
    document: dict[str, Any] = {"v": VERSION,
                                "messages": [[_block(b) for b in m.blocks]
                                             for m in answer.messages]}
    if answer.charts:
        document["charts"] = [_chart(c) for c in answer.charts]
    if answer.replace:
        document["replace"] = True
    if answer.popup is not None:
        document["popup"] = answer.popup
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def decode_reply(stored: str) -> Reply:
    """The reply :func:`encode_reply` wrote; :class:`UnreadableReply` for anything else."""
    try:
        document = json.loads(stored)
        if document.get("v") != VERSION:
            raise UnreadableReply(f"stored reply version {document.get('v')!r}")
        return Reply(
            messages=tuple(Message(tuple(_read_block(b) for b in blocks))
                           for blocks in document["messages"]),
            charts=tuple(_read_chart(c) for c in document.get("charts", ())),
            replace=bool(document.get("replace", False)),
            popup=document.get("popup"),
        )
    except UnreadableReply:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadableReply(type(error).__name__) from None


# --- blocks ------------------------------------------------------------------------------

def _button(button: Button) -> dict[str, Any]:
    out: dict[str, Any] = {"label": button.label, "action": encode(button.action)}
    if button.style is not ButtonStyle.DEFAULT:
        out["style"] = button.style.value
    if button.confirm is not None:
        c = button.confirm
        out["confirm"] = [c.title, c.text, c.yes, c.no]
    return out


def _read_button(data: dict[str, Any]) -> Button:
    confirm = data.get("confirm")
    return Button(data["label"], decode(data["action"]), ButtonStyle(data.get("style",
                                                                              "default")),
                  Confirmation(*confirm) if confirm is not None else None)


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"k": "heading", "text": block.text}
    if isinstance(block, Paragraph):
        return {"k": "paragraph", "text": block.text}
    if isinstance(block, ItemList):
        return {"k": "list", "numbered": block.numbered,
                "items": [{"text": i.text, "detail": i.detail,
                           "buttons": [_button(b) for b in i.buttons]} for i in block.items]}
    if isinstance(block, Fields):
        return {"k": "fields", "rows": [list(row) for row in block.rows]}
    if isinstance(block, Draft):
        return {"k": "draft", "text": block.text, "label": block.label}
    if isinstance(block, Buttons):
        return {"k": "buttons", "rows": [[_button(b) for b in row] for row in block.rows]}
    return {"k": "progress", "done": block.done, "total": block.total, "label": block.label}


def _read_block(data: dict[str, Any]) -> Block:
    kind = data["k"]
    if kind == "heading":
        return Heading(data["text"])
    if kind == "paragraph":
        return Paragraph(data["text"])
    if kind == "list":
        return ItemList(tuple(Item(i["text"], i["detail"],
                                   tuple(_read_button(b) for b in i["buttons"]))
                              for i in data["items"]), bool(data["numbered"]))
    if kind == "fields":
        return Fields(tuple((str(label), str(value)) for label, value in data["rows"]))
    if kind == "draft":
        return Draft(data["text"], data["label"])
    if kind == "buttons":
        return Buttons(tuple(tuple(_read_button(b) for b in row) for row in data["rows"]))
    if kind == "progress":
        return Progress(int(data["done"]), int(data["total"]), data["label"])
    raise UnreadableReply(f"block kind {kind!r}")


# --- charts ------------------------------------------------------------------------------

def _chart(chart: Chart) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": chart.kind, "title": chart.title, "caption": chart.caption,
                           "alt_text": chart.alt_text, "labels": dict(chart.labels)}
    data = chart.data
    if isinstance(data, WeekChart):
        out["week"] = {"weeks": [[d.isoformat(), m] for d, m in data.weeks],
                       "budget": data.budget,
                       "channels": [[[c.value, m] for c, m in week] for week in data.channels]}
    elif isinstance(data, NetworkChart):
        out["network"] = [[circle.value, state, count]
                          for (circle, state), count in data.counts.items()]
    else:
        raise ValueError(f"no stored form for chart data {type(data).__name__}")
    return out


def _read_chart(data: dict[str, Any]) -> Chart:
    content: WeekChart | NetworkChart
    if "week" in data:
        week = data["week"]
        content = WeekChart(
            weeks=tuple((date.fromisoformat(d), int(m)) for d, m in week["weeks"]),
            budget=int(week["budget"]),
            channels=tuple(tuple((Channel(c), int(m)) for c, m in w) for w in week["channels"]))
    elif "network" in data:
        counts: dict[tuple[Circle, str], int] = {}
        for circle, state, *count in data["network"]:
            # [circle, state] without a count is one contact, as the first form had it.
            key = (Circle(circle), str(state))
            counts[key] = counts.get(key, 0) + (int(count[0]) if count else 1)
        content = NetworkChart(counts)
    else:
        raise UnreadableReply("chart without data")
    return Chart(kind=data["kind"], data=content, title=data["title"], caption=data["caption"],
                 alt_text=data["alt_text"], labels=dict(data["labels"]))
