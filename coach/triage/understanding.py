"""Understanding a request before judging it: who writes, how, what for, on what basis.

:func:`understand` reads one request into an :class:`Understanding`: the sender
(name, titles, gender), how they address the user (Sie or du, a formal "Sehr
geehrte" or a casual "Moin"), what they ask for, the shared context they name, what
they offer, and scam and spam signs. The verdict, the reasons and every draft are
built from this one value, so they cannot disagree about the request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.model import Verdict
from coach.triage.asks import Ask, find_asks
from coach.triage.contacts import fold, index_for, name_tokens
from coach.triage.context import (
    MET_CUE,
    PAST_WORK_CUE,
    PROJECT_CUE,
    REFERRAL_CUE,
    SHARED_ORG_CUE,
    Exclusions,
    find_event,
    find_publication,
    find_referrer,
)
from coach.triage.gate import gate
from coach.triage.intake import take_in
from coach.triage.language import detect_language, is_informal
from coach.triage.results import KnownContact
from coach.triage.sender import SenderName, parse_name, read_signature
from coach.triage.signs import Signal, find_offer, find_signals

_FORMAL_GREETING = re.compile(
    r"^\W*(?:sehr geehrte[rs]?|dear|verehrte[rs]?|guten (?:tag|morgen|abend)|good (?:morning|"
    r"afternoon|evening))\b",
    re.IGNORECASE,
)
# "Sehr geehrte …" or "Dear …": the sender wrote a formal letter, the answer is one too.
_VERY_FORMAL = re.compile(r"^\W*(?:sehr geehrte[rs]?|verehrte[rs]?|dear)\b", re.IGNORECASE)
_CASUAL = re.compile(
    r"^\W*(?:moin|servus|hi|hey|hallo|hello|huhu|grüß dich|gruess dich|na|liebe[rs]?)\b|"
    r"\b(?:lg|vg|bg|liebe grüße|liebe gruesse|cheers|ciao|bis bald|bis dann)\b",
    re.IGNORECASE,
)
_SIE = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b")
_HOW_ARE_YOU = re.compile(
    r"\bwie geht(?:'s| es)\b|\bwie l(?:ä|ae)uft(?:'s| es)\b|\bhow are you\b|\bhow have you been\b|"
    r"\bhow(?:'s| is) (?:it going|life|everything|business)\b|\blange nichts? (?:von|gehört|"
    r"gesehen)\w*|\blong time no\b|\bwhat are you up to\b|\bwas machst du\b|\balles gut bei\b",
    re.IGNORECASE,
)
# Signs that a role is offered to the reader after all: for them, or by a recruiter.
_OFFERS_ROLE = re.compile(
    r"\bfor you\b|\bf(?:ü|ue)r (?:sie|dich)\b|\bmandant\w*|\bclient\b|\bheadhunt\w*|"
    r"\bpersonalberat\w*|\brecruit\w*|\bsie suchen\b|\bare you looking\b",
    re.IGNORECASE,
)


def _asks(body: str, job_news: bool) -> tuple[Ask, ...]:
    """What they ask for; "I have started a new role at Savills" is their news, not a
    role they offer, unless the role is for the reader."""
    asks = find_asks(body)
    if job_news and not _OFFERS_ROLE.search(body):
        asks = tuple(ask for ask in asks if ask.kind != "job")
    return asks


_CONGRATULATES = re.compile(
    r"\bcongratulations\b|\bcongrats\b|\bgl(?:ü|ue)ckw(?:u|ü|ue)nsch\w*|\bgratuliere\w*|"
    r"\bgratulation\w*",
    re.IGNORECASE,
)
# Their own news, not the reader's: "your new position" and "deiner neuen Stelle" are
# congratulations (above).
_JOB_NEWS = re.compile(
    # The look-behinds follow the first word: at every position they would cost more
    # than the whole pattern.
    r"\bneue(?<!ihrer neue)(?<!ihren neue)(?<!ihrem neue)(?<!deiner neue)(?<!deinen neue)"
    r"(?<!deinem neue)(?<!zur neue)[nrs]? (?:stelle|job|aufgabe|position|rolle|"
    r"herausforderung)\b|\bbin (?:jetzt|seit "
    r"\w+|nun) (?:bei|in|an)\b|\bgewechselt\b|\bwechsle\b|\bangefangen\b|\bstarte (?:bei|als|am)\b|"
    r"\bnew(?<!your new)(?<!on the new) (?:role|job|position|challenge)\b|"
    r"\bi(?:'ve| have) (?:started|joined|moved)\b|"
    r"\bjust (?:started|joined)\b|\bstarting (?:at|as)\b|\bmoved to\b|\bselbstst(?:ä|ae)ndig "
    r"gemacht\b|\bgegründet\b|\bfounded\b|\blaunched my own\b",
    re.IGNORECASE,
)
_DIRECT_QUESTION = re.compile(r"\?")
_MET, _REFERRAL, _PAST_WORK, _PROJECT, _SHARED_ORG = (
    gate(cue) for cue in (MET_CUE, REFERRAL_CUE, PAST_WORK_CUE, PROJECT_CUE, SHARED_ORG_CUE)
)
_WEAK_EVENT = re.compile(r"(?i:\b(?:week|day|tag|woche|zeitung|magazine?|times|news)$)")


@dataclass(frozen=True)
class SharedContext:
    """Concrete ground the request names; ``kind`` says which.

    Kinds: "known" (the sender is a contact), "referrer" (a contact named them),
    "referral" (a person outside the network named them), "event", "met" (met or
    spoke before, no event named), "past_work", "project", "publication" (the sender
    read or heard something of the user's), "organisation" (a shared membership).
    """

    kind: str
    value: str | None = None
    at: str | None = None  # for events: "beim Sommerfest des Vereins"


@dataclass(frozen=True)
class Understanding:
    """Everything triage reads out of one request; the verdict is judged on this."""

    body: str
    language: str
    informal: bool
    formal_register: bool  # "Sehr geehrte …" / "Dear Mr …": answer in kind
    casual: bool  # "Moin", "Hi", "LG": a casual greeting or sign-off
    sender: SenderName | None
    known_sender: KnownContact | None
    referrer: KnownContact | None
    asks: tuple[Ask, ...]
    contexts: tuple[SharedContext, ...]
    offer: str | None
    signals: tuple[Signal, ...]
    how_are_you: bool
    job_news: bool
    question: bool
    congratulates: bool = False  # they congratulate the reader (new role, birthday …)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(signal.code for signal in self.signals)

    @property
    def first_ask(self) -> Ask | None:
        return self.asks[0] if self.asks else None

    def context(self, kind: str) -> SharedContext | None:
        return next((c for c in self.contexts if c.kind == kind), None)

    @property
    def pitch(self) -> bool:
        return any(signal.verdict is Verdict.DECLINE for signal in self.signals)

    @property
    def scam(self) -> bool:
        found = self.codes & {"unknown_fortune", "lawyer_or_banker", "private_details"}
        return "unknown_fortune" in found and len(found) >= 2


def _clean(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = " ".join(name.split()).strip(" ,;:")
    return cleaned or None


def _same_person(contact: KnownContact, name: str | None) -> bool:
    if not name:
        return False
    ours, theirs = name_tokens(contact.name), name_tokens(name)
    return len(ours) >= 2 and len(theirs) >= 2 and (ours[0], ours[-1]) == (theirs[0], theirs[-1])


def _sender(platform: str | None, header: str | None, body: str,
            user_name: str | None) -> SenderName | None:
    for raw, source in ((platform, "platform"), (header, "header")):
        if raw:
            parsed = parse_name(raw, source)
            if parsed is not None:
                signed = read_signature(body, user_name)
                # The platform may give "Tom"; a signature "Tom Becker, Dr." adds to it.
                if (signed is not None and parsed.first and signed.first == parsed.first
                        and parsed.last is None):
                    return SenderName(signed.full, signed.first, signed.last, signed.titles,
                                      signed.gender, False, source)
                if signed is not None and signed.titles and not parsed.titles and (
                        signed.last and signed.last == parsed.last):
                    return SenderName(parsed.full, parsed.first, parsed.last, signed.titles,
                                      parsed.gender or signed.gender, parsed.organisation, source)
                return parsed
    return read_signature(body, user_name)


def understand(
    text: str,
    *,
    sender_name: str | None = None,
    contacts: Sequence[KnownContact] = (),
    user_name: str | None = None,
) -> Understanding:
    """Read one request; raises the intake errors for empty or oversized text."""
    intake = take_in(text)
    body = intake.body
    return _understand(body, _clean(sender_name), _clean(intake.header_sender),
                       tuple(contacts), _clean(user_name))


def _understand(body: str, platform: str | None, header: str | None,
                contacts: tuple[KnownContact, ...], user_name: str | None) -> Understanding:
    language = detect_language(body)
    sender = _sender(platform, header, body, user_name)
    sender_full = sender.full if sender else None
    index = index_for(contacts)
    known = index.match_sender(platform or header or sender_full or "") if (
        platform or header or sender_full) else None
    referrer = next(
        (
            contact
            for contact in (index.mentioned_in(fold(body)) if len(index) else ())
            if contact != known
            and not _same_person(contact, sender_full)
            and not _same_person(contact, user_name)
        ),
        None,
    )
    exclusions = Exclusions.of([sender_full, platform, header, user_name])
    contexts: list[SharedContext] = []
    if known is not None:
        contexts.append(SharedContext("known", known.name))
    lowered = body.lower()
    referral_cue = _REFERRAL.search(body, lowered)
    if referrer is not None:
        contexts.append(SharedContext("referrer", referrer.name))
    elif referral_cue is not None:
        person = find_referrer(body, referral_cue, exclusions)
        if person is not None:
            contexts.append(SharedContext("referral", person))
    event = find_event(body, exclusions)
    met = _MET.search(body, lowered) is not None
    if event is not None and not met and _WEAK_EVENT.search(event.name):
        # "a reporter at Property Week": a bare "… Week" or "… Tag" is only an event
        # when the sender says they met there.
        event = None
    if event is not None:
        contexts.append(SharedContext("event", event.name, event.at))
    if met:
        contexts.append(SharedContext("met"))
    if _PAST_WORK.search(body, lowered):
        contexts.append(SharedContext("past_work"))
    publication = find_publication(body)
    if publication is not None:
        contexts.append(SharedContext("publication", publication))
    elif _PROJECT.search(body, lowered):
        contexts.append(SharedContext("project", _project_name(body)))
    if _SHARED_ORG.search(body, lowered):
        contexts.append(SharedContext("organisation"))

    signals = tuple(find_signals(body))
    first_line = body.lstrip()[:80]
    informal = is_informal(body, language)
    casual = _CASUAL.search(first_line) is not None or _CASUAL.search(body[-60:]) is not None
    if (language == "de" and not informal and known is not None and casual
            and not _SIE.search(body) and not _FORMAL_GREETING.search(first_line)):
        # "Moin Daniel … VG Tom" from someone the user knows is du, pronouns or not.
        informal = True
    job_news = _JOB_NEWS.search(body) is not None
    return Understanding(
        body=body,
        language=language,
        informal=informal,
        formal_register=_VERY_FORMAL.search(first_line) is not None,
        casual=casual,
        sender=sender,
        known_sender=known,
        referrer=referrer,
        asks=_asks(body, job_news),
        contexts=tuple(contexts),
        offer=find_offer(body) if any(s.verdict is Verdict.DECLINE for s in signals) else None,
        signals=signals,
        how_are_you=_HOW_ARE_YOU.search(body) is not None,
        job_news=job_news,
        question=_DIRECT_QUESTION.search(body) is not None,
        congratulates=_CONGRATULATES.search(body) is not None,
    )


_PROJECT_NAME = re.compile(
    r"\b(?:your|the|our)\s+(?P<en>[\w-]+(?:\s+[\w-]+)?\s+project)\b|"
    r"\bProjekt\s+(?P<de>[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?)"
)


def _project_name(body: str) -> str | None:
    match = _PROJECT_NAME.search(body)
    if match is None:
        return None
    if match.group("en"):
        words = match.group("en").split()
        return " ".join(words[-2:]) if words[0].lower() in ("own", "new", "big") else " ".join(
            words)
    return f"Projekt {match.group('de')}"
