"""The /log, /add and /edit grammars with English and German input."""

from datetime import date

import pytest

from coach.commands import (
    AddCommand,
    Birthday,
    ContactFields,
    EditCommand,
    LogCommand,
    ParseError,
)
from coach.model import Channel, Circle
from coach.parsing import CHANNEL_WORDS, parse_add, parse_edit, parse_log

TODAY = date(2026, 11, 26)  # a Thursday
YESTERDAY = date(2026, 11, 25)


# --- /log --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Anna call 20m", LogCommand("Anna", Channel.CALL, 20)),
        (
            "Anna Schmidt meeting 1h 2026-08-26 lunch at the fair",
            LogCommand(
                "Anna Schmidt", Channel.MEETING, 60, date(2026, 8, 26), note="lunch at the fair"
            ),
        ),
        ("anna email yesterday", LogCommand("anna", Channel.EMAIL, None, YESTERDAY)),
        ("Schmidt Anruf 15 Min. gestern", LogCommand("Schmidt", Channel.CALL, 15, YESTERDAY)),
        ("Peter card", LogCommand("Peter", Channel.CARD)),
        ("event 90m Expo Real", LogCommand(None, Channel.EVENT, 90, note="Expo Real")),
        ("Anna", LogCommand("Anna")),
        ("Anna Schmidt, Kaffee", LogCommand("Anna Schmidt", Channel.MEETING, note="Kaffee")),
        ("Anna gestern 20m Anruf", LogCommand("Anna", Channel.CALL, 20, YESTERDAY)),
        ("Jörg Meier Telefonat 1,5h", LogCommand("Jörg Meier", Channel.CALL, 90)),
    ],
)
def test_log_reads_name_channel_duration_day_and_note(args: str, expected: LogCommand) -> None:
    assert parse_log(args, TODAY) == expected


@pytest.mark.parametrize(
    "marker", ["next:", "Next:", "nächstes:", "next time:", "beim nächsten Mal:", "Nächstes Mal:"]
)
def test_log_takes_everything_after_a_next_marker_as_next_note(marker: str) -> None:
    command = parse_log(f"Anna call 20m {marker} ask about the Giesing permit", TODAY)
    assert command == LogCommand("Anna", Channel.CALL, 20, next_note="ask about the Giesing permit")


@pytest.mark.parametrize("args", ["Anna call note talked about her new role",
                                  "Anna call note: talked about her new role",
                                  "Anna Anruf Notiz: talked about her new role",
                                  "Anna call Note - talked about her new role"])
def test_log_drops_a_word_that_only_announces_the_note(args: str) -> None:
    assert parse_log(args, TODAY).note == "talked about her new role"


@pytest.mark.parametrize(("args", "minutes", "day", "note"), [
    ("Tom met for lunch 1.5h on Monday", 90, date(2026, 11, 23), "for lunch"),
    ("Anna call about the project 20 min yesterday", 20, date(2026, 11, 25),
     "about the project"),
    ("Anna Treffen Mittagessen beim Italiener 1 Std. am Montag", 60, date(2026, 11, 23),
     "Mittagessen beim Italiener"),
    ("Anna call see you tomorrow", None, None, "see you tomorrow"),
    ("Anna call 20m talked about 2026 plans", 20, None, "talked about 2026 plans"),
])
def test_log_takes_a_duration_or_day_that_ends_the_note(
        args: str, minutes: int | None, day: date | None, note: str) -> None:
    command = parse_log(args, TODAY)
    assert (command.minutes, command.day, command.note) == (minutes, day, note)


def test_log_keeps_a_lone_note_word_as_the_note() -> None:
    assert parse_log("Anna call note", TODAY).note == "note"


def test_log_keeps_a_note_before_the_next_marker() -> None:
    command = parse_log("Anna lunch 1h talked about Munich next: send the deck", TODAY)
    assert command.note == "talked about Munich"
    assert command.next_note == "send the deck"


