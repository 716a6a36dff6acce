"""Reply drafts for every verdict that answer what the sender wrote.

A draft greets as German and English business letters do (by language, Sie or du,
gender and titles), thanks the sender, names the shared context in a whole sentence,
responds to what was asked (proposes the call, accepts the lunch, welcomes the
questions by email), adds the user's positioning only where it helps and only in
the draft's language, and signs with the user's name. A known contact gets a reply
to their message, not an answer to a connection request. Only what the request,
the contacts or the profile contain is ever named. ``short`` fits LinkedIn's
300-character invitation note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.model import Verdict
from coach.triage.asks import Ask
from coach.triage.language import detect_language_cached
from coach.triage.results import Draft
from coach.triage.sender import is_first_name
from coach.triage.understanding import SharedContext, Understanding

SHORT_LIMIT = 300
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")

# Every sentence a draft is built from. Keys: (form, part); forms "sie" and "du" are
# German, "en" English, "de" is shared by both German forms. German bodies start
# lower-case after the greeting line's comma, as German letters do.
TEMPLATES: dict[tuple[str, str], str] = {
    ("sie", "greet_anon"): "Guten Tag,",
    ("sie", "greet_formal_m"): "Sehr geehrter Herr {name},",
    ("sie", "greet_formal_f"): "Sehr geehrte Frau {name},",
    ("sie", "greet_m"): "Guten Tag Herr {name},",
    ("sie", "greet_f"): "Guten Tag Frau {name},",
    ("sie", "greet_neutral"): "Guten Tag {name},",
    ("du", "greet_name"): "Hallo {name},",
    ("du", "greet_anon"): "Hallo,",
    ("en", "greet_name"): "Hi {name},",
    ("en", "greet_formal"): "Dear {name},",
    ("en", "greet_formal_m"): "Dear Mr {name},",
    ("en", "greet_formal_f"): "Dear Ms {name},",
    ("en", "greet_anon"): "Hello,",
    ("sie", "thanks"): "Vielen Dank für Ihre Nachricht.",
    ("sie", "thanks_request"): "Vielen Dank für Ihre Kontaktanfrage.",
    ("sie", "thanks_interest"): "Vielen Dank für Ihre Nachricht und Ihr Interesse.",
    ("sie", "thanks_known"): "Danke für Ihre Nachricht – schön, von Ihnen zu hören!",
    ("du", "thanks"): "Vielen Dank für deine Nachricht.",
    ("du", "thanks_request"): "Vielen Dank für deine Kontaktanfrage.",
    ("du", "thanks_interest"): "Vielen Dank für deine Nachricht und dein Interesse.",
    ("du", "thanks_known"): "Danke für deine Nachricht – schön, von dir zu hören!",
    ("en", "thanks"): "Thank you for your message.",
    ("en", "thanks_request"): "Thank you for your connection request.",
    ("en", "thanks_interest"): "Thank you for your message and your interest.",
    ("en", "thanks_known"): "Thanks for your message – great to hear from you!",
    # Shared context.
    ("de", "ctx_referral"): "Schön, dass {value} uns zusammengebracht hat.",
    ("en", "ctx_referral"): "It's good to hear from you through {value}.",
    ("de", "ctx_event"): "Schön, dass wir uns {value} begegnet sind.",
    ("en", "ctx_event"): "It was good to meet you {value}.",
    ("sie", "ctx_met"): "Schön, wieder von Ihnen zu hören.",
    ("du", "ctx_met"): "Schön, wieder von dir zu hören.",
    ("en", "ctx_met"): "Good to hear from you again.",
    ("sie", "ctx_past_work"): "Schön, nach unserer gemeinsamen Zeit wieder von Ihnen zu hören.",
    ("du", "ctx_past_work"): "Schön, nach unserer gemeinsamen Zeit wieder von dir zu hören.",
    ("en", "ctx_past_work"): "It's good to hear from you again after all this time.",
    ("sie", "ctx_publication"): "Danke auch für Ihr Interesse an {value}.",
    ("du", "ctx_publication"): "Danke auch für dein Interesse an {value}.",
    ("en", "ctx_publication"): "Thank you also for your interest in {value}.",
    ("de", "ctx_project"): "Ich freue mich auf die Zusammenarbeit.",
    ("en", "ctx_project"): "I look forward to working together.",
    ("en", "ctx_project_named"): "Thanks for getting in touch about the {value}.",
    # Answers to what was asked. "{day}" is the day as the sender wrote it.
    ("sie", "ask_call"): "Gern telefonieren wir; schlagen Sie mir einfach zwei Termine vor.",
    ("sie", "ask_call_day"): "Gern telefonieren wir {day}; schlagen Sie mir einfach zwei Uhrzeiten "
                             "vor.",
    ("du", "ask_call"): "Gern telefonieren wir; schlag mir einfach zwei Termine vor.",
    ("du", "ask_call_day"): "Gern telefonieren wir {day}; schlag mir einfach zwei Uhrzeiten vor.",
    ("en", "ask_call"): "Happy to have a call; could you suggest two times that suit you?",
    ("en", "ask_call_day"): "Happy to have a call {day}; could you suggest two times?",
    ("sie", "ask_meeting"): "Gern treffen wir uns; schlagen Sie mir einfach zwei Termine vor.",
    ("sie", "ask_meeting_day"): "Gern treffen wir uns {day}; schlagen Sie mir einfach zwei "
                                "Uhrzeiten vor.",
    ("du", "ask_meeting"): "Gern treffen wir uns; schlag mir einfach zwei Termine vor.",
    ("du", "ask_meeting_day"): "Gern treffen wir uns {day}; schlag mir einfach eine Uhrzeit vor.",
    ("en", "ask_meeting"): "I'd be glad to meet; could you suggest two dates?",
    ("en", "ask_meeting_day"): "I'd be glad to meet {day}; could you suggest a time?",
    ("sie", "ask_lunch"): "Ein gemeinsames Mittagessen gern; schlagen Sie mir zwei Termine vor.",
    ("sie", "ask_lunch_day"): "Zum Mittagessen {day} komme ich gern.",
    ("du", "ask_lunch"): "Ein Mittagessen gern; schlag mir zwei Termine vor.",
    ("du", "ask_lunch_day"): "Zum Mittagessen {day} komme ich gern.",
    ("en", "ask_lunch"): "Lunch sounds good; could you suggest two dates?",
    ("en", "ask_lunch_day"): "Lunch {day} sounds good.",
    ("sie", "ask_coffee"): "Auf einen Kaffee gern; schlagen Sie mir zwei Termine vor.",
    ("sie", "ask_coffee_day"): "Auf einen Kaffee {day} gern.",
    ("du", "ask_coffee"): "Auf einen Kaffee gern; schlag mir zwei Termine vor.",
    ("du", "ask_coffee_day"): "Auf einen Kaffee {day} gern.",
    ("en", "ask_coffee"): "A coffee sounds good; could you suggest two dates?",
    ("en", "ask_coffee_day"): "A coffee {day} sounds good.",
    ("sie", "ask_questions"): "Ihre Fragen beantworte ich gern per E-Mail; schicken Sie sie mir "
                              "einfach.",
    ("du", "ask_questions"): "Deine Fragen beantworte ich gern per E-Mail; schick sie mir "
                             "einfach.",
    ("en", "ask_questions"): "I'm happy to answer your questions by email; just send them over.",
    ("sie", "ask_interview"): "Für das Interview stehe ich gern zur Verfügung; schlagen Sie mir "
                              "einfach zwei Termine vor.",
    ("du", "ask_interview"): "Für das Interview stehe ich gern zur Verfügung; schlag mir einfach "
                             "zwei Termine vor.",
    ("en", "ask_interview"): "I'd be glad to do the interview; could you suggest two times?",
    ("sie", "ask_interview_day"): "Für das Interview {day} stehe ich gern zur Verfügung; schlagen "
                                  "Sie mir einfach eine Uhrzeit vor.",
    ("du", "ask_interview_day"): "Für das Interview {day} stehe ich gern zur Verfügung; schlag "
                                 "mir gern eine Uhrzeit vor.",
    ("en", "ask_interview_day"): "I'd be glad to do the interview {day}; could you suggest a "
                                 "time?",
    ("sie", "ask_background_call"): "Für ein Hintergrundgespräch stehe ich gern zur Verfügung; "
                                    "schlagen Sie mir einfach zwei Termine vor.",
    ("du", "ask_background_call"): "Für ein Hintergrundgespräch stehe ich gern zur Verfügung; "
                                   "schlag mir einfach zwei Termine vor.",
    ("en", "ask_background_call"): "I'm happy to do a background call; could you suggest two "
                                   "times?",
    ("sie", "ask_background_call_day"): "Für ein Hintergrundgespräch {day} stehe ich gern zur "
                                        "Verfügung; schlagen Sie mir einfach eine Uhrzeit vor.",
    ("du", "ask_background_call_day"): "Für ein Hintergrundgespräch {day} stehe ich gern zur "
                                       "Verfügung; schlag mir einfach eine Uhrzeit vor.",
    ("en", "ask_background_call_day"): "I'm happy to do a background call {day}; could you "
                                       "suggest a time?",
    ("sie", "ask_confidential"): "Gern spreche ich vertraulich mit Ihnen; schlagen Sie mir zwei "
                                 "Termine vor.",
    ("du", "ask_confidential"): "Gern sprechen wir vertraulich; schlag mir zwei Termine vor.",
    ("en", "ask_confidential"): "Happy to talk in confidence; could you suggest two times?",
    ("sie", "ask_application"): "Schön, dass Sie sich für die Stelle interessieren. Schicken Sie "
                                "mir gern Ihren Lebenslauf; ich schaue ihn mir an und melde mich.",
    ("du", "ask_application"): "Schön, dass du dich für die Stelle interessierst. Schick mir gern "
                               "deinen Lebenslauf; ich schaue ihn mir an und melde mich.",
    ("en", "ask_application"): "Glad to hear you're interested in the role: feel free to send me "
                               "your CV, and I'll take a look and get back to you.",
    ("sie", "ask_job"): "Über die Position spreche ich gern; schicken Sie mir einfach die "
                        "Beschreibung und zwei Terminvorschläge.",
    ("du", "ask_job"): "Über die Position spreche ich gern; schick mir einfach die Beschreibung "
                       "und zwei Terminvorschläge.",
    ("en", "ask_job"): "I'm open to hearing about the role; could you send the description and "
                       "two times for a call?",
    ("sie", "ask_introduction"): "Gern schaue ich, ob ich den Kontakt herstellen kann; schreiben "
                                 "Sie mir kurz, worum es geht.",
    ("du", "ask_introduction"): "Gern schaue ich, ob ich den Kontakt herstellen kann; schreib "
                                "mir kurz, worum es geht.",
    ("en", "ask_introduction"): "I'll gladly see whether I can make the introduction; could you "
                                "tell me briefly what it is about?",
    ("sie", "ask_speaking"): "Danke für die Einladung; schicken Sie mir gern die Details zu "
                             "Termin und Format.",
    ("du", "ask_speaking"): "Danke für die Einladung; schick mir gern die Details zu Termin und "
                            "Format.",
    ("en", "ask_speaking"): "Thank you for the invitation; could you send me the details on date "
                            "and format?",
    ("sie", "connect"): "Gern vernetze ich mich mit Ihnen.",
    ("du", "connect"): "Gern vernetze ich mich mit dir.",
    ("en", "connect"): "I'm happy to connect.",
    # Known contacts.
    ("sie", "known_question"): "Gute Frage – ich schaue nach und melde mich bei Ihnen.",
    ("du", "known_question"): "Gute Frage – ich schaue nach und melde mich bei dir.",
    ("en", "known_question"): "Good question – I'll look into it and get back to you.",
    ("sie", "job_news"): "Herzlichen Glückwunsch zu Ihrer neuen Aufgabe!",
    ("du", "job_news"): "Herzlichen Glückwunsch zu deiner neuen Aufgabe!",
    ("en", "job_news"): "Congratulations on the new role!",
    ("sie", "thanks_congrats"): "Über Ihre Glückwünsche habe ich mich sehr gefreut.",
    ("du", "thanks_congrats"): "Über deine Glückwünsche habe ich mich sehr gefreut.",
    ("en", "thanks_congrats"): "I appreciate your kind congratulations.",
    ("sie", "how_are_you"): "Danke der Nachfrage, mir geht es gut. Wie läuft es bei Ihnen?",
    ("du", "how_are_you"): "Danke der Nachfrage, mir geht es gut. Wie läuft es bei dir?",
    ("en", "how_are_you"): "Thanks for asking, all good here. How are things with you?",
    # Asking for context.
    ("sie", "ask"): "Damit ich Ihre Anfrage einordnen kann: Woher kennen wir uns, oder worum "
                    "geht es Ihnen konkret?",
    ("du", "ask"): "Damit ich deine Anfrage einordnen kann: Woher kennen wir uns, oder worum "
                   "geht es dir konkret?",
    ("en", "ask"): "So I can place your request: where do we know each other from, or what "
                   "would you like to discuss?",
    ("sie", "ask_first"): "Bevor wir einen Termin finden: Worum geht es Ihnen konkret, und "
                          "woher kennen wir uns?",
    ("du", "ask_first"): "Bevor wir einen Termin finden: Worum geht es dir konkret, und woher "
                         "kennen wir uns?",
    ("en", "ask_first"): "Before we find a time, could you tell me briefly what it is about and "
                         "where we know each other from?",
    # Declining.
    ("sie", "decline_offer"): "Für Ihr Angebot habe ich derzeit keinen Bedarf.",
    ("du", "decline_offer"): "Für dein Angebot habe ich gerade keinen Bedarf.",
    ("en", "decline_offer"): "I have no need for this offer at the moment.",
    ("sie", "decline_named_offer"): "Für {offer} habe ich derzeit keinen Bedarf.",
    ("du", "decline_named_offer"): "Für {offer} habe ich gerade keinen Bedarf.",
    ("en", "decline_named_offer"): "I have no need for {offer} at the moment.",
    ("sie", "decline_plain"): "Ich möchte die Anfrage derzeit nicht annehmen und bitte um "
                              "Verständnis.",
    ("du", "decline_plain"): "Ich möchte die Anfrage gerade nicht annehmen und hoffe auf dein "
                             "Verständnis.",
    ("en", "decline_plain"): "I'd rather not connect at the moment and hope you understand.",
    ("sie", "decline_scam"): "Darauf gehe ich nicht ein.",
    ("du", "decline_scam"): "Darauf gehe ich nicht ein.",
    ("en", "decline_scam"): "I will not take this any further.",
    ("sie", "wish"): "Ich wünsche Ihnen weiterhin viel Erfolg.",
    ("du", "wish"): "Ich wünsche dir weiterhin viel Erfolg.",
    ("en", "wish"): "Wishing you continued success.",
    ("de", "positioning"): "Kurz zu mir: {value}",
    ("en", "positioning"): "A word about me: {value}",
    # Closings.
    ("sie", "sign_formal"): "Mit freundlichen Grüßen",
    ("sie", "sign"): "Beste Grüße",
    ("du", "sign"): "Viele Grüße",
    ("en", "sign_formal"): "Kind regards,",
    ("en", "sign"): "Best regards,",
    ("en", "sign_casual"): "Best,",
}

# What a pitch sells, named in a decline ("I have no need for lead generation"); an offer
# not named here gets the general "this offer". Codes as in coach.triage.signs.
OFFER_NAMES: dict[tuple[str, str], str] = {
    ("en", "leads"): "lead generation", ("de", "leads"): "Leadgenerierung",
    ("en", "software"): "new software", ("de", "software"): "neue Software",
    ("en", "coaching"): "coaching or courses", ("de", "coaching"): "Coaching oder Kurse",
    ("en", "marketing"): "marketing services", ("de", "marketing"): "Marketingleistungen",
    ("en", "staffing"): "outsourcing or extra staff",
    ("de", "staffing"): "Outsourcing oder zusätzliches Personal",
    ("en", "financing"): "financing or insurance",
    ("de", "financing"): "Finanzierungen oder Versicherungen",
}  # fmt: skip


# What the user published, in the dative for "Interesse an …" and in English.
PUBLICATIONS_DE = {"article": "meinem Artikel", "post": "meinem Beitrag", "talk": "meinem Vortrag",
                   "book": "meinem Buch", "study": "unserer Studie", "podcast": "meinem Podcast"}
PUBLICATIONS_EN = {"article": "my article", "post": "my post", "talk": "my talk",
                   "book": "my book", "study": "our study", "podcast": "my podcast"}
# Asks whose answer is about business, where a line about the user helps.
_POSITIONING_ASKS = (None, "call", "meeting", "questions", "introduction")
# Contexts in which the sender already knows what the user does.
_KNOWN_GROUND = frozenset({"past_work", "project", "publication", "organisation", "met"})


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def usable_positioning(positioning: str | None, language: str) -> str | None:
    """The positioning line if it is one short sentence in the reply's language, else None."""
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
    """Writes the three drafts for one understood request."""

    def __init__(self, u: Understanding, *, user_name: str | None,
                 positioning: str | None) -> None:
        self.u = u
        self.lang = "de" if u.language == "de" else "en"
        self.form = ("du" if u.informal else "sie") if self.lang == "de" else "en"
        self.known = u.known_sender is not None
        self.user_name = " ".join(user_name.split()) if user_name and user_name.strip() else None
        self.positioning = usable_positioning(positioning, self.lang)
        self.greeting, self.formal = self._greeting()

    def _t(self, part: str) -> str:
        return TEMPLATES.get((self.form, part)) or TEMPLATES[(self.lang, part)]

    # -- greeting and closing ------------------------------------------------------
    def _greeting(self) -> tuple[str, bool]:
        sender = self.u.sender
        if sender is None or sender.organisation:
            return self._t("greet_anon"), False
        if self.form == "du":
            if sender.first:
                return self._t("greet_name").format(name=sender.first), False
            return self._t("greet_anon"), False
        if self.form == "en":
            formal = self.u.formal_register
            if sender.first:
                key = "greet_formal" if formal else "greet_name"
                return self._t(key).format(name=sender.first), formal
            if sender.last and sender.gender:
                key = "greet_formal_m" if sender.gender == "male" else "greet_formal_f"
                return self._t(key).format(name=sender.last), True
            return self._t("greet_anon"), False
        # German, Sie: the surname with titles, never the first name, unless the gender
        # cannot be told: then "Guten Tag Kim Berger".
        if not sender.last:
            return self._t("greet_anon"), False
        surname = " ".join(part for part in (sender.titles, sender.last) if part)
        formal = self.u.formal_register or bool(sender.titles)
        if sender.gender in ("male", "female"):
            suffix = "m" if sender.gender == "male" else "f"
            key = f"greet_formal_{suffix}" if formal else f"greet_{suffix}"
            return self._t(key).format(name=surname), formal
        if not sender.first or not is_first_name(sender.first):
            # Neither a first name nor a gender: "Seminarteam Plus" gets no name at all.
            return self._t("greet_anon"), formal
        full = " ".join(part for part in (sender.titles, sender.first, sender.last) if part)
        return self._t("greet_neutral").format(name=full), formal

    def _closing(self) -> tuple[str, str]:
        """The closing words and the name under them; without a name (the user has not
        told us one) the letter still ends politely, for them to sign."""
        if not self.user_name:
            if self.form == "du":
                return self._t("sign"), ""
            return self._t("sign_formal" if self.formal else "sign"), ""
        first = self.user_name.split()[0]
        if self.form == "du":
            return self._t("sign"), first
        if self.form == "sie":
            return self._t("sign_formal" if self.formal else "sign"), self.user_name
        if self.formal:
            return self._t("sign_formal"), self.user_name
        if self.greeting.startswith("Hi "):
            return self._t("sign_casual"), first if self.known else self.user_name
        return self._t("sign"), self.user_name

    # -- body ------------------------------------------------------------------------
    def _context_sentence(self) -> str | None:
        u = self.u
        for kind in ("referrer", "referral"):
            found = u.context(kind)
            if found is not None and found.value:
                return self._t("ctx_referral").format(value=found.value)
        event = u.context("event")
        if event is not None and event.at and u.context("met") is not None:
            return self._t("ctx_event").format(value=event.at)
        if u.context("past_work") is not None:
            return self._t("ctx_past_work")
        if u.context("met") is not None and event is None:
            return self._t("ctx_met")
        publication = u.context("publication")
        if publication is not None and publication.value:
            table = PUBLICATIONS_DE if self.lang == "de" else PUBLICATIONS_EN
            return self._t("ctx_publication").format(value=table[publication.value])
        project: SharedContext | None = u.context("project")
        if project is not None and not u.asks:
            if self.lang == "en" and project.value and project.value.lower().endswith("project"):
                return self._t("ctx_project_named").format(value=project.value)
            return self._t("ctx_project")
        return None

    def _answer(self, ask: Ask | None) -> str | None:
        if ask is None:
            return None
        if (ask.day and (self.form, f"ask_{ask.kind}_day") in TEMPLATES) or (
                ask.day and (self.lang, f"ask_{ask.kind}_day") in TEMPLATES):
            return self._t(f"ask_{ask.kind}_day").format(day=ask.day)
        return self._t(f"ask_{ask.kind}")

    def _accept(self, *, rich: bool) -> list[str]:
        u = self.u
        ask = u.first_ask
        if self.known:
            parts = [self._t("thanks_known")]
            if u.job_news:
                parts.append(self._t("job_news"))
            answer = self._answer(ask)
            if answer and not (ask and ask.kind == "questions"):
                parts.append(answer)
            elif u.how_are_you:
                parts.append(self._t("how_are_you"))
            elif u.question and not u.job_news:
                # A contact's question is answered between acquaintances, not by email.
                parts.append(self._t("known_question"))
            return parts
        parts = [self._t("thanks")]
        context = self._context_sentence()
        if context:
            parts.append(context)
        answer = self._answer(ask)
        parts.append(answer or self._t("connect"))
        if (rich and self.positioning and (ask.kind if ask else None) in _POSITIONING_ASKS
                and not {c.kind for c in u.contexts} & _KNOWN_GROUND):
            parts.append(self._t("positioning").format(value=self.positioning))
        return parts

    def _body(self, verdict: Verdict, *, rich: bool) -> list[str]:
        parts = self._body_parts(verdict, rich=rich)
        if self.u.congratulates and verdict is not Verdict.DECLINE:
            # Kind words are answered before anything else is said.
            parts.insert(1, self._t("thanks_congrats"))
        return parts

    def _body_parts(self, verdict: Verdict, *, rich: bool) -> list[str]:
        if verdict is Verdict.ACCEPT:
            return self._accept(rich=rich)
        if verdict is Verdict.ASK_CONTEXT:
            if self.u.first_ask is not None and self.u.first_ask.kind not in ("questions",):
                return [self._t("thanks"), self._t("ask_first")]
            return [self._t("thanks_request"), self._t("ask")]
        if self.u.scam:
            return [self._t("thanks"), self._t("decline_scam")]
        if self.u.pitch:
            offer = OFFER_NAMES.get((self.lang, self.u.offer or ""))
            decline = (self._t("decline_named_offer").format(offer=offer) if offer
                       else self._t("decline_offer"))
            return [self._t("thanks_interest"), decline, self._t("wish")]
        return [self._t("thanks_request" if not self.known else "thanks"),
                self._t("decline_plain"), self._t("wish")]

    def _join(self, parts: list[str]) -> str:
        body = " ".join(parts)
        # After "Hallo Tom," a German letter goes on in lower case; English does not.
        return _lower_first(body) if self.lang == "de" else body

    def _full(self, verdict: Verdict) -> str:
        text = f"{self.greeting}\n\n{self._join(self._body(verdict, rich=True))}"
        words, name = self._closing()
        return f"{text}\n\n{words}\n{name}" if name else f"{text}\n\n{words.rstrip(',')}"

    def _short_candidates(self, verdict: Verdict) -> Iterator[str]:
        """Ever shorter forms of the reply, the fullest first."""
        body_parts = self._body(verdict, rich=False)
        words, name = self._closing()
        sign = f" {words.rstrip(',')}, {name}" if name else f" {words.rstrip(',')}"
        for parts in (body_parts, body_parts[:2], body_parts[:1]):
            body = " ".join(parts)
            # Inline after "Hi Anna," the sentence goes on in lower case, except "I".
            if not body.startswith(("I ", "I'")):
                body = _lower_first(body)
            yield f"{self.greeting} {body}{sign}"
            yield f"{self.greeting} {body}"
        # Without any name at all, for senders with absurdly long names.
        yield f"{self._t('greet_anon')} {_lower_first(' '.join(body_parts[:2]))}"

    def _short(self, verdict: Verdict) -> str:
        candidate = ""
        for candidate in self._short_candidates(verdict):
            if len(candidate) <= SHORT_LIMIT:
                return candidate
        return candidate[:SHORT_LIMIT]

    def draft(self, verdict: Verdict) -> Draft:
        """The reply for ``verdict``."""
        return Draft(text=self._full(verdict), short=self._short(verdict))

    def all_drafts(self) -> dict[Verdict, Draft]:
        """A reply for every verdict, so the user can overrule the advice."""
        return {verdict: self.draft(verdict) for verdict in Verdict}
