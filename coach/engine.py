"""The coach: takes a user's message or button press, returns the reply.

This is the one entry point adapters use. Each call is one unit of work: it commits
when the command succeeded and rolls back when it was refused or failed, so a bad
input never leaves half-written data behind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from coach import actions, linking
from coach.commands import ParseError
from coach.deliveries import DeliveryMarks
from coach.demo import demo_script
from coach.handlers import (
    contacts,
    data,
    due_taps,
    imports,
    nudges,
    reports,
    requests,
    settings,
    sorting,
    touchpoints,
)
from coach.i18n import N_, Translator, normalise_language, translator
from coach.imports import MAX_BYTES, ImportedContact, ImportRefused
from coach.imports.fields import clean_email, clip
from coach.imports.preview import refusal_text
from coach.model import ContactStatus, Identity, Profile
from coach.names import clean_text
from coach.openers import opener
from coach.ports import Clock, StorageUnavailable, UnitOfWork, UnitOfWorkFactory
from coach.questions import (
    AwaitArguments,
    AwaitEdit,
    AwaitRequest,
    ConfirmAdd,
    ConfirmForget,
    ConfirmImport,
    ConfirmSharedContact,
    HowDidItGo,
    Onboarding,
    Pending,
)
from coach.render import parse_error_text
from coach.replies import (
    Button,
    ButtonStyle,
    File,
    Message,
    Paragraph,
    Reply,
    draft_message,
    map_texts,
    popup,
    reply,
)
from coach.reply_codec import UnreadableReply, decode_reply, encode_reply, without_files
from coach.triage import KnownContact, TriageResult, render_reason, triage
from coach.turn import Conversation, Refusal, Turn

log = logging.getLogger(__name__)

Handler = Callable[[Turn, str], Reply]
# Told after a user's turn was committed: the id of the profile whose network it was, and
# the platform and external id of the identity that acted (see Coach.on_change).
ChangeListener = Callable[[int, str, str], None]

# A connection that dropped is replaced on the next try; an outage outlasts two.
STORAGE_ATTEMPTS = 2


def _start(turn: Turn, args: str) -> Reply:
    """``/start`` sets up; ``/start demo`` (a deep link) opens the example network."""
    if args.strip().casefold() == "demo":
        return enter_demo(turn)
    return leave_demo(turn) or settings.start(turn, args)


COMMANDS: dict[str, Handler] = {
    "start": _start,
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
    "link": linking.link,
    "unlink": linking.unlink,
    "sort": sorting.sort,
    "import": imports.import_help,
    "calendar": lambda turn, args: data.calendar(turn, args, turn.public_base_url),
}
CANCEL = "cancel"
YES_NO_COMMANDS = {"yes", "ja", "no", "nein"}

# German command words, so a German user can type what comes to mind. German texts
# show the first word given for each command; every spelling here is accepted, with
# umlauts or without ("/fällig", "/faellig").
ALIASES = {
    "sortieren": "sort", "kalender": "calendar", "importieren": "import",
    "hilfe": "help", "neu": "add", "hinzufügen": "add", "hinzufuegen": "add",
    "kontakte": "contacts", "kontakt": "contact", "ändern": "edit", "aendern": "edit",
    "bearbeiten": "edit", "archivieren": "archive", "pausieren": "pause",
    "fortsetzen": "resume", "reaktivieren": "resume", "zurückstellen": "snooze",
    "zurueckstellen": "snooze", "später": "snooze", "spaeter": "snooze",
    "verschieben": "snooze", "aufschieben": "snooze", "planen": "plan", "wochenplan": "plan",
    "wochenbericht": "week", "bericht": "week", "geburtstag": "birthdays",
    "einstellung": "settings",
    "eintragen": "log", "notiz": "log", "rückgängig": "undo", "rueckgaengig": "undo",
    "fällig": "due", "faellig": "due", "woche": "week", "geburtstage": "birthdays",
    "netzwerk": "network", "einstellungen": "settings", "exportieren": "export",
    "vergessen": "forget", "anfrage": "reply", "antwort": "reply",
    "anfragen": "requests", "erinnerung": "nudge", "abbrechen": CANCEL, "stopp": CANCEL,
}

# The command menu's names for German users: Telegram allows only [a-z0-9_] there.
GERMAN_MENU_NAMES = {
    "due": "faellig", "plan": "plan", "log": "eintragen", "add": "neu",
    "contacts": "kontakte", "contact": "kontakt", "week": "woche",
    "birthdays": "geburtstage", "network": "netzwerk", "reply": "anfrage",
    "requests": "anfragen", "nudge": "erinnerung", "undo": "rueckgaengig",
    "cancel": "abbrechen", "settings": "einstellungen", "start": "start", "help": "hilfe",
}

# A bare command waits for what it needs; the answer is taken as its arguments.
QUESTIONS_FOR_BARE_COMMANDS = {
    "log": N_("Whom did you talk to? Answer with the name and how, for example: "
              "Anna call 20m"),
    "add": N_("Whom should I add? Answer with the name, for example: Max Mustermann"),
    "edit": N_("Whom should I change, and how? For example: Anna circle close"),
    "contact": N_("Whose card should I show? Answer with a name."),
    "snooze": N_("Whom should I snooze? For example: Anna 2 weeks"),
    "archive": N_("Whom should I archive? Answer with a name."),
    "pause": N_("Whom should I pause? Answer with a name."),
    "resume": N_("Whom should I bring back? Answer with a name."),
}

COMMAND_MENU = (
    ("due", N_("who is due now")),
    ("plan", N_("this week's plan")),
    ("log", N_("log a conversation")),
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
    ("cancel", N_("drop the open question")),
    ("settings", N_("your settings")),
    ("start", N_("set up the coach")),
    ("help", N_("all commands with examples")),
)

DEMO_PREFIX = "demo:"


def command_menu(language: str) -> list[tuple[str, str]]:
    """Commands and one-line descriptions for a platform's command menu."""
    t = translator(language)
    names = GERMAN_MENU_NAMES if t.language == "de" else {}
    return [(names.get(name, name), t._(description)) for name, description in COMMAND_MENU]


