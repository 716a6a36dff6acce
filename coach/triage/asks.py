"""What the sender asks for: a call, a meeting, lunch, coffee, questions, an interview …

Each kind is a small set of German and English wordings. A day is kept only as the
sender wrote it ("am Donnerstag", "next Tuesday"), so a draft that repeats it never
invents a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.triage.gate import gate

# Most specific first: the first kind found is the one a reply answers.
ASK_KINDS = (
    "speaking",
    "confidential",
    "background_call",
    "interview",
    "application",
    "job",
    "lunch",
    "coffee",
    "questions",
    "introduction",
    "call",
    "meeting",
)

_PATTERNS: dict[str, re.Pattern[str]] = {
    kind: re.compile(pattern, re.IGNORECASE)
    for kind, pattern in {
        "speaking": (
            r"\bas (?:a |our )?(?:speaker|panell?ist|keynote)\b|\bspeak at\b|\bon (?:our|the|a|my) "
            r"panel\b|\bhave you (?:on|as)\b|\bjoin (?:us|our panel) as\b|\bals (?:referent|redner|"
            r"speaker|gast auf dem podium)\w*|\bvortrag (?:halten|bei uns)\b|\bauf (?:unserem|dem) "
            r"podium\b|\bpodiumsdiskussion\b.{0,80}?\b(?:sie|dich|teilnehmen|dabei)\b"
        ),
        "confidential": (
            r"\bvertraulich\w*|\bdiskret\w*|\bunter vier augen\b|\bconfidential\w*|"
            r"\bin confidence\b|\bprivately\b|\boff the record\b"
        ),
        "background_call": (
            r"\bhintergrundgespr(?:ä|ae)ch\w*|\bhintergrund-?gespr|\bbackground (?:call|chat|"
            r"conversation|interview|briefing)\b|\bon background\b|\bim hintergrund\b"
        ),
        "interview": (
            # German compounds too: "Experteninterview", "Telefoninterview".
            r"interview\w*|\bpodcast\w*|\bf(?:ü|ue)r (?:einen|unseren) (?:artikel|beitrag)\b|"
            r"\bzitieren\b|\bquote you\b|\bfor (?:a|an|my|our) (?:article|piece|story|feature)\b|"
            r"\b(?:journalist\w*|redakteur\w*|reporter\w*)\b.{0,160}?\b(?:sprechen|talk|speak|"
            r"chat|gespr(?:ä|ae)ch|interview\w*)"
        ),
        # The other direction of "job": the sender wants a role on the user's team.
        "application": (
            r"\byou(?:'re| are) (?:hiring|recruiting)\b|\byou(?:'re| are) looking for "
            r"(?:a |an )?(?:new )?[\w-]+(?: [\w-]+)? (?:for|in|on|to join) your team\b|"
            r"\bjoin your team\b|\bmy application\b|\bmy (?:cv|resume|résumé)\b|"
            r"\b(?:i'd|i would) (?:like|love) to apply\b|\bi want to apply\b|"
            r"\b(?:i'm|i am) applying\b|"
            r"\bich bewerbe mich\b|\bmeine bewerbung\b|\bmich (?:bei (?:ihnen|euch|dir) )?"
            r"(?:gern |gerne )?(?:zu )?bewerben\b|"
            r"\b(?:sie suchen|du suchst|ihr sucht)\b[^.?!]{0,60}"
            r"\b(?:f(?:ü|ue)r|in) (?:ihr|dein|euer)(?:em)? team\b"
        ),
        "job": (
            r"\b(?:eine|einer|die|diese) (?:vakanz|position|stelle|rolle)\b|\bvakanz\b|"
            r"\bstellenangebot\b|\bf(?:ü|ue)r die position\b|\bals (?:head|leiter\w*|"
            r"gesch(?:ä|ae)ftsf(?:ü|ue)hrer\w*|director|cfo|cto|coo|projektleiter\w*)\b|"
            r"(?<!play )(?<!plays )(?<!played )(?<!playing )\b(?:a|an|the|this|our) "
            r"(?:[\w-]+ ){0,3}(?:role|position|vacancy|opening)\b"
            r"(?! (?:on|of|in the market)\b)|\b(?:head|director|vp|chief) of [\w-]+ "
            r"(?:role|position)\b|"
            r"\bjob opening\b|\brecruiter\b|\btalent acquisition\b|\brecruiterin\b|"
            r"\bpersonalberater\w*|"
            r"\brecruiting for\b|\bhiring (?:a|an|for)\b|\bsuche(?:n)?\b.{0,60}?\b(?:leitung|"
            r"leiter\w*|head of|gesch(?:ä|ae)ftsf(?:ü|ue)hr\w*|nachfolge\w*|kandidat\w*|"
            r"verst(?:ä|ae)rkung)|\bmandat f(?:ü|ue)r\b|\bsearch mandate\b|"
            r"\bheadhunter\b|\bexecutive search\b|\bwechselbereit|\bopen to a move\b|"
            r"\bkarriereschritt\b|\bnext career step\b"
        ),
        "lunch": r"\bmittagessen\b|\blunch\w*|\bmittags?tisch\b|\bzum essen\b|\bgemeinsam essen\b",
        "coffee": r"\bkaffee\b|\bcoffee\b|\bcappuccino\b|\bespresso\b",
        "questions": (
            r"\b(?:ein|zwei|drei|paar|einige|wenige) (?:kurze )?fragen\b|\bfragen stellen\b|"
            r"\bfrage (?:zu|zum|zur|dazu)\b|\beine frage\b|\bkurze frage\b|\bquick question\b|"
            r"\bfragen (?:schicken|senden|stellen|mailen|zusenden)\b|\bvier fragen\b|"
            r"\b(?:a|two|three|few|some|couple of) "
            r"(?:quick |short )?questions?\b|\bask you (?:a|about|two|three)\b|"
            r"\bquestion (?:about|on|regarding)\b|\bper (?:e-?mail|mail)\b|\bby (?:e-?mail|mail)\b|"
            r"\bover email\b|\bfragebogen\b|\bquestionnaire\b|\bsurvey\b|"
            r"\bwould you be willing to share\b|\bcould you share\b|\bweiterhelfen\b|"
            # "your take on …" asks, unless it is praise ("loved your take on …"). The
            # look-behinds follow the literal, so the kind keeps its cheap gate.
            r"\byour (?<!loved your )(?<!liked your )(?<!enjoyed your )(?<!appreciated your )"
            r"(?<!admired your )(?:view|advice|take|perspective) on\b|"
            r"\bihre (?:einsch(?:ä|ae)tzung|meinung|erfahrung)\w*\b|"
            r"\bdeine (?:einsch(?:ä|ae)tzung|meinung|erfahrung)\w*\b|"
            r"\bpick your brain\b|\bhow did you\b|\bwie gehen sie\b|\bwie geht ihr\b"
        ),
        "introduction": (
            r"\bintroduce me\b|\bintroduction to\b|\bintro to\b|\bput me in touch with\b|"
            r"\bconnect me with\b|\bvorstellen k(?:ö|oe)nnten\b|\bkontakt (?:zu|mit) [\w\s.]{1,40}"
            r"herstellen\b|\bvermitteln k(?:ö|oe)nnte\w*|\bbekannt machen\b"
        ),
        "call": (
            r"\btelefonat\b|\btelefonieren\b|\btelefontermin\b|\banrufen\b|\br(?:ü|ue)ckruf\b|"
            r"\bzur(?:ü|ue)ckrufen\b|\bzoom\b|\bteams-call\b|\bvideo-?call\b|"
            r"\b(?:a|quick|short|brief|phone|video) call\b|\bcall (?:next|this|on)\b|"
            r"\bhop on a call\b|\bkurz (?:sprechen|austauschen|reden)\b|\bspeak (?:briefly|soon)\b|"
            r"\b(?:kurze[ns]?|kleinen?) austausch\b|\bchat (?:next|this|on)\b|\bquick chat\b|"
            r"\b(?:15|20|30)[- ]?min\w*\b|\bgespr(?:ä|ae)ch\b|\bphone\b|\bcatch up\b"
        ),
        "meeting": (
            r"\btreffen\b|\bkennenlernen\b|\bpers(?:ö|oe)nlich (?:sprechen|kennenlernen)\b|"
            r"\bvorbeikommen\b|\bbesuchen\b|\bmeet (?:up|in person|next|this|for)\b|"
            # "Great meeting you" looks back on a meeting; it does not ask for one.
            r"\bmeeting\b(?<!great meeting)(?<!nice meeting)(?<!good meeting)"
            r"(?<!lovely meeting)(?<!pleasure meeting)|"
            r"\bget together\b|\bsit down\b|\btermin\b|\bauf ein bier\b|"
            r"\bfor a drink\b|\bdrinks\b|\bein bier\b|\bbier trinken\b|\bfor a (?:beer|pint)\b"
        ),
    }.items()
}

_GATES = {kind: gate(pattern) for kind, pattern in _PATTERNS.items()}

_GERMAN_DAYS = "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
_ENGLISH_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY = re.compile(
    rf"\b(?:(?:am|diesen|nächsten|naechsten|kommenden)\s+(?:{_GERMAN_DAYS})(?:\s+mittag)?|"
    rf"(?:on|this|next)\s+(?:{_ENGLISH_DAYS})|"
    r"(?:nächste|naechste|kommende|diese)\s+woche|(?:next|this)\s+week|"
    r"morgen(?!\s*(?:früh|frueh))|tomorrow|übermorgen|"
    r"am\s+\d{1,2}\.\s?\d{1,2}\.?|on\s+\d{1,2}(?:st|nd|rd|th)?\s+\w+)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Ask:
    """One thing the sender asks for and, when given, the day as they wrote it."""

    kind: str
    day: str | None = None


def find_asks(text: str) -> tuple[Ask, ...]:
    """Everything the request asks for, most specific first; the day goes to the first."""
    lowered = text.lower()
    kinds = [kind for kind in ASK_KINDS if _GATES[kind].search(text, lowered)]
    if "application" in kinds and "job" in kinds:
        kinds.remove("job")  # the role they want, not one they offer
    if not kinds:
        return ()
    day_match = _DAY.search(text)
    day = " ".join(day_match.group(0).split()) if day_match else None
    return tuple(Ask(kind, day if position == 0 else None) for position, kind in enumerate(kinds))
