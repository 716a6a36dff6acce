"""Imports: contact exports, invitations and calendars turned into plain records.

``read_file`` detects the format, encoding and delimiter and parses; ``plan_import``
(in :mod:`coach.imports.merge`) decides what is new, what merges and what is
skipped. Nothing here touches storage: the handler in ``coach.handlers.imports``
shows the preview and writes the plan in one transaction.
"""

from coach.imports.decoding import MAX_BYTES, MAX_ROWS
from coach.imports.reading import estimated_rows, read_file
from coach.imports.records import (
    FileKind,
    ImportedContact,
    ImportedInvitation,
    ImportedMeeting,
    ImportRefused,
    ParsedFile,
    Skipped,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "FileKind",
    "ImportRefused",
    "ImportedContact",
    "ImportedInvitation",
    "ImportedMeeting",
    "ParsedFile",
    "Skipped",
    "estimated_rows",
    "read_file",
]
