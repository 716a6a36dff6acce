"""Modals: the forms for adding or editing a contact, logging a touchpoint, settings.

Labels come from :mod:`coach.forms`, so they are translated with everything else, and
so does validation: a submission is read into a typed form, the engine checks every
field with its own parsers, and errors travel back in the ack as
``response_action: errors``, shown under the fields; nothing is written then.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from adapters.slack.blocks import OPEN_PREFIX, plain
from coach import forms
from coach.i18n import Translator
from coach.model import DEFAULT_CADENCE_DAYS, Channel, Circle, NudgeDays
from coach.render import cadence_text, channel_name, circle_name
from coach.suggestions import PERSONAL_CHANNELS

CONTACT_CALLBACK = "form.contact"
LOG_CALLBACK = "form.log"
SETTINGS_CALLBACK = "form.settings"
CONTACT_OPTIONS = "contact_search"
LANGUAGES = (("en", "English"), ("de", "Deutsch"))
# A static select cannot be emptied once something is picked; this option can, so an
# edit can remove a birthday.
NOT_KNOWN = "none"
# Ids are positive PostgreSQL integers; no record has id 0.
MAX_ID = 2**31 - 1
UNKNOWN_ID = 0


def modal_buttons(t: Translator) -> list[dict[str, Any]]:
    """The Home's buttons that open the modals."""
    return [
        {"type": "button", "action_id": f"{OPEN_PREFIX}log", "style": "primary",
         "text": plain(t._(forms.LOG_TOUCHPOINT), 75), "value": "log"},
        {"type": "button", "action_id": f"{OPEN_PREFIX}add",
         "text": plain(t._(forms.ADD_CONTACT), 75), "value": "add"},
        {"type": "button", "action_id": f"{OPEN_PREFIX}settings",
         "text": plain(t._(forms.SETTINGS), 75), "value": "settings"},
    ]


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, 75), "value": value}


def _input(field: str, label: str, element: dict[str, Any], *, optional: bool = True,
           hint: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": field, "optional": optional,
                             "label": plain(label, 2000), "element": element}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _text(field: str, initial: str = "", *, multiline: bool = False,
          max_length: int | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": field,
                               "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    if max_length:
        element["max_length"] = max_length
    return element


def _select(field: str, options: list[dict[str, Any]], initial: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "static_select", "action_id": field,
                               "options": options}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return element


def _modal(t: Translator, callback_id: str, title: str, blocks: list[dict[str, Any]],
           metadata: str = "") -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "title": plain(title, 24),
            "submit": plain(t._(forms.SAVE), 24), "close": plain(t._(forms.CANCEL), 24),
            "private_metadata": metadata, "blocks": blocks}


def birthday_inputs(t: Translator, form: forms.ContactForm,
                    today: date) -> list[dict[str, Any]]:
    """Day and month from lists and the year typed, since Slack's date picker always
    has a year and many birthdays are known without one."""
    unknown = _option(NOT_KNOWN, "–")
    days = [unknown, *(_option(str(d), str(d)) for d in range(1, 32))]
    months = [unknown, *(_option(str(m), forms.month_name(t, m)) for m in range(1, 13))]
    year: dict[str, Any] = {"type": "number_input", "action_id": forms.F_BIRTHDAY_YEAR,
                            "is_decimal_allowed": False, "min_value": "1900",
                            "max_value": str(today.year)}
    if form.birthday_year:
        year["initial_value"] = form.birthday_year
    return [
        _input(forms.F_BIRTHDAY_DAY, t._(forms.BIRTHDAY_DAY),
               _select(forms.F_BIRTHDAY_DAY, days, form.birthday_day or None)),
        _input(forms.F_BIRTHDAY_MONTH, t._(forms.BIRTHDAY_MONTH),
               _select(forms.F_BIRTHDAY_MONTH, months, form.birthday_month or None)),
        _input(forms.F_BIRTHDAY_YEAR, t._(forms.BIRTHDAY_YEAR), year,
               hint=t._(forms.BIRTHDAY_YEAR_HINT)),
    ]


