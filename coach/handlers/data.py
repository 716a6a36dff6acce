"""/export, /calendar and /forget: the user's data belongs to the user.

/export writes JSON (everything, and what ``coach import`` restores), CSV and vCards
for other tools, or an iCalendar file. /calendar hands out a private subscription
URL for the same calendar, served by the web process (``adapters/calendar_feed.py``).
"""

from __future__ import annotations

import secrets

from coach.actions import Answer
from coach.handlers.reports import plan_items, week_minutes
from coach.questions import ConfirmForget
from coach.render import action_phrase
from coach.replies import Button, ButtonStyle, Confirmation, File, Reply, reply
from coach.spool import spool
from coach.suggestions import suggested_channel
from coach.turn import Turn
from coach.weeks import current_week

# Typed format names (English and German) and what they mean.
EXPORT_FORMATS = {"": "json", "json": "json", "csv": "csv", "vcf": "vcf", "vcard": "vcf",
                  "vcards": "vcf", "ics": "ics", "ical": "ics", "icalendar": "ics",
                  "calendar": "ics", "kalender": "ics"}
_MIME = {"json": "application/json", "csv": "text/csv", "vcf": "text/vcard",
         "ics": "text/calendar"}
CALENDAR_TOKEN_BYTES = 32
CALENDAR_RESET_WORDS = {"reset", "new", "zurücksetzen", "zuruecksetzen", "neu"}


def calendar_file(turn: Turn) -> bytes:
    """Birthdays, the weekly slot and this week's planned catch-ups as iCalendar."""
    # The writers' libraries (icalendar, vobject) load when a file is asked for, not
    # at every start.
    from coach.exports import PlannedCatchUp, calendar_ics

    week = current_week(turn.now, turn.profile.timezone)
    left = turn.profile.budget_minutes - week_minutes(turn, week)
    planned = [PlannedCatchUp(item.contact.id or 0, item.contact.name,
                              action_phrase(turn.t, suggested_channel(item.contact),
                                            item.contact.name), item.minutes)
               for item in (plan_items(turn, left) if left > 0 else [])]
    return calendar_ics(turn.t, turn.profile, turn.uow.contacts.with_birthdays(turn.user_id),
                        planned, turn.today, turn.now)


def export_file(turn: Turn, fmt: str) -> File:
    """The user's data in one format: ``json``, ``csv``, ``vcf`` or ``ics``.

    The file is written to disk while the records are read (see
    :mod:`coach.spool`); only the calendar, which holds no more than the
    birthdays and one week's plan, is built in memory first.
    """
    from coach.exports import csv_pieces, export_pieces, vcard_pieces

    day = turn.today.isoformat()
    uow, user_id = turn.uow, turn.user_id
    if fmt == "json":
        body = spool(export_pieces(turn.profile, uow.contacts.each(user_id, include_archived=True),
                                   uow.touchpoints.each(user_id), uow.requests.each(user_id),
                                   turn.now))
    elif fmt == "csv":
        body = spool(csv_pieces(uow.contacts.each(user_id), turn.profile.timezone))
    elif fmt == "vcf":
        body = spool(vcard_pieces(uow.contacts.each(user_id)))
    else:
        body = spool((calendar_file(turn),))
    return File(f"networking-coach-{day}.{fmt}", body, _MIME[fmt])