@pytest.mark.parametrize(
    ("args", "channel"),
    [
        ("Anna phone", Channel.CALL),
        ("Anna telefoniert", Channel.CALL),
        ("Anna phoned", Channel.CALL),
        ("Anna met", Channel.MEETING),
        ("Anna Treffen", Channel.MEETING),
        ("Anna getroffen", Channel.MEETING),
        ("Anna coffee", Channel.MEETING),
        ("Anna Mittagessen", Channel.MEETING),
        ("Anna Abendessen", Channel.MEETING),
        ("Anna E-Mail", Channel.EMAIL),
        ("Anna mail", Channel.EMAIL),
        ("Anna Nachricht", Channel.MESSAGE),
        ("Anna WhatsApp", Channel.MESSAGE),
        ("Anna XING", Channel.MESSAGE),
        ("Anna LinkedIn", Channel.MESSAGE),
        ("Anna dm", Channel.MESSAGE),
        ("Anna Postkarte", Channel.CARD),
        ("Anna Karte", Channel.CARD),
        ("Anna newsletter", Channel.NEWSLETTER),
        ("Anna Messe", Channel.EVENT),
        ("Anna Konferenz", Channel.EVENT),
        ("Anna conference", Channel.EVENT),
        ("Anna Veranstaltung", Channel.EVENT),
        ("Anna other", Channel.OTHER),
        ("Anna Sonstiges", Channel.OTHER),
    ],
)
def test_log_channel_words_in_english_and_german_pick_the_channel(
    args: str, channel: Channel
) -> None:
    assert parse_log(args, TODAY).channel == channel


def test_every_channel_has_words_and_every_word_maps_back_to_its_channel() -> None:
    assert set(CHANNEL_WORDS) == set(Channel)
    for channel, words in CHANNEL_WORDS.items():
        for word in words:
            assert parse_log(f"Anna {word}", TODAY).channel == channel


@pytest.mark.parametrize(
    ("args", "day"),
    [
        ("Anna call letzten Freitag", date(2026, 11, 20)),
        ("Anna call last friday", date(2026, 11, 20)),
        ("Anna call vor 3 Tagen", date(2026, 11, 23)),
        ("Anna call 3 days ago", date(2026, 11, 23)),
        ("Anna call 15. März", date(2026, 3, 15)),
        ("Anna call April 15", date(2026, 4, 15)),
        ("Anna call 26.08.", date(2026, 8, 26)),
        ("Anna Montag", date(2026, 11, 23)),
    ],
)
def test_log_accepts_every_day_form(args: str, day: date) -> None:
    assert parse_log(args, TODAY).day == day


def test_log_keeps_numbers_and_month_words_in_the_note() -> None:
    command = parse_log("Anna meeting Expo 2026 with 3 people in May", TODAY)
    assert command == LogCommand("Anna", Channel.MEETING, note="Expo 2026 with 3 people in May")


def test_a_second_channel_word_belongs_to_the_note() -> None:
    command = parse_log("Anna meeting lunch at the fair", TODAY)
    assert command.channel == Channel.MEETING
    assert command.note == "lunch at the fair"


def test_a_weekday_surname_before_a_channel_word_stays_in_the_name() -> None:
    assert parse_log("Anna Freitag call 20m", TODAY) == LogCommand("Anna Freitag", Channel.CALL, 20)


