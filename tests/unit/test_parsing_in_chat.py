"""Dates, times and numbers as people type them, end to end in German and English.

Each refusal is checked twice: the user reads why, and nothing was stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.engine import Coach
from coach.model import NudgeDays
from coach.parsing.numbers import has_other_digits
from tests.fakes.memory import FixedClock, MemoryDatabase, MemoryUnitOfWorkFactory
from tests.unit.conftest import Chat
from tests.unit.test_parsing_numbers import OTHER_DIGITS


@pytest.fixture
def anna(chat: Chat) -> Chat:
    """Anna Schmidt, added three months ago, with a birthday; one German and one English user."""
    for user, language in (("daniel", "en"), ("jonas", "de")):
        chat.clock.now = datetime(2026, 8, 26, 10, tzinfo=UTC)
        chat.say("/add Anna Schmidt birthday 15.04.1980", user=user, language=language)
    chat.clock.now = datetime(2026, 11, 26, 10, tzinfo=UTC)  # a Thursday
    return chat


def local_days(chat: Chat, user: str) -> list[date]:
    """The days the user's touchpoints are stored on, in their zone (Berlin)."""
    return [point.at.astimezone(ZoneInfo("Europe/Berlin")).date()
            for point in chat.touchpoints(user)]


# --- /log: the future is refused ---------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "language", "text", "expected"),
    [
        ("daniel", "en", "/log Anna call tomorrow",
         "“tomorrow” lies in the future; I can only log what has happened."),
        ("daniel", "en", "/log Anna call day after tomorrow",
         "“day after tomorrow” lies in the future; I can only log what has happened."),
        ("jonas", "de", "/log Anna Anruf morgen",
         "„morgen“ liegt in der Zukunft; ich kann nur eintragen, was schon passiert ist."),
        ("jonas", "de", "/log Anna Anruf übermorgen",
         "„übermorgen“ liegt in der Zukunft; ich kann nur eintragen, was schon passiert ist."),
    ],
)
def test_tomorrow_in_a_log_is_refused_like_a_future_date(
    anna: Chat, user: str, language: str, text: str, expected: str
) -> None:
    assert anna.say(text, user=user, language=language) == expected
    assert anna.touchpoints(user) == []
    assert anna.contact("Anna Schmidt", user).last_touch_at is None


# --- /log: vague days land where people mean them, and the reply names the day ------------


@pytest.mark.parametrize(
    ("phrase", "day", "shown"),
    [
        ("last week", date(2026, 11, 19), "Nov 19, 2026"),
        ("the week before last", date(2026, 11, 12), "Nov 12, 2026"),
        ("3 weeks ago", date(2026, 11, 5), "Nov 5, 2026"),
        ("earlier this month", date(2026, 11, 1), "Nov 1, 2026"),
        ("earlier this week", date(2026, 11, 23), "Nov 23, 2026"),
        ("24.12.", date(2025, 12, 24), "Dec 24, 2025"),
        ("yesterday", date(2026, 11, 25), "Nov 25, 2026"),
    ],
)
def test_english_day_phrases_are_stored_and_shown(
    anna: Chat, phrase: str, day: date, shown: str
) -> None:
    answer = anna.say(f"/log Anna call {phrase}")

    assert answer.startswith(f"Logged: call with Anna Schmidt, 20 min, on {shown}.")
    assert local_days(anna, "daniel") == [day]


@pytest.mark.parametrize(
    ("phrase", "day", "shown"),
    [
        ("letzte Woche", date(2026, 11, 19), "19.11.2026"),
        ("vorletzte Woche", date(2026, 11, 12), "12.11.2026"),
        ("vor 3 Wochen", date(2026, 11, 5), "05.11.2026"),
        ("Anfang des Monats", date(2026, 11, 1), "01.11.2026"),
        ("Anfang der Woche", date(2026, 11, 23), "23.11.2026"),
        ("24.12.", date(2025, 12, 24), "24.12.2025"),
        ("gestern", date(2026, 11, 25), "25.11.2026"),
    ],
)
def test_german_day_phrases_are_stored_and_shown(
    anna: Chat, phrase: str, day: date, shown: str
) -> None:
    answer = anna.say(f"/log Anna Anruf {phrase}", user="jonas", language="de")

    assert answer.startswith(f"Eingetragen: Anruf mit Anna Schmidt (20 Min.) am {shown}.")
    assert local_days(anna, "jonas") == [day]


