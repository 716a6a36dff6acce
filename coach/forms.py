"""Typed form submissions (add or edit a contact, log a touchpoint, settings).

Platforms with real forms (Slack modals) hand the coach one typed value per field
instead of a command line. Each field is read with the same parsers the commands use
(``coach.parsing``); what cannot be read comes back as a message per field, in the
user's language, and nothing is written. A valid form is applied in the engine's unit
of work and answered with the engine's usual reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date

from coach.commands import Birthday, ContactFields, ParseError
from coach.handlers.contacts import apply_fields
from coach.handlers.touchpoints import record_touchpoint
from coach.i18n import N_, SUPPORTED_LANGUAGES, Translator
from coach.model import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_MINUTES,
    Channel,
    Circle,
    Contact,
    NudgeDays,
)
from coach.names import is_nameable, normalise
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
from coach.suggestions import PERSONAL_CHANNELS
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
BIRTHDAY_DAY = N_("Birthday: day")
BIRTHDAY_MONTH = N_("Birthday: month")
BIRTHDAY_YEAR = N_("Year of birth")
BIRTHDAY_YEAR_HINT = N_("Leave it empty if you don't know the year.")
USUAL_CHANNEL = N_("Usual channel")
USUAL_CHANNEL_HINT = N_("How you usually get in touch; the coach suggests it. Each logged "
                        "touchpoint updates it.")
NUDGE_DAYS = N_("Daily nudge")
NUDGE_WEEKDAYS = N_("on weekdays")
NUDGE_DAILY = N_("every day")
NUDGE_OFF = N_("off")
CIRCLE_CADENCE = N_("Cadence of the circle “{circle}”")
CIRCLE_CADENCE_HINT = N_("For example: every 6 weeks. Empty: the coach's default, {cadence}.")
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
F_NAME, F_CIRCLE, F_CADENCE, F_COMPANY = "name", "circle", "cadence", "company"
F_BIRTHDAY_DAY, F_BIRTHDAY_MONTH, F_BIRTHDAY_YEAR = "birthday_day", "birthday_month", \
    "birthday_year"
F_USUAL_CHANNEL = "usual_channel"
F_NUDGE_DAYS = "nudge_days"
F_CONTACT, F_CHANNEL, F_MINUTES, F_DAY, F_NOTE, F_NEXT = "contact", "channel", "minutes", "day", \
    "note", "next_note"
F_LANGUAGE, F_TIMEZONE, F_BUDGET, F_NUDGE, F_POSITIONING = "language", "timezone", "budget", \
    "nudge_time", "positioning"


def f_cadence_of(circle: Circle) -> str:
    """The settings field of one circle's cadence."""
    return f"cadence_{circle.value}"


REQUIRED = N_("Please fill this in.")
TOO_LONG = N_("At most {limit} characters, please.")
NO_LETTER = N_("A name needs at least one letter.")
CONTACT_GONE = N_("That contact no longer exists.")
UNKNOWN_CHOICE = N_("Please pick one of the choices.")
BAD_ZONE = N_("I don't know this time zone or city. Try Europe/Berlin or München.")
BAD_BUDGET = N_("Give the weekly budget in minutes or hours, for example 90 or 1h30m.")
BAD_CLOCK = N_("Give a time of day such as 08:30.")
SETTINGS_SAVED = N_("Settings saved.")
DAY_TOO = N_("Please pick the day too.")
MONTH_TOO = N_("Please pick the month too.")
YEAR_ALONE = N_("A year alone is not a birthday; please pick the day and the month too.")
BAD_YEAR = N_("Give the year with four digits, for example 1976.")
NO_SUCH_DAY = N_("{month} has no day {day}.")
NO_SUCH_DAY_IN_YEAR = N_("{month} {year} has no day {day}.")
BAD_CIRCLE_CADENCE = N_("Give a period of one day to ten years, for example every 6 weeks.")

NAME_LIMIT = 200
COMPANY_LIMIT = 200
NOTE_LIMIT = 2_000
POSITIONING_LIMIT = 500
MAX_BUDGET_MINUTES = 40 * 60
MAX_CADENCE_DAYS = 3650


