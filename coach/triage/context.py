"""Reading the shared context a request names: an event, a referrer, work done together.

Only words that are in the text are ever returned, so a reply built from them cannot
claim a meeting or an introduction the sender did not mention. An event is kept with
the preposition the sender used ("beim Sommerfest des Vereins", "at the Harbour
Lights Mixer"), so a draft can name it in a grammatical sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coach.triage.sender import is_first_name

# Cues that the two have met or spoken before.
MET_CUE = re.compile(
    r"\bwe met\b|\bmet you\b|\bwe(?:'ve| have) met\b|\b(?:meeting|meetin|meet|meat|chatting with|"
    r"talking to|talking with|speaking with|seeing|chatting) (?:you|u)\b|\bwe spoke\b|"
    r"\bwe talked\b|\bwe chatted\b|\bwe sat\b|\bour (?:chat|conversation|talk)\b|"
    r"\bnice to (?:have )?met\b|\b(?:great|good|lovely|nice) to (?:meet|see|chat|catch up)\b|"
    r"\b(?:bump(?:ed)?|ran|run) into you\b|\bpleasure (?:meeting|to meet|chatting)\b|"
    r"\bafter your (?:talk|keynote|session)\b|\bpleasure to (?:chat|talk|meet|speak)\b|"
    r"\btaking the time to (?:talk|chat|meet|speak)\b|\b(?:enjoyed|loved) (?:our|the) (?:chat|"
    r"talk|conversation|call)\b|\bcatching up\b|\bas (?:discussed|promised|agreed)\b|"
    r"\bour (?:call|meeting|phone call)\b|\bon the phone\b|"
    r"\b(?:schön|nett|toll|super|gefreut|freut mich)\b.{0,60}?\b(?:getroffen|gesehen|"
    r"kennengelernt|kennenzulernen|zu treffen|zu sehen|unterhalten|ausgetauscht|austauschen|"
    r"gesprochen)\b|\b(?:über|ueber) den weg gelaufen\b|\btelefoniert\b|"
    r"\bunser(?:em|es)? telefonat\b|\bam telefon (?:besprochen|vereinbart)\b|"
    r"\bwie (?:besprochen|vereinbart|versprochen|angekündigt)\b|\bwir uns\b.{0,60}?\b(?:"
    r"unterhalten|ausgetauscht|austauschen|gesprochen|getroffen|gesehen|begegnet)\b|"
    r"\bthanks? (?:again )?for the (?:great |inspiring |lovely |good )?(?:session|talk|chat|"
    r"coffee|conversation)\b|\bwir haben uns\b.{0,120}?\b(?:unterhalten|gesprochen|gesehen|"
    r"kennengelernt|getroffen|ausgetauscht|begegnet|unterhielten)\b|\bwir kennen uns\b|"
    r"\bwir hatten\b.{0,160}?\b(?:gesprochen|unterhalten|ausgetauscht|gespr(?:ä|ae)ch)\b|"
    r"\b(?:haben|hatten) wir(?: uns)?\b.{0,100}?\b(?:gesprochen|unterhalten|ausgetauscht|"
    r"kennengelernt|getroffen|gesehen)\b|\bdank\w*\b.{0,30}?\bf(?:ü|ue)r (?:das|den|die|unser)\w*"
    r" (?:\w+ )?(?:gespr(?:ä|ae)ch|austausch|plausch|kennenlernen)\b|"
    r"\bwir sa(?:ß|ss)en\b|\bkennengelernt\b|\bkennenzulernen\b|\bkennen ?gelernt\b|"
    r"\bgetroffen zu haben\b|\bbegegnet\b|\bbegegnung\b|\bunser(?:em|es)? gespr(?:ä|ae)ch\w*|"
    r"\bgespr(?:ä|ae)ch (?:gestern|letzte|am|beim|auf)\b|\bdanke f(?:ü|ue)r (?:das|den|unser)\w* "
    r"(?:nette[ns]?|gute[ns]?|spannende[ns]?|kurze[ns]?)?\s?(?:gespr(?:ä|ae)ch|austausch|"
    r"plausch)|\bvielen dank f(?:ü|ue)r (?:das|den|unser)\w* (?:nette[ns]? |gute[ns]? |"
    r"spannende[ns]? |kurze[ns]? )?(?:gespr(?:ä|ae)ch|austausch|plausch)|\bnett geplaudert\b|"
    r"\bschön,? (?:sie|dich) (?:gestern |neulich |letzte woche )?(?:getroffen|gesehen|"
    r"kennengelernt)|\bsie hatten nach\b|\bf(?:ü|ue)r ihren vortrag\b|\bwir standen\b|"
    r"\bam stand\b|\bat (?:your|our) (?:stand|booth|table)\b|\blange nicht gesehen\b",
    re.IGNORECASE,
)
REFERRAL_CUE = re.compile(
    r"\bsuggested (?:that )?(?:i|we)\b|\breferred me\b|\brecommended (?:that )?i\b|"
    r"\brecommended you\b|\btold me (?:that |about )?you\b|\bmentioned (?:that )?you(?:'ve)?\b|"
    r"\bput (?:me|us) in touch\b|\bintroduced (?:me|us)\b|\bintroduced by\b|\brecommended by\b|"
    r"\bintroduced to (?:you|your work) by\b|\bsaid you(?:'d| would) be\b|"
    r"\b(?:on|at) the (?:recommendation|suggestion) of\b|\bgave me your (?:name|details)\b|"
    r"\bthought you'?d be\b|\bpassed on your\b|\bpointed me to you\b|\bsent me your way\b|"
    r"\bhat mir empfohlen\b|\bempfahl mir\b|\bauf empfehlung\b|\bempfohlen\b|"
    r"\bhat mir (?:ihren|deinen|ihre|deine) (?:namen|kontakt\w*)\b|\bmeinte,? (?:du|sie) "
    r"k(?:ö|oe)nnte|\bhat mich an (?:sie|dich) verwiesen\b|\bwir kennen uns (?:über|ueber)\b|"
    r"\bhat mir erz(?:ä|ae)hlt\b|\bgab mir (?:ihren|deinen) (?:namen|kontakt)\b|"
    r"\bhat (?:mich|uns) (?:mit (?:ihnen|dir) )?vernetzt\b|\bbin (?:ich )?(?:über|ueber) [A-ZÄÖÜ]|"
    # "Claudia Berger meinte, ich soll mich bei dir melden", "… hat mir geraten, …"
    r"\bmeinte,? (?:dass |das )?(?:ich|wir) (?:soll|sollte|sollten|k(?:ö|oe)nnte|k(?:ö|oe)nne|"
    r"m(?:ü|ue)sse|m(?:ü|ue)ssten)\b|\bsagte,? (?:dass |das )?(?:ich|wir) (?:soll|sollte|"
    r"sollten|k(?:ö|oe)nnte|m(?:ü|ue)sse)\b|\bhat (?:mir |uns )?(?:geraten|vorgeschlagen|"
    r"nahegelegt|ans herz gelegt)\b|\briet mir\b|\bauf (?:anraten|anregung|vorschlag) von\b|"
    # "Maria said I should reach out", "… told me to get in touch"
    r"\bsaid (?:that )?(?:i|we) should\b|\bthought (?:that )?(?:i|we) should\b|"
    r"\b(?:told|asked|encouraged|advised|urged) me to (?:reach out|contact|get in touch|"
    r"connect|write|drop you)\b|\bpointed me (?:in your direction|your way|towards you)\b",
    re.IGNORECASE,
)
PAST_WORK_CUE = re.compile(
    r"\bwe (?:both |each )?(?:\w+ed|ran|led|did|built|won|wrote|made|had|put|were|bid)\b"
    r"(?:\s+[\w'’-]+){0,6}?\s+together\b|\bwe (?:both|each) (?:worked|work|were)\b|"
    r"\bwe were both\b|\bformer colleagues?\b|\bworked together\b|\bback when we\b|"
    r"\bwe used to work\b|\bour time (?:at|together)\b|\bwhen we (?:worked|were)\b|"
    # "wir haben 2019 zusammen bei …", but not a firm's "gemeinsam mit unseren Kunden".
    r"\bwir haben(?:\s+[\w.&-]+){0,3}?\s+(?:gemeinsam|zusammen)\b(?!\s+mit\b)|"
    r"\bwir waren(?:\s+[\w.]+){0,3}?\s+(?:zusammen|beide|gemeinsam|kolleg\w*)\b|"
    r"\bwir arbeiten (?:gemeinsam|zusammen)\b|\behemalige[rn]? kolleg\w*|\bex-kolleg\w*|"
    r"\bunsere (?:gemeinsame )?zeit (?:bei|im|in|an)\b|\bals wir (?:noch )?(?:bei|zusammen|"
    r"gemeinsam)\b|\bdamals bei\b|\bgemeinsam(?:en|es)? (?:projekt|team|studium)\b|"
    r"\bsame (?:class|team|cohort|year)\b|\bkommilit\w*|\bstudienkolleg\w*|"
    r"\bdamals (?:im|in der|an der)\b",
    re.IGNORECASE,
)
PROJECT_CUE = re.compile(
    r"\b(?:your|the|our) [\w-]+ project\b|\bproject (?:in|at|on)\b|\bprojekt(?:e|s)? in\b|"
    r"\b(?:ihr|dein|das|ihrem|deinem|unser) (?:\w+ )?projekt\b|\bprojektteam\b|\bim projekt\b|"
    r"\bansprechpartner(?:in)? (?:f(?:ü|ue)r|bei)\b|\bneue[rn]? ansprechpartner(?:in)?\b|"
    r"\bneubau\b|\bbauvorhaben\b|\bausschreibung\b|\btender\b|\bon the (?:tenant|client|owner) "
    r"side\b|\bproject manager for\b|\bauf seiten des bauherrn\b|\bco-?hosting\b|"
    r"\bworking with you on\b|\bzusammenarbeit\b|\byour (?:[\w-]+ ){0,2}(?:scheme|development|"
    r"building|site|portfolio|tender|bid)\b|\bthe new (?:[\w-]+ ){0,2}(?:manager|lead|contact|"
    r"counterpart)\b|\blooking forward to working with you\b",
    re.IGNORECASE,
)
SHARED_ORG_CUE = re.compile(
    r"\bboth members of\b|\bfellow members?\b|\bbeide mitglied\w*|\bauch mitglied\b|"
    r"\bim (?:gleichen|selben) (?:verband|verein|arbeitskreis|ausschuss|netzwerk)\b|"
    r"\barbeitskreis\b|\bausschuss\b|\bsame (?:association|committee|board|club)\b|"
    r"\bwe are both in\b|\bwir sind beide (?:im|in der|bei)\b|\bbeirat\b|\bverband\b|"
    # The same university is shared, not a shared past: they may never have met.
    r"\bwe (?:both|each) studied\b|\bboth studied\b|\bfellow (?:alumn\w*|graduates?)\b|"
    r"\balumni\b|\bwir haben beide\b(?:\s+\S+){0,5}?\s+studiert\b",
    re.IGNORECASE,
)
_PUBLICATIONS = (
    ("article", r"\barti(?:cle|kel)\w*|\bkolumne\b|\bcolumn\b|\bbeitrag in\b|\bpiece in\b|"
                r"\bnewsletter\b"),
    ("post", r"\bpost\b|\bposting\b|\bbeitrag\b|\bblog\w*"),
    ("talk", r"\bvortrag\w*|\bkeynote\b|\btalk\b|\bpanel\b|\bimpulsvortrag\b|"
             r"\bpr(?:ä|ae)sentation\b"),
    ("book", r"\bbuch\b|\bbook\b"),
    ("study", r"\bstudie\b|\bstudy\b|\bwhitepaper\b|\breport\b|\bmarktbericht\b|"
              r"\bpaper\b|\bpublikation\b|\bpublication\b"),
    ("podcast", r"\bpodcast\w*|\binterview\b"),
)
_READ_CUE = re.compile(
    r"\b(?:i |just )?(?:read|saw|enjoyed|loved|heard|listened to|came across)\b.{0,40}?\byour\b|"
    r"\bgelesen\b|\bgeh(?:ö|oe)rt\b|\bgesehen\b.{0,20}?\b(?:ihren|deinen|ihr|dein)\b|"
    r"\b(?:ihren|deinen|ihr|dein)e?[nms]? (?:\w+ )?(?:artikel|beitrag|post|vortrag|buch|studie|"
    r"podcast|interview|kolumne)\b|\byour (?:recent |latest |last )?(?:article|post|talk|book|"
    r"study|podcast|keynote|column|piece|report|paper)\b",
    re.IGNORECASE,
)
_PUBLICATION_PATTERNS = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _PUBLICATIONS)

_EVENT_WORDS = (
    r"messe|forum|kongress|konferenz|tagung|treffen|dialog|stammtisch|frühstück|fruehstueck|"
    r"abend|gipfel|workshop|webinar|symposium|barcamp|expo|summit|convention|festival|panel|"
    r"roundtable|meetup|meet-up|fest|feier|party|empfang|gala|ball|brunch|dinner|lunch|"
    r"mixer|reception|drinks|afterwork|after-work|get-together|mingle|networking|social|"
    r"conference|fair|breakfast|session|congress|seminar|lehrgang|training|masterclass|"
    r"bootcamp|hackathon|retreat|launch|eröffnung|richtfest|spatenstich|night|nacht|"
    r"day|tag|week|woche|award|preisverleihung|roadshow|exkursion|tour|jour fixe|"
    r"versammlung|mitgliederversammlung|jahrestagung|club|salon|lounge|circle|zirkel|"
    r"runde|event|veranstaltung|real|mipim|dmexco|re:publica|slush|omr|polis|ifa|ces"
)
_EVENT_WORD = re.compile(rf"(?i:{_EVENT_WORDS})")
_PREPOSITIONS = (
    "im rahmen des", "im rahmen der", "am rande des", "am rande der", "during the", "at the",
    "from the", "after the", "bei der", "bei dem", "auf der", "auf dem", "von der", "nach der",
    "nach dem", "in der", "beim", "vom", "zum", "zur", "during", "at", "after", "im",
)
_PREPOSITION = re.compile(
    r"(?<![\w-])(?P<prep>" + "|".join(re.escape(p) for p in _PREPOSITIONS) + r")\s+",
    re.IGNORECASE,
)
_PHRASE_END = re.compile(r"[.,;:!?()\n\"“”„]|\s[-–—]\s")
_STOP_WORDS = frozenset(
    [
        "and", "und", "where", "wo", "when", "als", "wie", "last", "yesterday", "gestern", "letzte",
        "letzten", "letztes", "vergangene", "vergangenen", "neulich", "kurz", "ausführlich",
        "nebeneinander", "gesprochen", "unterhalten", "kennengelernt", "getroffen", "gesehen",
        "ausgetauscht", "begegnet", "i", "we", "you", "ich", "wir", "sie", "du", "a", "an", "about",
        "über", "ueber", "this", "that", "dass", "which", "who", "with", "mit", "und", "sowie,",
        "was", "were", "war", "hatten", "haben", "is", "are", "has", "had", "am", "um", "on", "to",
        "zu", "für", "fuer", "for"
    ]
)
# German prepositions recast for "Schön, dass wir uns … begegnet sind".
_GERMAN_AT = {"vom": "beim", "zum": "beim", "zur": "bei der", "von der": "bei der",
              "nach der": "bei der", "nach dem": "beim", "in der": "in der"}
_ENGLISH_AT = {"from the": "at the", "after the": "at the", "during the": "at the",
               "during": "at", "after": "at"}


@dataclass(frozen=True)
class Event:
    """An event as named (``name``) and the phrase that places a meeting there (``at``)."""

    name: str
    at: str  # "beim Sommerfest des Vereins", "at the Harbour Lights Mixer"


@dataclass(frozen=True)
class Exclusions:
    """Folded words (the user, the sender) that must not be taken for a context."""

    words: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[str | None]) -> Exclusions:
        words = {word.lower() for name in names if name for word in re.findall(r"\w+", name)}
        return cls(frozenset(words))

    def allows(self, phrase: str) -> bool:
        tokens = [token.lower() for token in re.findall(r"\w+", phrase)]
        return bool(tokens) and not all(token in self.words for token in tokens)


def _event_words(rest: str) -> list[str]:
    end = _PHRASE_END.search(rest)
    words = (rest[: end.start()] if end else rest).split()[:9]
    kept: list[str] = []
    for word in words:
        hyphenated = word == "&" or (
            word.lower() in ("und", "and") and bool(kept) and kept[-1].endswith("-"))
        if kept and word.lower() in _STOP_WORDS and not hyphenated:
            break
        kept.append(word)
    return kept


def _cut_after_event_word(words: list[str]) -> list[str] | None:
    """Up to and including the last event word, plus a genitive or place after it."""
    last = max((i for i, w in enumerate(words) if _EVENT_WORD.search(w)), default=-1)
    if last < 0:
        return None
    cut = words[: last + 1]
    tail = words[last + 1 :]
    # "… des Vereins Münchner Bauherren", "… of the Property Association", "… in Hamburg"
    if tail and tail[0].lower() in ("des", "der", "of", "in", "von"):
        extra = [tail[0]]
        for word in tail[1:5]:
            # "des Haus- und Grundbesitzervereins": a hyphen carries over the "und".
            joined = (word.lower() in ("und", "and") and extra[-1].endswith("-")) or word == "&"
            if word[:1].isupper() or word.lower() in ("the", "der", "des") or joined:
                extra.append(word)
            else:
                break
        if len(extra) > 1 and extra[-1][:1].isupper():
            cut += extra
    return cut


def find_event(text: str, exclusions: Exclusions) -> Event | None:
    """The event the request names, with a grammatical "at …" phrase, or None."""
    best: Event | None = None
    for match in _PREPOSITION.finditer(text):
        words = _event_words(text[match.end() :])
        if not words:
            continue
        prep = match.group("prep")
        cut = _cut_after_event_word(words)
        if cut is None:
            continue
        article = ""
        if cut[0].lower() in ("the", "der", "dem", "den", "die"):
            article, cut = cut[0], cut[1:]
        if not cut:
            continue
        name = " ".join(cut).strip(" .,:;!?–-'\"")
        head = cut[0]
        lowered = prep.lower()
        english = lowered in _ENGLISH_AT or lowered in ("at the", "at")
        # German events are nouns, so capitalised; lower-case English phrases need a
        # proper event word ("the founders breakfast"); a lone "day" is no event.
        if not head[:1].isupper() and (
            not english or not any(_EVENT_WORD.fullmatch(w.lower()) for w in cut)
        ):
            continue
        if not name or not exclusions.allows(name) or name.lower() in ("tag", "day", "real"):
            continue
        if english:
            at_prep = _ENGLISH_AT.get(lowered, lowered)
            if lowered in ("at", "during", "after") and article:
                at_prep = f"{at_prep} {article}"
            elif article and at_prep == "at":
                at_prep = f"at {article}"
        else:
            at_prep = _GERMAN_AT.get(lowered, lowered)
        event = Event(name=name, at=f"{at_prep} {name}")
        if head[:1].isupper():
            return event
        best = best or event
    return best


_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàíóúñçë]*(?:['’\-]?[A-ZÄÖÜa-zäöüßéèáàíóúñçë][a-zäöüßéèáàíóúñçë]+)"
_REFERRER = re.compile(
    rf"(?P<titled>(?:Herr|Herrn|Frau|Mr\.?|Ms\.?|Mrs\.?|Dr\.|Prof\.)(?:\s+(?:Prof\.|Dr\.))*"
    rf"(?:\s+{_NAME_WORD}){{1,2}})|(?P<plain>{_NAME_WORD}(?:\s+(?:van|von|de|der|da|di|le|la))?"
    rf"\s+{_NAME_WORD})"
)
_NAME_FOLLOWS = re.compile(
    r"empfehlung|kennen uns (?:über|ueber)|introduced (?:to (?:you|your work) )?by|recommended by|"
    r"recommendation of|"
    r"suggestion of|empfohlen von|bin (?:ich )?(?:über|ueber)|"
    r"gave me your|passed on your|(?:anraten|anregung|vorschlag) von", re.IGNORECASE)
_ORG_TAIL = re.compile(r"\s+(?:von der|von dem|vom|from|at|bei der|bei|of)\s+\S.*$", re.DOTALL)


def find_referrer(text: str, cue: re.Match[str], exclusions: Exclusions) -> str | None:
    """The person a referral cue names, with their form of address, never the organisation.

    "Frau Dr. Anna Lenz von der Nordbank hat mir empfohlen …" gives "Frau Dr. Anna Lenz".
    """
    window_start = max(0, cue.start() - 90)
    before = text[window_start : cue.start()]
    after = text[cue.end() : cue.end() + 90]
    preceding = [m.group(0) for m in _REFERRER.finditer(before)][::-1]
    following = [m.group(0) for m in _REFERRER.finditer(after)]
    # "auf Empfehlung von …", "introduced by …": the name follows the cue.
    candidates = (following + preceding if _NAME_FOLLOWS.search(cue.group(0))
                  else preceding + following)
    for candidate in candidates:
        name = _ORG_TAIL.sub("", " ".join(candidate.split()))
        words = name.split()
        if words and words[0].lower() in _GREETINGS:  # "Hey Lena, Claudia mentioned …"
            continue
        if match_is_titled(words):
            if exclusions.allows(" ".join(words[1:]) or name):
                return name
            continue
        if len(words) >= 2 and is_first_name(words[0]) and exclusions.allows(name):
            return name
    # A first name alone, right at the cue: "Claudia mentioned you …", "… von Claudia".
    alone = (_FIRST_AFTER.match(after) if _NAME_FOLLOWS.search(cue.group(0))
             else _LAST_BEFORE.search(before))
    if alone is not None:
        word = alone.group(1)
        if word.lower() not in _GREETINGS and is_first_name(word) and exclusions.allows(word):
            return word
    return None


# Words that open a greeting: "Hey Lena" names the reader, not who sent them.
_GREETINGS = frozenset({"hi", "hey", "hello", "hallo", "dear", "liebe", "lieber", "guten",
                        "moin", "servus", "hej", "hiya", "sehr", "geehrte", "geehrter"})
_LAST_BEFORE = re.compile(r"\b([A-ZÄÖÜ][\w-]+)\s*$")
_FIRST_AFTER = re.compile(r"\s*([A-ZÄÖÜ][\w-]+)\b")


def match_is_titled(words: list[str]) -> bool:
    return bool(words) and words[0].rstrip(".") in ("Herr", "Herrn", "Frau", "Mr", "Ms", "Mrs",
                                                    "Dr", "Prof") and len(words) >= 2


def find_publication(text: str) -> str | None:
    """Which of the user's publications the sender read or heard: "article", "talk", …"""
    cue = _READ_CUE.search(text)
    if cue is None:
        return None
    window = text[max(0, cue.start() - 40) : cue.end() + 60]
    for kind, pattern in _PUBLICATION_PATTERNS:
        if pattern.search(window):
            return kind
    return None
