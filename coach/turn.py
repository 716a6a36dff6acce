"""One user's message being handled: their profile, the clock and the open transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

from coach.actions import Run, fits
from coach.i18n import Translator, translator
from coach.model import Contact, Profile
from coach.names import MatchKind, NameMatch, match_name, match_words, search_word
from coach.ports import UnitOfWork
from coach.questions import Pending, Question
from coach.replies import Button, ButtonRows, ButtonStyle, MessageBuilder, Reply, reply
from coach.schedule import local_date, refresh_schedule


class Conversation(StrEnum):
    """Where a message was written; the coach talks about a network only in private."""

    PRIVATE = "private"
    GROUP = "group"


# The terminal prints text only; every chat platform shows buttons.
TEXT_ONLY_PLATFORMS = frozenset({"console"})


class Refusal(Exception):
    """Stops a command with a friendly reply; the transaction is rolled back."""

    def __init__(self, answer: Reply) -> None:
        super().__init__("refused")
        self.answer = answer


@dataclass
class Turn:
    uow: UnitOfWork
    profile: Profile
    now: datetime
    platform: str
    # In the example network, the user's own profile (``profile`` is the demo's).
    home: Profile | None = None

    @cached_property
    def t(self) -> Translator:
        return translator(self.profile.language)

    @property
    def today(self) -> date:
        return local_date(self.now, self.profile.timezone)

    @property
    def user_id(self) -> int:
        return self.profile.id

    @property
    def has_buttons(self) -> bool:
        return self.platform not in TEXT_ONLY_PLATFORMS

    def refuse(self, text: str, buttons: ButtonRows = ()) -> Refusal:
        return Refusal(reply(text, buttons=buttons))

    # --- questions ----------------------------------------------------------------------

    def ask(self, question: Question) -> int:
        """Open ``question`` (replacing any older one); returns its serial for buttons."""
        serial = int(self.now.timestamp() * 1000) % 1_000_000_000
        old = self.profile.pending
        if old is not None and old.serial >= serial:
            serial = old.serial + 1
        self.profile.pending = Pending(question, serial)
        self.uow.profiles.save(self.profile)
        return serial

    def close_question(self) -> None:
        if self.profile.pending is not None:
            self.profile.pending = None
            self.uow.profiles.save(self.profile)

    # --- contacts -----------------------------------------------------------------------

    def find_contact(self, ref: str, *, command: str = "", rest: str = "") -> Contact:
        """The contact ``ref`` names, or a :class:`Refusal` that asks which one.

        For an ambiguous name the question offers the candidates as buttons that run
        the same command again with the full name; an unknown name offers to add it.
        Nothing is written meanwhile.
        """
        match = self._match_by_word(ref) or self._match_all(ref)
        t = self.t
        if match.kind is MatchKind.FOUND and match.contact is not None:
            contact = self.uow.contacts.get(self.user_id, match.contact.id)
            assert contact is not None
            return contact
        out = MessageBuilder()
        if match.kind is MatchKind.AMBIGUOUS:
            out.paragraph(t._("“{ref}” fits several contacts. Which one do you mean?")
                          .format(ref=ref))
            rows: list[tuple[Button, ...]] = []
            for candidate in match.candidates[:8]:
                out.item(candidate.name)
                action = Run(f"{command} {candidate.name} {rest}".strip())
                if command and fits(action):
                    rows.append((Button(candidate.name, action),))
            if rows and self.has_buttons:
                out.paragraph(t._("Tap the name, or send the command again with the full name."))
            else:
                out.paragraph(t._("Send the command again with the full name."))
            raise Refusal(out.buttons(*rows[:5]).build())
        if match.candidates:
            listing = ", ".join(c.name for c in match.candidates)
            raise self.refuse(t._("I don't know “{ref}”. Did you mean: {names}?").format(
                ref=ref, names=listing))
        add = Run(f"/add {ref}")
        buttons: ButtonRows = ((Button(t._("Add {name}").format(name=ref), add,
                                       ButtonStyle.PRIMARY),),) if fits(add) else ()
        raise self.refuse(t._("I don't know “{ref}” yet. Add them with /add {ref}.").format(
            ref=ref), buttons)

    def _match_by_word(self, ref: str) -> NameMatch | None:
        """The common case through the name index: an exact or whole-word match.

        Only contacts that are not archived count here; anything less certain (typos,
        archived contacts) is left to :meth:`_match_all`, which sees every name.
        """
        word = search_word(ref)
        if not word:
            return None
        active = [n for n in self.uow.contacts.names_with_word(self.user_id, word)
                  if n.status != "archived"]
        return match_words(ref, active) if active else None

    def _match_all(self, ref: str) -> NameMatch:
        names = self.uow.contacts.names(self.user_id)
        match = match_name(ref, [n for n in names if n.status != "archived"] or names)
        if match.kind is MatchKind.UNKNOWN and match.candidates == ():
            # Archived contacts are found too, but only when nothing else fits.
            match = match_name(ref, names)
        return match

    def save_contact(self, contact: Contact) -> Contact:
        """Persist a contact after recomputing what ranking needs."""
        refresh_schedule(contact, self.profile)
        if contact.id is None:
            return self.uow.contacts.add(contact)
        self.uow.contacts.save(contact)
        return contact