@dataclass(frozen=True)
class ContactForm:
    """Add (``contact_id`` None) or edit a contact; texts as typed, empty for not given."""

    name: str
    circle: str = ""
    cadence: str = ""
    # Day and month as picked (both or neither), the year only when known.
    birthday_day: str = ""
    birthday_month: str = ""
    birthday_year: str = ""
    company: str = ""
    # A Channel value; empty leaves the contact's usual channel as it is.
    channel: str = ""
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
    # A NudgeDays value; empty leaves it as it is.
    nudge_days: str = ""
    # Circle value → period as typed; an empty text is the coach's default, a circle
    # missing here stays as it is.
    cadences: Mapping[str, str] = field(default_factory=dict)


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
    elif not is_nameable(name):
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
    birthday = _birthday(turn, form, errors)
    if birthday is None and not errors.keys() & BIRTHDAY_FIELDS:
        cleared.add("birthday")
    company = " ".join(form.company.split())
    _text_limit(turn, errors, F_COMPANY, company, COMPANY_LIMIT)
    if not company:
        cleared.add("company")
    fields = ContactFields(name=name or None, circle=circle, cadence_days=cadence,
                           birthday=birthday, company=company or None,
                           cleared=frozenset(cleared))
    return errors, fields


BIRTHDAY_FIELDS = frozenset({F_BIRTHDAY_DAY, F_BIRTHDAY_MONTH, F_BIRTHDAY_YEAR})


def _number(value: str) -> int | None:
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def month_name(t: Translator, month: int) -> str:
    """The month's name in the user's language ("February", "Februar")."""
    return format_date(date(2000, month, 1), format="LLLL", locale=t.language)


def _birthday(turn: Turn, form: ContactForm, errors: dict[str, str]) -> Birthday | None:
    """Day and month picked from lists, the year typed when known; a day the month
    does not have (31 February, or 29 February in a year that had none) is an error
    under the day."""
    t = turn.t
    given_day, given_month = form.birthday_day.strip(), form.birthday_month.strip()
    given_year = form.birthday_year.strip()
    if not (given_day or given_month or given_year):
        return None
    day, month = _number(given_day), _number(given_month)
    if given_day and (day is None or not 1 <= day <= 31):
        errors[F_BIRTHDAY_DAY] = t._(UNKNOWN_CHOICE)
    if given_month and (month is None or not 1 <= month <= 12):
        errors[F_BIRTHDAY_MONTH] = t._(UNKNOWN_CHOICE)
    year = _number(given_year) if given_year else None
    if given_year and (year is None or len(given_year) != 4):
        errors[F_BIRTHDAY_YEAR] = t._(BAD_YEAR)
    if not given_day and not given_month:
        errors[F_BIRTHDAY_YEAR] = t._(YEAR_ALONE)
    elif not given_day:
        errors[F_BIRTHDAY_DAY] = t._(DAY_TOO)
    elif not given_month:
        errors[F_BIRTHDAY_MONTH] = t._(MONTH_TOO)
    if errors.keys() & BIRTHDAY_FIELDS or day is None or month is None:
        return None
    try:
        # A leap year when the year is unknown: 29 February birthdays exist.
        date(year or 2000, month, day)
    except ValueError:
        text = NO_SUCH_DAY if year is None else NO_SUCH_DAY_IN_YEAR
        errors[F_BIRTHDAY_DAY] = t._(text).format(month=month_name(t, month), day=day,
                                                 year=year)
        return None
    typed = f"{day:02d}.{month:02d}." + (str(year) if year is not None else "")
    try:
        # The command's own checks for the year: not before 1900, not in the future.
        return parse_birthday(typed, turn.today)
    except ParseError as error:
        errors[F_BIRTHDAY_YEAR] = _parse_error(turn, error)
        return None


def _channel(turn: Turn, value: str, errors: dict[str, str]) -> Channel | None:
    if not value.strip():
        return None
    try:
        channel = Channel(value.strip())
    except ValueError:
        channel = None
    if channel not in PERSONAL_CHANNELS:
        errors[F_USUAL_CHANNEL] = turn.t._(UNKNOWN_CHOICE)
        return None
    return channel