def test_a_log_for_today_also_names_the_day(anna: Chat) -> None:
    assert "am 26.11.2026" in anna.say("/log Anna Anruf", user="jonas", language="de")
    assert "on Nov 26, 2026" in anna.say("/log event 90m Expo Real")


# --- implausible days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "language", "text", "expected"),
    [
        ("daniel", "en", "/log Anna call 1900-01-01",
         "“1900-01-01” is more than 50 years ago. Please check the date."),
        ("jonas", "de", "/log Anna Anruf 01.01.0001",
         "„01.01.0001“ liegt mehr als 50 Jahre zurück. Bitte prüf das Datum."),
    ],
)
def test_a_touchpoint_more_than_fifty_years_back_is_refused(
    anna: Chat, user: str, language: str, text: str, expected: str
) -> None:
    assert anna.say(text, user=user, language=language) == expected
    assert anna.touchpoints(user) == []


def test_a_year_one_date_in_a_far_east_zone_is_refused_not_a_crash(anna: Chat) -> None:
    anna.say("/settings timezone Pacific/Kiritimati")
    assert "more than 50 years ago" in anna.say("/log Anna call 0001-01-01")
    assert anna.touchpoints() == []


@pytest.mark.parametrize(
    ("user", "language", "text", "expected"),
    [
        ("daniel", "en", "/edit Anna birthday 2030-01-01",
         "“2030-01-01” lies in the future, so it cannot be a birthday. Please check the year, "
         "or leave it out: 15.04."),
        ("daniel", "en", "/edit Anna birthday 1.1.1850",
         "“1.1.1850” is before 1900. Please check the year, or leave it out: 15.04."),
        ("jonas", "de", "/edit Anna Geburtstag 27.11.2026",
         "„27.11.2026“ liegt in der Zukunft und kann kein Geburtstag sein. Bitte prüf das "
         "Jahr oder lass es weg: 15.04."),
        ("jonas", "de", "/edit Anna Geburtstag 1899-12-31",
         "„1899-12-31“ liegt vor 1900. Bitte prüf das Jahr oder lass es weg: 15.04."),
    ],
)
def test_an_implausible_birthday_is_refused_and_the_old_one_kept(
    anna: Chat, user: str, language: str, text: str, expected: str
) -> None:
    assert anna.say(text, user=user, language=language) == expected
    contact = anna.contact("Anna Schmidt", user)
    assert (contact.birthday_day, contact.birthday_month, contact.birthday_year) == (15, 4, 1980)


# --- nudge times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", "8", "Daily nudge at 08:00, weekdays (Europe/Berlin)."),
        ("en", "8am", "Daily nudge at 08:00, weekdays (Europe/Berlin)."),
        ("en", "8 pm", "Daily nudge at 20:00, weekdays (Europe/Berlin)."),
        ("en", "quarter to nine daily", "Daily nudge at 08:45, daily (Europe/Berlin)."),
        ("en", "20:15", "Daily nudge at 20:15, weekdays (Europe/Berlin)."),
        ("de", "8 Uhr", "Erinnerung um 08:00 Uhr, werktags (Europe/Berlin)."),
        ("de", "halb neun", "Erinnerung um 08:30 Uhr, werktags (Europe/Berlin)."),
        ("de", "viertel nach acht", "Erinnerung um 08:15 Uhr, werktags (Europe/Berlin)."),
        ("de", "viertel vor neun", "Erinnerung um 08:45 Uhr, werktags (Europe/Berlin)."),
        ("de", "20:15 werktags", "Erinnerung um 20:15 Uhr, werktags (Europe/Berlin)."),
    ],
)
def test_settings_nudge_understands_times_as_people_say_them(
    chat: Chat, language: str, value: str, expected: str
) -> None:
    chat.say("/settings nudge off", language=language)

    answer = chat.say(f"/settings nudge {value}", language=language)

    assert answer == expected
    shown = next(word.rstrip(",") for word in expected.split() if ":" in word)
    assert chat.profile().nudge_time.strftime("%H:%M") == shown
    assert chat.profile().nudge_days is not NudgeDays.OFF


