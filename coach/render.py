"""Shared phrases: channel and circle names, durations, dates, due lines.

Everything here goes through the message catalogue so German and English read
naturally; handlers combine these pieces into replies.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from coach.i18n import N_, Translator
from coach.model import Channel, Circle, Contact

PARSE_ERRORS = {
    "log_needs_name": N_("Whom did you talk to? For example: /log Anna call 20m"),
    "add_needs_name": N_("Whom should I add? For example: /add Anna Schmidt"),
    "edit_needs_name": N_("Whom should I change? For example: /edit Anna circle close"),
    "edit_needs_field": N_(
        "What should I change? For example: /edit Anna circle close, /edit Anna every 2 months "
        "or /edit Anna birthday 15.04."
    ),
    "bad_cadence": N_(
        "I could not read “{value}” as a cadence. Try “every 6 weeks” or “2 months”."
    ),
    "bad_birthday": N_(
        "I could not read “{value}” as a birthday. Try 15.04., 15.04.1976 or April 15."
    ),
    "bad_language": N_("I can write German (de) or English (en), not “{value}”."),
    "unknown_circle": N_(
        "“{value}” is not a circle. The circles are close, active, wider and dormant."
    ),
    "bad_date": N_("“{value}” is not a date I know. Try Aug 26, 26.08. or yesterday."),
    "date_in_future": N_("“{value}” lies in the future; I can only log what has happened."),
    "duration_out_of_range": N_("“{value}” is not a duration I can log (1 minute to 24 hours)."),
    "date_too_old": N_("“{value}” is more than 50 years ago. Please check the date."),
    "birthday_in_future": N_(
        "“{value}” lies in the future, so it cannot be a birthday. Please check the year, "
        "or leave it out: 15.04."
    ),
    "birthday_too_early": N_(
        "“{value}” is before 1900. Please check the year, or leave it out: 15.04."
    ),
    "unicode_digits": N_(
        "I read numbers in the digits 0 to 9 only. Please write “{value}” with those, "
        "for example 2 instead of ²."
    ),
    "period_out_of_range": N_(
        "“{value}” is not a period I can use. Give at least one day, for example 2 weeks."
    ),
    "bad_until_day": N_(
        "I could not read “{value}” as a day ahead. Try Monday, 15.12. or next week."
    ),
    "unknown_unit": N_(
        "I don't know the unit “{value}”. Use days, weeks, months or years, for example "
        "2 weeks."
    ),
}


def parse_error_text(t: Translator, key: str, params: dict[str, str]) -> str:
    template = PARSE_ERRORS.get(key)
    if template is None:
        return t._("Sorry, I did not understand that. Send /help for the commands.")
    return t._(template).format(**params)


def unknown_language_text(t: Translator, value: str, name: str) -> str:
    """Why a contact was kept without the language asked for ("/add Anna language fr")."""
    return t._("I write drafts in German (de) or English (en), not “{value}”, so drafts for "
               "{name} will be in your language. To change it: /edit {name} language en"
               ).format(value=value, name=name)


def channel_name(t: Translator, channel: Channel) -> str:
    names = {
        Channel.CALL: t._("call"),
        Channel.MEETING: t._("meeting"),
        Channel.EMAIL: t._("email"),
        Channel.MESSAGE: t._("message"),
        Channel.CARD: t._("card"),
        Channel.NEWSLETTER: t._("newsletter"),
        Channel.EVENT: t._("event"),
        Channel.OTHER: t._("other"),
    }
    return names[channel]


def upper_first(text: str) -> str:
    """The first letter in upper case and nothing else touched: ``str.capitalize``
    would turn the German "E-Mail" into "E-mail"."""
    return text[:1].upper() + text[1:]


def circle_name(t: Translator, circle: Circle) -> str:
    names = {
        Circle.CLOSE: t._("close"),
        Circle.ACTIVE: t._("active"),
        Circle.WIDER: t._("wider"),
        Circle.DORMANT: t._("dormant"),
    }
    return names[circle]


def action_phrase(t: Translator, channel: Channel, name: str) -> str:
    """"Call Anna Schmidt" / "Anna Schmidt anrufen": the suggested next step."""
    phrases = {
        Channel.CALL: t._("Call {name}"),
        Channel.MEETING: t._("Meet {name}"),
        Channel.EMAIL: t._("Email {name}"),
        Channel.MESSAGE: t._("Message {name}"),
        Channel.CARD: t._("Send {name} a card"),
        Channel.NEWSLETTER: t._("Send {name} your newsletter"),
        Channel.EVENT: t._("Invite {name} to an event"),
        Channel.OTHER: t._("Get in touch with {name}"),
    }
    return phrases[channel].format(name=name)


def minutes_text(t: Translator, minutes: int) -> str:
    """"45 min", "1 h", "1 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return t._("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    if hours:
        return t._("{hours} h").format(hours=hours)
    return t._("{minutes} min").format(minutes=rest)


def days_text(t: Translator, days: int) -> str:
    return t.n_("{count} day", "{count} days", days).format(count=days)


def cadence_text(t: Translator, days: int) -> str:
    """"every 90 days" / "alle 90 Tage"; whole weeks read as weeks."""
    if days % 7 == 0 and days < 90:
        weeks = days // 7
        return t.n_("every week", "every {count} weeks", weeks).format(count=weeks)
    return t.n_("every day", "every {count} days", days).format(count=days)


def ago_text(t: Translator, days: int) -> str:
    if days <= 0:
        return t._("today")
    if days == 1:
        return t._("yesterday")
    return t.n_("{count} day ago", "{count} days ago", days).format(count=days)


def date_text(t: Translator, day: date) -> str:
    return format_date(day, format="medium", locale=t.language)


def birthday_text(t: Translator, contact: Contact) -> str:
    if contact.birthday_day is None or contact.birthday_month is None:
        return "–"
    if contact.birthday_year:
        return date_text(t, date(contact.birthday_year, contact.birthday_month,
                                 contact.birthday_day))
    pattern = "d. MMMM" if t.language == "de" else "MMMM d"
    # A leap year, so that 29 February can be shown.
    return format_date(date(2000, contact.birthday_month, contact.birthday_day),
                       format=pattern, locale=t.language)
