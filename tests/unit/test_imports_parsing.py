"""Reading export files as they arrive: formats, encodings, quirks, limits, broken files."""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coach.imports import MAX_BYTES, MAX_ROWS, FileKind, ImportRefused, read_file
from coach.imports.fields import parse_birthday, profile_key

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def read(name: str, content: bytes | None = None):
    data = (FIXTURES / name).read_bytes() if content is None else content
    return read_file(name, data, NOW)


def by_name(parsed):
    return {c.name: c for c in parsed.contacts}


# --- LinkedIn ------------------------------------------------------------------------


def test_linkedin_connections_are_found_below_the_notes_with_the_connection_date():
    parsed = read("linkedin_connections.csv")

    assert parsed.kind is FileKind.LINKEDIN_CONNECTIONS
    people = by_name(parsed)
    assert set(people) == {"Anna Schmidt", "Jörg Meier", "Priya Raman", "Tom Becker",
                           "Søren Ødegaard"}
    anna = people["Anna Schmidt"]
    assert anna.email == "anna.schmidt@example.org"
    assert anna.company == "Schmidt & Partner"
    assert anna.profile_url == "https://www.linkedin.com/in/anna-schmidt-4711"
    assert anna.connected_on == date(2023, 11, 15)
    assert people["Jörg Meier"].company == "Meier Bau GmbH, München"
    assert people["Tom Becker"].company == 'Becker "Immobilien" KG'


def test_a_linkedin_row_without_a_name_is_skipped_with_its_line():
    parsed = read("linkedin_connections.csv")

    assert [(s.line, s.reason) for s in parsed.skipped] == [(8, "no_name")]


@pytest.mark.parametrize("variant", ["no BOM", "LF", "no notes"])
def test_linkedin_connections_read_the_same_without_bom_notes_or_crlf(variant):
    raw = (FIXTURES / "linkedin_connections.csv").read_bytes()
    text = raw.decode("utf-8-sig")
    if variant == "LF":
        text = text.replace("\r\n", "\n")
    if variant == "no notes":
        text = text[text.index("First Name"):]
    content = text.encode() if variant != "no BOM" else raw[len(codecs.BOM_UTF8):]

    parsed = read("Connections.csv", content)

    assert sorted(c.name for c in parsed.contacts) == sorted(
        c.name for c in read("linkedin_connections.csv").contacts)


def test_linkedin_invitations_keep_only_incoming_ones_with_a_message():
    parsed = read("linkedin_invitations.csv")

    assert parsed.kind is FileKind.LINKEDIN_INVITATIONS
    assert [i.sender for i in parsed.invitations] == [
        "Carla Neumann", "Max Vertrieb", "Lena Fischer", "Mark Wilson"]
    assert parsed.ignored == 2  # one outgoing, one without a message
    lena = parsed.invitations[2]
    assert "Synergien" in lena.message  # the message spans two lines in the file
    assert lena.sent_at == datetime(2026, 11, 8, 11, 40, tzinfo=UTC)


# --- Google and Outlook --------------------------------------------------------------


def test_google_contacts_take_the_first_of_several_values_and_year_less_birthdays():
    parsed = read("google_contacts.csv")

    assert parsed.kind is FileKind.GOOGLE_CSV
    people = by_name(parsed)
    anna = people["Anna Schmidt"]
    assert anna.email == "anna.schmidt@example.org"
    assert anna.phone == "+49 170 1234567"
    assert (anna.birthday_day, anna.birthday_month, anna.birthday_year) == (2, 7, 1984)
    kai = people["Kai Wagner"]
    assert (kai.birthday_day, kai.birthday_month, kai.birthday_year) == (15, 4, None)
    # 29 February 1990 never existed: no birthday rather than a wrong one.
    assert people["Emma Lang"].birthday_month is None
    assert [s.line for s in parsed.skipped] == [4]


def test_the_older_google_layout_maps_by_column_name():
    parsed = read("google_contacts_legacy.csv")

    assert parsed.kind is FileKind.GOOGLE_CSV
    people = by_name(parsed)
    assert people["Peter Hofmann"].company == "Hofmann Invest"
    assert people["Peter Hofmann"].email == "peter.hofmann@example.de"
    assert people["Maria Lopez"].email == "maria.lopez@example.es"