def bot_descriptions(language: str) -> tuple[str, str]:
    """The long and the short self-description a platform shows before the first chat."""
    t = translator(language)
    long = t._("I help you keep your business network alive: whom to call this week, a plan "
               "that fits your time, a daily nudge, birthdays, and courteous answers to "
               "connection requests. Send /start to set up, or /start demo to look around "
               "in an example network.")
    short = t._("Your networking coach: whom to call, when, and what to answer.")
    return long, short


class Media(StrEnum):
    """Kinds of message the coach cannot read."""

    STICKER = "sticker"
    VOICE = "voice"
    PHOTO = "photo"
    VIDEO = "video"
    LOCATION = "location"
    OTHER = "other"


YES_WORDS = {"yes", "y", "ja", "j", "ok", "okay", "/yes", "/ja", "yes, add", "ja, hinzufügen"}

_COMMAND_WORD = re.compile(r"(?<![\w/.@-])/([^\W\d_]+)")


class Coach:
    """The engine behind every adapter."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, *,
                 public_base_url: str | None = None) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        # Where the web process serves calendar feeds; /calendar needs it for its URL.
        self.public_base_url = public_base_url
        self._change_listeners: list[ChangeListener] = []
        self._deliveries = DeliveryMarks()

    def on_change(self, listener: ChangeListener) -> None:
        """Call ``listener`` after every committed turn, so that another platform can
        redraw what it shows of that network (Slack's App Home after a Telegram /log).

        The listener runs on the caller's thread before the reply is returned, so it must
        only hand the work on; its errors are logged and never reach the user.
        """
        self._change_listeners.append(listener)

    def identities_of(self, user_id: int) -> list[tuple[str, str]]:
        """Every ``(platform, external_id)`` that shows this user's network: the
        profile's own identity and the identities linked to it."""
        with self._uow_factory() as uow:
            profile = uow.profiles.get(user_id)
            if profile is None:
                return []
            return [(profile.platform, profile.external_id), *uow.links.linked(user_id)]

    # --- entry points -------------------------------------------------------------------

    def handle(self, identity: Identity, text: str, *, update_key: str | None = None,
               conversation: Conversation = Conversation.PRIVATE) -> Reply:
        """Answer one chat message.

        With ``update_key`` (the platform's id of the update) a redelivered update is
        recognised and answered with an empty reply instead of being handled again.
        """
        if conversation is not Conversation.PRIVATE:
            return self.private_only(identity)
        text = clean_text(text)
        return self._run(identity, lambda turn: self._dispatch(turn, text), update_key)

    def press(self, identity: Identity, data: str, *, update_key: str | None = None,
              conversation: Conversation = Conversation.PRIVATE) -> Reply:
        """Answer a button press; stale, repeated or foreign presses change nothing."""
        if conversation is not Conversation.PRIVATE:
            return popup(translator(identity.language_hint)._(
                "Your network is private; please use the buttons in our direct chat."))
        data = clean_text(data)
        return self._run(identity, lambda turn: self._press(turn, data), update_key)

    def triage_request(self, identity: Identity, text: str, *, sender_name: str | None = None,
                       update_key: str | None = None,
                       conversation: Conversation = Conversation.PRIVATE) -> Reply:
        """Judge a forwarded or pasted request and answer with verdict, reasons and drafts."""
        if conversation is not Conversation.PRIVATE:
            return self.private_only(identity)
        text = clean_text(text)
        sender_name = clean_text(sender_name) if sender_name is not None else None
        return self._run(identity, lambda turn: requests.judge(turn, text, sender_name),
                         update_key)

    def run_for(self, identity: Identity, work: Callable[[Turn], Reply], *,
                update_key: str | None = None, reading: bool = False) -> Reply:
        """Run engine code for one user in a unit of work: the App Home, forms and searches
        that adapters build from the engine's own functions. ``reading`` work (drawing
        the App Home) tells no change listener, so redrawing cannot redraw again."""
        return self._run(identity, work, update_key, notify=not reading)

    def offer_contact(self, identity: Identity, name: str, phone: str | None, *,
                      update_key: str | None = None) -> Reply:
        """A contact card shared from the phone: offered as a new contact, added on a tap."""
        return self._run(identity, lambda turn: contacts.offer_shared(turn, name, phone),
                         update_key)

    def media(self, identity: Identity, kind: Media) -> Reply:
        """A sticker, voice note, photo or location: said kindly what the coach reads."""
        t = translator(identity.language_hint)
        texts = {
            Media.STICKER: t._("Nice sticker! I only read text, though."),
            Media.VOICE: t._("I cannot listen to voice notes. Please type it, for example: "
                             "/log Anna call 20m"),
            Media.PHOTO: t._("I cannot read pictures. To judge a request, forward it as "
                             "text or paste it after /reply."),
            Media.VIDEO: t._("I cannot watch videos. Please send me text."),
            Media.LOCATION: t._("Thanks, but I don't use locations. To set your time zone, "
                                "send /settings timezone and your city."),
            Media.OTHER: t._("I can only read text messages. Send /help for what I can do."),
        }
        return self._syntax(reply(texts[kind]), identity.platform)

    def edited(self, identity: Identity) -> Reply:
        """An edited message is not carried out again; the user hears so."""
        t = translator(identity.language_hint)
        return reply(t._("I saw that you edited a message. I don't carry out edits again; "
                         "send the command as a new message if it should count."))

    def greeting(self, identity: Identity, *, demo: bool) -> str:
        """The first words of a terminal session; an empty profile is pointed to the demo."""
        return self._run(identity, lambda turn: _greeting(turn, demo)).text

    def seed_demo(self, identity: Identity) -> None:
        """Fill an empty demo profile once, in its language; one with contacts stays."""
        self._run(identity, _seed_demo)

    def no_such_file(self, identity: Identity, path: str) -> Reply:
        """The terminal's ``/import PATH`` named a file that is not there."""
        return self._run(identity, lambda turn: reply(turn.t._(
            "There is no file at {path}. Nothing was imported.").format(path=path)))

    def apology(self, identity: Identity) -> Reply:
        """What the user sees when handling their message failed unexpectedly."""
        t = translator(identity.language_hint)
        return reply(t._("Sorry, something went wrong on my side. Please try again in a "
                         "moment; if it was a change, check it with /contacts or /week."))

    def assess_request(self, identity: Identity, text: str,
                       sender_name: str | None = None) -> tuple[TriageResult, list[str]]:
        """Triage without recording anything, for ``coach triage``; reasons rendered.

        Raises the triage package's input errors for empty or oversized text.
        """
        with self._uow_factory() as uow:
            profile, _ = self._profile(uow, identity, self._clock())
            contacts_known = [KnownContact(n.id, n.name)
                              for n in uow.contacts.names(profile.id)
                              if n.status != "archived"]
            result = triage(text, sender_name=sender_name, contacts=contacts_known,
                            positioning=profile.positioning, user_name=profile.display_name,
                            history=uow.requests.recent(profile.id, requests.HISTORY_REQUESTS))
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

    def file_unavailable(self, identity: Identity) -> Reply:
        """The platform would not hand over a file the user sent (deleted, or its file
        host failing): nothing was read, and sending it again may work."""
        return self._run(identity, lambda turn: reply(turn.t._(
            "I could not fetch that file, so nothing was imported. Please send it again.")),
            notify=False)

    def file_too_large(self, identity: Identity) -> Reply:
        """The answer to a file over the limit, which the adapter did not download."""
        return self._run(identity, lambda turn: reply(refusal_text(
            turn.t, ImportRefused("too_large", value=str(MAX_BYTES // (1024 * 1024))))))

    def import_contact(self, identity: Identity, name: str, *, phone: str | None = None,
                       email: str | None = None, update_key: str | None = None) -> Reply:
        """A contact handed over whole (a command line, an API): a one-contact import."""
        record = ImportedContact(name=" ".join(clean_text(name).split()),
                                 phone=clip(phone, 100), email=clean_email(email))
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

    def export_file(self, identity: Identity, fmt: str) -> File:
        """The user's data as ``json``, ``csv``, ``vcf`` or ``ics``, for ``coach export``."""
        files: list[File] = []

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
            return data.calendar_file(Turn(uow=uow, profile=profile, now=self._clock(),
                                           platform=profile.platform))

    def private_only(self, identity: Identity) -> Reply:
        """The answer in a group chat: contacts are never shown where others can read."""
        t = translator(identity.language_hint)
        return reply(t._("Your network is private, so I only talk about it in a direct chat. "
                         "Please write to me privately."),
                     buttons=((Button(t._("Open a private chat"), actions.OpenPrivateChat(),
                                      ButtonStyle.PRIMARY),),))

    def mark_unreachable(self, identity: Identity) -> None:
        """The platform refuses messages to this user (they blocked the bot)."""
        with self._uow_factory() as uow:
            profile, _ = self._profile(uow, identity, self._clock())
            uow.profiles.mark_unreachable(profile.id)
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

    # --- one unit of work ---------------------------------------------------------------

    def _profile(self, uow: UnitOfWork, identity: Identity,
                 now: datetime) -> tuple[Profile, bool]:
        return uow.profiles.get_or_create(
            identity.platform, identity.external_id,
            language=normalise_language(identity.language_hint),
            timezone=_valid_zone(identity.timezone_hint), now=now)

    def _run(self, identity: Identity, work: Callable[[Turn], Reply],
             update_key: str | None = None, *, notify: bool = True) -> Reply:
        """One unit of work; a dropped connection gets one more try, since the whole
        transaction was rolled back and the pool replaces the dead connection.

        When ``work`` finished without a refusal its turn was committed, and the change
        listeners hear whose network it was."""
        done: list[int] = []

        def tracked(turn: Turn) -> Reply:
            answer = work(turn)
            done.append((turn.home or turn.profile).id)
            return answer

        keep = True
        for attempt in range(1, STORAGE_ATTEMPTS + 1):
            done.clear()
            try:
                answer = self._attempt(identity, tracked, update_key, keep_reply=keep)
            except StorageUnavailable as error:
                if (keep and update_key is not None and error.reason == error.FULL
                        and not error.maybe_committed and attempt < STORAGE_ATTEMPTS):
                    # Perhaps no room for the answer kept with the claim (SQLite rolls
                    # the whole transaction back): once more without keeping it, so a
                    # full disk still serves reads. Only a redelivery goes unanswered.
                    keep = False
                    continue
                if error.lasting or error.maybe_committed or attempt == STORAGE_ATTEMPTS:
                    log.warning("answering a %s message without storage (%s)",
                                identity.platform, error.reason)
                    return self.unavailable(identity, error)
            else:
                if done and notify:
                    self._changed(done[-1], identity)
                return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def _changed(self, user_id: int, identity: Identity) -> None:
        for listener in self._change_listeners:
            try:
                listener(user_id, identity.platform, identity.external_id)
            except Exception as error:
                log.error("a change listener failed: %s", type(error).__name__)

    def _attempt(self, identity: Identity, work: Callable[[Turn], Reply],
                 update_key: str | None = None, *, keep_reply: bool = True) -> Reply:
        now = self._clock()
        with self._uow_factory() as uow:
            if update_key is not None and not uow.updates.claim(
                    identity.platform, update_key, now):
                return self._redelivered(uow, identity.platform, update_key)
            profile, _created = self._profile(uow, identity, now)
            display_name = clean_text(identity.display_name or "").strip()
            if display_name and not profile.display_name:
                profile.display_name = display_name
                uow.profiles.save(profile)
            if profile.unreachable:
                # They wrote again, so they can be reached again.
                profile.unreachable = False
                uow.profiles.save(profile)
            turn = Turn(uow=uow, profile=profile, now=now, platform=identity.platform,
                        public_base_url=self.public_base_url)
            if profile.viewing_demo:
                demo, _ = uow.profiles.get_or_create(
                    identity.platform, DEMO_PREFIX + identity.external_id,
                    language=profile.language, timezone=profile.timezone, now=now)
                turn = Turn(uow=uow, profile=demo, now=now, platform=identity.platform,
                            home=profile, public_base_url=self.public_base_url)
            kept = update_key if keep_reply else None
            try:
                answer = work(turn)
            except Refusal as refusal:
                answer = refusal.answer
                self._undo_but_remember(uow, identity, update_key, now, answer, turn.t, kept)
            except ParseError as error:
                answer = reply(parse_error_text(turn.t, error.key, error.params))
                self._undo_but_remember(uow, identity, update_key, now, answer, turn.t, kept)
            else:
                _keep_reply(uow, identity.platform, kept, answer, turn.t)
                self._commit(uow)
            return self._syntax(answer, identity.platform)

    def _commit(self, uow: UnitOfWork) -> None:
        """Commit a turn, and with it the deliveries noted since the last write.

        While updates keep coming, a delivery costs no transaction of its own, and the
        reply to an update is recorded delivered before the next update's commit: a
        crash then repeats at most the one reply that was on its way.
        """
        marks = self._deliveries.take()
        try:
            for platform, update_key in marks:
                uow.updates.delivered(platform, update_key)
            uow.commit()
        except BaseException:
            self._deliveries.not_written(marks)
            raise
        self._deliveries.written(marks)

    def _undo_but_remember(self, uow: UnitOfWork, identity: Identity, update_key: str | None,
                           now: datetime, answer: Reply, t: Translator,
                           kept: str | None) -> None:
        """Roll back a refused command, but keep the update marked as handled (and its
        answer until delivered, when ``kept`` is its key)."""
        uow.rollback()
        if update_key is not None:
            uow.updates.claim(identity.platform, update_key, now)
            _keep_reply(uow, identity.platform, kept, answer, t)
            self._commit(uow)

    def _redelivered(self, uow: UnitOfWork, platform: str, update_key: str) -> Reply:
        """An update seen before: its reply again if it never reached the user, else nothing.

        Nothing runs twice; only the stored answer is sent again. So replies are at
        least once between commit and delivery (a repeated confirmation is harmless; a
        lost one makes users log again), while the command itself is exactly once.
        """
        stored = None if self._deliveries.noted(platform, update_key) else \
            uow.updates.kept_reply(platform, update_key)
        if stored is None:
            log.info("skipping a redelivered %s update", platform)
            return Reply()
        try:
            answer = decode_reply(stored)
        except UnreadableReply as error:
            log.warning("a stored %s reply is unreadable (%s); skipping the update",
                        platform, error)
            return Reply()
        log.info("sending the undelivered reply of a redelivered %s update", platform)
        return self._syntax(answer, platform)

    def delivered(self, platform: str, update_key: str) -> None:
        """The adapter handed the reply to ``update_key`` to the platform: forget it.

        Without this call a redelivery of the update sends the reply again. The same as
        :meth:`note_delivered` followed by :meth:`write_deliveries`.
        """
        self.note_delivered(platform, update_key)
        self.write_deliveries()

    def note_delivered(self, platform: str, update_key: str) -> None:
        """Like :meth:`delivered`, but only in memory: it returns at once, and this
        process already treats the update as answered. :meth:`write_deliveries` stores
        it, and so does the next update's commit (see :mod:`coach.deliveries`); an
        adapter runs it in the background when no update follows soon."""
        self._deliveries.note(platform, update_key)

    def write_deliveries(self) -> None:
        """Store every delivery noted so far, in one transaction.

        A database that cannot be reached now only delays that: the failure is logged,
        not raised, and the marks are written by a later call.
        """
        if not self._deliveries.waiting():
            return
        try:
            with self._uow_factory() as uow:
                self._commit(uow)
        except StorageUnavailable as error:
            log.warning("could not record deliveries: %s", error.reason)

    @staticmethod
    def _syntax(answer: Reply, platform: str) -> Reply:
        """Name commands as the platform spells them: Slack's are ``/coach log …``."""
        if platform != "slack":
            return answer

        def slack(text: str) -> str:
            return _COMMAND_WORD.sub(
                lambda m: f"/coach {m.group(1)}" if _is_command(m.group(1)) else m.group(0),
                text)

        return map_texts(answer, slack)

    # --- messages -----------------------------------------------------------------------

    def _dispatch(self, turn: Turn, text: str) -> Reply:
        # PostgreSQL cannot store NUL characters in text; they carry no meaning anyway.
        text = text.replace("\x00", "").strip()
        t = turn.t
        if not text:
            return reply(t._("Send /help to see what I can do."))
        pending = turn.profile.pending
        if not text.startswith("/"):
            if pending is not None:
                return self._answer(turn, pending, text)
            return reply(t._("I understand commands such as /log Anna call 20m or /due. Send "
                             "/help for all of them. To judge a connection request, forward "
                             "it to me or send /reply followed by its text."))
        word, _, args = text[1:].partition(" ")
        name = word.casefold()
        name = ALIASES.get(name, name)
        args = args.strip()
        if name in YES_NO_COMMANDS and pending is not None:
            return self._answer(turn, pending, name)
        if name == CANCEL:
            return _cancel(turn)
        handler = COMMANDS.get(name)
        if handler is None:
            return _unknown_command(turn, word, args)
        dropped = None
        if pending is not None:
            dropped = t._("(I closed the open question: {what}.)").format(
                what=_describe(turn, pending))
            _close(turn, pending)
        if not args and name in QUESTIONS_FOR_BARE_COMMANDS:
            answer = _ask_arguments(turn, name)
        else:
            answer = handler(turn, args)
        return _noted(answer, dropped) if dropped else answer

    def _answer(self, turn: Turn, pending: Pending, text: str) -> Reply:
        """A plain message answers the open question."""
        question = pending.question
        if isinstance(question, Onboarding):
            return settings.answer_step(turn, question, text)
        if isinstance(question, ConfirmForget):
            return data.confirm_forget(turn, text)
        if isinstance(question, ConfirmImport):
            return imports.confirm(turn, question, text)
        turn.close_question()
        yes = text.strip().casefold().rstrip(".!") in YES_WORDS
        if isinstance(question, AwaitArguments):
            return COMMANDS[question.command](turn, text)
        if isinstance(question, AwaitRequest):
            return requests.judge(turn, text, None)
        if isinstance(question, ConfirmAdd):
            if yes:
                return contacts.add(turn, question.args, confirmed=True)
            return reply(turn.t._("Alright, nothing was added."))
        if isinstance(question, ConfirmSharedContact):
            if yes:
                return imports.import_contact(turn, ImportedContact(
                    name=question.name, phone=clip(question.phone, 100)))
            return reply(turn.t._("Alright, nothing was added."))
        if isinstance(question, HowDidItGo):
            contact = turn.uow.contacts.get(turn.user_id, question.contact_id)
            if contact is None:
                return reply(turn.t._("That contact no longer exists."))
            return touchpoints.log_for(turn, contact, text)
        if isinstance(question, AwaitEdit):
            contact = turn.uow.contacts.get(turn.user_id, question.contact_id)
            if contact is None:
                return reply(turn.t._("That contact no longer exists."))
            return contacts.edit_contact(turn, contact, text)
        return reply(turn.t._("Send /help to see what I can do."))

    # --- buttons ------------------------------------------------------------------------

    def _press(self, turn: Turn, data: str) -> Reply:
        t = turn.t
        try:
            action = actions.decode(data)
        except actions.InvalidAction:
            return popup(t._("That button is no longer valid."))
        if isinstance(action, actions.Run):
            return self._dispatch(turn, action.command).replacing()
        if isinstance(action, actions.Answer):
            pending = turn.profile.pending
            if pending is None or pending.serial != action.question:
                return popup(t._("That question was already answered."))
            return self._answer(turn, pending, action.value).replacing()
        if isinstance(action, actions.Decide):
            return requests.decide(turn, action.request_id, action.verdict)
        if isinstance(action, actions.UndoLog):
            return touchpoints.undo_touchpoint(turn, action.touchpoint_id)
        if isinstance(action, actions.ChangeSetting):
            return settings.change_by_tap(turn, action.key, action.value)
        if isinstance(action, actions.OpenPrivateChat):
            return popup(t._("We are already in a private chat."))
        if isinstance(action, actions.MoreDrafts):
            return imports.more_drafts(turn)
        contact_id = getattr(action, "contact_id", None)
        contact = (turn.uow.contacts.get(turn.user_id, contact_id)
                   if isinstance(contact_id, int) else None)
        if contact is None:
            return popup(t._("That contact no longer exists."))
        if isinstance(action, actions.AskHow):
            return due_taps.ask_how(turn, contact)
        if isinstance(action, actions.QuickLog):
            return due_taps.log_tap(turn, contact, action)
        if isinstance(action, actions.Snooze):
            return due_taps.snooze_tap(turn, contact, action)
        if isinstance(action, actions.Opener):
            return Reply((draft_message(opener(contact, turn.profile)),))
        if isinstance(action, actions.ShowCard):
            return contacts.card(turn, contact)
        if isinstance(action, actions.EditContact):
            return contacts.ask_edit(turn, contact)
        if isinstance(action, actions.SortInto):
            return sorting.press_sort(turn, contact, action.circle)
        return popup(t._("That button is no longer valid."))


def _noted(answer: Reply, note: str) -> Reply:
    """``answer`` with ``note`` as the first paragraph of its first message."""
    if not answer.messages:
        return reply(note) + answer
    first, *rest = answer.messages
    return replace(answer, messages=(Message((Paragraph(note), *first.blocks)), *rest))


def command_of(text: str) -> str | None:
    """The command a message names, in its English spelling ("/anfrage …" is "reply");
    None for plain text or an unknown word. Adapters ask this to treat a command's
    text specially (the terminal reads a pasted request over several lines)."""
    stripped = text.lstrip()
    if not stripped.startswith("/"):
        return None
    word = stripped[1:].split(maxsplit=1)[0].split("@")[0].casefold() if stripped[1:] else ""
    name = ALIASES.get(word, word)
    return name if name in COMMANDS else None


def _keep_reply(uow: UnitOfWork, platform: str, update_key: str | None, answer: Reply,
                t: Translator) -> None:
    """Store the answer to a claimed update until the adapter reports it delivered.

    Files are not stored: a redelivered export answer asks for ``/export`` again.
    """
    if update_key is None or not (answer.messages or answer.charts or answer.files
                                  or answer.popup):
        return
    stored = without_files(answer, lambda: t._(
        "The file from before could not be sent. Please send /export again."))
    uow.updates.keep_reply(platform, update_key, encode_reply(stored))


# The words a command may be typed as, for "did you mean" after a typo.
_COMMAND_WORDS = sorted({*COMMANDS, *ALIASES, CANCEL} - {"start", "link", "unlink"})
# How alike a typo and a command word must be (rapidfuzz's 0..100): "/fallig" and
# "/fällig" score 83, "/woch" and "/woche" 89, unrelated words far less.
TYPO_MIN_SCORE = 75
# A suggestion's button carries the arguments only when they fit a button's data.
MAX_SUGGESTED_ARGS = 40


def closest_command(word: str) -> str | None:
    """The command word ``word`` was most likely meant to be ("fallig" → "fällig")."""
    found = process.extractOne(word.casefold(), _COMMAND_WORDS, scorer=fuzz.ratio,
                               score_cutoff=TYPO_MIN_SCORE)
    if found is None:
        return None
    best: str = found[0]
    for plain, umlaut in (("ae", "ä"), ("oe", "ö"), ("ue", "ü")):
        spelled = best.replace(plain, umlaut)
        if spelled != best and spelled in ALIASES:
            return spelled  # the ASCII spelling matched; show the word as Germans write it
    return best


def _unknown_command(turn: Turn, word: str, args: str) -> Reply:
    """An unknown command word; a near one is suggested, with a button that runs it."""
    t = turn.t
    suggestion = closest_command(word)
    if suggestion is None:
        return reply(t._("I don't know the command /{name}. Send /help for the list.")
                     .format(name=word))
    command = f"/{suggestion} {args}".strip() if len(args) <= MAX_SUGGESTED_ARGS \
        else f"/{suggestion}"
    buttons = (((Button(command, actions.Run(command), ButtonStyle.PRIMARY),),)
               if turn.has_buttons else ())
    return reply(t._("I don't know the command /{name}. Did you mean /{suggestion}? Send "
                     "/help for the list.").format(name=word, suggestion=suggestion),
                 buttons=buttons)


def _is_command(word: str) -> bool:
    name = word.casefold()
    name = ALIASES.get(name, name)
    return name in COMMANDS or name in (CANCEL, "yes", "ja", "no", "nein")


def _ask_arguments(turn: Turn, command: str) -> Reply:
    turn.ask(AwaitArguments(command))
    return reply(turn.t._(QUESTIONS_FOR_BARE_COMMANDS[command]))


def _describe(turn: Turn, pending: Pending) -> str:
    """A few words naming the open question, for /cancel and for a new command."""
    t = turn.t
    question = pending.question
    if isinstance(question, Onboarding):
        return t._("the set-up")
    if isinstance(question, AwaitArguments):
        return {
            "log": t._("whom you talked to"), "add": t._("whom to add"),
            "edit": t._("what to change"), "contact": t._("whose card to show"),
            "snooze": t._("whom to snooze"), "archive": t._("whom to archive"),
            "pause": t._("whom to pause"), "resume": t._("whom to bring back"),
        }.get(question.command, t._("your last command"))
    if isinstance(question, AwaitRequest):
        return t._("the request to judge")
    if isinstance(question, ConfirmAdd | ConfirmSharedContact):
        return t._("whether to add a contact")
    if isinstance(question, ConfirmImport):
        return t._("the import (nothing was imported)")
    if isinstance(question, ConfirmForget):
        return t._("deleting your data (nothing was deleted)")
    name = _contact_name(turn, question.contact_id)
    if isinstance(question, HowDidItGo):
        return t._("how it went with {name}").format(name=name)
    return t._("what to change for {name}").format(name=name)


def _contact_name(turn: Turn, contact_id: int) -> str:
    contact = turn.uow.contacts.get(turn.user_id, contact_id)
    return contact.name if contact else "?"


def _cancel(turn: Turn) -> Reply:
    pending = turn.profile.pending
    t = turn.t
    if pending is None:
        return reply(t._("There is no open question to cancel."))
    what = _describe(turn, pending)
    _close(turn, pending)
    return reply(t._("Cancelled: {what}.").format(what=what))


def _close(turn: Turn, pending: Pending) -> None:
    """Drop the open question, and what it kept waiting (a staged import)."""
    if isinstance(pending.question, ConfirmImport):
        turn.uow.imports.discard(turn.user_id)
    turn.close_question()


def _greeting(turn: Turn, demo: bool) -> Reply:
    t = turn.t
    if demo:
        return reply(t._("This is a demo profile with a small fictional network. Try /due, "
                         "/plan, /week and /birthdays; /help lists everything."))
    if turn.uow.contacts.count(turn.user_id) == 0:
        return reply(t._("Welcome to your networking coach. Send /start to set up, or /help "
                         "for the commands. To look around first, open the example network "
                         "with /start demo."))
    return reply(t._("Welcome back. /due shows who is due, /plan your week."))


def _seed_demo(turn: Turn) -> Reply:
    if turn.uow.contacts.count(turn.user_id) == 0:
        for command in demo_script(turn.today, turn.profile.language):
            word, _, args = command[1:].partition(" ")
            COMMANDS[word](turn, args)
    return Reply()


def enter_demo(turn: Turn) -> Reply:
    """``/start demo``: switch this user into their own example network and seed it."""
    if turn.home is not None:
        return reply(turn.t._("You are in the example network already. /start takes you back "
                              "to your own."))
    home = turn.profile
    home.viewing_demo = True
    turn.uow.profiles.save(home)
    demo, _ = turn.uow.profiles.get_or_create(
        home.platform, DEMO_PREFIX + home.external_id, language=home.language,
        timezone=home.timezone, now=turn.now)
    demo_turn = Turn(uow=turn.uow, profile=demo, now=turn.now, platform=turn.platform,
                     home=home)
    _seed_demo(demo_turn)
    t: Translator = demo_turn.t
    return reply(t._("This is an example network with twelve fictional contacts, separate "
                     "from yours. Try /due, /plan, /week and /birthdays. Send /start to go "
                     "back to your own network."))


def leave_demo(turn: Turn) -> Reply | None:
    """``/start`` inside the demo: back to the user's own network."""
    if turn.home is None:
        return None
    turn.home.viewing_demo = False
    turn.uow.profiles.save(turn.home)
    return reply(translator(turn.home.language)._(
        "Back in your own network. The example network stays as it was; /start demo opens "
        "it again."))


def _valid_zone(name: str | None) -> str:
    if not name:
        return "UTC"
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        return "UTC"
    return name
