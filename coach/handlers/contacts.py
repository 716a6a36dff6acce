"""/add, /contacts, /contact, /edit and the contact's state: archive, pause, resume, snooze."""

from __future__ import annotations

from datetime import timedelta

from coach.actions import Answer, AskHow, EditContact, Opener, Origin, ShowCard, Snooze
from coach.commands import ContactFields, ParseError
from coach.i18n import N_, Translator
from coach.model import FIELD_LIMITS, Contact, ContactStatus, Formality
from coach.names import is_nameable, normalise, search_word
from coach.openers import formality
from coach.parsing import parse_add, parse_edit, parse_edit_fields, split_trailing_period
from coach.parsing.until import split_trailing_until
from coach.questions import AwaitEdit, ConfirmAdd, ConfirmSharedContact
from coach.render import (
    ago_text,
    birthday_text,
    cadence_text,
    channel_name,
    circle_name,
    date_text,
    minutes_text,
    unknown_language_text,
)
from coach.replies import Button, ButtonStyle, MessageBuilder, Reply, reply
from coach.schedule import cadence_days, days_since_contact, due_date, local_date
from coach.turn import Turn

LIST_LIMIT = 50
MAX_SNOOZE_DAYS = 3650


def check_fields(turn: Turn, contact: Contact) -> None:
    """Refuse a name that cannot be found again, or values too long to store."""
    t = turn.t
    if not is_nameable(contact.name):
        raise turn.refuse(t._("A name needs at least one letter. For example: /add Anna Schmidt"))
    for name, limit in FIELD_LIMITS.items():
        value = getattr(contact, name)
        if value is not None and len(value) > limit:
            raise turn.refuse(t._("That is too long to store ({limit} characters at most). "
                                  "Nothing was changed.").format(limit=limit))


def apply_fields(contact: Contact, fields: ContactFields) -> None:
    """Copy every mentioned field onto the contact; cleared fields become empty."""
    for name in ("name", "circle", "cadence_days", "company", "how_met", "phone", "email",
                 "handle", "language", "next_note", "formality"):
        value = getattr(fields, name)
        if value is not None:
            setattr(contact, name, value)
    if fields.birthday is not None:
        contact.birthday_day = fields.birthday.day
        contact.birthday_month = fields.birthday.month
        contact.birthday_year = fields.birthday.year
    for name in fields.cleared:
        if name == "birthday":
            contact.birthday_day = contact.birthday_month = contact.birthday_year = None
        elif name in ("cadence", "cadence_days"):
            contact.cadence_days = None
        elif hasattr(contact, name) and name not in ("name", "circle"):
            setattr(contact, name, None)


def add(turn: Turn, args: str, *, confirmed: bool = False) -> Reply:
    command = parse_add(args, turn.today)
    t = turn.t
    wanted = normalise(command.name)
    # A contact of the same name shares its longest word: one index seek, not every name.
    twins = [n for n in turn.uow.contacts.names_with_word(turn.user_id,
                                                          search_word(command.name))
             if normalise(n.name) == wanted]
    if twins and not confirmed:
        serial = turn.ask(ConfirmAdd(args))
        return reply(
            t._("{name} is already in your contacts. Add a second {name}? Answer yes or no.")
            .format(name=command.name),
            buttons=((Button(t._("Yes, add"), Answer(serial, "yes")),
                      Button(t._("No"), Answer(serial, "no"))),),
        )
    contact = Contact(user_id=turn.user_id, name=command.name, created_at=turn.now)
    apply_fields(contact, command.fields)
    check_fields(turn, contact)
    contact = turn.save_contact(contact)
    return _added(turn, contact, command.fields)


def _added(turn: Turn, contact: Contact, fields: ContactFields | None = None) -> Reply:
    t = turn.t
    cadence = cadence_days(contact, turn.profile)
    added = t._("Added {name} ({circle}, {cadence}). First due on {due}.").format(
        name=contact.name,
        circle=circle_name(t, contact.circle),
        cadence=cadence_text(t, cadence),
        due=date_text(t, due_date(contact)),
    )
    return reply(_with_language_notice(turn, added, fields, contact))