def test_german_outlook_export_in_windows_1252_with_semicolons():
    content = (FIXTURES / "outlook_de.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    parsed = read("outlook_de.csv", content)

    assert parsed.kind is FileKind.OUTLOOK_CSV
    people = by_name(parsed)
    juergen = people["Jürgen Weiß"]
    assert juergen.company == "Weiß & Söhne Grundbesitz GmbH"
    assert juergen.email == "j.weiss@weiss-soehne.example"
    assert (juergen.birthday_day, juergen.birthday_month, juergen.birthday_year) == (
        15, 4, 1976)
    assert people["Bärbel Große"].birthday_month is None  # 00.00.0000 means none
    assert people["François Dupont"].birthday_year == 1981
    assert [(s.line, s.reason) for s in parsed.skipped] == [(4, "no_name")]


def test_a_german_table_of_contacts_from_elsewhere_is_read_by_its_column_names():
    content = ("\ufeffAnrede;Titel;Vorname;Nachname;Unternehmen;Berufsbezeichnung;"
               "E-Mail (geschäftlich);Handy;Geburtsdatum;XING-Profil\r\n"
               "Frau;Dr.;Sabine;Krüger;Bauwerk AG;CFO;s.krueger@bauwerk.example;+49 170 1;"
               "1975-06-03;https://www.xing.com/profile/Sabine_Krueger\r\n").encode()

    parsed = read("kontakte.csv", content)

    assert parsed.kind is FileKind.CONTACTS_CSV, "not every German table is Outlook's"
    sabine = by_name(parsed)["Sabine Krüger"]
    assert (sabine.company, sabine.email, sabine.phone) == (
        "Bauwerk AG", "s.krueger@bauwerk.example", "+49 170 1")
    assert (sabine.birthday_day, sabine.birthday_month, sabine.birthday_year) == (3, 6, 1975)
    assert sabine.profile_url == "https://www.xing.com/profile/Sabine_Krueger"


def test_english_outlook_export_with_us_dates():
    people = by_name(read("outlook_en.csv"))

    rachel = people["Rachel Green"]
    assert (rachel.birthday_day, rachel.birthday_month, rachel.birthday_year) == (15, 4, 1976)
    assert rachel.company == "Bloomingdale's"
    assert people["Ross Geller"].birthday_month is None  # Outlook's 0/0/00


# --- vCards --------------------------------------------------------------------------


def test_xing_vcards_unfold_lines_and_keep_the_profile_url():
    people = by_name(read("xing.vcf"))

    joerg = people["Jörg Meier"]
    assert joerg.email == "joerg.meier@meier-bau.example"  # folded across two lines
    assert joerg.profile_url == "https://www.xing.com/profile/Joerg_Meier"
    assert (joerg.birthday_day, joerg.birthday_month, joerg.birthday_year) == (21, 9, 1968)
    assert "Dr. Sabine Köhler" in people


def test_apple_vcards_omit_the_year_when_apple_says_so():
    parsed = read("apple.vcf")

    anna = by_name(parsed)["Anna Schmidt"]
    assert (anna.birthday_day, anna.birthday_month, anna.birthday_year) == (15, 4, None)
    assert anna.profile_url == "https://www.linkedin.com/in/anna-schmidt-4711"
    assert anna.email == "anna.schmidt@example.org"
    assert [(s.line, s.reason) for s in parsed.skipped] == [(21, "no_name")]


def test_vcard_4_birthdays_without_a_year():
    people = by_name(read("vcard4.vcf"))

    assert (people["Lukas Brandt"].birthday_month, people["Lukas Brandt"].birthday_day,
            people["Lukas Brandt"].birthday_year) == (4, 15, None)
    assert people["Lukas Brandt"].phone == "+49-151-2345678"
    assert (people["Greta Sommer"].birthday_month, people["Greta Sommer"].birthday_year) == (
        12, None)


def test_a_broken_vcard_names_the_line_where_it_starts():
    content = (FIXTURES / "xing.vcf").read_bytes().replace(b"ORG:Meier", b"ORG Meier", 1)

    with pytest.raises(ImportRefused) as refused:
        read("xing.vcf", content)

    assert (refused.value.key, refused.value.line) == ("broken_vcard", 1)


@pytest.mark.parametrize(("text", "omit", "expected"), [
    ("1976-04-15", False, (15, 4, 1976)),
    ("19760415", False, (15, 4, 1976)),
    ("--04-15", False, (15, 4, None)),
    ("--0415", False, (15, 4, None)),
    ("1604-04-15", True, (15, 4, None)),
    ("15.04.1976", False, (15, 4, 1976)),
    ("15.04.", False, (15, 4, None)),
    ("4/15/1976", False, (15, 4, 1976)),
    ("--02-29", False, (29, 2, None)),
    ("00.00.0000", False, None),
    ("0/0/00", False, None),
    ("31.02.1980", False, None),
    ("next spring", False, None),
])
def test_birthdays_never_get_an_invented_year(text, omit, expected):
    assert parse_birthday(text, omit_year=omit) == expected


def test_profile_urls_match_however_they_are_written():
    keys = {profile_key(url) for url in (
        "https://www.linkedin.com/in/Anna-Schmidt-4711/",
        "http://linkedin.com/in/anna-schmidt-4711?trk=people",
        "linkedin.com/in/anna-schmidt-4711",
        "https://de.linkedin.com/in/anna-schmidt-4711")}
    assert keys == {"linkedin.com/in/anna-schmidt-4711"}


# --- calendars -----------------------------------------------------------------------


def test_google_calendar_keeps_past_timed_meetings_with_their_attendees():
    parsed = read("google_calendar.ics")

    assert parsed.kind is FileKind.CALENDAR
    titles = [m.title for m in parsed.meetings]
    assert titles == ["Lunch Schwabing project", "Call with Jörg Meier", "Dentist"]
    lunch = parsed.meetings[0]
    assert lunch.minutes == 60
    assert ("Anna Schmidt", "anna.schmidt@example.org") in [
        (a.name, a.email) for a in lunch.attendees]
    call = parsed.meetings[1]
    assert call.start == datetime(2026, 11, 4, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
    assert call.minutes == 30
    assert parsed.ignored == 3  # all-day, future and cancelled


def test_outlook_calendar_with_windows_time_zone_names():
    parsed = read("outlook_calendar.ics")

    assert [m.minutes for m in parsed.meetings] == [90, 30]
    assert parsed.meetings[0].attendees[0].email == "j.weiss@weiss-soehne.example"


# --- refusals ------------------------------------------------------------------------


def test_a_broken_csv_imports_nothing_and_names_the_line():
    with pytest.raises(ImportRefused) as refused:
        read("broken_quote.csv")

    assert (refused.value.key, refused.value.line) == ("broken_csv", 3)


def test_files_over_the_size_limit_are_refused_before_parsing():
    with pytest.raises(ImportRefused) as refused:
        read_file("big.csv", b"a" * (MAX_BYTES + 1), NOW)

    assert refused.value.key == "too_large"


def test_files_over_the_row_limit_are_refused():
    rows = "\n".join(f"Person,{n},,,,,01 Jan 2020" for n in range(MAX_ROWS + 1))
    content = f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{rows}"

    with pytest.raises(ImportRefused) as refused:
        read_file("Connections.csv", content.encode(), NOW)

    assert refused.value.key == "too_many_rows"


@pytest.mark.parametrize(("content", "key"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Just some text\nwithout any columns\n", "unknown_format"),
    (b'{"hello": "world"}', "foreign_json"),
    (b'{"format": "networking-coach-export", "version": 1, "contacts": [', "broken_json"),
])
def test_files_that_are_not_exports_are_refused_with_a_reason(content, key):
    with pytest.raises(ImportRefused) as refused:
        read_file("upload", content, NOW)

    assert refused.value.key == key
