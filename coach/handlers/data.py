"""/export and /forget: the user's data belongs to the user."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from coach.actions import Answer
from coach.questions import ConfirmForget
from coach.replies import Button, ButtonStyle, Confirmation, File, Reply, reply
from coach.turn import Turn

EXPORT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def export_document(turn: Turn) -> dict[str, Any]:
    """Everything stored for this user, as JSON-ready data."""
    profile = asdict(turn.profile)
    profile.pop("pending", None)
    profile.pop("viewing_demo", None)
    hidden = {"due_day", "rank_factor", "user_id"}
    contacts = [
        {k: v for k, v in asdict(c).items() if k not in hidden}
        for c in turn.uow.contacts.list(turn.user_id, include_archived=True)
    ]
    touchpoints = [
        {k: v for k, v in asdict(p).items()
         if k not in {"user_id", "previous_touch_at", "previous_channel", "previous_next_note"}}
        for p in turn.uow.touchpoints.all(turn.user_id)
    ]
    requests = [
        {k: v for k, v in asdict(r).items() if k != "user_id"}
        for r in turn.uow.requests.all(turn.user_id)
    ]
    document: dict[str, Any] = _plain({
        "format": "networking-coach-export",
        "version": EXPORT_VERSION,
        "exported_at": turn.now,
        "profile": profile,
        "contacts": contacts,
        "touchpoints": touchpoints,
        "requests": requests,
    })
    return document


def export(turn: Turn, args: str) -> Reply:
    t = turn.t
    document = export_document(turn)
    content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
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