@pytest.mark.parametrize(
    ("language", "answer", "at"),
    [("en", "8am", time(8, 0)), ("en", "quarter to nine", time(8, 45)),
     ("en", "8", time(8, 0)), ("de", "halb neun", time(8, 30)), ("de", "8 Uhr", time(8, 0)),
     ("de", "viertel nach acht", time(8, 15))],
)
def test_onboarding_reads_the_nudge_time_with_the_same_rule(
    chat: Chat, language: str, answer: str, at: time
) -> None:
    chat.say("/start", language=language)
    chat.say(language, language=language)
    chat.say("skip", language=language)
    chat.say("Berlin", language=language)

    step = chat.say(answer, language=language)

    assert ("Step 5 of 6" if language == "en" else "5 von 6") in step
    assert chat.profile().nudge_time == at
    assert chat.say(f"/settings nudge {answer}", language=language).count(
        at.strftime("%H:%M")) == 1


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [("en", "/settings slot Friday half past two", "Friday 14:30"),
     ("de", "/settings slot Freitag halb drei", "Freitag, 14:30 Uhr"),
     ("de", "/einstellungen slot Dienstag 9 Uhr", "Dienstag, 09:00 Uhr")],
)
def test_the_weekly_slot_reads_times_the_same_way(
    chat: Chat, language: str, text: str, expected: str
) -> None:
    assert expected in chat.say(text, language=language)
    assert chat.profile().slot_time is not None


def test_an_unreadable_nudge_time_changes_nothing(chat: Chat) -> None:
    chat.say("/settings nudge 07:45")
    answer = chat.say("/settings nudge halb irgendwas")
    assert answer.startswith("I could not read that as a time")
    assert chat.profile().nudge_time == time(7, 45)


# --- digits other than 0 to 9 --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["/snooze Anna ² weeks", "/log Anna call ²m", "/log Anna call vor ² Tagen",
     "/log Anna call ٣ days ago", "/log Anna call ３m", "/settings nudge ８ Uhr",
     "/settings cadence close ² weeks", "/edit Anna birthday ¹⁵.⁰⁴.",
     "/add Bob every ³ weeks", "/settings slot Friday ¹⁴:00"],
)
def test_other_digits_are_refused_with_a_friendly_message(anna: Chat, text: str) -> None:
    before = (anna.contacts(), anna.touchpoints(), anna.profile())

    answer = anna.say(text)

    assert answer.startswith("I read numbers in the digits 0 to 9 only.")
    assert (anna.contacts(), anna.touchpoints(), anna.profile()) == before


def test_other_digits_are_explained_in_german(anna: Chat) -> None:
    answer = anna.say("/später Anna ² Wochen", user="jonas", language="de")
    assert answer == ("Zahlen lese ich nur mit den Ziffern 0 bis 9. Bitte schreib „² Wochen“ "
                      "damit, zum Beispiel 2 statt ².")
    assert anna.contact("Anna Schmidt", "jonas").snoozed_until is None


def test_a_request_button_with_other_digits_is_no_longer_valid(anna: Chat) -> None:
    for data in ("v:²:accept", "v:٣:accept", "triage:accept:²"):
        answer = anna.press(data)
        assert answer.popup == "That button is no longer valid."
        assert not answer.messages


