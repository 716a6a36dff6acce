"""The coach: takes a user's message or button press, returns the reply.

This is the one entry point adapters use. Each call is one unit of work: it commits
when the command succeeded and rolls back when it was refused or failed, so a bad
input never leaves half-written data behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from coach.commands import ParseError
from coach.handlers import contacts, data, nudges, reports, requests, settings, touchpoints
from coach.i18n import N_, normalise_language, translator
from coach.model import DEFAULT_MINUTES, ContactStatus, Identity
from coach.names import clean_text
from coach.openers import opener
from coach.ports import Clock, StorageUnavailable, UnitOfWork, UnitOfWorkFactory
from coach.render import parse_error_text
from coach.replies import Message, Reply, reply
from coach.schedule import local_date
from coach.suggestions import suggested_channel
from coach.triage import KnownContact, TriageResult, render_reason, triage
from coach.turn import Refusal, Turn

log = logging.getLogger(__name__)

Handler = Callable[[Turn, str], Reply]

# A connection that dropped is replaced on the next try; an outage outlasts two.
STORAGE_ATTEMPTS = 2

COMMANDS: dict[str, Handler] = {
    "start": settings.start,
    "help": settings.help_text,
    "add": contacts.add,
    "contacts": contacts.list_contacts,
    "contact": contacts.show_contact,
    "edit": contacts.edit,
    "archive": lambda turn, args: contacts.set_status(turn, args, ContactStatus.ARCHIVED),
    "pause": lambda turn, args: contacts.set_status(turn, args, ContactStatus.PAUSED),
    "resume": lambda turn, args: contacts.set_status(turn, args, ContactStatus.ACTIVE),
    "snooze": contacts.snooze,
    "log": touchpoints.log,
    "undo": touchpoints.undo,
    "due": reports.due,
    "plan": reports.plan,
    "week": reports.week,
    "birthdays": reports.birthdays,
    "network": reports.network,
    "settings": settings.settings,
    "export": data.export,
    "reply": requests.reply_command,
    "requests": requests.recent,
    "forget": data.forget,
    "nudge": nudges.nudge,
}

# German command words, so a German user can type what comes to mind.
ALIASES = {
    "hilfe": "help", "neu": "add", "kontakte": "contacts", "kontakt": "contact",
    "ändern": "edit", "aendern": "edit", "archivieren": "archive", "pausieren": "pause",
    "fortsetzen": "resume", "später": "snooze", "spaeter": "snooze", "notiz": "log",
    "eintragen": "log", "rückgängig": "undo", "rueckgaengig": "undo", "fällig": "due",
    "faellig": "due", "woche": "week", "geburtstage": "birthdays", "netzwerk": "network",
    "einstellungen": "settings", "exportieren": "export", "vergessen": "forget",
}

COMMAND_MENU = (
    ("due", N_("who is due now")),
    ("plan", N_("this week's plan")),
    ("log", N_("log a contact moment")),
    ("add", N_("add a contact")),
    ("contacts", N_("list and search contacts")),
    ("contact", N_("one contact's card")),
    ("week", N_("this week against your budget")),
    ("birthdays", N_("birthdays in the next 30 days")),
    ("network", N_("your circles at a glance")),
    ("reply", N_("judge a connection request")),
    ("requests", N_("recent requests")),
    ("nudge", N_("today's nudge now")),
    ("undo", N_("take back the last log")),
    ("settings", N_("your settings")),
    ("start", N_("set up the coach")),
    ("help", N_("all commands with examples")),
)


def command_menu(language: str) -> list[tuple[str, str]]:
    """Commands and one-line descriptions for a platform's command menu."""
    t = translator(language)
    return [(name, t._(description)) for name, description in COMMAND_MENU]


YES_WORDS = {"yes", "y", "ja", "j", "ok", "okay", "/yes", "/ja", "confirm:yes"}


