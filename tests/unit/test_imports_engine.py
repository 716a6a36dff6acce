"""Importing in chat: preview, confirmation, merging, unsorted contacts and /sort."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from coach.actions import Decide, MoreDrafts, SortInto, fits
from coach.model import Circle, ContactStatus, Verdict
from coach.replies import ItemList
from tests.unit.conftest import identity

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def send_file(chat, name, content=None, user="daniel", language="en"):
    data = (FIXTURES / name).read_bytes() if content is None else content
    return chat.coach.import_file(identity(user, language), name, data)


def import_confirmed(chat, name, content=None, user="daniel"):
    preview = send_file(chat, name, content, user)
    return preview, confirm(chat, preview, user)


def confirm(chat, preview, user="daniel"):
    """Tap the preview's Import button."""
    [yes, _cancel] = preview.buttons
    return chat.tap(yes.action, user=user)


# --- preview and confirmation --------------------------------------------------------


def test_the_preview_counts_and_names_skipped_lines_but_writes_nothing(chat, database):
    before = database.snapshot()

    preview = send_file(chat, "linkedin_connections.csv")

    assert "LinkedIn connections: 5 new, 0 merged" in preview.text
    assert "1 row skipped: line 8 has no name" in preview.text
    assert [(b.label, b.action.value) for b in preview.buttons] == [
        ("Import", "yes"), ("Cancel", "no")]
    after = database.snapshot()
    assert after.contacts == before.contacts
    assert chat.contacts() == []


def test_yes_imports_everything_as_dormant_and_unsorted(chat):
    send_file(chat, "linkedin_connections.csv")

    done = chat.say("yes")

    assert "Imported: 5 new" in done
    contacts = chat.contacts()
    assert len(contacts) == 5
    assert {c.circle for c in contacts} == {Circle.DORMANT}
    assert {c.status for c in contacts} == {ContactStatus.UNSORTED}
    anna = chat.contact("Anna Schmidt")
    assert anna.profile_url == "https://www.linkedin.com/in/anna-schmidt-4711"
    assert anna.email == "anna.schmidt@example.org"


def test_the_connection_date_is_the_first_contact_so_imports_do_not_fall_due_together(chat):
    import_confirmed(chat, "linkedin_connections.csv")

    anna = chat.contact("Anna Schmidt")
    joerg = chat.contact("Jörg Meier")
    assert anna.last_touch_at == datetime(2023, 11, 15, 11, 0, tzinfo=UTC)  # noon in Berlin
    assert joerg.last_touch_at == datetime(2019, 3, 2, 11, 0, tzinfo=UTC)
    assert anna.due_day != joerg.due_day


def test_imported_contacts_never_flood_due_until_sorted(chat):
    chat.say("/add Kim Berger")
    chat.clock.advance(days=200)
    import_confirmed(chat, "linkedin_connections.csv")

    due = chat.say("/due")

    assert "Kim Berger" in due
    assert "Jörg Meier" not in due  # connected in 2019, but unsorted


def test_anything_but_yes_cancels_and_nothing_is_written(chat, database):
    send_file(chat, "linkedin_connections.csv")

    answer = chat.say("no thanks")

    assert "nothing was imported" in answer
    assert chat.contacts() == []
    assert database.tables.imports == {}


def test_a_command_instead_of_an_answer_drops_the_waiting_import(chat, database):
    preview = send_file(chat, "linkedin_connections.csv")

    chat.say("/due")

    assert database.tables.imports == {}
    assert confirm(chat, preview).popup == "That question was already answered."
    assert chat.contacts() == []


def test_reimporting_the_same_file_changes_nothing(chat, database):
    import_confirmed(chat, "linkedin_connections.csv")
    before = database.snapshot()

    preview = send_file(chat, "linkedin_connections.csv")

    assert "0 new, 5 merged (0 of them updated)" in preview.text
    assert "Nothing to import" in preview.text
    assert database.snapshot().contacts == before.contacts
    assert chat.profile().pending is None


def test_duplicates_merge_by_email_url_or_name_and_only_fill_empty_fields(chat):
    chat.say("/add Anna Schmidt close email anna.schmidt@example.org company Own Label")
    chat.say("/add Kai Wagner")
    import_confirmed(chat, "google_contacts.csv")

    assert chat.names().count("Anna Schmidt") == 1
    anna = chat.contact("Anna Schmidt")
    assert anna.company == "Own Label"  # the user's own value wins
    assert anna.circle is Circle.CLOSE
    assert anna.status is ContactStatus.ACTIVE
    assert anna.phone == "+49 170 1234567"  # filled in
    kai = chat.contact("Kai Wagner")  # matched by name
    assert (kai.birthday_day, kai.birthday_month, kai.birthday_year) == (15, 4, None)
    assert kai.email == "kai@wagner-architekten.example"


