"""Exports: the user's data as JSON (everything), CSV and vCards (for other tools) and
an iCalendar file (birthdays, the weekly networking slot, this week's catch-ups)."""

from coach.exports.calendar_file import PlannedCatchUp, calendar_ics
from coach.exports.csv_file import contacts_csv
from coach.exports.document import EXPORT_VERSION, export_document
from coach.exports.vcard_file import contacts_vcf

__all__ = [
    "EXPORT_VERSION",
    "PlannedCatchUp",
    "calendar_ics",
    "contacts_csv",
    "contacts_vcf",
    "export_document",
]