def submit_contact(turn: Turn, form: ContactForm) -> FormResult:
    """Add a contact, or change the one ``form.contact_id`` names."""
    t = turn.t
    errors, fields = _contact_fields(turn, form)
    channel = _channel(turn, form.channel, errors)
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
        _set_channel(contact, channel)
        contact = turn.save_contact(contact)
        text = t._("Added {name} ({circle}, {cadence}). First due on {due}.")
    else:
        apply_fields(contact, fields)
        _set_channel(contact, channel)
        turn.save_contact(contact)
        text = t._("Updated {name}: {circle}, {cadence}, next due on {due}.")
    return FormResult(answer=reply(text.format(
        name=contact.name, circle=circle_name(t, contact.circle),
        cadence=cadence_text(t, cadence_days(contact, turn.profile)),
        due=date_text(t, due_date(contact)))))


def _set_channel(contact: Contact, channel: Channel | None) -> None:
    """The usual channel is the one the coach suggests from: the last one used, which
    each logged touchpoint moves on (and an undo restores)."""
    if channel is not None:
        contact.last_channel = channel


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
    nudge_days = turn.profile.nudge_days
    if form.nudge_days:
        try:
            nudge_days = NudgeDays(form.nudge_days)
        except ValueError:
            errors[F_NUDGE_DAYS] = t._(UNKNOWN_CHOICE)
    cadences = _circle_cadences(turn, form, errors)
    if errors or language is None or zone is None or budget is None or nudge is None:
        return FormResult(errors=errors)
    profile = turn.profile
    zone_changed = zone != profile.timezone
    moved = {Circle(c) for c in set(cadences) | set(profile.cadences)
             if cadences.get(c) != profile.cadences.get(c)}
    profile.language, profile.timezone = language, zone
    profile.budget_minutes, profile.nudge_time = budget, nudge
    profile.nudge_days, profile.cadences = nudge_days, cadences
    profile.positioning = positioning or None
    turn.uow.profiles.save(profile)
    if zone_changed or moved:
        # Due days are counted in local days, so they move with the zone; a circle's
        # new cadence moves its contacts that follow it.
        for contact in turn.uow.contacts.list(turn.user_id, include_archived=True):
            if zone_changed or (contact.circle in moved and contact.cadence_days is None):
                turn.save_contact(contact)
    turn.__dict__.pop("t", None)  # answer in the new language
    return FormResult(answer=reply(turn.t._(SETTINGS_SAVED)))


def _circle_cadences(turn: Turn, form: SettingsForm, errors: dict[str, str]) -> dict[str, int]:
    """The profile's cadence overrides after the form: a period typed for a circle, none
    for an empty field, unchanged for a circle the form did not show."""
    cadences = dict(turn.profile.cadences)
    for circle in Circle:
        if circle.value not in form.cadences:
            continue
        text = form.cadences[circle.value].strip()
        if not text:
            cadences.pop(circle.value, None)
            continue
        try:
            days = parse_period_days(text)
        except ParseError:
            days = None
        if days is None or not 0 < days <= MAX_CADENCE_DAYS:
            errors[f_cadence_of(circle)] = turn.t._(BAD_CIRCLE_CADENCE)
        elif days == DEFAULT_CADENCE_DAYS[circle]:
            cadences.pop(circle.value, None)
        else:
            cadences[circle.value] = days
    return cadences


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
    cadence = ""
    if contact.cadence_days:
        cadence = turn.t.n_("{count} day", "{count} days", contact.cadence_days).format(
            count=contact.cadence_days)
    known = contact.birthday_day and contact.birthday_month
    channel = contact.last_channel if contact.last_channel in PERSONAL_CHANNELS else None
    return ContactForm(name=contact.name, circle=contact.circle.value, cadence=cadence,
                       birthday_day=str(contact.birthday_day) if known else "",
                       birthday_month=str(contact.birthday_month) if known else "",
                       birthday_year=str(contact.birthday_year or "") if known else "",
                       company=contact.company or "",
                       channel=channel.value if channel is not None else "",
                       contact_id=contact.id)


def settings_form(turn: Turn) -> SettingsForm:
    p = turn.profile
    return SettingsForm(language=p.language, timezone=p.timezone, budget=str(p.budget_minutes),
                        nudge_time=p.nudge_time.strftime("%H:%M"),
                        positioning=p.positioning or "", nudge_days=p.nudge_days.value,
                        cadences={c.value: cadence_text(turn.t, p.cadences[c.value])
                                  for c in Circle if c.value in p.cadences})