def export(turn: Turn, args: str) -> Reply:
    t = turn.t
    fmt = EXPORT_FORMATS.get(args.strip().casefold().lstrip("."))
    if fmt is None:
        raise turn.refuse(t._("I export json (everything), csv, vcf or ics, for example: "
                              "/export csv"))
    attachment = export_file(turn, fmt)
    if fmt == "json":
        contacts = turn.uow.contacts.count(turn.user_id)
        touchpoints = turn.uow.touchpoints.count(turn.user_id)
        requests = turn.uow.requests.count(turn.user_id)
        text = t._("Here is all your data: {contacts}, {touchpoints}, {requests}.").format(
            contacts=t.n_("{count} contact", "{count} contacts", contacts).format(
                count=contacts),
            touchpoints=t.n_("{count} touchpoint", "{count} touchpoints", touchpoints).format(
                count=touchpoints),
            requests=t.n_("{count} request", "{count} requests", requests).format(
                count=requests))
    elif fmt == "ics":
        text = t._("Here is your calendar: birthdays, your weekly networking slot and this "
                   "week's plan. /calendar gives you a subscription that stays up to date.")
    else:
        text = t._("Here are your contacts for other tools (archived ones are left out).")
    return Reply(reply(text).messages, files=(attachment,))


def calendar(turn: Turn, args: str, base_url: str | None) -> Reply:
    """``/calendar``: the private subscription URL; ``/calendar reset`` replaces it."""
    t = turn.t
    if not base_url:
        return reply(t._("The calendar subscription is not set up on this installation (its "
                         "public address is missing). /export ics gives you the same "
                         "calendar as a file."))
    word = args.strip().casefold()
    if word and word not in CALENDAR_RESET_WORDS:
        raise turn.refuse(t._("Send /calendar for your subscription URL, or /calendar reset "
                              "for a new one."))
    reset = bool(word)
    if reset or not turn.profile.calendar_token:
        turn.profile.calendar_token = secrets.token_urlsafe(CALENDAR_TOKEN_BYTES)
        turn.uow.profiles.save(turn.profile)
    url = f"{base_url.rstrip('/')}/calendar/{turn.profile.calendar_token}.ics"
    lines = []
    if reset:
        lines.append(t._("Done: the old address no longer works."))
    lines.append(t._("Subscribe to this address in Google Calendar (“From URL”), Outlook "
                     "(“Subscribe from web”) or Apple Calendar (“New calendar "
                     "subscription”): birthdays, your weekly networking slot and this "
                     "week's plan."))
    lines.append(url)
    lines.append(t._("Keep it private: anyone with the address sees those entries. "
                     "/calendar reset makes a new one."))
    if turn.profile.slot_weekday is None:
        lines.append(t._("Tip: set your weekly slot first, for example /settings slot "
                         "Friday 14:00."))
    return reply("\n".join(lines))


def forget(turn: Turn, args: str) -> Reply:
    t = turn.t
    contacts = turn.uow.contacts.count(turn.user_id)
    touchpoints = turn.uow.touchpoints.count(turn.user_id)
    serial = turn.ask(ConfirmForget())
    confirm = Confirmation(
        title=t._("Delete everything?"),
        text=t._("Your contacts, touchpoints, settings and requests are deleted for good."),
        yes=t._("Delete"), no=t._("Keep"))
    return reply(
        t._("This deletes all your data for good: {contacts}, {touchpoints}, your settings and "
            "requests. Consider /export first. Answer “yes, delete” to confirm; anything else "
            "keeps everything.").format(
            contacts=t.n_("{count} contact", "{count} contacts", contacts).format(
                count=contacts),
            touchpoints=t.n_("{count} touchpoint", "{count} touchpoints", touchpoints).format(
                count=touchpoints)),
        buttons=((Button(t._("Yes, delete everything"), Answer(serial, "yes, delete"),
                         ButtonStyle.DANGER, confirm),
                  Button(t._("Keep my data"), Answer(serial, "no"))),),
    )


FORGET_CONFIRMATIONS = {"yes, delete", "yes delete", "ja, löschen", "ja löschen",
                        "ja, loeschen"}


def confirm_forget(turn: Turn, text: str) -> Reply:
    t = turn.t
    if text.strip().casefold().rstrip(".!") not in FORGET_CONFIRMATIONS:
        turn.close_question()
        return reply(t._("Nothing was deleted."))
    turn.uow.profiles.delete(turn.user_id)
    return reply(t._("All your data is deleted. If you write again, I start afresh."))