def _with_language_notice(turn: Turn, text: str, fields: ContactFields | None,
                          contact: Contact) -> str:
    """The reply, plus why the language asked for was not set ("language fr")."""
    if fields is None or fields.unknown_language is None:
        return text
    return text + "\n" + unknown_language_text(turn.t, fields.unknown_language, contact.name)


def list_contacts(turn: Turn, args: str) -> Reply:
    """The contacts matching the text (all without one), by name, a page at a time.

    Names and companies decide what matches; only the contacts on the page are read
    whole, so a search costs the same in a network of ten or ten thousand.
    """
    t = turn.t
    query = normalise(args)
    found = sorted(turn.uow.contacts.listing(turn.user_id, query),
                   key=lambda n: n.name.casefold())
    if not found:
        if query:
            return reply(t._("No contact matches “{text}”.").format(text=args.strip()))
        return reply(t._("You have no contacts yet. Add one with /add Anna Schmidt."))
    out = MessageBuilder()
    out.heading(t.n_("{count} contact", "{count} contacts", len(found)).format(
        count=len(found)))
    for contact in turn.uow.contacts.get_many(turn.user_id,
                                              [n.id for n in found[:LIST_LIMIT]]):
        out.item(_list_line(turn, contact),
                 buttons=contact_actions(turn, contact) if turn.has_buttons else ())
    if len(found) > LIST_LIMIT:
        out.paragraph(t._("… and {count} more. Narrow it down: /contacts Schmidt").format(
            count=len(found) - LIST_LIMIT))
    return out.build()


def contact_actions(turn: Turn, contact: Contact,
                    origin: Origin = Origin.OTHER) -> tuple[Button, ...]:
    """Log, Snooze, Draft and Edit for one contact; the card opens behind the name."""
    t = turn.t
    assert contact.id is not None
    return (
        Button(t._("Log"), AskHow(contact.id), ButtonStyle.PRIMARY),
        Button(t._("Snooze 1 week"), Snooze(contact.id, 7, origin)),
        Button(t._("Draft"), Opener(contact.id)),
        Button(t._("Edit"), EditContact(contact.id)),
        Button(contact.name, ShowCard(contact.id)),
    )


def _list_line(turn: Turn, contact: Contact) -> str:
    t = turn.t
    parts = [contact.name]
    if contact.company:
        parts.append(f"({contact.company})")
    parts.append(f"· {circle_name(t, contact.circle)}")
    state = _state_text(turn, contact)
    if state:
        parts.append(f"· {state}")
    return " ".join(parts)


def _state_text(turn: Turn, contact: Contact) -> str:
    t = turn.t
    if contact.status is ContactStatus.ARCHIVED:
        return t._("archived")
    if contact.status is ContactStatus.PAUSED:
        return t._("paused")
    if contact.snoozed_until and contact.snoozed_until > turn.today:
        return t._("snoozed until {date}").format(date=date_text(t, contact.snoozed_until))
    return ""


def show_contact(turn: Turn, args: str) -> Reply:
    t = turn.t
    if not args.strip():
        raise turn.refuse(t._("Whom should I show? For example: /contact Anna"))
    contact = turn.find_contact(args.strip(), command="/contact")
    return card(turn, contact)


# How the card and /edit's confirmation name a contact's own fields.
FIELD_LABELS = {
    "company": N_("Company"), "next_note": N_("Next time"), "birthday": N_("Birthday"),
    "how_met": N_("How you met"), "phone": N_("Phone"), "email": N_("Email"),
    "handle": N_("Handle"),
}