@pytest.mark.parametrize("args", ["", "   "])
def test_log_without_anything_needs_a_name(args: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_log(args, TODAY)
    assert caught.value.key == "log_needs_name"


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        ("Anna call 2026-12-24", "date_in_future", "2026-12-24"),
        ("Anna call 31.02.", "bad_date", "31.02."),
        ("Anna call 0m", "duration_out_of_range", "0m"),
        ("Anna call 30h", "duration_out_of_range", "30h"),
    ],
)
def test_log_reports_unusable_days_and_durations(args: str, key: str, value: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_log(args, TODAY)
    assert caught.value.key == key
    assert caught.value.params == {"value": value}


# --- /add --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Anna Schmidt", AddCommand("Anna Schmidt", ContactFields())),
        ("Peter Lang close", AddCommand("Peter Lang", ContactFields(circle=Circle.CLOSE))),
        ("Jörg Meier every 6 weeks", AddCommand("Jörg Meier", ContactFields(cadence_days=42))),
        (
            "Jörg Meier alle 6 Wochen company Meier Bau birthday 15.04.1976 "
            "met at Expo Real 2025 phone +49 171 2345678",
            AddCommand(
                "Jörg Meier",
                ContactFields(
                    cadence_days=42,
                    company="Meier Bau",
                    birthday=Birthday(15, 4, 1976),
                    how_met="at Expo Real 2025",
                    phone="+49 171 2345678",
                ),
            ),
        ),
        (
            "Claudia Hoffmann wider email claudia@example.org",
            AddCommand(
                "Claudia Hoffmann",
                ContactFields(circle=Circle.WIDER, email="claudia@example.org"),
            ),
        ),
        (
            "Sabine Krause eng Firma Krause GmbH Geburtstag 3. Oktober Sprache deutsch",
            AddCommand(
                "Sabine Krause",
                ContactFields(
                    circle=Circle.CLOSE,
                    company="Krause GmbH",
                    birthday=Birthday(3, 10),
                    language="de",
                ),
            ),
        ),
        (
            "Tom Baker kennengelernt auf der Messe xing tbaker language english",
            AddCommand(
                "Tom Baker",
                ContactFields(how_met="auf der Messe xing tbaker", language="en"),
            ),
        ),
    ],
)
def test_add_reads_the_name_and_keyword_fields(args: str, expected: AddCommand) -> None:
    assert parse_add(args, TODAY) == expected


@pytest.mark.parametrize(
    ("word", "circle"),
    [
        ("close", Circle.CLOSE),
        ("eng", Circle.CLOSE),
        ("active", Circle.ACTIVE),
        ("Aktiv", Circle.ACTIVE),
        ("wider", Circle.WIDER),
        ("weit", Circle.WIDER),
        ("erweitert", Circle.WIDER),
        ("weiter", Circle.WIDER),
        ("weiterer", Circle.WIDER),
        ("enger", Circle.CLOSE),
        ("dormant", Circle.DORMANT),
        ("ruhender", Circle.DORMANT),
        ("ruhend", Circle.DORMANT),
        ("circle close", Circle.CLOSE),
        ("Kreis ruhend", Circle.DORMANT),
    ],
)
def test_add_sets_the_circle_from_a_bare_or_keyed_circle_word(word: str, circle: Circle) -> None:
    assert parse_add(f"Anna {word}", TODAY).fields.circle == circle


@pytest.mark.parametrize(
    ("args", "days"),
    [
        ("Anna every 2 months", 60),
        ("Anna alle 2 Monate", 60),
        ("Anna cadence 10 days", 10),
        ("Anna Rhythmus 3 Wochen", 21),
        ("Anna quarterly", 90),
        ("Anna monatlich", 30),
        ("Anna every week", 7),
    ],
)
def test_add_reads_the_cadence_in_both_languages(args: str, days: int) -> None:
    assert parse_add(args, TODAY).fields.cadence_days == days


def test_add_takes_obvious_addresses_phones_and_handles_without_keywords() -> None:
    command = parse_add("Claudia, claudia@example.org @claudia_h +49 89 1234567", TODAY)
    assert command == AddCommand(
        "Claudia",
        ContactFields(email="claudia@example.org", handle="@claudia_h", phone="+49 89 1234567"),
    )


def test_add_keeps_circle_words_inside_how_met_and_next_note() -> None:
    command = parse_add("Max Weber met at the close of Expo next: ask about active projects", TODAY)
    assert command.fields.how_met == "at the close of Expo"
    assert command.fields.next_note == "ask about active projects"
    assert command.fields.circle is None