# --- units and languages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "language", "text", "expected"),
    [
        ("daniel", "en", "/snooze Anna 3 fortnights",
         "I don't know the unit “fortnights”. Use days, weeks, months or years, for example "
         "2 weeks."),
        ("jonas", "de", "/snooze Anna 3 Fortnights",
         "Die Einheit „Fortnights“ kenne ich nicht. Nimm Tage, Wochen, Monate oder Jahre, "
         "zum Beispiel 2 Wochen."),
        ("daniel", "en", "/snooze Anna 0 weeks",
         "“0 weeks” is not a period I can use. Give at least one day, for example 2 weeks."),
    ],
)
def test_snooze_with_an_unknown_unit_lists_the_units(
    anna: Chat, user: str, language: str, text: str, expected: str
) -> None:
    assert anna.say(text, user=user, language=language) == expected
    assert anna.contact("Anna Schmidt", user).snoozed_until is None


def test_snooze_with_a_known_unit_still_works(anna: Chat) -> None:
    assert anna.say("/snooze Anna Schmidt 3 weeks") == "Snoozed Anna Schmidt until Dec 17, 2026."


@pytest.mark.parametrize(
    ("user", "language", "text", "explained"),
    [
        ("daniel", "en", "/add Claire Martin language fr company Acme",
         "I write drafts in German (de) or English (en), not “fr”, so drafts for Claire Martin "
         "will be in your language. To change it: /edit Claire Martin language en"),
        ("jonas", "de", "/add Claire Martin sprache französisch firma Acme",
         "Entwürfe schreibe ich auf Deutsch (de) oder Englisch (en), nicht auf „französisch“; "
         "Entwürfe für Claire Martin bekommst du deshalb in deiner Sprache. Ändern kannst du "
         "das mit: /ändern Claire Martin sprache en"),
    ],
)
def test_an_unknown_language_keeps_the_contact_and_says_which_languages_exist(
    anna: Chat, user: str, language: str, text: str, explained: str
) -> None:
    answer = anna.say(text, user=user, language=language)

    assert answer.splitlines()[-1] == explained
    claire = anna.contact("Claire Martin", user)
    assert (claire.company, claire.language) == ("Acme", None)


def test_an_edit_of_only_an_unknown_language_is_refused(anna: Chat) -> None:
    assert anna.say("/edit Anna language fr") == (
        "I can write German (de) or English (en), not “fr”.")
    assert anna.contact("Anna Schmidt").language is None


def test_a_budget_in_other_digits_says_which_digits_to_use(anna: Chat) -> None:
    budget = anna.profile().budget_minutes
    assert anna.say("/settings budget ²").startswith("I read numbers in the digits 0 to 9 only.")
    assert anna.profile().budget_minutes == budget


# Every command slot where a number goes, with at least one digit other than 0 to 9 in it.
NUMBER_COMMANDS = (
    "/log Anna call {n}m", "/log Anna Anruf vor {n} Tagen", "/log Anna call {n} weeks ago",
    "/log Anna call {n}.{n}.", "/snooze Anna {n} weeks", "/snooze Anna {n}",
    "/settings nudge {n} Uhr", "/settings nudge halb {n}", "/settings budget {n}",
    "/settings cadence close {n} weeks", "/settings slot Friday {n}:00",
    "/add Bob every {n} weeks", "/edit Anna birthday {n}.04.", "/edit Anna every {n} Monate",
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(NUMBER_COMMANDS),
       number=st.text(alphabet=st.sampled_from(OTHER_DIGITS + "0123456789"), min_size=1,
                      max_size=2).filter(has_other_digits),
       language=st.sampled_from(["en", "de"]))
def test_other_digits_in_any_number_slot_get_the_digit_message_and_change_nothing(
    command: str, number: str, language: str
) -> None:
    database = MemoryDatabase()
    clock = FixedClock(datetime(2026, 11, 26, 10, tzinfo=UTC))
    chat = Chat(Coach(MemoryUnitOfWorkFactory(database), clock), database, clock)
    chat.say("/add Anna Schmidt", language=language)
    before = (chat.contacts(), chat.touchpoints(), chat.profile())

    answer = chat.say(command.format(n=number), language=language)

    expected = ("I read numbers in the digits 0 to 9 only." if language == "en"
                else "Zahlen lese ich nur mit den Ziffern 0 bis 9.")
    assert answer.startswith(expected), answer
    assert (chat.contacts(), chat.touchpoints(), chat.profile()) == before