def card(turn: Turn, contact: Contact) -> Reply:
    """One contact at a glance, with Log, Snooze, Draft and Edit."""
    t = turn.t
    assert contact.id is not None
    out = MessageBuilder()
    out.heading(contact.name + (f" · {contact.company}" if contact.company else ""))
    cadence = cadence_days(contact, turn.profile)
    rows = [(t._("Circle"), f"{circle_name(t, contact.circle)}, {cadence_text(t, cadence)}")]
    if contact.last_touch_at:
        since = days_since_contact(contact, turn.today, turn.profile.timezone)
        rows.append((t._("Last contact"), ago_text(t, since)))
    else:
        rows.append((t._("Last contact"), t._("none yet")))
    rows.append(due_row(turn, contact))
    state = _state_text(turn, contact)
    if state:
        rows.append((t._("State"), state))
    rows.extend(_field_rows(t, contact, ("next_note", "birthday", "how_met")))
    rows.append((t._("Drafts"), formality_text(t, formality(contact))))
    rows.extend(_field_rows(t, contact, ("phone", "email", "handle")))
    out.fields(rows)
    history = turn.uow.touchpoints.recent_for_contact(turn.user_id, contact.id, 5)
    if history:
        out.heading(t._("Recent touchpoints"))
        for point in history:
            day = local_date(point.at, turn.profile.timezone)
            line = (f"{date_text(t, day)}: {channel_name(t, point.channel)}, "
                    f"{minutes_text(t, point.minutes)}")
            if point.note:
                line += f" – {point.note}"
            out.item(line)
    if turn.has_buttons:
        out.buttons(contact_actions(turn, contact, Origin.CARD)[:4])
    return out.build()


def _field_value(t: Translator, contact: Contact, name: str) -> str | None:
    if name == "birthday":
        return birthday_text(t, contact) if contact.birthday_month else None
    value = getattr(contact, name)
    return str(value) if value else None


def _field_rows(t: Translator, contact: Contact,
                names: tuple[str, ...]) -> list[tuple[str, str]]:
    """The contact's fields among ``names`` that hold a value, labelled."""
    return [(t._(FIELD_LABELS[name]), value) for name in names
            if (value := _field_value(t, contact, name)) is not None]


def _edited_rows(t: Translator, contact: Contact,
                 fields: ContactFields) -> list[tuple[str, str]]:
    """What an edit set or removed besides circle and cadence, so the confirmation
    shows the change the user made ("Birthday: Jan 12")."""
    rows = []
    for name, label in FIELD_LABELS.items():
        if name in fields.cleared:
            rows.append((t._(label), t._("removed")))
        elif getattr(fields, name) is not None:
            value = _field_value(t, contact, name)
            if value is not None:
                rows.append((t._(label), value))
    return rows


def due_row(turn: Turn, contact: Contact) -> tuple[str, str]:
    """ "Next due: 24.02.2027", or "Due since: 24.11.2026" once the day has passed."""
    t = turn.t
    due = due_date(contact)
    if due < turn.today:
        return t._("Due since"), date_text(t, due)
    return t._("Next due"), date_text(t, due)


def formality_text(t: Translator, value: Formality) -> str:
    return t._("informal (Hi)") if value is Formality.INFORMAL else t._("formal (Dear)")


def ask_edit(turn: Turn, contact: Contact) -> Reply:
    """Edit on a card: the next plain message says what to change."""
    assert contact.id is not None
    turn.ask(AwaitEdit(contact.id))
    return reply(turn.t._("What should I change for {name}? For example: circle close, every "
                          "2 months, birthday 15.04., company Acme, formal or informal, name "
                          "Anna Berger.")
                 .format(name=contact.name))


def edit(turn: Turn, args: str) -> Reply:
    try:
        command = parse_edit(args, turn.today)
    except ParseError as error:
        if error.key != "edit_needs_field" or not args.strip():
            raise
        # "/edit Anna": the contact is named, what to change comes next.
        return ask_edit(turn, turn.find_contact(args.strip(), command="/edit"))
    contact = turn.find_contact(command.contact_ref)
    return _apply_edit(turn, contact, command.fields)


def edit_contact(turn: Turn, contact: Contact, text: str) -> Reply:
    """The answer to "What should I change?": fields only, the contact is known."""
    fields = parse_edit_fields(text, turn.today)
    return _apply_edit(turn, contact, fields)


