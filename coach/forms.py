"""Typed form submissions (add or edit a contact, log a touchpoint, settings).

Platforms with real forms (Slack modals) hand the coach one typed value per field
instead of a command line. Each field is read with the same parsers the commands use
(``coach.parsing``); what cannot be read comes back as a message per field, in the
user's language, and nothing is written. A valid form is applied in the engine's unit
of work and answered with the engine's usual reply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from coach.commands import Birthday, ContactFields, ParseError
from coach.handlers.contacts import apply_fields
from coach.handlers.touchpoints import record_touchpoint
from coach.i18n import N_, SUPPORTED_LANGUAGES
from coach.model import DEFAULT_MINUTES, Channel, Circle, Contact
from coach.names import normalise
from coach.parsing import (
    parse_birthday,
    parse_clock,
    parse_minutes,
    parse_period_days,
    resolve_timezone,
)
from coach.render import cadence_text, circle_name, date_text, parse_error_text
from coach.replies import Reply, reply
from coach.schedule import cadence_days, due_date
from coach.turn import Turn

# Labels of the forms' fields and of the buttons that open them.
ADD_CONTACT = N_("Add a contact")
EDIT_CONTACT = N_("Edit a contact")
LOG_TOUCHPOINT = N_("Log a touchpoint")
SETTINGS = N_("Settings")
EDIT = N_("Edit")
SAVE = N_("Save")
CANCEL = N_("Cancel")
NAME = N_("Name")
CIRCLE = N_("Circle")
CADENCE = N_("Cadence")
CADENCE_HINT = N_("For example: every 6 weeks. Empty: the circle's cadence.")
BIRTHDAY = N_("Birthday")
COMPANY = N_("Company")
CONTACT = N_("Contact")
CHANNEL = N_("Channel")
MINUTES = N_("Duration")
MINUTES_HINT = N_("For example: 20m or 1h30m. Empty: the channel's usual time.")
DAY = N_("Date")
NOTE = N_("Note")
NEXT_NOTE = N_("Next time")
LANGUAGE = N_("Language")
TIMEZONE = N_("Time zone")
BUDGET = N_("Weekly budget")
NUDGE_TIME = N_("Nudge time")
POSITIONING = N_("Positioning")


# Field names, shared with the platforms that lay the forms out.
F_NAME, F_CIRCLE, F_CADENCE, F_BIRTHDAY, F_COMPANY = "name", "circle", "cadence", "birthday", \
    "company"
F_CONTACT, F_CHANNEL, F_MINUTES, F_DAY, F_NOTE, F_NEXT = "contact", "channel", "minutes", "day", \
    "note", "next_note"
F_LANGUAGE, F_TIMEZONE, F_BUDGET, F_NUDGE, F_POSITIONING = "language", "timezone", "budget", \
    "nudge_time", "positioning"

REQUIRED = N_("Please fill this in.")
TOO_LONG = N_("At most {limit} characters, please.")
NO_LETTER = N_("A name needs at least one letter.")
CONTACT_GONE = N_("That contact no longer exists.")
UNKNOWN_CHOICE = N_("Please pick one of the choices.")
BAD_ZONE = N_("I don't know this time zone or city. Try Europe/Berlin or München.")
BAD_BUDGET = N_("Give the weekly budget in minutes or hours, for example 90 or 1h30m.")
BAD_CLOCK = N_("Give a time of day such as 08:30.")
SETTINGS_SAVED = N_("Settings saved.")

NAME_LIMIT = 200
COMPANY_LIMIT = 200
NOTE_LIMIT = 2_000
POSITIONING_LIMIT = 500
MAX_BUDGET_MINUTES = 40 * 60


@dataclass(frozen=True)
class ContactForm:
    """Add (``contact_id`` None) or edit a contact; texts as typed, empty for not given."""

    name: str
    circle: str = ""
    cadence: str = ""
    birthday: str = ""
    company: str = ""
    contact_id: int | None = None


@dataclass(frozen=True)
class LogForm:
    contact_id: int | None
    channel: str
    minutes: str = ""
    day: date | None = None
    note: str = ""
    next_note: str = ""


@dataclass(frozen=True)
class SettingsForm:
    language: str
    timezone: str
    budget: str
    nudge_time: str
    positioning: str = ""


@dataclass(frozen=True)
class FormResult:
    """Either field errors (nothing was written) or the engine's answer."""

    errors: dict[str, str] = field(default_factory=dict)
    answer: Reply | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_error(turn: Turn, error: ParseError) -> str:
    return parse_error_text(turn.t, error.key, error.params)


