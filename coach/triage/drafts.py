"""Reply drafts for every verdict, in German (Sie or du) or English.

A draft thanks the sender, greets them by name when it is known, and stays within a
few sentences. It only mentions what the request itself named (an event, a referrer,
a shared project) and the user's own positioning line, so it never claims a shared
past that was not there. ``short`` fits LinkedIn's 300-character invitation note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.model import Verdict
from coach.triage.language import detect_language_cached
from coach.triage.results import Draft

SHORT_LIMIT = 300

# Forms of address dropped from a greeting; academic titles stay, Germans expect them.
_ADDRESS_WORDS = frozenset(
    ["herr", "herrn", "frau", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx."]
)
_TITLE_WORDS = frozenset(["dr", "dr.", "prof", "prof.", "professor", "dipl.-ing.", "mag."])
_ORGANISATION_WORDS = frozenset(
    [
        "gmbh",
        "ag",
        "kg",
        "ug",
        "se",
        "co",
        "co.",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "eg",
        "team",
        "redaktion",
        "vertrieb",
        "partners",
        "direkt",
        "group",
        "gruppe",
        "agency",
        "agentur",
        "company",
        "solutions",
        "services",
    ]
)
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")


@dataclass(frozen=True)
class ReplyContext:
    """What the request named that a reply may refer to; ``kind`` picks the wording."""

    kind: str  # "referral", "event" or "shared"
    value: str


@dataclass(frozen=True)
class _Address:
    greeting: str  # e.g. "Hallo Claudia Hoffmann,"
    short_greeting: str  # the same, inline for short notes


# Every sentence a draft is built from. Keys: (language form, part). Forms: "sie" and
# "du" are German, "en" is English. German bodies start lower-case after the comma of
# the greeting line, as German letters do.
TEMPLATES: dict[tuple[str, str], str] = {
    ("sie", "greet_name"): "Hallo {name},",
    ("sie", "greet_anon"): "Guten Tag,",
    ("sie", "thanks"): "vielen Dank für Ihre Nachricht.",
    ("sie", "thanks_request"): "vielen Dank für Ihre Kontaktanfrage.",
    ("sie", "thanks_interest"): "vielen Dank für Ihre Nachricht und Ihr Interesse.",
    ("sie", "accept"): "Gern vernetze ich mich mit Ihnen und freue mich auf den Austausch.",
    ("sie", "ask"): (
        "Damit ich sie einordnen kann: Woher kennen wir uns, oder worum geht es Ihnen konkret?"
    ),
    ("sie", "decline_offer"): (
        "Für Ihr Angebot habe ich derzeit keinen Bedarf und nehme die Anfrage daher nicht an."
    ),
    (
        "sie",
        "decline_plain",
    ): "Ich möchte die Anfrage derzeit nicht annehmen und bitte um Verständnis.",
    ("sie", "wish"): "Ich wünsche Ihnen weiterhin viel Erfolg.",
    ("du", "greet_name"): "Hallo {name},",
    ("du", "greet_anon"): "Hallo,",
    ("du", "thanks"): "vielen Dank für deine Nachricht.",
    ("du", "thanks_request"): "vielen Dank für deine Kontaktanfrage.",
    ("du", "thanks_interest"): "vielen Dank für deine Nachricht und dein Interesse.",
    ("du", "accept"): "Gern vernetze ich mich mit dir und freue mich auf den Austausch.",
    (
        "du",
        "ask",
    ): "Damit ich sie einordnen kann: Woher kennen wir uns, oder worum geht es dir konkret?",
    ("du", "decline_offer"): (
        "Für dein Angebot habe ich gerade keinen Bedarf und nehme die Anfrage daher nicht an."
    ),
    (
        "du",
        "decline_plain",
    ): "Ich möchte die Anfrage gerade nicht annehmen und hoffe auf dein Verständnis.",
    ("du", "wish"): "Ich wünsche dir weiterhin viel Erfolg.",
    ("de", "ctx_event"): "Schön, dass wir über „{value}“ in Kontakt kommen.",
    ("de", "ctx_referral"): "Schön, dass der Kontakt über {value} zustande kommt.",
    ("de", "ctx_shared"): "Schön, dass uns {value} verbindet.",
    ("de", "positioning"): "Kurz zu mir: {value}",
    ("de", "sign"): "Viele Grüße",
    ("en", "greet_name"): "Hi {name},",
    ("en", "greet_anon"): "Hello,",
    ("en", "thanks"): "Thank you for your message.",
    ("en", "thanks_request"): "Thank you for your connection request.",
    ("en", "thanks_interest"): "Thank you for your message and your interest.",
    ("en", "accept"): "I'm happy to connect and look forward to staying in touch.",
    ("en", "ask"): "So I can place it: where do we know each other from, or what is it about?",
    (
        "en",
        "decline_offer",
    ): "I have no need for this offer at the moment, so I'll pass on connecting.",
    ("en", "decline_plain"): "I'd rather not connect at the moment and hope you understand.",
    ("en", "wish"): "Wishing you continued success.",
    ("en", "ctx_event"): "Great to connect through {value}.",
    ("en", "ctx_referral"): "Great that {value} brought us together.",
    ("en", "ctx_shared"): "Great to share a link through {value}.",
    ("en", "positioning"): "A word about me: {value}",
    ("en", "sign"): "Best regards,",
}


def _is_organisation(words: list[str]) -> bool:
    return any(word.lower().strip(",") in _ORGANISATION_WORDS for word in words)


def _name_words(sender_name: str) -> list[str]:
    name = " ".join(sender_name.split())
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last:
            name = f"{first} {last}"
    return [word for word in name.split() if word.lower() not in _ADDRESS_WORDS]


def _address(form: str, sender_name: str | None) -> _Address:
    words = _name_words(sender_name) if sender_name else []
    if not words:
        text = TEMPLATES[(form, "greet_anon")]
        return _Address(text, text)
    personal = [word for word in words if word.lower() not in _TITLE_WORDS] or words
    if _is_organisation(words):
        name = " ".join(words)
    elif form == "sie":
        name = " ".join(words)  # first and last name, academic titles kept
    else:
        name = personal[0]  # first name for "du" and English
    text = TEMPLATES[(form, "greet_name")].format(name=name)
    return _Address(text, text)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _usable_positioning(positioning: str | None, language: str) -> str | None:
    """The positioning line if it is one sentence in the reply's language, else None."""
    if not positioning or not positioning.strip():
        return None
    line = _sentence(positioning)
    if len(_SENTENCE_END.findall(line)) > 1 or len(line) > 240:
        return None
    if detect_language_cached(line) != language:
        return None
    return line


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class DraftWriter:
    """Writes the three drafts for one request; built once per request."""

    def __init__(
        self,
        *,
        language: str,
        informal: bool,
        sender_name: str | None,
        user_name: str | None,
        positioning: str | None,
        context: ReplyContext | None,
        pitch: bool,
    ) -> None:
        self.lang = "de" if language == "de" else "en"
        self.form = ("du" if informal else "sie") if self.lang == "de" else "en"
        self.address = _address(self.form, sender_name)
        self.user_name = " ".join(user_name.split()) if user_name and user_name.strip() else None
        self.positioning = _usable_positioning(positioning, self.lang)
        self.context = context
        self.pitch = pitch

    def _t(self, part: str) -> str:
        return TEMPLATES.get((self.form, part)) or TEMPLATES[(self.lang, part)]

    def _context_sentence(self) -> str | None:
        if self.context is None:
            return None
        return self._t(f"ctx_{self.context.kind}").format(value=self.context.value)

    def _body(self, verdict: Verdict, *, rich: bool) -> list[str]:
        if verdict is Verdict.ACCEPT:
            parts = [self._t("thanks")]
            context = self._context_sentence()
            if context:
                parts.append(context)
            if self.positioning and rich:
                parts.append(self._t("positioning").format(value=self.positioning))
            parts.append(self._t("accept"))
            return parts
        if verdict is Verdict.ASK_CONTEXT:
            return [self._t("thanks_request"), self._t("ask")]
        if self.pitch:
            return [self._t("thanks_interest"), self._t("decline_offer"), self._t("wish")]
        return [self._t("thanks_request"), self._t("decline_plain"), self._t("wish")]

    def _full(self, verdict: Verdict) -> str:
        body = " ".join(self._body(verdict, rich=True))
        text = f"{self.address.greeting}\n\n{body}"
        if self.user_name:
            text += f"\n\n{self._t('sign')}\n{self.user_name}"
        return text

    def _short_candidates(self, verdict: Verdict) -> list[str]:
        greeting = self.address.short_greeting
        body_parts = self._body(verdict, rich=False)
        bare_parts = [part for part in body_parts if part != self._context_sentence()]
        sign = f" {self._t('sign')} {self.user_name}" if self.user_name else ""
        if self.lang == "de":
            sign = sign.replace("Grüße ", "Grüße, ")
        candidates = []
        for parts in (body_parts, bare_parts, bare_parts[:2]):
            # Inline after "Hi Anna," the sentence continues in lower case.
            body = _lower_first(" ".join(parts)) if self.lang == "en" else " ".join(parts)
            candidates.append(f"{greeting} {body}{sign}")
            candidates.append(f"{greeting} {body}")
        # Without any name at all, for senders with absurdly long names.
        anon = TEMPLATES[(self.form, "greet_anon")]
        candidates.append(f"{anon} {_lower_first(' '.join(bare_parts[:2]))}")
        return candidates

    def _short(self, verdict: Verdict) -> str:
        for candidate in self._short_candidates(verdict):
            if len(candidate) <= SHORT_LIMIT:
                return candidate
        return self._short_candidates(verdict)[-1][:SHORT_LIMIT]

    def draft(self, verdict: Verdict) -> Draft:
        """The reply for ``verdict``."""
        return Draft(text=self._full(verdict), short=self._short(verdict))

    def all_drafts(self) -> dict[Verdict, Draft]:
        """A reply for every verdict, so the user can overrule the advice."""
        return {verdict: self.draft(verdict) for verdict in Verdict}