def test_add_ends_a_how_met_value_at_a_strong_keyword() -> None:
    command = parse_add("Max met via LinkedIn company Acme every 3 months", TODAY)
    assert command.fields == ContactFields(how_met="via LinkedIn", company="Acme", cadence_days=90)


@pytest.mark.parametrize(
    ("args", "field", "value"),
    [
        ("Anna phone 0171 2345678", "phone", "0171 2345678"),
        ("Anna Telefon +49 171 2345678", "phone", "+49 171 2345678"),
        ("Anna email anna at example dot org", "email", "anna at example dot org"),
        ("Anna handle @anna", "handle", "@anna"),
        ("Anna telegram anna_s", "handle", "anna_s"),
        ("Anna how met Expo Real", "how_met", "Expo Real"),
        ("Anna nächstes Buch empfehlen", "next_note", "Buch empfehlen"),
        ("Anna next time: send the deck", "next_note", "send the deck"),
        ("Anna company: Acme", "company", "Acme"),
        ("Anna born 1.2.1980", "birthday", Birthday(1, 2, 1980)),
        ("Anna geb. 1.2.", "birthday", Birthday(1, 2)),
    ],
)
def test_add_reads_each_keyword_into_its_field(args: str, field: str, value: object) -> None:
    assert getattr(parse_add(args, TODAY).fields, field) == value


@pytest.mark.parametrize("args", ["", "close", "every 6 weeks", "claudia@example.org"])
def test_add_without_a_name_is_rejected(args: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_add(args, TODAY)
    assert caught.value.key == "add_needs_name"


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        ("Anna every sometimes", "bad_cadence", "sometimes"),
        ("Anna alle", "bad_cadence", ""),
        ("Anna birthday 31.04.", "bad_birthday", "31.04."),
        ("Anna Geburtstag irgendwann", "bad_birthday", "irgendwann"),
        ("Anna circle best", "unknown_circle", "best"),
    ],
)
def test_add_reports_unusable_values(args: str, key: str, value: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_add(args, TODAY)
    assert caught.value.key == key
    assert caught.value.params == {"value": value}


# --- /edit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Anna circle active", EditCommand("Anna", ContactFields(circle=Circle.ACTIVE))),
        ("Anna every 2 months", EditCommand("Anna", ContactFields(cadence_days=60))),
        ("Anna birthday 15.04.", EditCommand("Anna", ContactFields(birthday=Birthday(15, 4)))),
        (
            "Anna Schmidt name Anna Berger",
            EditCommand("Anna Schmidt", ContactFields(name="Anna Berger")),
        ),
        (
            "Anna birthday none",
            EditCommand("Anna", ContactFields(cleared=frozenset({"birthday"}))),
        ),
        (
            "Anna Firma keine Telefon - every 3 weeks",
            EditCommand(
                "Anna", ContactFields(cadence_days=21, cleared=frozenset({"company", "phone"}))
            ),
        ),
        (
            "Anna Sprache Englisch",
            EditCommand("Anna", ContactFields(language="en")),
        ),
    ],
)
def test_edit_reads_the_contact_and_the_fields_to_change(args: str, expected: EditCommand) -> None:
    assert parse_edit(args, TODAY) == expected


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ("Anna every none", "cadence_days"),
        ("Anna met keine", "how_met"),
        ("Anna email none", "email"),
        ("Anna handle -", "handle"),
        ("Anna language none", "language"),
        ("Anna next none", "next_note"),
    ],
)
def test_edit_clears_a_field_given_none(args: str, field: str) -> None:
    assert parse_edit(args, TODAY).fields.cleared == frozenset({field})


def test_edit_without_a_contact_is_rejected() -> None:
    with pytest.raises(ParseError) as caught:
        parse_edit("circle active", TODAY)
    assert caught.value.key == "edit_needs_name"


