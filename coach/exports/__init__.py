"""Exports: the user's data as JSON (everything), CSV and vCards (for other tools) and
an iCalendar file (birthdays, the weekly networking slot, this week's catch-ups).

The long ones (JSON, CSV, vCards) are produced as pieces of bytes while the records
are read, and :func:`coach.spool.spool` writes them into a temporary file, so an
export is never held in memory as a whole.
"""

from coach.exports.calendar_file import PlannedCatchUp, calendar_ics
from coach.exports.csv_file import csv_pieces
from coach.exports.document import EXPORT_VERSION, export_pieces
from coach.exports.vcard_file import vcard_pieces

__all__ = [
    "EXPORT_VERSION",
    "PlannedCatchUp",
    "calendar_ics",
    "csv_pieces",
    "export_pieces",
    "vcard_pieces",
]
