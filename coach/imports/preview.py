"""The words of an import: what a file is, why rows were skipped, why a file was refused."""

from __future__ import annotations

from collections.abc import Sequence

from coach.i18n import N_, Translator
from coach.imports.records import FileKind, ImportRefused, Skipped

SKIPPED_SHOWN = 5

KIND_NAMES = {
    FileKind.LINKEDIN_CONNECTIONS: N_("LinkedIn connections"),
    FileKind.LINKEDIN_INVITATIONS: N_("LinkedIn invitations"),
    FileKind.GOOGLE_CSV: N_("Google contacts"),
    FileKind.OUTLOOK_CSV: N_("Outlook contacts"),
    FileKind.CONTACTS_CSV: N_("contacts (CSV)"),
    FileKind.VCARD: N_("vCards"),
    FileKind.CALENDAR: N_("Calendar"),
    FileKind.COACH_JSON: N_("Networking Coach export"),
    FileKind.SHARED_CONTACT: N_("shared contact"),
}

SKIP_REASONS = {
    "no_name": N_("line {line} has no name"),
    "name_too_long": N_("line {line} has a name longer than 200 characters"),
    "bad_date": N_("line {line} has a date I cannot read"),
    "duplicate": N_("entry {line} repeats an earlier one"),
}

REFUSALS = {
    "too_large": N_("That file is larger than {value} MB, so I did not read it. Export "
                    "fewer contacts at a time, or split the file."),
    "too_many_rows": N_("That file has more than {value} rows, so I did not read it. "
                        "Split it into smaller files."),
    "empty": N_("That file is empty."),
    "binary": N_("That file is not a text export. I read LinkedIn, Google and Outlook CSV "
                 "files, vCards (.vcf), calendars (.ics) and my own JSON export."),
    "unreadable": N_("I cannot tell which character encoding that file uses. Save it as "
                     "UTF-8 and send it again."),
    "unknown_format": N_("I do not recognise that file. I read LinkedIn Connections.csv and "
                         "Invitations.csv, Google and Outlook CSV exports, vCards (.vcf), "
                         "calendars (.ics) and my own JSON export."),
    "no_rows": N_("That file holds no contacts."),
    "broken_csv": N_("That CSV file is broken at line {line} (for example an unclosed "
                     "quote), so nothing was imported."),
    "broken_vcard": N_("The vCard starting at line {line} is broken, so nothing was "
                       "imported."),
    "broken_calendar": N_("That calendar file is broken near line {line}, so nothing was "
                          "imported."),
    "broken_json": N_("That JSON file is broken near line {line}, so nothing was imported."),
    "foreign_json": N_("That JSON file is not an export of this coach. For other tools, "
                       "export CSV or vCards."),
    "json_version": N_("That export comes from a newer version of the coach (format "
                       "{value}); please update first."),
}
# Messages for errors without a line number.
_NO_LINE = {
    "broken_calendar": N_("That calendar file is broken, so nothing was imported."),
    "broken_json": N_("That JSON file is broken, so nothing was imported."),
}


def kind_name(t: Translator, kind: FileKind) -> str:
    return t._(KIND_NAMES[kind])


def refusal_text(t: Translator, error: ImportRefused) -> str:
    if error.line is None and error.key in _NO_LINE:
        return t._(_NO_LINE[error.key])
    template = REFUSALS.get(error.key, REFUSALS["unknown_format"])
    return t._(template).format(line=error.line or "?", value=error.value)


def skipped_text(t: Translator, skipped: Sequence[Skipped]) -> str:
    """"3 rows skipped: line 17 has no name, …"; empty when nothing was skipped."""
    if not skipped:
        return ""
    reasons = [t._(SKIP_REASONS.get(s.reason, SKIP_REASONS["no_name"])).format(line=s.line)
               for s in skipped[:SKIPPED_SHOWN]]
    if len(skipped) > SKIPPED_SHOWN:
        reasons.append("…")
    return t.n_("{count} row skipped: {reasons}", "{count} rows skipped: {reasons}",
                len(skipped)).format(count=len(skipped), reasons=", ".join(reasons))
