"""/settings, /start (the guided onboarding) and /help."""

from __future__ import annotations

from datetime import time
from typing import Any

from babel.dates import get_day_names

from coach.commands import ParseError
from coach.i18n import normalise_language
from coach.model import Circle, NudgeDays
from coach.parsing import (
    parse_clock,
    parse_minutes,
    parse_period_days,
    parse_weekday,
    resolve_timezone,
)
from coach.render import cadence_text, circle_name, minutes_text
from coach.replies import Button, Reply, ReplyBuilder, reply
from coach.schedule import refresh_schedule
from coach.turn import Turn

LANGUAGE_WORDS = {
    "de": "de", "deutsch": "de", "german": "de", "ger": "de",
    "en": "en", "english": "en", "englisch": "en", "eng": "en",
}
CIRCLE_WORDS = {
    "close": Circle.CLOSE, "eng": Circle.CLOSE, "active": Circle.ACTIVE, "aktiv": Circle.ACTIVE,
    "wider": Circle.WIDER, "weit": Circle.WIDER, "erweitert": Circle.WIDER,
    "dormant": Circle.DORMANT, "ruhend": Circle.DORMANT,
}
NUDGE_DAY_WORDS = {
    "weekdays": NudgeDays.WEEKDAYS, "werktags": NudgeDays.WEEKDAYS,
    "daily": NudgeDays.DAILY, "täglich": NudgeDays.DAILY, "taeglich": NudgeDays.DAILY,
    "off": NudgeDays.OFF, "aus": NudgeDays.OFF,
}
SKIP_WORDS = {"skip", "überspringen", "ueberspringen", "weiter", "-"}
ONBOARDING_STEPS = ("language", "timezone", "nudge", "budget", "positioning")
WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                    "Sunday")


def weekday_name(turn: Turn, weekday: int) -> str:
    return str(get_day_names("wide", locale=turn.t.language)[weekday])


def clock_text(value: time) -> str:
    return value.strftime("%H:%M")


def show(turn: Turn) -> Reply:
    t = turn.t
    p = turn.profile
    out = ReplyBuilder()
    out.add(t._("Your settings:"))
    out.add(t._("Language: {value}").format(value="Deutsch" if p.language == "de" else "English"))
    out.add(t._("Time zone: {value}").format(value=p.timezone))
    out.add(t._("Weekly budget: {value}").format(value=minutes_text(t, p.budget_minutes)))
    if p.nudge_days is NudgeDays.OFF:
        out.add(t._("Daily nudge: off"))
    else:
        days = t._("weekdays") if p.nudge_days is NudgeDays.WEEKDAYS else t._("daily")
        out.add(t._("Daily nudge: {time}, {days}").format(time=clock_text(p.nudge_time),
                                                          days=days))
    if p.slot_weekday is not None and p.slot_time is not None:
        out.add(t._("Networking slot: {day} {time}").format(
            day=weekday_name(turn, p.slot_weekday), time=clock_text(p.slot_time)))
    else:
        out.add(t._("Networking slot: not set"))
    out.add(t._("Name for drafts: {value}").format(value=p.display_name or "–"))
    out.add(t._("Positioning: {value}").format(value=p.positioning or "–"))
    cadences = ", ".join(
        f"{circle_name(t, c)} {cadence_text(t, p.cadence_for(c))}" for c in Circle)
    out.add(t._("Cadences: {value}").format(value=cadences))
    out.add("")
    out.add(t._("Change with, for example: /settings budget 90, /settings timezone Berlin, "
                "/settings nudge 08:30 weekdays, /settings slot Friday 14:00, "
                "/settings cadence close 3 weeks, /settings language de"))
    return out.build()


