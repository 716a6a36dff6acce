"""/settings, /start (the guided onboarding) and /help."""

from __future__ import annotations

from datetime import time
from typing import Any

from babel.dates import get_day_names

from coach.actions import Answer, ChangeSetting
from coach.commands import ParseError
from coach.i18n import normalise_language
from coach.model import Circle, NudgeDays
from coach.parsing import (
    parse_clock,
    parse_minutes,
    parse_nudge,
    parse_period_days,
    parse_weekday,
    resolve_timezone,
)
from coach.parsing.grammar import circle_of, language_of
from coach.questions import Onboarding
from coach.render import cadence_text, circle_name, minutes_text
from coach.replies import Button, ButtonRows, ButtonStyle, MessageBuilder, Reply, reply
from coach.schedule import refresh_schedule
from coach.turn import Turn

SKIP_WORDS = {"skip", "überspringen", "ueberspringen", "weiter", "-"}
ONBOARDING_STEPS = ("language", "name", "timezone", "nudge", "budget", "positioning")
WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                    "Sunday")


def weekday_name(turn: Turn, weekday: int) -> str:
    return str(get_day_names("wide", locale=turn.t.language)[weekday])


def clock_text(value: time) -> str:
    return value.strftime("%H:%M")


def show(turn: Turn) -> Reply:
    t = turn.t
    p = turn.profile
    out = MessageBuilder()
    out.heading(t._("Your settings"))
    rows = [
        (t._("Language"), "Deutsch" if p.language == "de" else "English"),
        (t._("Time zone"), p.timezone),
        (t._("Weekly budget"), minutes_text(t, p.budget_minutes)),
    ]
    if p.nudge_days is NudgeDays.OFF:
        rows.append((t._("Daily nudge"), t._("off")))
    else:
        days = t._("weekdays") if p.nudge_days is NudgeDays.WEEKDAYS else t._("daily")
        rows.append((t._("Daily nudge"), f"{clock_text(p.nudge_time)}, {days}"))
    if p.slot_weekday is not None and p.slot_time is not None:
        rows.append((t._("Networking slot"),
                     f"{weekday_name(turn, p.slot_weekday)} {clock_text(p.slot_time)}"))
    else:
        rows.append((t._("Networking slot"), t._("not set")))
    rows.append((t._("Name for drafts"), p.display_name or "–"))
    rows.append((t._("Positioning"), p.positioning or "–"))
    rows.append((t._("Cadences"), ", ".join(
        f"{circle_name(t, c)} {cadence_text(t, p.cadence_for(c))}" for c in Circle)))
    out.fields(rows)
    out.paragraph(t._("Change with, for example: /settings budget 90, /settings timezone Berlin, "
                      "/settings nudge 08:30 weekdays, /settings slot Friday 14:00, "
                      "/settings cadence close 3 weeks, /settings language de"))
    if turn.has_buttons:
        out.buttons(*preset_buttons(turn))
    return out.build()


def preset_buttons(turn: Turn) -> ButtonRows:
    """One-tap presets for language, nudge time and budget; the current value is marked."""
    t = turn.t
    p = turn.profile

    def button(label: str, key: str, value: str, current: bool) -> Button:
        return Button(f"✓ {label}" if current else label, ChangeSetting(key, value),
                      ButtonStyle.PRIMARY if current else ButtonStyle.DEFAULT)

    nudge_on = p.nudge_days is not NudgeDays.OFF
    return (
        (button("Deutsch", "language", "de", p.language == "de"),
         button("English", "language", "en", p.language == "en")),
        (*(button(clock, "nudge", clock, nudge_on and clock_text(p.nudge_time) == clock)
           for clock in ("07:30", "08:30", "12:00")),
         button(t._("Nudge off"), "nudge", "off", not nudge_on)),
        tuple(button(minutes_text(t, minutes), "budget", str(minutes),
                     p.budget_minutes == minutes) for minutes in (60, 120, 180)),
    )


def change_by_tap(turn: Turn, key: str, value: str) -> Reply:
    """A preset tap: change the setting, redraw the settings in place, confirm in a popup."""
    if key not in ("language", "nudge", "budget"):
        return Reply(popup=turn.t._("That button is no longer valid."))
    confirmation = settings(turn, f"{key} {value}")
    return show(turn).replacing(popup=confirmation.text)


