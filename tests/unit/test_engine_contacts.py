"""/add, /contacts, /contact, /edit and taking contacts in and out of the rhythm."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach.actions import Origin, Snooze
from coach.model import Circle, ContactStatus, Identity
from tests.unit.conftest import PLATFORM


def test_add_puts_a_new_contact_in_the_active_circle_every_90_days(chat):
    answer = chat.say("/add Anna Schmidt")

    assert answer == "Added Anna Schmidt (active, every 90 days). First due on Feb 24, 2027."
    anna = chat.contact("Anna Schmidt")
    assert anna.circle is Circle.ACTIVE
    assert anna.cadence_days is None
    assert anna.last_touch_at is None


def test_add_with_a_circle_word_uses_that_circles_cadence(chat):
    answer = chat.say("/add Peter Lang close")

    assert answer == "Added Peter Lang (close, every 30 days). First due on Dec 26, 2026."
    assert chat.contact("Peter Lang").circle is Circle.CLOSE


def test_add_with_its_own_cadence_keeps_the_circle_and_sets_the_period(chat):
    answer = chat.say("/add Jörg Meier every 6 weeks")

    assert answer == "Added Jörg Meier (active, every 6 weeks). First due on Jan 7, 2027."
    assert chat.contact("Jörg Meier").cadence_days == 42


def test_add_stores_company_birthday_how_met_and_channel_details(chat):
    chat.say("/add Jörg Meier company Acme birthday 15.04.1976 met at Expo Real "
             "phone +49 170 1234567 email joerg@acme.de @joergm")

    joerg = chat.contact("Jörg Meier")
    assert (joerg.company, joerg.how_met) == ("Acme", "at Expo Real")
    assert (joerg.birthday_day, joerg.birthday_month, joerg.birthday_year) == (15, 4, 1976)
    assert (joerg.phone, joerg.email, joerg.handle) == (
        "+49 170 1234567", "joerg@acme.de", "@joergm")
    card = chat.say("/contact Jörg")
    for line in ("Jörg Meier · Acme", "Birthday: Apr 15, 1976", "How you met: at Expo Real",
                 "Phone: +49 170 1234567", "Email: joerg@acme.de", "Handle: @joergm"):
        assert line in card


def test_adding_a_name_that_exists_asks_first(chat):
    chat.say("/add Anna Schmidt")

    answer = chat.say("/add anna schmidt")

    assert "already in your contacts" in answer
    assert "yes or no" in answer
    assert chat.names() == ["Anna Schmidt"]


def test_the_same_name_written_differently_is_a_duplicate_but_a_longer_name_is_not(chat):
    chat.say("/add Jörg Meier-Lang")
    chat.say("/add Jörg Meier")
    chat.say("/add Archie Lang")
    chat.say("/archive Archie Lang")

    assert "already in your contacts" in chat.say("/add jorg  MEIER lang")
    chat.say("no")
    assert "already in your contacts" in chat.say("/add Archie Lang")  # archived, too
    chat.say("no")
    assert "already in your contacts" not in chat.say("/add Jörg Meier-Langer")
    assert sorted(chat.names()) == ["Archie Lang", "Jörg Meier", "Jörg Meier-Lang",
                                    "Jörg Meier-Langer"]


def test_answering_no_to_a_duplicate_creates_nothing(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/add Anna Schmidt")

    assert chat.say("no") == "Alright, nothing was added."
    assert chat.names() == ["Anna Schmidt"]


def test_answering_yes_to_a_duplicate_creates_a_second_contact(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/add Anna Schmidt company Acme")

    assert chat.say("yes").startswith("Added Anna Schmidt")
    assert chat.names() == ["Anna Schmidt", "Anna Schmidt"]
    assert sorted(str(c.company) for c in chat.contacts()) == ["Acme", "None"]


def test_another_command_instead_of_an_answer_drops_the_duplicate_question(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/add Anna Schmidt")

    chat.say("/contacts")

    assert chat.say("yes").startswith("I understand commands")
    assert chat.names() == ["Anna Schmidt"]


def test_contacts_lists_everyone_alphabetically_with_company_and_circle(chat):
    chat.say("/add Peter Lang close")
    chat.say("/add Anna Schmidt company Acme")

    assert chat.say("/contacts") == (
        "2 contacts:\n• Anna Schmidt (Acme) · active\n• Peter Lang · close")


def test_contacts_with_text_searches_names_and_companies(chat):
    chat.say("/add Peter Lang close")
    chat.say("/add Anna Schmidt company Acme")
    chat.say("/add Jörg Meier company Bau GmbH")

    assert chat.say("/contacts acme") == "1 contact:\n• Anna Schmidt (Acme) · active"
    assert "Jörg Meier" in chat.say("/contacts jorg")
    assert chat.say("/contacts Zimmermann") == "No contact matches “Zimmermann”."


def test_contacts_without_any_contacts_points_to_add(chat):
    assert chat.say("/contacts") == "You have no contacts yet. Add one with /add Anna Schmidt."


def test_contact_card_shows_circle_cadence_next_due_and_recent_touchpoints(chat):
    chat.say("/add Anna Schmidt close")
    chat.say("/log Anna call 2026-10-01 about the tender")
    chat.say("/log Anna meeting 45m 2026-11-20 next: send the deck")

    card = chat.say("/contact anna")

    assert card.splitlines()[:5] == [
        "Anna Schmidt",
        "Circle: close, every 30 days",
        "Last contact: 6 days ago",
        "Next due: Dec 20, 2026",
        "Next time: send the deck",
    ]
    history = card.split("Recent touchpoints:\n")[1].splitlines()
    assert history == ["• Nov 20, 2026: meeting, 45 min",
                       "• Oct 1, 2026: call, 20 min – about the tender"]


def test_contact_card_of_someone_never_contacted_says_so(chat):
    chat.say("/add Anna Schmidt")

    assert "Last contact: none yet" in chat.say("/contact Anna")


def test_edit_circle_changes_the_due_date(chat):
    chat.say("/add Anna Schmidt")

    answer = chat.say("/edit Anna circle close")

    assert answer == "Updated Anna Schmidt: close, every 30 days, next due on Dec 26, 2026."
    assert chat.contact("Anna Schmidt").circle is Circle.CLOSE


def test_edit_every_2_months_sets_a_60_day_cadence(chat):
    chat.say("/add Anna Schmidt")

    answer = chat.say("/edit Anna every 2 months")

    assert answer == "Updated Anna Schmidt: active, every 60 days, next due on Jan 25, 2027."
    assert chat.contact("Anna Schmidt").cadence_days == 60


def test_edit_birthday_shows_on_the_card(chat):
    chat.say("/add Anna Schmidt")

    chat.say("/edit Anna birthday 29.02.")

    assert "Birthday: February 29" in chat.say("/contact Anna")


def test_edit_confirms_the_fields_it_set_or_removed(chat):
    chat.say("/add Anna Schmidt phone +49 170 1234567")

    set_birthday = chat.say("/edit Anna birthday 29.02. company Acme")
    removed_phone = chat.say("/edit Anna phone none")

    assert set_birthday == ("Updated Anna Schmidt: active, every 90 days, next due on "
                            "Feb 24, 2027.\nCompany: Acme\nBirthday: February 29")
    assert removed_phone.endswith("\nPhone: removed")
    assert chat.contact("Anna Schmidt").phone is None


def test_edit_confirms_the_changed_fields_in_german(chat):
    chat.say("/settings language de")
    chat.say("/add Anna Schmidt")

    answer = chat.say("/ändern Anna Geburtstag 3.12. Telefon keine")

    assert answer.endswith("\nGeburtstag: 3. Dezember\nTelefon: entfernt")


def test_edit_name_renames_the_contact(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call")

    chat.say("/edit Anna name Anna Schmidt-Weber")

    assert chat.names() == ["Anna Schmidt-Weber"]
    assert chat.say("/contact Schmidt-Weber").startswith("Anna Schmidt-Weber")
    assert len(chat.touchpoints()) == 1


def test_edit_with_only_a_name_asks_what_to_change_and_takes_the_answer(chat):
    chat.say("/add Anna Schmidt")

    assert chat.say("/edit Anna").startswith("What should I change for Anna Schmidt?")
    answer = chat.say("every 3 weeks")

    assert answer == "Updated Anna Schmidt: active, every 3 weeks, next due on Dec 17, 2026."
    assert chat.contact("Anna Schmidt").cadence_days == 21


def test_edit_with_only_an_unknown_name_asks_nothing(chat):
    chat.say("/add Anna Schmidt")

    assert chat.say("/edit Bert").startswith("I don't know “Bert” yet.")
    assert chat.say("circle close").startswith("I understand commands such as")
    assert chat.contact("Anna Schmidt").circle is Circle.ACTIVE


def test_edit_with_an_unknown_circle_changes_nothing(chat, database):
    chat.say("/add Anna Schmidt")
    before = database.snapshot()

    answer = chat.say("/edit Anna circle bogus")

    assert answer == "“bogus” is not a circle. The circles are close, active, wider and dormant."
    assert database.snapshot() == before


def test_a_cadence_beyond_ten_years_is_refused(chat, database):
    chat.say("/add Anna Schmidt")
    before = database.snapshot()

    answer = chat.say("/edit Anna every 100000 years")

    assert "as a cadence" in answer
    assert database.snapshot() == before


def _overdue_anna(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")
    assert "Anna Schmidt" in chat.say("/due")


def test_snoozed_contact_is_hidden_from_due_until_the_snooze_ends(chat, clock):
    _overdue_anna(chat)

    assert chat.say("/snooze Anna 2 weeks") == "Snoozed Anna Schmidt until Dec 10, 2026."
    assert "Anna Schmidt" not in chat.say("/due")
    assert "snoozed until Dec 10, 2026" in chat.say("/contacts")

    clock.advance(days=13)
    assert "Anna Schmidt" not in chat.say("/due")
    clock.advance(days=1)
    assert "Anna Schmidt" in chat.say("/due")


def test_snooze_without_a_period_lasts_a_week(chat):
    _overdue_anna(chat)

    assert chat.say("/snooze Anna") == "Snoozed Anna Schmidt until Dec 3, 2026."


@pytest.mark.parametrize(
    ("command", "until"),
    [
        ("/snooze Anna until Monday", "Nov 30, 2026"),  # today is Thursday, Nov 26
        ("/snooze Anna Schmidt until next Thursday", "Dec 3, 2026"),
        ("/snooze Anna bis zum 15.12.", "Dec 15, 2026"),
        ("/snooze Anna until 3 January", "Jan 3, 2027"),
        ("/snooze Anna till next week", "Nov 30, 2026"),
        ("/snooze Anna bis nächsten Monat", "Dec 1, 2026"),
    ],
)
def test_snooze_until_a_day_ahead(chat, command, until):
    _overdue_anna(chat)

    assert chat.say(command) == f"Snoozed Anna Schmidt until {until}."


def test_snooze_until_an_unreadable_day_changes_nothing(chat):
    _overdue_anna(chat)

    assert chat.say("/snooze Anna until someday") == (
        "I could not read “someday” as a day ahead. Try Monday, 15.12. or next week.")
    assert chat.say("/snooze Anna bis 30.02.").startswith("I could not read “30.02.”")
    assert chat.contact("Anna Schmidt").snoozed_until is None


@pytest.mark.parametrize("word", ["zurückstellen", "verschieben", "aufschieben", "später"])
def test_german_snooze_until_monday_is_answered_in_german(chat, word):
    _overdue_anna(chat)
    chat.say("/settings language de")

    assert chat.say(f"/{word} Anna bis Montag") == (
        "Anna Schmidt ist bis 30.11.2026 zurückgestellt.")


def test_paused_contact_is_hidden_from_due_until_resumed(chat, clock):
    _overdue_anna(chat)

    chat.say("/pause Anna")
    clock.advance(days=60)
    assert "Anna Schmidt" not in chat.say("/due")
    assert chat.contact("Anna Schmidt").status is ContactStatus.PAUSED

    assert chat.say("/resume Anna") == "Anna Schmidt is back in your suggestions."
    assert "Anna Schmidt" in chat.say("/due")


def test_resume_also_ends_a_snooze(chat):
    _overdue_anna(chat)
    chat.say("/snooze Anna 3 months")

    chat.say("/resume Anna")

    assert "Anna Schmidt" in chat.say("/due")


def test_archived_contact_leaves_due_and_the_list_but_can_come_back(chat):
    _overdue_anna(chat)

    answer = chat.say("/archive Anna")

    assert answer.startswith("Archived Anna Schmidt.")
    assert "Anna Schmidt" not in chat.say("/due")
    assert chat.say("/contacts").startswith("You have no contacts yet.")
    chat.say("/resume Anna Schmidt")
    assert "Anna Schmidt" in chat.say("/due")


def test_snoozing_an_unknown_name_changes_nothing(chat, database):
    _overdue_anna(chat)
    before = database.snapshot()

    answer = chat.send("/snooze Zoltan 2 weeks")

    assert "I don't know “Zoltan” yet" in answer.text
    assert [b.label for b in answer.buttons] == ["Add Zoltan"]
    assert database.snapshot() == before


def test_the_snooze_button_snoozes_for_a_week_and_only_once(chat):
    _overdue_anna(chat)
    anna = chat.contact("Anna Schmidt")

    first = chat.tap(Snooze(anna.id, 7, Origin.DUE))
    second = chat.tap(Snooze(anna.id, 7, Origin.DUE))

    assert first.popup == "Snoozed Anna Schmidt until Dec 3, 2026."
    assert first.replace, "the due list is redrawn in place"
    assert "Anna Schmidt" not in first.text
    assert second.popup == "Anna Schmidt is already snoozed; nothing changed."
    assert not second.messages
    assert chat.contact("Anna Schmidt").snoozed_until == chat.clock.now.date() + timedelta(days=7)


def test_names_and_notes_are_stored_without_controls_or_bidi_overrides(chat):
    chat.say("/add An\x07na Sch\u202emidt company Bau\x1b GmbH")
    chat.say("/log Anna call 20m Kaffee\x07 next: Angebot \u202eschicken")

    anna = chat.contact("Anna Schmidt")
    [point] = chat.touchpoints()
    assert anna.company == "Bau GmbH"
    assert point.note == "Kaffee"
    assert anna.next_note == "Angebot schicken"


def test_emoji_joiners_and_the_persian_non_joiner_are_kept(chat):
    chat.say("/add Sara می\u200cخواهم")
    chat.say("/add Team 👩\u200d💻 Lab")

    assert chat.names() == sorted(["Sara می\u200cخواهم", "Team 👩\u200d💻 Lab"])


def test_a_forwarded_senders_name_and_the_users_own_name_are_cleaned(chat, coach):
    stranger = "Mal\u202elory\x07 Evil"
    coach.triage_request(identity_with_name("Dan\u202eiel\x07"),
                         "Hi, I would love to connect about your projects.",
                         sender_name=stranger)

    [record] = chat.database.snapshot().requests.values()
    assert record.sender_name == "Mallory Evil"
    assert chat.profile("daniel").display_name == "Daniel"


def identity_with_name(display_name: str) -> Identity:
    return Identity(platform=PLATFORM, external_id="daniel", display_name=display_name,
                    language_hint="en", timezone_hint="Europe/Berlin")


@pytest.mark.parametrize("name", ["42", "²", "1 2 3", "--"])
def test_a_name_without_a_letter_is_refused(chat, database, name):
    before = database.snapshot()

    answer = chat.say(f"/add {name}")

    assert answer.startswith("A name needs at least one letter.") or "digits 0 to 9" in answer
    assert database.snapshot() == before


def test_a_name_with_digits_and_letters_is_fine(chat):
    assert chat.say("/add 3M Deutschland").startswith("Added 3M Deutschland")