@pytest.mark.parametrize("args", ["Anna", "Anna Schmidt", "Anna company"])
def test_edit_without_any_field_is_rejected(args: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_edit(args, TODAY)
    assert caught.value.key == "edit_needs_field"


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("Anna every often", "bad_cadence"),
        ("Anna birthday 30.02.", "bad_birthday"),
        ("Anna language french", "bad_language"),
        ("Anna Kreis innig", "unknown_circle"),
    ],
)
def test_edit_reports_unusable_values(args: str, key: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_edit(args, TODAY)
    assert caught.value.key == key


def test_a_surname_like_morgen_before_a_channel_word_stays_in_the_name() -> None:
    command = parse_log("Peter Morgen Anruf 20m", TODAY)
    assert (command.contact_ref, command.channel, command.minutes) == ("Peter Morgen",
                                                                      Channel.CALL, 20)


@pytest.mark.parametrize(
    ("args", "day", "note"),
    [
        ("Anna Anruf letzte Woche beim Kaffee", date(2026, 11, 19), "beim Kaffee"),
        ("Anna call last week about the fair", date(2026, 11, 19), "about the fair"),
        ("Anna call next week maybe", None, "next week maybe"),
    ],
)
def test_log_reads_a_day_phrase_and_keeps_the_rest_as_the_note(
    args: str, day: date | None, note: str
) -> None:
    command = parse_log(args, TODAY)
    assert (command.day, command.note) == (day, note)


@pytest.mark.parametrize("args", ["Anna call morgen", "Anna Anruf übermorgen 20m",
                                  "Anna tomorrow", "Anna call the day after tomorrow"])
def test_log_refuses_tomorrow(args: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_log(args, TODAY)
    assert caught.value.key == "date_in_future"


def test_add_keeps_the_contact_when_the_language_is_unknown() -> None:
    command = parse_add("Claire language fr company Acme", TODAY)
    assert command.fields.unknown_language == "fr"
    assert (command.fields.language, command.fields.company) == (None, "Acme")


def test_a_known_language_after_an_unknown_one_wins() -> None:
    fields = parse_edit("Claire language fr language en", TODAY).fields
    assert (fields.language, fields.unknown_language) == ("en", None)


def test_add_refuses_a_birthday_in_the_future() -> None:
    with pytest.raises(ParseError) as caught:
        parse_add("Baby Schmidt birthday 1.1.2027", TODAY)
    assert caught.value.key == "birthday_in_future"


def test_heute_morgen_is_logged_for_today_without_leftovers_in_the_note() -> None:
    command = parse_log("Anna Anruf heute Morgen wegen Giesing", TODAY)
    assert (command.day, command.note) == (TODAY, "wegen Giesing")


@pytest.mark.parametrize(("args", "name", "company"), [
    ("Tom Becker (Acme) close", "Tom Becker", "Acme"),
    ("Tom Becker (Acme GmbH & Co. KG)", "Tom Becker", "Acme GmbH & Co. KG"),
    ("Tom (Tommy) Becker", "Tom (Tommy) Becker", None),  # a nickname, not a company
    ("Tom Becker (Acme) company Other", "Tom Becker (Acme)", "Other"),
])
def test_add_reads_a_company_in_brackets_after_the_name(
        args: str, name: str, company: str | None) -> None:
    command = parse_add(args, TODAY)
    assert (command.name, command.fields.company) == (name, company)


@pytest.mark.parametrize(("args", "channel", "note"), [
    ("Anna lunch 1h", Channel.MEETING, "lunch"),
    ("Anna Mittagessen 1 Std. gestern", Channel.MEETING, "Mittagessen"),
    ("Anna WhatsApp", Channel.MESSAGE, "WhatsApp"),
    ("Anna lunch 1h talked shop", Channel.MEETING, "talked shop"),  # their own note wins
    ("Anna call 20m", Channel.CALL, None),  # "call" says nothing more than its channel
])
def test_a_channel_word_that_says_more_becomes_the_note(
        args: str, channel: Channel, note: str | None) -> None:
    command = parse_log(args, TODAY)
    assert (command.channel, command.note) == (channel, note)