class Coach:
    """The engine behind every adapter."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self.extra_commands: dict[str, Handler] = {}
        self.extra_actions: dict[str, Callable[[Turn, str], Reply]] = {}

    def handle(self, identity: Identity, text: str, *, update_key: str | None = None) -> Reply:
        """Answer one chat message.

        With ``update_key`` (the platform's id of the update) a redelivered update is
        recognised and answered with an empty reply instead of being handled again.
        """
        text = clean_text(text)
        return self._run(identity, lambda turn: self._dispatch(turn, text), update_key)

    def press(self, identity: Identity, action: str, *, update_key: str | None = None) -> Reply:
        """Answer a button press; old or repeated presses do no harm."""
        action = clean_text(action)
        return self._run(identity, lambda turn: self._press(turn, action), update_key)

    def run_for(self, identity: Identity, work: Callable[[Turn], Reply], *,
                update_key: str | None = None) -> Reply:
        """Run engine code for one user inside a unit of work (for adapters' extras)."""
        return self._run(identity, work, update_key)

    def greeting(self, identity: Identity, *, demo: bool) -> str:
        """The first words of a terminal session; an empty profile is pointed to the demo."""
        return self._run(identity, lambda turn: _greeting(turn, demo)).text

    def apology(self, identity: Identity) -> Reply:
        """What the user sees when handling their message failed unexpectedly."""
        t = translator(identity.language_hint)
        return reply(t._("Sorry, something went wrong on my side. Please try again in a "
                         "moment; if it was a change, check it with /contacts or /week."))

    def triage_request(self, identity: Identity, text: str, *, sender_name: str | None = None,
                       update_key: str | None = None) -> Reply:
        """Judge a forwarded or pasted request and answer with verdict, reasons and drafts."""
        text = clean_text(text)
        sender_name = clean_text(sender_name) if sender_name is not None else None
        return self._run(identity, lambda turn: requests.judge(turn, text, sender_name),
                         update_key)

    def assess_request(self, identity: Identity, text: str,
                       sender_name: str | None = None) -> tuple[TriageResult, list[str]]:
        """Triage without recording anything, for ``coach triage``; reasons rendered.

        Raises the triage package's input errors for empty or oversized text.
        """
        with self._uow_factory() as uow:
            profile, _ = uow.profiles.get_or_create(
                identity.platform, identity.external_id,
                language=normalise_language(identity.language_hint),
                timezone=_valid_zone(identity.timezone_hint), now=self._clock())
            contacts = [KnownContact(n.id, n.name) for n in uow.contacts.names(profile.id)
                        if n.status != "archived"]
            result = triage(text, sender_name=sender_name, contacts=contacts,
                            positioning=profile.positioning, user_name=profile.display_name)
            reasons = [render_reason(r, profile.language) for r in result.reasons]
            return result, reasons

    def unsupported_file(self, identity: Identity) -> Reply:
        t = translator(identity.language_hint)
        return reply(t._("Importing files (LinkedIn Connections.csv, vCards) is not supported "
                         "yet. Add contacts with /add for now."))

    def private_only(self, identity: Identity) -> Reply:
        """The answer in a group chat: contacts are never shown where others can read."""
        t = translator(identity.language_hint)
        return reply(t._("Your network is private, so I only talk about it in a direct chat. "
                         "Please write to me privately."))

    def mark_unreachable(self, identity: Identity) -> None:
        """The platform refuses messages to this user (they blocked the bot)."""
        with self._uow_factory() as uow:
            profile, _ = uow.profiles.get_or_create(
                identity.platform, identity.external_id, language="en", timezone="UTC",
                now=self._clock())
            profile.unreachable = True
            uow.profiles.save(profile)
            uow.commit()

    def unavailable(self, identity: Identity, error: StorageUnavailable) -> Reply:
        """What the user sees when the database could not serve their message."""
        t = translator(identity.language_hint)
        if error.lasting:
            return reply(t._("I cannot save anything right now because my storage is full "
                             "or read-only. The operator has been told. Nothing was "
                             "changed."))
        return reply(t._("I cannot reach my database right now. Please try again in a "
                         "moment; nothing was changed."))

    def _run(self, identity: Identity, work: Callable[[Turn], Reply],
             update_key: str | None = None) -> Reply:
        """One unit of work; a dropped connection gets one more try, since the whole
        transaction was rolled back and the pool replaces the dead connection."""
        for attempt in range(1, STORAGE_ATTEMPTS + 1):
            try:
                return self._attempt(identity, work, update_key)
            except StorageUnavailable as error:
                if error.lasting or error.maybe_committed or attempt == STORAGE_ATTEMPTS:
                    log.warning("answering a %s message without storage (%s)",
                                identity.platform, error.reason)
                    return self.unavailable(identity, error)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, identity: Identity, work: Callable[[Turn], Reply],
                 update_key: str | None = None) -> Reply:
        now = self._clock()
        with self._uow_factory() as uow:
            if update_key is not None and not uow.updates.claim(
                    identity.platform, update_key, now):
                log.info("skipping a redelivered %s update", identity.platform)
                return Reply()
            profile, _created = uow.profiles.get_or_create(
                identity.platform,
                identity.external_id,
                language=normalise_language(identity.language_hint),
                timezone=_valid_zone(identity.timezone_hint),
                now=now,
            )
            display_name = clean_text(identity.display_name or "").strip()
            if display_name and not profile.display_name:
                profile.display_name = display_name
                uow.profiles.save(profile)
            if profile.unreachable:
                # They wrote again, so they can be reached again.
                profile.unreachable = False
                uow.profiles.save(profile)
            turn = Turn(uow=uow, profile=profile, now=now)
            try:
                answer = work(turn)
            except Refusal as refusal:
                answer = refusal.answer
                self._undo_but_remember(uow, identity, update_key, now)
            except ParseError as error:
                answer = reply(parse_error_text(turn.t, error.key, error.params))
                self._undo_but_remember(uow, identity, update_key, now)
            else:
                uow.commit()
            return answer

    @staticmethod
    def _undo_but_remember(uow: UnitOfWork, identity: Identity, update_key: str | None,
                           now: datetime) -> None:
        """Roll back a refused command, but keep the update marked as handled."""
        uow.rollback()
        if update_key is not None:
            uow.updates.claim(identity.platform, update_key, now)
            uow.commit()

    def _dispatch(self, turn: Turn, text: str) -> Reply:
        # PostgreSQL cannot store NUL characters in text; they carry no meaning anyway.
        text = text.replace("\x00", "").strip()
        t = turn.t
        if not text:
            return reply(t._("Send /help to see what I can do."))
        pending = turn.profile.pending
        if (pending and not text.startswith("/")) or (
            pending and text.casefold() in ("/yes", "/ja", "/no", "/nein")
        ):
            return self._answer_pending(turn, text)
        if pending:
            turn.profile.pending = None
            turn.uow.profiles.save(turn.profile)
        if not text.startswith("/"):
            return reply(t._("I understand commands such as /log Anna call 20m or /due. Send "
                             "/help for all of them. To judge a connection request, send "
                             "/reply followed by its text."))
        word, _, args = text[1:].partition(" ")
        name = word.split("@")[0].casefold()
        name = ALIASES.get(name, name)
        handler = COMMANDS.get(name) or self.extra_commands.get(name)
        if handler is None:
            return reply(t._("I don't know the command /{name}. Send /help for the list.")
                         .format(name=word))
        return handler(turn, args.strip())

    def _answer_pending(self, turn: Turn, text: str) -> Reply:
        pending = turn.profile.pending or {}
        kind = pending.get("kind")
        if kind == "onboarding":
            return settings.answer_step(turn, text)
        if kind == "confirm_forget":
            return data.confirm_forget(turn, text)
        turn.profile.pending = None
        turn.uow.profiles.save(turn.profile)
        if kind == "await_request":
            return requests.judge(turn, text, None)
        if kind == "confirm_add" and text.strip().casefold().rstrip(".!") in YES_WORDS:
            return contacts.add(turn, str(pending.get("args", "")), confirmed=True)
        return reply(turn.t._("Alright, nothing was added."))

    def _press(self, turn: Turn, action: str) -> Reply:
        kind, _, value = action.partition(":")
        if kind in ("say", "run"):
            return self._dispatch(turn, value)
        if kind == "confirm":
            if not turn.profile.pending:
                return reply(turn.t._("That question was already answered."))
            return self._answer_pending(turn, action if value == "forget" else value)
        if kind in ("done", "snooze", "draft"):
            return self._contact_action(turn, kind, value)
        if kind == "triage":
            return requests.decide(turn, value)
        extra = self.extra_actions.get(kind)
        if extra is not None:
            return extra(turn, value)
        return reply(turn.t._("That button is no longer valid."))

    def _contact_action(self, turn: Turn, kind: str, value: str) -> Reply:
        t = turn.t
        contact = turn.uow.contacts.get(turn.user_id, int(value)) if value.isdigit() else None
        if contact is None:
            return reply(t._("That contact no longer exists."))
        if kind == "done":
            last = contact.last_touch_at
            if last and local_date(last, turn.profile.timezone) == turn.today:
                return reply(t._("Already logged today for {name}; nothing added.").format(
                    name=contact.name))
            channel = suggested_channel(contact)
            return touchpoints.record_touchpoint(
                turn, contact, channel, DEFAULT_MINUTES[channel], turn.now, None, None)
        if kind == "snooze":
            if contact.snoozed_until and contact.snoozed_until > turn.today:
                return reply(t._("{name} is already snoozed; nothing changed.").format(
                    name=contact.name))
            return contacts.snooze_contact(turn, contact, 7)
        return Reply((Message(opener(contact, turn.profile), is_draft=True),))


def _greeting(turn: Turn, demo: bool) -> Reply:
    t = turn.t
    if demo:
        return reply(t._("This is a demo profile with a small fictional network. Try /due, "
                         "/plan, /week and /birthdays; /help lists everything."))
    if turn.uow.contacts.count(turn.user_id) == 0:
        return reply(t._("Welcome to your networking coach. Send /start to set up, or /help "
                         "for the commands. To look around first, start “coach chat --demo”."))
    return reply(t._("Welcome back. /due shows who is due, /plan your week."))


def _valid_zone(name: str | None) -> str:
    if not name:
        return "UTC"
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        return "UTC"
    return name

