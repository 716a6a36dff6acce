"""Explainable signals in a request's text, each with a weight towards one verdict.

Every rule is a named pattern in German or English; a hit becomes a :class:`Signal`
carrying the rule's reason code and the piece of text it saw, so the coach can tell
the user *why* and the user can check it. Patterns match the lower-cased text; names
of events, people and organisations are read from the original spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.model import Verdict


@dataclass(frozen=True)
class Signal:
    """One rule that fired: which reason, towards which verdict, how strongly, on what."""

    code: str
    verdict: Verdict
    weight: float
    detail: str | None = None


@dataclass(frozen=True)
class _Rule:
    code: str
    verdict: Verdict
    weight: float
    pattern: re.Pattern[str]
    # Whether the matched words are worth showing ("free trial") or only the code is.
    show_match: bool = True


def _rule(code: str, verdict: Verdict, weight: float, pattern: str, show: bool = True) -> _Rule:
    return _Rule(code, verdict, weight, re.compile(pattern, re.IGNORECASE), show)


DECLINE, ACCEPT, ASK = Verdict.DECLINE, Verdict.ACCEPT, Verdict.ASK_CONTEXT

_BOOKING_DOMAINS = (
    r"calendly\.com|meetings\.hubspot\.com|cal\.com|tidycal\.com|youcanbook\.me|"
    r"acuityscheduling\.com|koalendar\.com|zcal\.co|savvycal\.com|terminland\.de"
)
_SHORT_DOMAINS = (
    r"bit\.ly|tinyurl\.com|t\.me|wa\.me|linktr\.ee|goo\.gl|ow\.ly|rebrand\.ly|"
    r"cutt\.ly|shorturl\.at|is\.gd|buff\.ly|tiny\.cc"
)

# Pitch rules: each speaks for a sales pitch, cold offer, scheme or scam.
_PITCH_RULES = (
    _rule("booking_link", DECLINE, 3.0, rf"\b(?:{_BOOKING_DOMAINS})\b"),
    _rule("short_link", DECLINE, 2.0, rf"\b(?:{_SHORT_DOMAINS})/"),
    _rule(
        "booking_request",
        DECLINE,
        1.5,
        r"\btermin(?:e)? (?:buchen|vereinbaren)\b|"
        r"\b(?:book|grab|schedule|reserve) (?:a |your |an? )?"
        r"(?:\d+[- ]min(?:ute)?s? )?(?:slot|call|demo|meeting|session)\b|\bbook here\b|"
        r"\b(?:discovery|strategy|sales) call\b|\bstrategiegespr(?:ä|ae)ch|\berstberatung|"
        r"\bkennenlerngespr(?:ä|ae)ch|\b15[- ]?min(?:ute[ns]?|\.)?\b|\bquick call\b",
    ),
    _rule(
        "sales_offer",
        DECLINE,
        2.0,
        r"\bfree (?:trial|demo|audit|sample|consultation|analysis|webinar|e-?book)\b|"
        r"\bkostenlos\w*|\bgratis\b|\bunverbindlich\w*|\brabatt\b|\d+ ?% (?:off|rabatt)\b|"
        r"\bdiscount\b|\bearly[- ]bird\b|\bspecial offer\b|\bexklusiv\w* (?:angebot|rabatt)|"
        r"\bangebot\b|\bour offer\b|\boffer(?:ing)? you\b|\bbest prices?\b|\bsign up\b|"
        r"\bjetzt (?:anmelden|einsteigen|sichern|testen|katalog)|\bsichern sie sich\b|"
        r"\btesten sie\b|\bf(?:ü|ue)r nur \d|\bstatt \d+ ?€|\bnur noch heute\b|"
        r"\b(?:only )?\d+ (?:hours|spots|places) left\b|\bspots? (?:are |is )?limited\b|"
        r"\bpl(?:ä|ae)tze sind (?:limitiert|begrenzt)|\bthis month only\b|\bneukunden\b|"
        r"\bcatalog(?:ue)?\b|\bkatalog\b|\bonline-kurs\b|\bonline course\b|\bpricing\b|"
        r"\bvertragsbindung\b|\bcan i send you\b|\bsoll ich ihnen\b.{0,40}\bschicken\b",
    ),
    _rule(
        "service_pitch",
        DECLINE,
        1.5,
        r"\bwe help\b|\bwir helfen\b|\bhelping (?:executives|companies|founders|agencies)\b|"
        r"\bour (?:clients|customers|members|platform|software|solution|agency|team can|"
        r"offshore|ai)\b|\bunsere? (?:kunden|software|l(?:ö|oe)sung|plattform|agentur)\b|"
        r"\bagentur f(?:ü|ue)r\b|\bagency\b|\bich biete ihnen\b|\bwe offer\b|\bwir bieten\b|"
        r"\bshow you how\b|\bf(?:ü|ue)hrender anbieter\b|\bleading (?:provider|manufacturer)\b|"
        r"\b(?:business|wealth|life|money|erfolgs)[- ]?coach\b|\bmentorship\b|\baccelerator\b|"
        r"\bmit unserer?m?\b.{0,40}\b(?:finden|gewinnen|sparen|erzielen)\b|"
        r"\bcut (?:your )?\w+ (?:time|costs?) by\b|\bsaves? .{0,40}\d+ ?%|\bdemo\b",
    ),
    _rule(
        "income_promise",
        DECLINE,
        3.0,
        r"\bverdoppl\w* (?:ich )?(?:ihr|dein|euer)e?s? einkommen|einkommen in \d+ tagen|"
        r"\beinkommen\b.{0,40}\bverdoppeln\b|\bdouble (?:your|their) (?:income|revenue|leads)|"
        r"\bpassive?s? (?:income|einkommen)|\bside income\b|\bzweites standbein\b|"
        r"\b(?:financial|finanzielle) (?:freedom|freiheit)\b|\bmake \$\s?\d|\$\s?\d+k\b|"
        r"\bearn (?:more )?from home\b|\bvon zu hause aus\b|\b\d+ ?% rendite\b|"
        r"\brendite im monat\b|\bgarantierte[nr]? rendite\b|\bguaranteed .{0,20}(?:returns?|roi)\b|"
        r"\b\d+x (?:returns?|engagement)\b|\bannual roi\b|\breich (?:mit|werden)\b",
    ),
    _rule(
        "guarantee",
        DECLINE,
        1.5,
        r"\bguarantee[ds]?\b|\bgarantier\w*|\b100 ?% done for you\b|\bon autopilot\b|"
        r"\bkein risiko\b|\bno risk\b|\brisk[- ]free\b",
    ),
    _rule(
        "lead_generation",
        DECLINE,
        2.5,
        r"\bleads?\b|\bleadgenerierung\b|\blead generation\b|\bqualifizierte termine\b|"
        r"\btermine pro monat\b|\bakquise\w*|\bmandate pro\b|\bneukundengewinnung\b|"
        r"\bmore clients\b|\bghostwriting\b",
    ),
    _rule(
        "mlm",
        DECLINE,
        3.0,
        r"\bnetwork[- ]marketing\b|\bnetworking-marketing\b|\bteam ?partner\w*|"
        r"\beigenes business\b|\bown business\b|\bhealth (?:and|&) wellness business\b|"
        r"\bgesundheit (?:und|&) wellness\b|\bside hustle\b|\bmotivierte leute\b|"
        r"\bmotivated people\b|\bbe your own boss\b|\bsei dein eigener chef\b|"
        r"\bdm me\b|\bcomment ['\"‘“]?\w+['\"’”]? (?:or|below)\b|\bkosmetik-unternehmen\b|"
        r"\bselbstst(?:ä|ae)ndige beraterin\b|\breinschnuppern\b|\bno pressure\b|"
        r"\bwould you be open to hearing\b|\bthis opportunity\b|\bvolle freiheit\b",
    ),
    _rule(
        "crypto",
        DECLINE,
        3.0,
        r"\bbitcoin\b|\bcrypto\w*|\bkrypto\w*|\btoken\b|\bforex\b|\bnft\b|\bpre-?sale\b|"
        r"\btrading[- ]bot\b|\binvestment opportunity\b|\bexclusive investment\b|\boff-plan\b|"
        r"\bfondsprodukt\b|\bmindestanlage\b|\banleger\b|\beinmalige gelegenheit\b",
    ),
    _rule(
        "mass_message",
        DECLINE,
        2.5,
        r"\{\s*first_?name\s*\}|\[(?:first ?name|vorname)\]|\bdear sir(?:/| or )madam\b|"
        r"\bsehr geehrte damen und herren\b|\bsehr geehrte gesch(?:ä|ae)ftsf(?:ü|ue)hrung\b|"
        r"\bunsubscribe\b|\babmelden\b|\breply (?:stop|yes)\b|\bkeine weiteren informationen\b|"
        r"\bper whatsapp\b|\bcatalogue attached\b",
    ),
    _rule(
        "prize_scam",
        DECLINE,
        3.0,
        r"\bcongratulations!? you (?:have been|were|are) selected\b|\bselected to receive\b|"
        r"\bgift ?card\b|\bclick here to claim\b|"
        r"\bsie wurden f(?:ü|ue)r\b.{0,40}\bausgew(?:ä|ae)hlt\b|"
        r"\bgewinnspiel\b|\bsie haben gewonnen\b|\byou(?:'ve| have) won\b",
    ),
)

# Context rules: each names something concrete the two people share.
_CONTEXT_RULES = (
    _rule(
        "met_before",
        ACCEPT,
        2.0,
        r"\bwe met\b|\bmet you\b|\b(?:meeting|meetin|meet|meat|chatting with|talking to|speaking "
        r"with) (?:you|u) (?:at|in|on|during)\b|\bwe spoke\b|\bwe talked\b|\bwe chatted\b|"
        r"\bthanks? (?:again )?for the (?:great |inspiring )?(?:session|talk|chat|coffee)\b|"
        r"\bwir haben uns\b.{0,120}\b(?:unterhalten|gesprochen|gesehen|kennengelernt|getroffen|"
        r"ausgetauscht)\b|\bwir kennen uns\b|\bwir hatten\b.{0,160}\bgesprochen\b|"
        r"\bwir sa(?:ß|ss)en\b|\bkennengelernt\b|\bsie hatten nach\b|\bvielen dank f(?:ü|ue)r "
        r"ihren vortrag\b|\bafter your (?:talk|keynote|session)\b|\bgreat to (?:meet|see) you "
        r"(?:at|in|yesterday|last)\b|\blange nicht gesehen\b",
        show=False,
    ),
    _rule(
        "referral",
        ACCEPT,
        2.5,
        r"\bsuggested (?:that )?i\b|\breferred me\b|\brecommended (?:that )?i\b|"
        r"\brecommended you\b|\btold me (?:that )?you\b|\bmentioned (?:that )?you(?:'ve)?\b|"
        r"\bput (?:me|us) in touch\b|\bintroduced (?:me|us)\b|\bgave me your name\b|"
        r"\bthought you'?d be\b|\bhat mir empfohlen\b|\bempfahl mir\b|\bauf empfehlung\b|"
        r"\bhat mir (?:ihren|deinen) namen\b|\bmeinte,? (?:du|sie) k(?:ö|oe)nnte|"
        r"\bhat mich an (?:sie|dich) verwiesen\b|\bwir kennen uns (?:über|ueber)\b|"
        r"\bhat mir erz(?:ä|ae)hlt\b",
        show=False,
    ),
    _rule(
        "shared_work",
        ACCEPT,
        2.0,
        r"\bwe (?:both|each) (?:worked|work|studied|were)\b|\bwe were both\b|"
        r"\bformer colleagues?\b|\bworked together\b|\bworking with you on\b|"
        r"\b(?:new )?project manager for\b|\bour project\b|\bthe \w+ project\b|"
        r"\byour [\w-]+ project\b|\bon the (?:tenant|client|owner) side\b|"
        r"\bwir waren (?:zusammen|beide|gemeinsam)\b|\bwir arbeiten (?:gemeinsam|zusammen)\b|"
        r"\bgemeinsam(?:en|es)? (?:projekt|team)\b|\bim projekt\b|\bprojektteam\b|"
        r"\bansprechpartner(?:in)? (?:f(?:ü|ue)r|bei)\b|\bneue ansprechpartner(?:in)?\b|"
        r"\bzusammenarbeit\b|\bhaben beide\b|\bbeide an der\b|\balumni\b|\barbeitskreis\b|"
        r"\behemalige[rn]? kolleg\w*|\bwegen der ausschreibung\b|\bco-?hosting\b",
        show=False,
    ),
    _rule(
        "specific_question",
        ACCEPT,
        1.5,
        r"\beine frage (?:dazu|zu)\b|\bfrage zu\b|\bquestion (?:about|on|regarding)\b|"
        r"\bwie gehen sie\b|\bwie geht ihr\b|\bwhich [\w\s-]{1,40}\?|\bdid you (?:find|use)\b|"
        r"\bhow did you\b|\bwould you be willing to share\b|\bcould you share\b|"
        r"\bweiterhelfen\b|\byour view on\b|\bwhat (?:data|standard|approach)\b",
        show=False,
    ),
)

# Generic rules: the usual words of a request that has nothing concrete to say.
_GENERIC_RULES = (
    _rule("synergies", ASK, 0.5, r"\bsynerg\w*", show=False),
    _rule(
        "network_growth",
        ASK,
        0.5,
        r"\b(?:expand|grow|build|building|growing|expanding) (?:my|our) "
        r"(?:professional )?network\b|"
        r"\bnetzwerk (?:zu )?(?:erweitern|aufbauen|ausbauen|aus)\b|\bmein netzwerk\b|"
        r"\bjoin your (?:\w+ )?network\b|\badd you to my\b|\bpart of your network\b|"
        r"\bmeet (?:like-minded|new) (?:professionals|people)\b|\bneue menschen\b|"
        r"\binteressanten menschen\b|\bfellow professionals?\b",
        show=False,
    ),
    _rule(
        "generic_praise",
        ASK,
        0.5,
        r"\binteresting profile\b|\bprofile is (?:very |really )?interesting\b|"
        r"\b(?:ihr|dein) profil (?:ist|hat)\b|\b(?:spannendes|tolles|interessantes) profil\b|"
        r"\bimpressive\b|\bbeeindruck\w*|\badmire your\b|\blove your profile\b|"
        r"\bcame across your profile\b|\bauf (?:ihr|dein) profil gesto(?:ß|ss)en\b|"
        r"\bwertvoller kontakt\b|\bmit gro(?:ß|ss)em interesse\b|\bwerdegang\b",
        show=False,
    ),
    _rule(
        "mutual_connections",
        ASK,
        0.5,
        r"\bmutual connections?\b|\bgemeinsame(?:n)? kontakte\b|\bshared connections\b",
        show=False,
    ),
    _rule(
        "connect_only",
        ASK,
        0.3,
        r"\blet'?s connect\b|\b(?:love|like|happy|great) to connect\b|\bconnecten\b|"
        r"\bvernetz\w*|\bkontaktbest(?:ä|ae)tigung\b|\bbest(?:ä|ae)tigung\b|\bconnect with you\b",
        show=False,
    ),
)

ALL_RULES = _PITCH_RULES + _CONTEXT_RULES + _GENERIC_RULES

_DOMAIN = re.compile(rf"\b(?:{_BOOKING_DOMAINS}|{_SHORT_DOMAINS})\b", re.IGNORECASE)


def _detail(rule: _Rule, match: re.Match[str], text: str) -> str | None:
    if not rule.show_match:
        return None
    if rule.code in ("booking_link", "short_link"):
        domain = _DOMAIN.search(match.group(0))
        return domain.group(0).lower() if domain else match.group(0)
    # Show the words as the sender wrote them, trimmed to a readable length.
    return " ".join(text[match.start() : match.end()].split())[:60] or None


def find_signals(text: str) -> list[Signal]:
    """Every rule that fires on ``text``, at most once per reason code, strongest first."""
    lowered = text.lower()
    # lower() keeps offsets for practically all text; if not, show the lowered words.
    source = text if len(lowered) == len(text) else lowered
    signals: dict[str, Signal] = {}
    for rule in ALL_RULES:
        match = rule.pattern.search(lowered)
        if match is None:
            continue
        signal = Signal(rule.code, rule.verdict, rule.weight, _detail(rule, match, source))
        current = signals.get(rule.code)
        if current is None or current.weight < signal.weight:
            signals[rule.code] = signal
    return sorted(signals.values(), key=lambda signal: -signal.weight)


_RULES_BY_CODE = {rule.code: rule for rule in ALL_RULES}


def cue_span(code: str, text: str) -> tuple[int, int] | None:
    """Where the rule for ``code`` first matches ``text``, to read the words around it."""
    match = _RULES_BY_CODE[code].pattern.search(text.lower())
    return match.span() if match else None
