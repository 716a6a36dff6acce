"""Typed form submissions (add or edit a contact, log a touchpoint, settings).

Platforms with real forms (Slack modals) hand the coach one typed value per field
instead of a command line. Each field is read with the same parsers the commands use
(``coach.parsing``); what cannot be read comes back as a message per field, in the
user's language, and nothing is written. A valid form is applied in the engine's unit
of work and answered with the engine's usual reply.
"""

from __future__ import annotations

from coach.i18n import N_

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
