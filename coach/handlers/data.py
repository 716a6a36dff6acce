"""/export and /forget: the user's data belongs to the user."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from coach.actions import Answer
from coach.questions import ConfirmForget
from coach.replies import Button, ButtonStyle, Confirmation, File, Reply, reply
from coach.turn import Turn

EXPORT_VERSION = 1


def _fields(item: Any, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A record's fields, one level deep: ``asdict`` deep-copied every value, which
    made exporting a long history take seconds."""
    return {f.name: getattr(item, f.name) for f in fields(item) if f.name not in leave_out}


def _json_value(value: Any) -> Any:
    """What the JSON encoder cannot write itself: dates and times as ISO text, enums."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot export a {type(value).__name__}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_value)


def export_document(turn: Turn) -> dict[str, Any]:
    """Everything stored for this user, in the shape of the export file (dates and
    enums are turned into text as the file is written)."""
    profile = _fields(turn.profile, frozenset({"pending", "viewing_demo"}))
    hidden = frozenset({"due_day", "rank_factor", "user_id"})
    contacts = [_fields(c, hidden)
                for c in turn.uow.contacts.list(turn.user_id, include_archived=True)]
    undo_only = frozenset({"user_id", "previous_touch_at", "previous_channel",
                           "previous_next_note"})
    touchpoints = [_fields(p, undo_only) for p in turn.uow.touchpoints.all(turn.user_id)]
    requests = [_fields(r, frozenset({"user_id"})) for r in turn.uow.requests.all(turn.user_id)]
    document: dict[str, Any] = {
        "format": "networking-coach-export",
        "version": EXPORT_VERSION,
        "exported_at": turn.now,
        "profile": profile,
        "contacts": contacts,
        "touchpoints": touchpoints,
        "requests": requests,
    }
    return document


def readable_json(document: dict[str, Any]) -> str:
    """JSON with one record per line: still easy to read and to diff, and written by
    the C encoder (``indent`` switches json to its pure-Python one, which took seconds
    for a long history)."""
    parts = []
    for key, value in document.items():
        name = _dumps(key)
        if isinstance(value, list) and value:
            rows = ",\n".join("    " + _dumps(item) for item in value)
            parts.append(f"  {name}: [\n{rows}\n  ]")
        else:
            parts.append(f"  {name}: {_dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def export(turn: Turn, args: str) -> Reply:
    t = turn.t
    document = export_document(turn)
    content = readable_json(document).encode("utf-8")
    filename = f"networking-coach-{turn.today.isoformat()}.json"
    answer = reply(t._("Here is all your data: {contacts}, {touchpoints}, {requests}.").format(
        contacts=t.n_("{count} contact", "{count} contacts",
                      len(document["contacts"])).format(count=len(document["contacts"])),
        touchpoints=t.n_("{count} touchpoint", "{count} touchpoints",
                         len(document["touchpoints"])).format(count=len(document["touchpoints"])),
        requests=t.n_("{count} request", "{count} requests",
                      len(document["requests"])).format(count=len(document["requests"]))))
    return Reply(answer.messages, files=(File(filename, content, "application/json"),))


def forget(turn: Turn, args: str) -> Reply:
    t = turn.t
    contacts = turn.uow.contacts.count(turn.user_id)
    touchpoints = turn.uow.touchpoints.count(turn.user_id)
    serial = turn.ask(ConfirmForget())
    confirm = Confirmation(
        title=t._("Delete everything?"),
        text=t._("Your contacts, touchpoints, settings and requests are deleted for good."),
        yes=t._("Delete"), no=t._("Keep"))
    return reply(
        t._("This deletes all your data for good: {contacts}, {touchpoints}, your settings and "
            "requests. Consider /export first. Answer “yes, delete” to confirm; anything else "
            "keeps everything.").format(
            contacts=t.n_("{count} contact", "{count} contacts", contacts).format(
                count=contacts),
            touchpoints=t.n_("{count} touchpoint", "{count} touchpoints", touchpoints).format(
                count=touchpoints)),
        buttons=((Button(t._("Yes, delete everything"), Answer(serial, "yes, delete"),
                         ButtonStyle.DANGER, confirm),
                  Button(t._("Keep my data"), Answer(serial, "no"))),),
    )


FORGET_CONFIRMATIONS = {"yes, delete", "yes delete", "ja, löschen", "ja löschen",
                        "ja, loeschen"}


def confirm_forget(turn: Turn, text: str) -> Reply:
    t = turn.t
    if text.strip().casefold().rstrip(".!") not in FORGET_CONFIRMATIONS:
        turn.close_question()
        return reply(t._("Nothing was deleted."))
    turn.uow.profiles.delete(turn.user_id)
    return reply(t._("All your data is deleted. If you write again, I start afresh."))
