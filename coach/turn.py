"""One user's message being handled: their profile, the clock and the open transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from coach.i18n import Translator, translator
from coach.model import Contact, Profile
from coach.names import MatchKind, NameMatch, match_name, match_words, search_word
from coach.ports import UnitOfWork
from coach.replies import Button, Reply, reply
from coach.schedule import local_date, refresh_schedule

MAX_ACTION_BYTES = 64


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

    @cached_property
    def t(self) -> Translator:
        return translator(self.profile.language)

    @property
    def today(self) -> date:
        return local_date(self.now, self.profile.timezone)

    @property
    def user_id(self) -> int:
        return self.profile.id

    def refuse(self, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Refusal:
        return Refusal(reply(text, buttons=buttons))

    def find_contact(self, ref: str, *, command: str = "", rest: str = "") -> Contact:
        """The contact ``ref`` names, or a :class:`Refusal` that asks which one.

        For an ambiguous name the question offers the candidates as buttons that run
        the same command again with the full name, so nothing is written meanwhile.
        """
        match = self._match_by_word(ref) or self._match_all(ref)
        t = self.t
        if match.kind is MatchKind.FOUND and match.contact is not None:
            contact = self.uow.contacts.get(self.user_id, match.contact.id)
            assert contact is not None
            return contact
        if match.kind is MatchKind.AMBIGUOUS:
            listing = "\n".join(f"• {c.name}" for c in match.candidates[:8])
            actions = [(c.name, f"run:{command} {c.name} {rest}".strip())
                       for c in match.candidates[:5]] if command else []
            # Telegram carries at most 64 bytes of button data; a longer command is
            # better typed than cut.
            buttons = tuple((Button(name, action),) for name, action in actions
                            if len(action.encode("utf-8")) <= MAX_ACTION_BYTES)
            raise self.refuse(
                t._("“{ref}” fits several contacts. Which one do you mean?").format(ref=ref)
                + "\n" + listing + "\n"
                + t._("Send the command again with the full name. Nothing was changed."),
                buttons,
            )
        if match.candidates:
            listing = ", ".join(c.name for c in match.candidates)
            raise self.refuse(
                t._("I don't know “{ref}”. Did you mean: {names}? Nothing was changed.").format(
                    ref=ref, names=listing
                )
            )
        raise self.refuse(
            t._("I don't know “{ref}” yet. Add them with /add {ref}. Nothing was changed.").format(
                ref=ref
            )
        )

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