def _text_limit(turn: Turn, errors: dict[str, str], name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = turn.t._(TOO_LONG).format(limit=limit)


def _contact_fields(turn: Turn, form: ContactForm) -> tuple[dict[str, str], ContactFields]:
    """Every field read with the command parsers; errors per field."""
    t = turn.t
    errors: dict[str, str] = {}
    name = " ".join(form.name.split())
    if not name:
        errors[F_NAME] = t._(REQUIRED)
    elif not normalise(name):
        errors[F_NAME] = t._(NO_LETTER)
    _text_limit(turn, errors, F_NAME, name, NAME_LIMIT)
    circle: Circle | None = None
    if form.circle:
        try:
            circle = Circle(form.circle)
        except ValueError:
            errors[F_CIRCLE] = t._(UNKNOWN_CHOICE)
    cadence: int | None = None
    cleared: set[str] = set()
    if form.cadence.strip():
        try:
            cadence = parse_period_days(form.cadence)
        except ParseError as error:
            errors[F_CADENCE] = _parse_error(turn, error)
        else:
            if cadence is None:
                errors[F_CADENCE] = _parse_error(turn, ParseError(
                    "bad_cadence", value=form.cadence.strip()))
    else:
        cleared.add("cadence_days")
    birthday: Birthday | None = None
    if form.birthday.strip():
        try:
            birthday = parse_birthday(form.birthday, turn.today)
        except ParseError as error:
            errors[F_BIRTHDAY] = _parse_error(turn, error)
    else:
        cleared.add("birthday")
    company = " ".join(form.company.split())
    _text_limit(turn, errors, F_COMPANY, company, COMPANY_LIMIT)
    if not company:
        cleared.add("company")
    fields = ContactFields(name=name or None, circle=circle, cadence_days=cadence,
                           birthday=birthday, company=company or None,
                           cleared=frozenset(cleared))
    return errors, fields


def submit_contact(turn: Turn, form: ContactForm) -> FormResult:
    """Add a contact, or change the one ``form.contact_id`` names."""
    t = turn.t
    errors, fields = _contact_fields(turn, form)
    contact = None
    if form.contact_id is not None:
        contact = turn.uow.contacts.get(turn.user_id, form.contact_id)
        if contact is None:
            errors.setdefault(F_NAME, t._(CONTACT_GONE))
    if errors:
        return FormResult(errors=errors)
    if contact is None:
        contact = Contact(user_id=turn.user_id, name=fields.name or "", created_at=turn.now)
        apply_fields(contact, fields)
        contact = turn.save_contact(contact)
        text = t._("Added {name} ({circle}, {cadence}). First due on {due}.")
    else:
        apply_fields(contact, fields)
        turn.save_contact(contact)
        text = t._("Updated {name}: {circle}, {cadence}, next due on {due}.")
    return FormResult(answer=reply(text.format(
        name=contact.name, circle=circle_name(t, contact.circle),
        cadence=cadence_text(t, cadence_days(contact, turn.profile)),
        due=date_text(t, due_date(contact)))))


def submit_log(turn: Turn, form: LogForm) -> FormResult:
    """Log a touchpoint with a chosen contact (or none, for networking time)."""
    t = turn.t
    errors: dict[str, str] = {}
    contact = None
    if form.contact_id is not None:
        contact = turn.uow.contacts.get(turn.user_id, form.contact_id)
        if contact is None:
            errors[F_CONTACT] = t._(CONTACT_GONE)
    try:
        channel = Channel(form.channel)
    except ValueError:
        errors[F_CHANNEL] = t._(UNKNOWN_CHOICE)
        channel = Channel.OTHER
    minutes = DEFAULT_MINUTES[channel]
    if form.minutes.strip():
        try:
            parsed = parse_minutes(form.minutes)
        except ParseError as error:
            errors[F_MINUTES] = _parse_error(turn, error)
        else:
            if parsed is None:
                errors[F_MINUTES] = _parse_error(turn, ParseError(
                    "duration_out_of_range", value=form.minutes.strip()))
            else:
                minutes = parsed
    at = turn.now
    if form.day is not None:
        if form.day > turn.today:
            errors[F_DAY] = _parse_error(turn, ParseError(
                "date_in_future", value=date_text(t, form.day)))
        elif form.day < turn.today:
            local = datetime.combine(form.day, time(12), tzinfo=ZoneInfo(turn.profile.timezone))
            at = local.astimezone(ZoneInfo("UTC"))
    _text_limit(turn, errors, F_NOTE, form.note, NOTE_LIMIT)
    _text_limit(turn, errors, F_NEXT, form.next_note, NOTE_LIMIT)
    if errors:
        return FormResult(errors=errors)
    answer = record_touchpoint(turn, contact, channel, minutes, at, form.note.strip() or None,
                               form.next_note.strip() or None)
    return FormResult(answer=answer)


def submit_settings(turn: Turn, form: SettingsForm) -> FormResult:
    t = turn.t
    errors: dict[str, str] = {}
    language = form.language if form.language in SUPPORTED_LANGUAGES else None
    if language is None:
        errors[F_LANGUAGE] = t._(UNKNOWN_CHOICE)
    zone = resolve_timezone(form.timezone) if form.timezone.strip() else None
    if zone is None:
        errors[F_TIMEZONE] = t._(BAD_ZONE)
    budget: int | None
    try:
        budget = parse_minutes(form.budget)
    except ParseError:
        budget = None
    if budget is None or not 0 < budget <= MAX_BUDGET_MINUTES:
        errors[F_BUDGET] = t._(BAD_BUDGET)
    try:
        nudge = parse_clock(form.nudge_time)
    except ParseError:
        nudge = None
    if nudge is None:
        errors[F_NUDGE] = t._(BAD_CLOCK)
    positioning = " ".join(form.positioning.split())
    _text_limit(turn, errors, F_POSITIONING, positioning, POSITIONING_LIMIT)
    if errors or language is None or zone is None or budget is None or nudge is None:
        return FormResult(errors=errors)
    profile = turn.profile
    zone_changed = zone != profile.timezone
    profile.language, profile.timezone = language, zone
    profile.budget_minutes, profile.nudge_time = budget, nudge
    profile.positioning = positioning or None
    turn.uow.profiles.save(profile)
    if zone_changed:
        # Due days are counted in local days, so they move with the zone.
        for contact in turn.uow.contacts.list(turn.user_id, include_archived=True):
            turn.save_contact(contact)
    turn.__dict__.pop("t", None)  # answer in the new language
    return FormResult(answer=reply(turn.t._(SETTINGS_SAVED)))


def contact_choices(turn: Turn, search: str, limit: int = 100) -> list[tuple[int, str]]:
    """Contacts whose name or company contains ``search`` (all when empty), by name."""
    wanted = normalise(search)
    found = []
    for item in turn.uow.contacts.names(turn.user_id):
        if item.status == "archived":
            continue
        if not wanted or wanted in normalise(item.name):
            found.append((item.id, item.name))
    found.sort(key=lambda pair: normalise(pair[1]))
    return found[:limit]


def contact_form(turn: Turn, contact_id: int) -> ContactForm | None:
    """The current values of a contact, to prefill the edit form."""
    contact = turn.uow.contacts.get(turn.user_id, contact_id)
    if contact is None:
        return None
    birthday = ""
    if contact.birthday_day and contact.birthday_month:
        birthday = f"{contact.birthday_day:02d}.{contact.birthday_month:02d}."
        if contact.birthday_year:
            birthday += str(contact.birthday_year)
    cadence = ""
    if contact.cadence_days:
        cadence = turn.t.n_("{count} day", "{count} days", contact.cadence_days).format(
            count=contact.cadence_days)
    return ContactForm(name=contact.name, circle=contact.circle.value, cadence=cadence,
                       birthday=birthday, company=contact.company or "",
                       contact_id=contact.id)


def settings_form(turn: Turn) -> SettingsForm:
    p = turn.profile
    return SettingsForm(language=p.language, timezone=p.timezone, budget=str(p.budget_minutes),
                        nudge_time=p.nudge_time.strftime("%H:%M"),
                        positioning=p.positioning or "")
