"""/sort: imported contacts into circles, a few at a time.

Imports put new contacts into the dormant circle, unsorted, so a 900-row export does
not flood /due. Sorting them is the user's decision, one contact at a time, with a
button per circle (or archive) where the platform has buttons and a typed form
(``/sort Anna Schmidt close``) everywhere.
"""

from __future__ import annotations

from coach.actions import Run, SortInto
from coach.model import Circle, Contact, ContactStatus
from coach.render import cadence_text, circle_name
from coach.replies import Button, ButtonStyle, MessageBuilder, Reply, popup, reply
from coach.schedule import cadence_days
from coach.turn import Turn

SORT_BATCH = 5

_SORT_WORDS: dict[str, Circle | None] = {
    "close": Circle.CLOSE, "eng": Circle.CLOSE, "active": Circle.ACTIVE,
    "aktiv": Circle.ACTIVE, "wider": Circle.WIDER, "erweitert": Circle.WIDER,
    "dormant": Circle.DORMANT, "ruhend": Circle.DORMANT, "archive": None,
    "archivieren": None, "archiv": None,
}


def sort(turn: Turn, args: str) -> Reply:
    """``/sort`` shows the next unsorted contacts; ``/sort Anna close`` sorts one."""
    t = turn.t
    name, _, word = args.strip().rpartition(" ")
    if args.strip():
        if not name or word.casefold() not in _SORT_WORDS:
            raise turn.refuse(t._("Say where they belong, for example: /sort Anna Schmidt "
                                  "close (or active, wider, dormant, archive)."))
        contact = turn.find_contact(name, command="/sort", rest=word)
        return _place(turn, contact, _SORT_WORDS[word.casefold()])
    total = turn.uow.contacts.count_unsorted(turn.user_id)
    if total == 0:
        return reply(t._("Nothing to sort: every contact is in a circle."))
    out = MessageBuilder()
    out.heading(t.n_("{count} contact to sort. Where does each belong?",
                     "{count} contacts to sort. Where does each belong?", total)
                .format(count=total))
    for contact in turn.uow.contacts.unsorted(turn.user_id, SORT_BATCH):
        assert contact.id is not None
        detail = f" ({contact.company})" if contact.company else ""
        choices = tuple(Button(circle_name(t, circle), SortInto(contact.id, circle.value))
                        for circle in Circle)
        out.item(f"{contact.name}{detail}",
                 buttons=(*choices, Button(t._("Archive"), SortInto(contact.id, "archive")))
                 if turn.has_buttons else ())
    out.paragraph(t._("Type /sort Anna Schmidt close to sort by hand."))
    return out.build()


def press_sort(turn: Turn, contact: Contact, choice: str) -> Reply:
    """A /sort button: a circle's name, or ``archive``; used once, then it says so."""
    t = turn.t
    if contact.status is not ContactStatus.UNSORTED:
        return popup(t._("{name} is sorted already; nothing changed.").format(
            name=contact.name))
    if choice == "archive":
        return _place(turn, contact, None).replacing()
    if choice not in {c.value for c in Circle}:
        return popup(t._("That button is no longer valid."))
    return _place(turn, contact, Circle(choice)).replacing()


def _place(turn: Turn, contact: Contact, circle: Circle | None) -> Reply:
    t = turn.t
    if circle is None:
        contact.status = ContactStatus.ARCHIVED
        text = t._("Archived {name}.").format(name=contact.name)
    else:
        contact.circle = circle
        contact.status = ContactStatus.ACTIVE
        text = t._("{name}: {circle}, {cadence}.").format(
            name=contact.name, circle=circle_name(t, circle),
            cadence=cadence_text(t, cadence_days(contact, turn.profile)))
    turn.save_contact(contact)
    left = turn.uow.contacts.count_unsorted(turn.user_id)
    if left:
        text += " " + t.n_("{count} left to sort.", "{count} left to sort.", left).format(
            count=left)
        return reply(text, buttons=((Button(t._("Next"), Run("/sort"), ButtonStyle.PRIMARY),),))
    return reply(text + " " + t._("All contacts are sorted."))