# Each setting's key in English and German; the first German word is the one shown.
SETTING_KEYS: dict[str, tuple[str, ...]] = {
    "language": ("sprache",),
    "timezone": ("zeitzone", "tz"),
    "budget": ("budget", "wochenbudget"),
    "nudge": ("erinnerung",),
    "slot": ("zeitfenster", "termin", "netzwerktermin"),
    "positioning": ("positionierung",),
    "cadence": ("rhythmus", "kadenz"),
    "name": ("name",),
}


def setting_key(word: str) -> str | None:
    """The English key a typed key stands for: "zeitzone" -> "timezone"."""
    word = word.casefold()
    for key, german in SETTING_KEYS.items():
        if word == key or word in german:
            return key
    return None


def settings(turn: Turn, args: str) -> Reply:
    words = args.split(maxsplit=1)
    if not words:
        return show(turn)
    key = setting_key(words[0])
    value = words[1].strip() if len(words) > 1 else ""
    setters = {
        "language": set_language, "timezone": set_timezone, "budget": set_budget,
        "nudge": set_nudge, "slot": set_slot, "positioning": set_positioning,
        "cadence": set_cadence, "name": set_name,
    }
    if key is None:
        german = turn.t.language == "de"
        keys = ", ".join(german_keys[0] if german else key
                         for key, german_keys in SETTING_KEYS.items())
        raise turn.refuse(turn.t._("I don't know the setting “{key}”. Settings: {keys}.")
                          .format(key=words[0], keys=keys))
    answer = setters[key](turn, value)
    turn.uow.profiles.save(turn.profile)
    return answer


def set_language(turn: Turn, value: str) -> Reply:
    language = language_of(value)
    if language is None:
        raise turn.refuse(turn.t._("I can write German (de) or English (en), not “{value}”.")
                          .format(value=value))
    turn.profile.language = language
    turn.__dict__.pop("t", None)  # the next text is in the new language
    return reply(turn.t._("From now on I write in English."))


def set_timezone(turn: Turn, value: str) -> Reply:
    t = turn.t
    if not value:
        raise turn.refuse(t._("Which time zone? Name a city or a zone, for example: "
                              "/settings timezone Berlin"))
    zone = resolve_timezone(value)
    if zone is None:
        raise turn.refuse(t._("I don't know the time zone or city “{value}”. Try Europe/Berlin "
                              "or a city like München.").format(value=value))
    if zone == turn.profile.timezone:
        # Nothing moves; rewriting every contact took a second at 1,000 contacts.
        return reply(t._("Time zone set to {zone}.").format(zone=zone))
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
    except ParseError as error:
        if error.key == "unicode_digits":
            raise  # its own message says what to type instead
        return None


def set_nudge(turn: Turn, value: str) -> Reply:
    t = turn.t
    # One reader for /settings and the onboarding: "8", "8 Uhr", "8am", "halb neun".
    choice = parse_nudge(value)
    if choice is None:
        raise turn.refuse(t._("I could not read that as a time. Write it like 08:30, "
                              "7:45 weekdays, 9:00 daily, or off."))
    new_time = choice.at or turn.profile.nudge_time
    new_days = choice.days or turn.profile.nudge_days
    if choice.at is not None and choice.days is None and new_days is NudgeDays.OFF:
        new_days = NudgeDays.WEEKDAYS
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
    circle = circle_of(words[0]) if words else None
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
    texts = [welcome]
    if empty:
        texts.append(t._("Want to look around first? /start demo opens an example network, "
                         "separate from yours."))
    return reply(*texts) + ask_step(turn, ONBOARDING_STEPS[0])