def settings(turn: Turn, args: str) -> Reply:
    words = args.split(maxsplit=1)
    if not words:
        return show(turn)
    key = words[0].casefold()
    value = words[1].strip() if len(words) > 1 else ""
    setters = {
        "language": set_language, "sprache": set_language,
        "timezone": set_timezone, "zeitzone": set_timezone, "tz": set_timezone,
        "budget": set_budget,
        "nudge": set_nudge,
        "slot": set_slot, "termin": set_slot,
        "positioning": set_positioning, "positionierung": set_positioning,
        "cadence": set_cadence, "rhythmus": set_cadence,
        "name": set_name,
    }
    setter = setters.get(key)
    if setter is None:
        raise turn.refuse(turn.t._(
            "I don't know the setting “{key}”. Settings: language, timezone, budget, nudge, "
            "slot, positioning, cadence.").format(key=words[0]))
    answer = setter(turn, value)
    turn.uow.profiles.save(turn.profile)
    return answer


def set_language(turn: Turn, value: str) -> Reply:
    language = LANGUAGE_WORDS.get(value.casefold())
    if language is None:
        raise turn.refuse(turn.t._("I can write German (de) or English (en), not “{value}”.")
                          .format(value=value))
    turn.profile.language = language
    turn.__dict__.pop("t", None)  # the next text is in the new language
    return reply(turn.t._("From now on I write in English."))


def set_timezone(turn: Turn, value: str) -> Reply:
    t = turn.t
    zone = resolve_timezone(value) if value else None
    if zone is None:
        raise turn.refuse(t._("I don't know the time zone or city “{value}”. Try Europe/Berlin "
                              "or a city like München.").format(value=value))
    turn.profile.timezone = zone
    # Due days are counted in local days, so they move with the zone.
    for contact in turn.uow.contacts.list(turn.user_id, include_archived=True):
        refresh_schedule(contact, turn.profile)
        turn.uow.contacts.save(contact)
    return reply(t._("Time zone set to {zone}.").format(zone=zone))


def set_budget(turn: Turn, value: str) -> Reply:
    t = turn.t
    minutes = _minutes_or_none(value)
    if minutes is None or not 0 < minutes <= 40 * 60:
        raise turn.refuse(t._("Please give the weekly budget in minutes or hours, for example "
                              "90 or 1h30m."))
    turn.profile.budget_minutes = minutes
    return reply(t._("Weekly budget set to {value}.").format(value=minutes_text(t, minutes)))


def _minutes_or_none(value: str) -> int | None:
    try:
        return parse_minutes(value)
    except ParseError:
        return None


def set_nudge(turn: Turn, value: str) -> Reply:
    t = turn.t
    new_time = turn.profile.nudge_time
    new_days = turn.profile.nudge_days
    for word in value.split():
        if word.casefold() in NUDGE_DAY_WORDS:
            new_days = NUDGE_DAY_WORDS[word.casefold()]
            continue
        parsed = parse_clock(word)
        if parsed is None:
            raise turn.refuse(t._("Please write the nudge like this: /settings nudge 08:30 "
                                  "weekdays (or daily, or off)."))
        new_time = parsed
        if new_days is NudgeDays.OFF:
            new_days = NudgeDays.WEEKDAYS
    if not value.split():
        raise turn.refuse(t._("Please write the nudge like this: /settings nudge 08:30 "
                              "weekdays (or daily, or off)."))
    turn.profile.nudge_time = new_time
    turn.profile.nudge_days = new_days
    if new_days is NudgeDays.OFF:
        return reply(t._("Daily nudge switched off."))
    days = t._("weekdays") if new_days is NudgeDays.WEEKDAYS else t._("daily")
    return reply(t._("Daily nudge at {time}, {days} ({zone}).").format(
        time=clock_text(new_time), days=days, zone=turn.profile.timezone))