def test_the_same_person_from_linkedin_and_a_vcard_is_one_contact(chat):
    import_confirmed(chat, "linkedin_connections.csv")
    preview, _ = import_confirmed(chat, "apple.vcf")

    assert "1 new, 1 merged (1 of them updated)" in preview.text
    assert chat.names().count("Anna Schmidt") == 1
    assert chat.contact("Anna Schmidt").birthday_month == 4


def test_the_same_person_twice_in_one_file_becomes_one_contact(chat):
    content = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               b"Anna,Schmidt,https://www.linkedin.com/in/anna-s,,,,15 Nov 2023\n"
               b"anna,schmidt,,anna@example.org,ACME,,\n")

    preview, _ = import_confirmed(chat, "Connections.csv", content)

    assert "1 new, 1 merged" in preview.text
    anna = chat.contact("Anna Schmidt")
    assert (anna.email, anna.company) == ("anna@example.org", "ACME")


def test_too_many_rows_are_refused_in_words(chat):
    rows = "\n".join(f"P,{n},,,,,01 Jan 2020" for n in range(50_001))
    content = f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{rows}"

    answer = send_file(chat, "Connections.csv", content.encode())

    assert "more than 50,000 rows" in answer.text
    assert chat.contacts() == []


def test_a_broken_file_imports_nothing_and_says_which_line(chat, database):
    chat.say("/add Kim Berger")
    before = database.snapshot()

    answer = send_file(chat, "broken_quote.csv")

    assert "broken at line 3" in answer.text
    assert database.snapshot().contacts == before.contacts
    assert chat.profile().pending is None


def test_an_oversized_file_gets_a_clear_message(chat):
    answer = chat.coach.file_too_large(identity())

    assert "larger than 20 MB" in answer.text


def test_the_preview_speaks_german(chat):
    answer = send_file(chat, "linkedin_connections.csv", language="de")

    assert "LinkedIn-Kontakte: 5 neu, 0 zusammengeführt" in answer.text
    assert "Zeile 8 hat keinen Namen" in answer.text


def test_imports_are_kept_apart_per_user(chat):
    import_confirmed(chat, "linkedin_connections.csv", user="daniel")
    preview = send_file(chat, "linkedin_connections.csv", user="priya")

    assert "5 new, 0 merged" in preview.text
    assert confirm(chat, preview, user="daniel").popup == "That question was already answered."
    assert chat.contacts("priya") == []


# --- invitations ---------------------------------------------------------------------


def test_invitations_are_judged_in_one_batch_with_one_summary_and_drafts(chat):
    preview = send_file(chat, "linkedin_invitations.csv")

    assert "4 incoming with a message: 1 to accept, 2 to ask for context, 1 to decline" in (
        preview.text)
    done = confirm(chat, preview)

    assert "Recorded 4 invitations" in done.text
    drafts = [m for m in done.messages if m.is_draft]
    assert len(drafts) == 3
    first_buttons = next(m for m in done.messages if m.buttons).buttons
    assert {b.action.verdict for b in first_buttons} == set(Verdict)
    recent = chat.say("/requests")
    assert "Max Vertrieb" in recent
    assert "Mark Wilson" in recent


def test_an_invitation_button_records_the_decision(chat):
    done = confirm(chat, send_file(chat, "linkedin_invitations.csv"))
    action = next(m for m in done.messages if m.buttons).buttons[0].action

    answer = chat.tap(action)

    assert "Recorded: Accept." in answer.text
    assert "Carla Neumann" in chat.names()


def test_more_drafts_brings_the_requests_still_waiting_for_a_decision(chat):
    done = confirm(chat, send_file(chat, "linkedin_invitations.csv"))
    assert done.messages[-1].buttons[0].action == MoreDrafts()
    for message in done.messages:
        if message.buttons and isinstance(message.buttons[0].action, Decide):
            chat.tap(message.buttons[2].action)  # decline the first three

    more = chat.tap(MoreDrafts())

    assert "1 request waits for a decision." in more.text
    assert "Mark Wilson" in more.text
    assert len([m for m in more.messages if m.is_draft]) == 1
    chat.tap(next(m for m in more.messages if m.buttons).buttons[1].action)
    assert "Every request has a decision" in chat.tap(MoreDrafts()).text


