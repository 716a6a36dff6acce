"""/due, /plan, /week and /birthdays: what to do next and how the week goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.actions import AskHow, Opener, Origin, Snooze
from coach.model import Identity
from coach.replies import ItemList


def days_ago(chat, days):
    return (chat.clock.now.date() - timedelta(days=days)).isoformat()


# --- /due ------------------------------------------------------------------------------


def test_due_line_names_action_days_since_and_cadence(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call 2026-08-26")

    assert chat.say("/due") == (
        "1 contact is due:\n1. Call Anna Schmidt: last contact 92 days ago (every 90 days)")


def test_due_line_in_german(chat):
    chat.say("/add Anna Schmidt", language="de")
    chat.say("/log Anna Anruf 2026-08-26", language="de")

    answer = chat.say("/fällig", language="de")

    assert "Anna Schmidt anrufen" in answer
    assert "letzter Kontakt vor 92 Tagen" in answer


def test_nobody_due_is_good_news(chat):
    for name in ("Anna Schmidt", "Peter Lang", "Jörg Meier", "Maria Lopez", "Tom Becker"):
        chat.say(f"/add {name}")

    assert chat.say("/due") == "Nobody is due. Your network is in good shape."


def test_a_nearly_empty_network_is_not_praised_but_shown_how_to_grow(chat):
    chat.say("/add Anna Schmidt")

    assert chat.say("/due") == (
        "Nobody is due yet. With 1 contact your network has only just started: add the "
        "people who matter with /add and their name, or look around in an example network "
        "with /start demo.")
    assert chat.say("/plan") == chat.say("/due")
    assert chat.say("/fällig", user="greta", language="de").startswith(
        "Dein Netzwerk ist noch leer.")
    chat.say("/neu Anna Schmidt", user="greta", language="de")
    chat.say("/neu Peter Lang", user="greta", language="de")
    assert chat.say("/fällig", user="greta", language="de") == (
        "Noch ist niemand fällig. Mit 2 Kontakten fängt dein Netzwerk gerade erst an: Füge "
        "mit /neu und dem Namen die Menschen hinzu, die dir wichtig sind, oder sieh dich mit "
        "/start demo in einem Beispielnetzwerk um.")


def test_a_close_contact_outranks_a_dormant_one_equally_overdue(chat):
    chat.say("/add Dieter Berg dormant")
    chat.say("/add Clara Nah close")
    chat.say(f"/log Dieter message {days_ago(chat, 395)}")
    chat.say(f"/log Clara call {days_ago(chat, 60)}")

    lines = chat.say("/due").splitlines()

    assert lines == [
        "2 contacts are due:",
        "1. Call Clara Nah: last contact 60 days ago (every 30 days)",
        "2. Message Dieter Berg: last contact 395 days ago (every 365 days)",
    ]


def test_more_overdue_comes_first_within_a_circle(chat):
    for name, days in (("Anna Schmidt", 95), ("Bernd Vogel", 120), ("Carla Ost", 100)):
        chat.say(f"/add {name}")
        chat.say(f"/log {name} call {days_ago(chat, days)}")

    lines = chat.say("/due").splitlines()[1:]

    assert [line.split(":")[0] for line in lines] == [
        "1. Call Bernd Vogel", "2. Call Carla Ost", "3. Call Anna Schmidt"]


def test_never_contacted_contacts_count_from_when_they_were_added(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")
    chat.say_days_ago(80, "/add Bernd Vogel")

    assert chat.say("/due") == (
        "1 contact is due:\n"
        "1. Call Anna Schmidt: added 100 days ago, no contact yet (every 90 days)")


def test_snoozed_paused_archived_and_fresh_contacts_never_show(chat):
    for name in ("Anna Schmidt", "Bernd Vogel", "Carla Ost", "Dora Stein", "Emil Roth"):
        chat.say_days_ago(200, f"/add {name}")
    chat.say("/snooze Anna 1 week")
    chat.say("/pause Bernd")
    chat.say("/archive Carla")
    chat.say("/log Dora call")

    answer = chat.say("/due")

    assert answer == ("1 contact is due:\n"
                      "1. Call Emil Roth: added 200 days ago, no contact yet (every 90 days)")


def test_someone_spoken_to_last_week_is_not_suggested(chat, clock):
    chat.say_days_ago(300, "/add Anna Schmidt close")
    chat.say(f"/log Anna call {days_ago(chat, 6)}")

    assert "Anna" not in chat.say("/due")
    assert "Anna" not in chat.say("/plan")
    clock.advance(days=23)
    assert "Anna" not in chat.say("/due")
    clock.advance(days=1)
    assert "Call Anna Schmidt: last contact 30 days ago" in chat.say("/due")


def test_due_shows_ten_and_counts_the_rest(chat):
    for number in range(12):
        chat.say_days_ago(100 + number, f"/add Person Nummer{number}")

    reply = chat.send("/due")

    lines = reply.text.splitlines()
    assert lines[0] == "12 contacts are due:"
    assert lines[1].startswith("1. Call Person Nummer11:")
    assert lines[-1] == "… and 2 more. Start with the first ones."
    assert len(lines) == 12
    assert len(reply.buttons) == 5 * 3, "Done, Snooze and Draft beside the first five"


def test_due_offers_done_snooze_and_draft_beside_each_contact(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")
    anna = chat.contact("Anna Schmidt")

    [message] = chat.send("/due").messages
    [due_list] = [b for b in message.blocks if isinstance(b, ItemList)]
    [item] = due_list.items

    assert [(b.label, b.action) for b in item.buttons] == [
        ("✓ Anna", AskHow(anna.id)), ("Snooze 1 week", Snooze(anna.id, 7, Origin.DUE)),
        ("Draft", Opener(anna.id))]


def test_the_terminal_shows_no_buttons(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")

    answer = chat.coach.handle(Identity("console", "daniel", language_hint="en"), "/due")

    assert answer.buttons == ()


def test_a_custom_cadence_is_due_sooner(chat):
    chat.say("/add Anna Schmidt every 6 weeks")
    chat.say(f"/log Anna call {days_ago(chat, 43)}")

    assert "Call Anna Schmidt: last contact 43 days ago (every 6 weeks)" in chat.say("/due")


# --- /plan -----------------------------------------------------------------------------


def test_plan_fits_the_budget_with_channels_minutes_and_a_total(chat):
    chat.say("/settings budget 45")
    chat.say_days_ago(100, "/add Anna Schmidt close")
    chat.say_days_ago(100, "/add Bernd Vogel")
    chat.say_days_ago(100, "/add Carla Ost")
    chat.say(f"/log Carla email {days_ago(chat, 95)}")

    reply = chat.send("/plan")

    assert reply.text.splitlines() == [
        "Your plan for this week (45 min left of 45 min):",
        "1. Call Anna Schmidt: added 100 days ago, no contact yet (every 30 days) – 20 min",
        "2. Call Bernd Vogel: added 100 days ago, no contact yet (every 90 days) – 20 min",
        "Total: 40 min",
    ]


def test_plan_uses_what_is_left_of_the_week(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")
    chat.say_days_ago(100, "/add Bernd Vogel")
    chat.say_days_ago(100, "/add Carla Ost")
    chat.say("/log event 70m Expo Real")

    lines = chat.say("/plan").splitlines()

    assert lines[0] == "Your plan for this week (50 min left of 2 h):"
    assert len(lines) == 4  # header, two calls of 20 minutes, total
    assert lines[-1] == "Total: 40 min"


def test_plan_suggests_the_channel_used_last_time(chat):
    chat.say("/add Carla Ost")
    chat.say(f"/log Carla email {days_ago(chat, 95)}")

    assert "1. Email Carla Ost: last contact 95 days ago (every 90 days) – 10 min" in chat.say(
        "/plan")


def test_a_spent_budget_says_so(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")
    chat.say("/log event 2h Expo Real")

    assert chat.say("/plan") == (
        "This week's budget of 2 h is used up. Well done! Anything more is a bonus.")


def test_plan_with_nothing_fitting_says_so(chat):
    chat.say_days_ago(100, "/add Anna Schmidt")
    chat.say("/log event 110m")

    assert chat.say("/plan") == (
        "Nothing to plan: nobody is due who fits into the 10 min left this week.")


# --- /week -----------------------------------------------------------------------------


def test_week_reports_minutes_by_channel_against_the_budget(chat):
    chat.say("/add Anna Schmidt")
    chat.say("/log Anna call 25m")
    chat.say("/log event 45m")
    chat.say("/log Anna email 2026-11-23")

    assert chat.say("/week") == (
        "Week of Nov 23, 2026: 1 h 20 min of 2 h\n"
        "▰▰▰▰▰▰▰▱▱▱ 67 %\n"
        "• Event: 45 min\n• Call: 25 min\n• Email: 10 min\n"
        "40 min to go, 4 days left.\n"
        "No streak yet: reach your budget in a week to start one.")


def test_week_counts_days_left_including_today(chat, clock):
    clock.now = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)  # Sunday evening in Berlin
    chat.say("/add Anna Schmidt")

    assert "2 h to go, 1 day left." in chat.say("/week")


def test_reaching_the_budget_is_reported(chat):
    chat.say("/log event 2h")

    week = chat.say("/week")

    assert "Budget reached. 4 days left in the week." in week
    assert "Streak: 1 week on budget." in week


def test_the_streak_counts_consecutive_weeks_on_budget(chat, clock):
    for weeks_back in (1, 2, 4):
        chat.say_days_ago(7 * weeks_back, "/log event 2h")

    assert "Streak: 2 weeks on budget." in chat.say("/week")
    chat.say("/log event 2h")
    assert "Streak: 3 weeks on budget." in chat.say("/week")


def test_weeks_run_monday_to_sunday_in_the_users_zone(chat, clock):
    clock.now = datetime(2026, 11, 22, 21, 30, tzinfo=UTC)  # Sun 22:30 Berlin, 16:30 New York
    chat.say("/log event 30m")
    chat.say("/log event 30m", user="nina", tz="America/New_York")
    clock.now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # Mon 00:30 Berlin, Sun in New York
    chat.say("/log event 60m")
    chat.say("/log event 60m", user="nina", tz="America/New_York")
    clock.now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

    assert chat.say("/week").startswith("Week of Nov 23, 2026: 1 h of 2 h")
    assert chat.say("/week", user="nina").startswith("Week of Nov 23, 2026: 0 min of 2 h")


def test_a_week_with_the_spring_clock_change_still_runs_monday_to_monday(chat, clock):
    clock.now = datetime(2026, 3, 22, 23, 15, tzinfo=UTC)  # Mon 23 Mar 00:15 CET
    chat.say("/log event 30m")
    clock.now = datetime(2026, 3, 29, 21, 30, tzinfo=UTC)  # Sun 29 Mar 23:30 CEST
    chat.say("/log event 40m")
    clock.now = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)  # Mon 30 Mar 00:30 CEST
    chat.say("/log event 50m")

    clock.now = datetime(2026, 3, 29, 21, 45, tzinfo=UTC)
    assert chat.say("/week").startswith("Week of Mar 23, 2026: 1 h 10 min of 2 h")
    clock.now = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert chat.say("/week").startswith("Week of Mar 30, 2026: 50 min of 2 h")


def test_the_week_of_new_year_spans_both_years(chat, clock):
    clock.now = datetime(2026, 12, 28, 9, 0, tzinfo=UTC)
    chat.say("/log event 30m")
    clock.now = datetime(2027, 1, 3, 18, 0, tzinfo=UTC)
    chat.say("/log event 30m")

    assert chat.say("/week").startswith("Week of Dec 28, 2026: 1 h of 2 h")


# --- /birthdays ------------------------------------------------------------------------


def test_birthdays_lists_the_next_30_days_across_the_year_end(chat, clock):
    clock.now = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    chat.say("/add Bea Brandt birthday 05.01.1980")
    chat.say("/add Cid Conrad birthday 19.01.")
    chat.say("/add Dan Dorn birthday 20.01.")
    chat.say("/add Ed Eck birthday 20.12.")
    chat.say("/add Fay Funk birthday 21.12.")
    chat.say("/add Gil Gross birthday 19.12.")

    assert chat.say("/birthdays") == (
        "Birthdays in the next 30 days:\n"
        "• today: Ed Eck\n"
        "• tomorrow: Fay Funk\n"
        "• Jan 5, 2027: Bea Brandt (turns 47)\n"
        "• Jan 19, 2027: Cid Conrad")


def test_birthdays_looks_as_far_ahead_as_asked_up_to_a_year(chat, database):
    chat.say("/add Bea Brandt birthday 05.01.1980")
    chat.say("/add Ed Eck birthday 27.11.")

    assert chat.say("/birthdays 2") == "Birthdays in the next 2 days:\n• tomorrow: Ed Eck"
    assert chat.say("/birthdays 2 months") == (
        "Birthdays in the next 60 days:\n"
        "• tomorrow: Ed Eck\n"
        "• Jan 5, 2027: Bea Brandt (turns 47)")
    before = database.snapshot()
    assert chat.say("/birthdays 2 years") == (
        "I can look up to a year ahead. Try /birthdays 60 or /birthdays 3 months.")
    assert chat.say("/birthdays soon").startswith("I can look up to a year ahead.")
    assert database.snapshot() == before


def test_a_29_february_birthday_is_celebrated_on_the_28th_in_a_common_year(chat, clock):
    clock.now = datetime(2027, 2, 20, 10, 0, tzinfo=UTC)
    chat.say("/add Lea Lenz birthday 29.02.")

    assert "• Feb 28, 2027: Lea Lenz" in chat.say("/birthdays")


def test_archived_contacts_have_no_birthdays_listed(chat):
    chat.say("/add Ed Eck birthday 27.11.")
    chat.say("/archive Ed")

    assert chat.say("/birthdays") == "No birthdays in the next 30 days."


def test_due_with_a_number_shows_only_that_many_of_the_most_urgent(chat):
    for name in ("Anna Schmidt", "Peter Lang", "Jörg Meier", "Lena Fischer"):
        chat.say_days_ago(200, f"/add {name}")

    answer = chat.say("/due 2")

    assert answer.startswith("4 contacts are due:\n1. ")
    assert "\n2. " in answer
    assert "\n3. " not in answer
    assert answer.endswith("… and 2 more. Start with the first ones.")
    assert chat.say("/due 99").count(" days ago") == 4