def contact_modal(t: Translator, form: forms.ContactForm | None = None, *,
                  today: date) -> dict[str, Any]:
    form = form or forms.ContactForm(name="")
    circles = [_option(c.value, circle_name(t, c)) for c in Circle]
    blocks = [
        _input(forms.F_NAME, t._(forms.NAME), _text(forms.F_NAME, form.name, max_length=200),
               optional=False),
        _input(forms.F_CIRCLE, t._(forms.CIRCLE),
               _select(forms.F_CIRCLE, circles, form.circle or Circle.ACTIVE.value)),
        _input(forms.F_CADENCE, t._(forms.CADENCE), _text(forms.F_CADENCE, form.cadence),
               hint=t._(forms.CADENCE_HINT)),
        *birthday_inputs(t, form, today),
        _input(forms.F_COMPANY, t._(forms.COMPANY),
               _text(forms.F_COMPANY, form.company, max_length=200)),
        _input(forms.F_USUAL_CHANNEL, t._(forms.USUAL_CHANNEL),
               _select(forms.F_USUAL_CHANNEL,
                       [_option(c.value, channel_name(t, c)) for c in PERSONAL_CHANNELS],
                       form.channel or None),
               hint=t._(forms.USUAL_CHANNEL_HINT)),
    ]
    title = t._(forms.ADD_CONTACT) if form.contact_id is None else t._(forms.EDIT_CONTACT)
    metadata = "" if form.contact_id is None else str(form.contact_id)
    return _modal(t, CONTACT_CALLBACK, title, blocks, metadata)


def log_modal(t: Translator, today: date) -> dict[str, Any]:
    channels = [_option(c.value, channel_name(t, c)) for c in Channel]
    blocks = [
        _input(forms.F_CONTACT, t._(forms.CONTACT),
               {"type": "external_select", "action_id": forms.F_CONTACT,
                "min_query_length": 0}),
        _input(forms.F_CHANNEL, t._(forms.CHANNEL),
               _select(forms.F_CHANNEL, channels, Channel.CALL.value), optional=False),
        _input(forms.F_MINUTES, t._(forms.MINUTES), _text(forms.F_MINUTES),
               hint=t._(forms.MINUTES_HINT)),
        _input(forms.F_DAY, t._(forms.DAY),
               {"type": "datepicker", "action_id": forms.F_DAY,
                "initial_date": today.isoformat()}),
        _input(forms.F_NOTE, t._(forms.NOTE), _text(forms.F_NOTE, multiline=True)),
        _input(forms.F_NEXT, t._(forms.NEXT_NOTE), _text(forms.F_NEXT, multiline=True)),
    ]
    return _modal(t, LOG_CALLBACK, t._(forms.LOG_TOUCHPOINT), blocks)


def settings_modal(t: Translator, form: forms.SettingsForm) -> dict[str, Any]:
    languages = [_option(code, label) for code, label in LANGUAGES]
    blocks = [
        _input(forms.F_LANGUAGE, t._(forms.LANGUAGE),
               _select(forms.F_LANGUAGE, languages, form.language), optional=False),
        _input(forms.F_TIMEZONE, t._(forms.TIMEZONE), _text(forms.F_TIMEZONE, form.timezone),
               optional=False),
        _input(forms.F_BUDGET, t._(forms.BUDGET), _text(forms.F_BUDGET, form.budget),
               optional=False),
        _input(forms.F_NUDGE, t._(forms.NUDGE_TIME),
               {"type": "timepicker", "action_id": forms.F_NUDGE,
                "initial_time": form.nudge_time}, optional=False),
        _input(forms.F_NUDGE_DAYS, t._(forms.NUDGE_DAYS),
               _select(forms.F_NUDGE_DAYS, [
                   _option(NudgeDays.WEEKDAYS.value, t._(forms.NUDGE_WEEKDAYS)),
                   _option(NudgeDays.DAILY.value, t._(forms.NUDGE_DAILY)),
                   _option(NudgeDays.OFF.value, t._(forms.NUDGE_OFF))], form.nudge_days),
               optional=False),
        *(_input(forms.f_cadence_of(c), t._(forms.CIRCLE_CADENCE).format(
            circle=circle_name(t, c)),
            _text(forms.f_cadence_of(c), form.cadences.get(c.value, ""), max_length=100),
            hint=t._(forms.CIRCLE_CADENCE_HINT).format(
                cadence=cadence_text(t, DEFAULT_CADENCE_DAYS[c])))
          for c in Circle),
        _input(forms.F_POSITIONING, t._(forms.POSITIONING),
               _text(forms.F_POSITIONING, form.positioning, multiline=True,
                     max_length=forms.POSITIONING_LIMIT)),
    ]
    return _modal(t, SETTINGS_CALLBACK, t._(forms.SETTINGS), blocks)


