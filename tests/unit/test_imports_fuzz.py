"""Any file ends in a clean import or a clear refusal, and a refusal writes nothing."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.engine import Coach
from coach.imports.preview import REFUSALS
from tests.fakes.memory import FixedClock, MemoryDatabase, MemoryUnitOfWorkFactory
from tests.unit.conftest import NOW, identity

COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
           "Connected On", "Vorname", "Nachname", "E-Mail-Adresse", "Geburtstag", "Name",
           "Birthday", "Phone 1 - Value", "Notes", "From", "To", "Message", "Direction")
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "15 Nov 2023", "--04-15", "15.04.1976", "0/0/00", "INCOMING",
                     "https://www.linkedin.com/in/x", "a@b.de ::: c@d.de", '"', "\n", ";"]),
)
REFUSAL_STARTS = tuple(text.split("{")[0][:25] for text in REFUSALS.values())


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(header) + 2), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for line in draw(st.lists(st.text(max_size=40), max_size=3)):  # notes above the header
        buffer.write(line.replace("\x00", "") + "\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):  # now and then a cut file or a stray quote
        text = text[: draw(st.integers(0, len(text)))] + draw(st.sampled_from(["", '"', "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


def _import(content: bytes, filename: str) -> None:
    database = MemoryDatabase()
    clock = FixedClock(NOW)
    coach = Coach(MemoryUnitOfWorkFactory(database), clock)
    coach.handle(identity(), "/add Kim Berger")
    before = database.snapshot()

    preview = coach.import_file(identity(), filename, content)

    assert preview.text.strip()
    if not preview.messages[-1].buttons:
        # Refused, or nothing new: nothing may have been written.
        after = database.snapshot()
        assert after.contacts == before.contacts
        assert after.touchpoints == before.touchpoints
        assert after.requests == before.requests
        assert after.imports == {}
        return
    clock.advance(timedelta(seconds=1))
    done = coach.press(identity(), preview.buttons[0].value)
    assert done.text.strip()
    assert not done.text.startswith(REFUSAL_STARTS)
    assert database.snapshot().imports == {}


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["upload", "a.csv", "b.vcf", "c.ics",
                                                   "d.json"]))
def test_random_bytes_end_in_an_import_or_a_clear_refusal(content: bytes, filename: str):
    _import(content, filename)


@FUZZ
@given(csv_files())
def test_random_csv_shapes_end_in_an_import_or_a_clear_refusal(content: bytes):
    _import(content, "Connections.csv")


@FUZZ
@given(st.lists(st.sampled_from([
    "BEGIN:VCARD", "VERSION:3.0", "VERSION:4.0", "FN:Anna Schmidt", "N:Meier;Jörg;;;",
    "BDAY:--0415", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15", "BDAY:garbage",
    "EMAIL:anna@example.org", " folded", "END:VCARD", "ORG:A;B", "TEL:+49", "X-FOO;:",
    "BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART:20261020T090000Z", "DTSTART:nonsense",
    "DURATION:PT30M", "ATTENDEE;CN=Anna Schmidt:mailto:anna@example.org", "END:VEVENT",
    "END:VCALENDAR", "SUMMARY:Lunch with Anna Schmidt", "DTEND;VALUE=DATE:20261021",
]), max_size=25), st.sampled_from(["x.vcf", "x.ics"]))
def test_random_vcard_and_calendar_lines_end_cleanly(lines: list[str], filename: str):
    _import("\r\n".join(lines).encode(), filename)


def _export_document() -> dict:
    database = MemoryDatabase()
    coach = Coach(MemoryUnitOfWorkFactory(database), FixedClock(NOW))
    for line in ("/add Anna Schmidt close birthday 15.04.1976 email anna@example.org",
                 "/add Jörg Meier every 6 weeks", "/log Anna call 20m yesterday",
                 "/settings slot Friday 14:00", "/reply Hi, I'd love to connect with you."):
        coach.handle(identity("source"), line)
    return json.loads(coach.handle(identity("source"), "/export").files[0].content)


DOCUMENT = _export_document()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["2026-13-01", "25:00", "close", "Mars/Base"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                  max_size=3),
    max_leaves=5)


@FUZZ
@given(st.data())
def test_a_tampered_json_export_ends_in_a_restore_or_a_clear_refusal(data: st.DataObject):
    document = copy.deepcopy(DOCUMENT)
    section = data.draw(st.sampled_from(["profile", "contacts", "touchpoints", "requests"]))
    target = document[section] if section == "profile" else data.draw(
        st.sampled_from(document[section]))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(JSON_VALUES)

    _import(json.dumps(document).encode(), "export.json")


@pytest.mark.parametrize(("key", "value"), [("onboarded", "\x00"), ("onboarded", "yes"),
                                            ("positioning", "a\x00b")])
def test_a_profile_setting_of_the_wrong_kind_is_refused_not_stored(key: str,
                                                                    value: str) -> None:
    document = copy.deepcopy(DOCUMENT)
    document["profile"][key] = value

    _import(json.dumps(document).encode(), "export.json")