def test_invitations_judged_before_are_not_recorded_twice(chat):
    import_confirmed(chat, "linkedin_invitations.csv")

    preview = send_file(chat, "linkedin_invitations.csv")

    assert "Nothing to import" in preview.text
    assert "4 judged before" in preview.text


# --- calendars -----------------------------------------------------------------------


def test_past_meetings_become_touchpoints_by_email_then_name_after_a_preview(chat):
    chat.say("/add Anna Schmidt email anna.schmidt@example.org")
    chat.say("/add Jörg Meier")
    preview = send_file(chat, "google_calendar.ics")

    assert "2 past meetings with 2 of your contacts become 2 touchpoints" in preview.text
    assert chat.touchpoints() == []
    chat.say("yes")

    points = {(p.contact_id, p.minutes, p.note) for p in chat.touchpoints()}
    anna, joerg = chat.contact("Anna Schmidt"), chat.contact("Jörg Meier")
    assert points == {(anna.id, 60, "Lunch Schwabing project"),
                      (joerg.id, 30, "Call with Jörg Meier")}
    assert anna.last_touch_at == datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


def test_outlook_attendees_written_last_name_first_are_matched(chat):
    chat.say("/add Jürgen Weiß")
    chat.say("/add Bärbel Große")

    import_confirmed(chat, "outlook_calendar.ics")

    assert {p.contact_id for p in chat.touchpoints()} == {
        chat.contact("Jürgen Weiß").id, chat.contact("Bärbel Große").id}


def test_a_calendar_imported_twice_logs_each_meeting_once(chat):
    chat.say("/add Anna Schmidt email anna.schmidt@example.org")
    import_confirmed(chat, "google_calendar.ics")

    preview = send_file(chat, "google_calendar.ics")

    assert "Nothing to import" in preview.text
    assert len(chat.touchpoints()) == 1


# --- shared contacts -----------------------------------------------------------------


def test_a_shared_contact_is_a_one_contact_import(chat):
    answer = chat.coach.import_contact(identity(), "Lena  Fischer", phone="+49 151 1111")

    assert "Added Lena Fischer as an unsorted contact" in answer.text
    lena = chat.contact("Lena Fischer")
    assert (lena.phone, lena.status) == ("+49 151 1111", ContactStatus.UNSORTED)
    again = chat.coach.import_contact(identity(), "Lena Fischer", phone="+49 151 1111")
    assert "nothing changed" in again.text
    assert chat.names() == ["Lena Fischer"]


# --- /sort ---------------------------------------------------------------------------


def test_sort_offers_a_few_unsorted_contacts_with_a_button_per_circle_and_archive(chat):
    import_confirmed(chat, "linkedin_connections.csv")

    answer = chat.send("/sort")

    assert "5 contacts to sort" in answer.text
    [sorting] = [b for b in answer.messages[-1].blocks if isinstance(b, ItemList)]
    assert len(sorting.items) == 5
    assert [b.action.circle for b in sorting.items[0].buttons] == [
        "close", "active", "wider", "dormant", "archive"]
    assert all(fits(b.action) for b in answer.buttons)


def test_a_sort_button_puts_the_contact_into_its_circle_and_into_due(chat):
    import_confirmed(chat, "linkedin_connections.csv")
    joerg = chat.contact("Jörg Meier")

    answer = chat.tap(SortInto(joerg.id, "close"))

    assert "Jörg Meier: close" in answer.text
    assert "4 left to sort" in answer.text
    sorted_joerg = chat.contact("Jörg Meier")
    assert (sorted_joerg.circle, sorted_joerg.status) == (Circle.CLOSE, ContactStatus.ACTIVE)
    assert "Jörg Meier" in chat.say("/due")  # last contact 2019, every 30 days
    assert "already" in chat.tap(SortInto(joerg.id, "wider")).popup


def test_sorting_by_text_and_archiving(chat):
    import_confirmed(chat, "linkedin_connections.csv")

    chat.say("/sort Tom Becker archive")
    answer = chat.say("/sort Priya wider")

    assert chat.contact("Tom Becker").status is ContactStatus.ARCHIVED
    assert chat.contact("Priya Raman").circle is Circle.WIDER
    assert "3 left to sort" in answer
    assert "Say where they belong" in chat.say("/sort Priya somewhere")


def test_sort_with_nothing_left(chat):
    assert "Nothing to sort" in chat.say("/sort")


def test_sorting_works_with_german_circle_words(chat):
    import_confirmed(chat, "linkedin_connections.csv")

    chat.say("/sortieren Priya eng")

    assert chat.contact("Priya Raman").circle is Circle.CLOSE


def test_import_explains_how_to_send_a_file(chat):
    assert "Send me the file itself" in chat.say("/import")