def set_slot(turn: Turn, value: str) -> Reply:
    t = turn.t
    words = value.split()
    if [w.casefold() for w in words] in (["off"], ["aus"]):
        turn.profile.slot_weekday = None
        turn.profile.slot_time = None
        return reply(t._("Weekly networking slot removed."))
    weekday = parse_weekday(words[0]) if words else None
    slot_time = parse_clock(" ".join(words[1:])) if len(words) > 1 else None
    if weekday is None or slot_time is None:
        raise turn.refuse(t._("Please give a day and a time, for example: /settings slot "
                              "Friday 14:00"))
    turn.profile.slot_weekday = weekday
    turn.profile.slot_time = slot_time
    return reply(t._("Your weekly networking slot: {day} {time}. Put it in your calendar "
                     "and keep it.").format(day=weekday_name(turn, weekday),
                                            time=clock_text(slot_time)))


def set_positioning(turn: Turn, value: str) -> Reply:
    t = turn.t
    if not value:
        raise turn.refuse(t._("Write one sentence about what you stand for, for example: "
                              "/settings positioning I develop residential projects in Munich."))
    if len(value) > 300:
        raise turn.refuse(t._("Please keep your positioning to one sentence (300 characters "
                              "at most)."))
    turn.profile.positioning = value
    return reply(t._("Positioning saved. Drafts may use it: “{value}”").format(value=value))


def set_name(turn: Turn, value: str) -> Reply:
    t = turn.t
    if not value or len(value) > 100:
        raise turn.refuse(t._("Please give the name to sign drafts with, for example: "
                              "/settings name Daniel Bauer"))
    turn.profile.display_name = value
    return reply(t._("Drafts are now signed “{name}”.").format(name=value))


def set_cadence(turn: Turn, value: str) -> Reply:
    t = turn.t
    words = value.split(maxsplit=1)
    circle = CIRCLE_WORDS.get(words[0].casefold()) if words else None
    days = parse_period_days(words[1]) if len(words) > 1 else None
    if circle is None or days is None or not 0 < days <= 3650:
        raise turn.refuse(t._("Please name a circle and a period, for example: /settings "
                              "cadence close 3 weeks"))
    cadences: dict[str, Any] = dict(turn.profile.cadences)
    cadences[circle.value] = days
    turn.profile.cadences = cadences
    for contact in turn.uow.contacts.list(turn.user_id, include_archived=True):
        if contact.circle is circle and contact.cadence_days is None:
            refresh_schedule(contact, turn.profile)
            turn.uow.contacts.save(contact)
    return reply(t._("Circle {circle} now {cadence}.").format(
        circle=circle_name(t, circle), cadence=cadence_text(t, days)))


# --- onboarding ------------------------------------------------------------------------

def start(turn: Turn, args: str) -> Reply:
    t = turn.t
    empty = turn.uow.contacts.count(turn.user_id) == 0
    welcome = t._("Welcome to your networking coach. I help you keep in touch with the people "
                  "who matter: whom to call this week, a plan that fits your time, and kind "
                  "answers to connection requests.")
    turn.profile.pending = {"kind": "onboarding", "step": ONBOARDING_STEPS[0]}
    turn.uow.profiles.save(turn.profile)
    first = ask_step(turn, ONBOARDING_STEPS[0])
    texts = [welcome]
    if empty:
        texts.append(t._("Want to look around first? Run the terminal coach with "
                         "“coach chat --demo” to see a small example network at work."))
    return reply(*texts) + first


