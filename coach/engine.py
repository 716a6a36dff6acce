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
from coach.handlers import (
    contacts,
    data,
    imports,
    nudges,
    reports,
    requests,
    settings,
    sorting,
    touchpoints,
)
from coach.i18n import N_, normalise_language, translator
from coach.imports import MAX_BYTES, ImportedContact, ImportRefused
from coach.imports.fields import clean_email, clip
from coach.imports.preview import refusal_text
from coach.model import DEFAULT_MINUTES, ContactStatus, Identity
from coach.openers import opener
from coach.ports import Clock, UnitOfWork, UnitOfWorkFactory
from coach.render import parse_error_text
from coach.replies import FileAttachment, Message, Reply, reply
from coach.schedule import local_date
from coach.suggestions import suggested_channel
from coach.triage import KnownContact, TriageResult, render_reason, triage
from coach.turn import Refusal, Turn

log = logging.getLogger(__name__)

Handler = Callable[[Turn, str], Reply]

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
    "sort": sorting.sort,
    "import": imports.import_help,
}

# German command words, so a German user can type what comes to mind.
ALIASES = {
    "hilfe": "help", "neu": "add", "kontakte": "contacts", "kontakt": "contact",
    "ändern": "edit", "aendern": "edit", "archivieren": "archive", "pausieren": "pause",
    "fortsetzen": "resume", "später": "snooze", "spaeter": "snooze", "notiz": "log",
    "eintragen": "log", "rückgängig": "undo", "rueckgaengig": "undo", "fällig": "due",
    "faellig": "due", "woche": "week", "geburtstage": "birthdays", "netzwerk": "network",
    "einstellungen": "settings", "exportieren": "export", "vergessen": "forget",
    "sortieren": "sort", "kalender": "calendar", "importieren": "import",
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
    ("sort", N_("sort imported contacts into circles")),
    ("calendar", N_("your calendar subscription")),
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

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, *,
                 public_base_url: str | None = None) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        # Where the web process serves calendar feeds; /calendar needs it for its URL.
        self.public_base_url = public_base_url
        self._own_commands: dict[str, Handler] = {
            "calendar": lambda turn, args: data.calendar(turn, args, self.public_base_url),
        }
        self.extra_commands: dict[str, Handler] = {}
        self.extra_actions: dict[str, Callable[[Turn, str], Reply]] = {}

    def handle(self, identity: Identity, text: str, *, update_key: str | None = None) -> Reply:
        """Answer one chat message.

        With ``update_key`` (the platform's id of the update) a redelivered update is
        recognised and answered with an empty reply instead of being handled again.
        """
        return self._run(identity, lambda turn: self._dispatch(turn, text), update_key)

    def press(self, identity: Identity, action: str, *, update_key: str | None = None) -> Reply:
        """Answer a button press; old or repeated presses do no harm."""
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

    def import_file(self, identity: Identity, filename: str, content: bytes, *,
                    update_key: str | None = None) -> Reply:
        """A file sent in chat: a preview of the import, waiting for the user's yes.

        The adapter checks the platform's reported size first and refuses files over
        :data:`coach.imports.MAX_BYTES` without downloading them.
        """
        return self._run(identity, lambda turn: imports.preview_file(turn, filename, content),
                         update_key)

    def file_too_large(self, identity: Identity) -> Reply:
        """The answer to a file over the limit, which the adapter did not download."""
        return self._run(identity, lambda turn: reply(refusal_text(
            turn.t, ImportRefused("too_large", value=str(MAX_BYTES // (1024 * 1024))))))

    def import_contact(self, identity: Identity, name: str, *, phone: str | None = None,
                       email: str | None = None, update_key: str | None = None) -> Reply:
        """A contact shared in chat (a Telegram contact card): a one-contact import."""
        record = ImportedContact(name=" ".join(name.split()), phone=clip(phone, 100),
                                 email=clean_email(email))
        return self._run(identity, lambda turn: imports.import_contact(turn, record),
                         update_key)

    def import_now(self, identity: Identity, filename: str, content: bytes, *,
                   dry_run: bool, progress: Callable[[int], None] | None = None
                   ) -> tuple[Reply, imports.Outcome | None]:
        """For ``coach import``: preview, and unless ``dry_run`` import at once.

        Returns the answer and the outcome; the outcome is None when the file was
        refused, and then nothing was written.
        """
        result: list[imports.Outcome] = []

        def work(turn: Turn) -> Reply:
            outcome = imports.import_now(turn, filename, content, write=not dry_run,
                                         progress=progress)
            result.append(outcome)
            if dry_run:
                return reply("\n".join(outcome.lines))
            return reply("\n".join(outcome.lines)) + imports.done_reply(turn, outcome)

        answer = self._run(identity, work)
        return answer, (result[0] if result else None)

    def export_file(self, identity: Identity, fmt: str) -> FileAttachment:
        """The user's data as ``json``, ``csv``, ``vcf`` or ``ics``, for ``coach export``."""
        files: list[FileAttachment] = []

        def work(turn: Turn) -> Reply:
            files.append(data.export_file(turn, fmt))
            return Reply()

        self._run(identity, work)
        return files[0]

    def calendar_feed(self, token: str) -> bytes | None:
        """The iCalendar feed behind a private subscription URL; None for an unknown token."""
        if not token or len(token) > 64:
            return None
        with self._uow_factory() as uow:
            profile = uow.profiles.by_calendar_token(token)
            if profile is None:
                return None
            return data.calendar_file(Turn(uow=uow, profile=profile, now=self._clock()))

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

    def _run(self, identity: Identity, work: Callable[[Turn], Reply],
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
            if identity.display_name and not profile.display_name:
                profile.display_name = identity.display_name
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
            if pending.get("kind") == "confirm_import":
                turn.uow.imports.discard(turn.user_id)
        if not text.startswith("/"):
            return reply(t._("I understand commands such as /log Anna call 20m or /due. Send "
                             "/help for all of them. To judge a connection request, send "
                             "/reply followed by its text."))
        word, _, args = text[1:].partition(" ")
        name = word.split("@")[0].casefold()
        name = ALIASES.get(name, name)
        handler = (COMMANDS.get(name) or self._own_commands.get(name)
                   or self.extra_commands.get(name))
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
        if kind == "confirm_import":
            return imports.confirm(turn, text)
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
        if kind == "sort":
            return sorting.press_sort(turn, value)
        if kind == "drafts":
            return imports.more_drafts(turn, value)
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