def ask_step(turn: Turn, step: str) -> Reply:
    """Ask one set-up step; the answer (typed or tapped) goes to :func:`answer_step`."""
    t = turn.t
    serial = turn.ask(Onboarding(step))
    number = ONBOARDING_STEPS.index(step) + 1
    prefix = t._("Step {n} of {total} (send “skip” to leave it as it is):").format(
        n=number, total=len(ONBOARDING_STEPS)) + " "

    def tap(label: str, value: str) -> Button:
        return Button(label, Answer(serial, value))

    skip = tap(t._("Skip"), "skip")
    if step == "language":
        return reply(prefix + t._("Which language should I use? Answer de or en."),
                     buttons=((tap("Deutsch", "de"), tap("English", "en")),))
    if step == "name":
        name = turn.profile.display_name
        if name:
            return reply(prefix + t._("Which name should I sign your drafts with? Now: "
                                      "{name}.").format(name=name),
                         buttons=((tap(t._("Keep {name}").format(name=name), "skip"),),))
        return reply(prefix + t._("Which name should I sign your drafts with? For example: "
                                  "Daniel Bauer."), buttons=((skip,),))
    if step == "timezone":
        return reply(prefix + t._("Where are you? A city like München or a time zone like "
                                  "Europe/Berlin. Now: {zone}.").format(
            zone=turn.profile.timezone), buttons=((skip,),))
    if step == "nudge":
        return reply(prefix + t._("When should I nudge you each weekday? For example 08:30, "
                                  "or off."),
                     buttons=((tap("08:30", "08:30"), tap("12:00", "12:00"),
                               tap(t._("Off"), "off")), (skip,)))
    if step == "budget":
        return reply(prefix + t._("How much time per week for your network? Two hours is a "
                                  "good rule. For example 120 or 1h30m."),
                     buttons=((tap(minutes_text(t, 60), "60"), tap(minutes_text(t, 120), "120"),
                               tap(minutes_text(t, 180), "180")), (skip,)))
    return reply(prefix + t._("In one sentence: what do you stand for? Drafts may use it. "
                              "For example: I develop residential projects in Munich."),
                 buttons=((skip,),))


def answer_step(turn: Turn, question: Onboarding, text: str) -> Reply:
    """Apply the answer to the current onboarding step and ask the next one."""
    step = question.step if question.step in ONBOARDING_STEPS else ONBOARDING_STEPS[0]
    value = text.strip()
    confirmation = reply()
    if value.casefold() not in SKIP_WORDS:
        setter = {"language": set_language, "name": set_name, "timezone": set_timezone,
                  "nudge": set_nudge, "budget": set_budget,
                  "positioning": set_positioning}[step]
        if step == "language":
            value = normalise_language(value.casefold()[:2], default="") or value
        if step == "nudge" and value.casefold() in ("off", "aus"):
            value = "off"
        confirmation = setter(turn, value)
    index = ONBOARDING_STEPS.index(step) + 1
    if index >= len(ONBOARDING_STEPS):
        turn.close_question()
        turn.profile.onboarded = True
        turn.uow.profiles.save(turn.profile)
        t = turn.t
        return confirmation + reply(t._("All set. Add your first contacts with /add, log "
                                        "conversations with /log, and ask /due whom to call. "
                                        "/help lists everything."))
    turn.uow.profiles.save(turn.profile)
    return confirmation + ask_step(turn, ONBOARDING_STEPS[index])


def help_text(turn: Turn, args: str) -> Reply:
    t = turn.t
    out = MessageBuilder()
    out.heading(t._("Every day"))
    out.item(t._("/due – who is due, most urgent first"))
    out.item(t._("/log Anna call 20m – log a conversation (also: yesterday, 26.08., a note, "
                 "next: reason for next time)"))
    out.item(t._("/plan – this week's plan within your budget"))
    out.item(t._("/week – this week's minutes, by channel, and your streak"))
    out.item(t._("/undo – take back the last log; /cancel – drop an open question"))
    out.heading(t._("Contacts"))
    out.item(t._("/add Anna Schmidt close – add a contact (circle, every 6 weeks, company, "
                 "birthday 15.04., met at …)"))
    out.item(t._("/contacts Schmidt – list and search; /contact Anna – one card"))
    out.item(t._("/edit Anna every 2 months – change a contact (circle, birthday, company, "
                 "formal or informal, name …)"))
    out.item(t._("/snooze Anna 2 weeks (or until Monday), /pause Anna, /resume Anna, "
                 "/archive Anna – take someone out of the rhythm"))
    out.item(t._("/birthdays – the next 30 days; /network – your circles at a glance"))
    out.heading(t._("Requests"))
    out.item(t._("/reply <text> – judge a connection request and draft a kind answer (or "
                 "forward the request to me)"))
    out.item(t._("/requests – recent requests and what you decided"))
    out.heading(t._("You"))
    out.item(t._("/settings – language, time zone, budget, nudge time, slot, positioning, "
                 "cadences; /nudge – today's nudge, now"))
    out.heading(t._("Your data"))
    out.item(t._("Send a file (LinkedIn Connections.csv or Invitations.csv, Google or Outlook "
                 "CSV, .vcf, .ics, or my JSON export) to import it after a preview"))
    out.item(t._("/sort – put imported contacts into circles, a few at a time"))
    out.item(t._("/calendar – a private calendar subscription: birthdays, your slot, the plan"))
    out.item(t._("/export – all your data as JSON (or /export csv, vcf, ics); /forget – "
                 "delete everything"))
    return out.build()