# --- reading submissions ----------------------------------------------------------------

def _value(values: dict[str, Any], field: str) -> str:
    """What one input holds, whatever its element type; empty when nothing."""
    element = (values.get(field) or {}).get(field) or {}
    if "selected_option" in element:
        option = element.get("selected_option") or {}
        value = str(option.get("value") or "")
        return "" if value == NOT_KNOWN else value
    for key in ("value", "selected_date", "selected_time"):
        if key in element:
            return str(element.get(key) or "")
    return ""


def _id(text: str) -> int | None:
    """A record id the app wrote into a view; None when the text is none.

    ASCII digits only ("²".isdigit() is true, yet int() refuses it) and within a
    database integer, so a forged value cannot reach a query as an overflow.
    """
    if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID:
        return int(text)
    return None


def read_contact(view: dict[str, Any]) -> forms.ContactForm:
    values = view["state"]["values"]
    metadata = str(view.get("private_metadata") or "")
    return forms.ContactForm(
        name=_value(values, forms.F_NAME), circle=_value(values, forms.F_CIRCLE),
        cadence=_value(values, forms.F_CADENCE),
        birthday_day=_value(values, forms.F_BIRTHDAY_DAY),
        birthday_month=_value(values, forms.F_BIRTHDAY_MONTH),
        birthday_year=_value(values, forms.F_BIRTHDAY_YEAR),
        company=_value(values, forms.F_COMPANY), channel=_value(values, forms.F_USUAL_CHANNEL),
        # Metadata that is no id (forged) names no contact: the form says it is gone
        # rather than adding a new one.
        contact_id=(_id(metadata) or UNKNOWN_ID) if metadata else None)


def read_log(view: dict[str, Any]) -> forms.LogForm:
    values = view["state"]["values"]
    contact = _value(values, forms.F_CONTACT)
    day = _value(values, forms.F_DAY)
    try:
        parsed_day = date.fromisoformat(day) if day else None
    except ValueError:
        parsed_day = None
    return forms.LogForm(
        # A logged time may name no contact; a forged value is not "no contact".
        contact_id=(_id(contact) or UNKNOWN_ID) if contact else None,
        channel=_value(values, forms.F_CHANNEL), minutes=_value(values, forms.F_MINUTES),
        day=parsed_day, note=_value(values, forms.F_NOTE),
        next_note=_value(values, forms.F_NEXT))


def read_settings(view: dict[str, Any]) -> forms.SettingsForm:
    values = view["state"]["values"]
    return forms.SettingsForm(
        language=_value(values, forms.F_LANGUAGE), timezone=_value(values, forms.F_TIMEZONE),
        budget=_value(values, forms.F_BUDGET), nudge_time=_value(values, forms.F_NUDGE),
        positioning=_value(values, forms.F_POSITIONING),
        nudge_days=_value(values, forms.F_NUDGE_DAYS),
        cadences={c.value: _value(values, forms.f_cadence_of(c))
                  for c in Circle if forms.f_cadence_of(c) in values})


def contact_options(choices: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [_option(str(contact_id), name) for contact_id, name in choices]