def ask_step(turn: Turn, step: str) -> Reply:
    t = turn.t
    number = ONBOARDING_STEPS.index(step) + 1
    prefix = t._("Step {n} of {total} (send “skip” to leave it as it is):").format(
        n=number, total=len(ONBOARDING_STEPS)) + " "
    skip = Button(t._("Skip"), "say:skip")
    if step == "language":
        return reply(prefix + t._("Which language should I use? Answer de or en."),
                     buttons=((Button("Deutsch", "say:de"), Button("English", "say:en")),))
    if step == "timezone":
        return reply(prefix + t._("Where are you? A city like München or a time zone like "
                                  "Europe/Berlin. Now: {zone}.").format(
            zone=turn.profile.timezone), buttons=((skip,),))
    if step == "nudge":
        return reply(prefix + t._("When should I nudge you each weekday? For example 08:30, "
                                  "or off."),
                     buttons=((Button("08:30", "say:08:30"), Button("12:00", "say:12:00"),
                               Button(t._("Off"), "say:off")), (skip,)))
    if step == "budget":
        return reply(prefix + t._("How much time per week for your network? Two hours is a "
                                  "good rule. For example 120 or 1h30m."),
                     buttons=((Button("60", "say:60"), Button("120", "say:120"),
                               Button("180", "say:180")), (skip,)))
    return reply(prefix + t._("In one sentence: what do you stand for? Drafts may use it. "
                              "For example: I develop residential projects in Munich."),
                 buttons=((skip,),))


def answer_step(turn: Turn, text: str) -> Reply:
    """Apply the answer to the current onboarding step and ask the next one."""
    pending = turn.profile.pending or {}
    step = str(pending.get("step", ONBOARDING_STEPS[0]))
    value = text.strip()
    confirmation = reply()
    if value.casefold() not in SKIP_WORDS:
        setter = {"language": set_language, "timezone": set_timezone, "nudge": set_nudge,
                  "budget": set_budget, "positioning": set_positioning}[step]
        if step == "language":
            value = normalise_language(value.casefold()[:2], default="") or value
        if step == "nudge" and value.casefold() in ("off", "aus"):
            value = "off"
        confirmation = setter(turn, value)
    index = ONBOARDING_STEPS.index(step) + 1
    if index >= len(ONBOARDING_STEPS):
        turn.profile.pending = None
        turn.profile.onboarded = True
        turn.uow.profiles.save(turn.profile)
        t = turn.t
        return confirmation + reply(t._("All set. Add your first contacts with /add, log "
                                        "contact moments with /log, and ask /due whom to call. "
                                        "/help lists everything."))
    turn.profile.pending = {"kind": "onboarding", "step": ONBOARDING_STEPS[index]}
    turn.uow.profiles.save(turn.profile)
    return confirmation + ask_step(turn, ONBOARDING_STEPS[index])


def help_text(turn: Turn, args: str) -> Reply:
    t = turn.t
    lines = [
        t._("What I can do (one example each):"),
        t._("/add Anna Schmidt close – add a contact (circle, every 6 weeks, company, birthday "
            "15.04., met at …)"),
        t._("/log Anna call 20m – log a contact moment (also: yesterday, 2026-08-26, a note, "
            "next: reason for next time)"),
        t._("/due – who is due, most urgent first"),
        t._("/plan – this week's plan within your budget"),
        t._("/week – this week's minutes, by channel, and your streak"),
        t._("/contacts Schmidt – list and search contacts"),
        t._("/contact Anna – one contact's card"),
        t._("/edit Anna every 2 months – change a contact (circle, birthday, company, name …)"),
        t._("/snooze Anna 2 weeks – hide someone for a while"),
        t._("/pause Anna, /resume Anna, /archive Anna – take someone out of the rhythm"),
        t._("/birthdays – birthdays in the next 30 days"),
        t._("/network – your circles at a glance"),
        t._("/reply <text> – judge a connection request and draft a kind answer"),
        t._("/requests – recent requests and what you did"),
        t._("/nudge – today's nudge, now"),
        t._("/undo – take back the last log"),
        t._("/settings – language, time zone, budget, nudge time, slot, positioning, cadences"),
        t._("Send a file (LinkedIn Connections.csv or Invitations.csv, Google or Outlook CSV, "
            ".vcf, .ics, or my JSON export) to import it after a preview"),
        t._("/sort – put imported contacts into circles, a few at a time"),
        t._("/calendar – a private calendar subscription: birthdays, your slot, the plan"),
        t._("/export – all your data as JSON (or /export csv, vcf, ics); /forget – delete "
            "everything"),
    ]
    return reply("\n".join(lines))