def _apply_edit(turn: Turn, contact: Contact, fields: ContactFields) -> Reply:
    t = turn.t
    apply_fields(contact, fields)
    check_fields(turn, contact)
    turn.save_contact(contact)
    cadence = cadence_days(contact, turn.profile)
    due = due_date(contact)
    updated = (t._("Updated {name}: {circle}, {cadence}, due since {due}.") if due < turn.today
               else t._("Updated {name}: {circle}, {cadence}, next due on {due}.")).format(
        name=contact.name, circle=circle_name(t, contact.circle),
        cadence=cadence_text(t, cadence), due=date_text(t, due))
    if fields.formality is not None:
        updated += " " + t._("Drafts for {name}: {form}.").format(
            name=contact.name, form=formality_text(t, Formality(fields.formality)))
    out = MessageBuilder()
    out.paragraph(_with_language_notice(turn, updated, fields, contact))
    if changed := _edited_rows(t, contact, fields):
        out.fields(changed)
    return out.build()


def offer_shared(turn: Turn, name: str, phone: str | None) -> Reply:
    """A contact shared from the phone: shown, and added only after a tap."""
    t = turn.t
    name = " ".join(name.split())
    if not is_nameable(name):
        return reply(t._("That contact has no name I could use. Add them with /add and the "
                         "name."))
    serial = turn.ask(ConfirmSharedContact(name, phone or ""))
    out = MessageBuilder()
    out.paragraph(t._("Add {name} to your contacts?").format(name=name))
    if phone:
        out.fields([(t._("Phone"), phone)])
    out.buttons((Button(t._("Yes, add"), Answer(serial, "yes"), ButtonStyle.PRIMARY),
                 Button(t._("No"), Answer(serial, "no"))))
    return out.build()


def set_status(turn: Turn, args: str, status: ContactStatus) -> Reply:
    t = turn.t
    usage = {
        ContactStatus.ARCHIVED: t._("Whom should I archive? For example: /archive Anna"),
        ContactStatus.PAUSED: t._("Whom should I pause? For example: /pause Anna"),
        ContactStatus.ACTIVE: t._("Whom should I resume? For example: /resume Anna"),
    }
    if not args.strip():
        raise turn.refuse(usage[status])
    command = {ContactStatus.ARCHIVED: "/archive", ContactStatus.PAUSED: "/pause",
               ContactStatus.ACTIVE: "/resume"}[status]
    contact = turn.find_contact(args.strip(), command=command)
    contact.status = status
    if status is ContactStatus.ACTIVE:
        contact.snoozed_until = None
    turn.save_contact(contact)
    done = {
        ContactStatus.ARCHIVED: t._("Archived {name}. They stay in /export; /resume {name} "
                                    "brings them back."),
        ContactStatus.PAUSED: t._("Paused {name}: no suggestions until you /resume {name}."),
        ContactStatus.ACTIVE: t._("{name} is back in your suggestions."),
    }
    return reply(done[status].format(name=contact.name))


def snooze(turn: Turn, args: str) -> Reply:
    t = turn.t
    words = args.split()
    if not words:
        raise turn.refuse(t._("Whom should I snooze? For example: /snooze Anna 2 weeks"))
    until, name = split_trailing_until(words, turn.today)
    if until is not None:
        days: int | None = (until - turn.today).days
    else:
        days, name = split_trailing_period(words)
    if days is None:
        days = 7
    if days > MAX_SNOOZE_DAYS:
        raise turn.refuse(t._("I can snooze someone for ten years at most. Nothing was changed."))
    contact = turn.find_contact(name, command="/snooze", rest=" ".join(words[len(name.split()):]))
    return snooze_contact(turn, contact, days)


def snooze_contact(turn: Turn, contact: Contact, days: int) -> Reply:
    contact.snoozed_until = turn.today + timedelta(days=days)
    turn.save_contact(contact)
    return reply(snoozed_text(turn, contact))


def snoozed_text(turn: Turn, contact: Contact) -> str:
    assert contact.snoozed_until is not None
    return turn.t._("Snoozed {name} until {date}.").format(
        name=contact.name, date=date_text(turn.t, contact.snoozed_until))

