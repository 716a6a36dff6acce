"""Signs in a request's text: sales pitch, scam and spam signs, and generic phrases.

Every sign is a named pattern in German or English; a hit becomes a :class:`Signal`
with the sign's code and the verdict it speaks for. The code is what a reason is
written from ("makes a sales offer"), so the user reads a sentence about the
request, not the words that matched. Only a link's domain is kept as a detail, since
that is what the user can check. Shared context and what the sender asks for are
read elsewhere (``context``, ``asks``), because they need more than a word list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.model import Verdict
from coach.triage.gate import Gate, gate


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
    gate: Gate


def _rule(code: str, verdict: Verdict, weight: float, pattern: str) -> _Rule:
    compiled = re.compile(pattern, re.IGNORECASE)
    return _Rule(code, verdict, weight, compiled, gate(compiled))


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
        r"\bkennenlerngespr(?:ä|ae)ch|\bworth a (?:quick )?(?:chat|call)\b",
    ),
    _rule(
        "sales_offer",
        DECLINE,
        2.0,
        r"\bfree (?:trial|demo|audit|sample|consultation|analysis|webinar|e-?book|spot|seat|"
        r"strategy|session)\b|"
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
        r"\bi help (?:\w+ ){0,2}(?:execs|executives|founders|companies|leaders|professionals|"
        r"agencies|brokers|owners)\b|\bich helfe (?:ihnen|unternehmen|selbstst(?:ä|ae)ndigen|"
        r"f(?:ü|ue)hrungskr(?:ä|ae)ften)\b|\bpersonal brand\b|\bpers(?:ö|oe)nliche marke\b|"
        r"\bour (?:clients|customers|members|platform|software|solution|agency|team can|"
        r"offshore|ai)\b|\bunsere? (?:kunden|software|l(?:ö|oe)sung|plattform|agentur)\b|"
        r"\bagentur f(?:ü|ue)r\b|\bagency\b|\bich biete ihnen\b|\bwe offer\b|\bwir bieten\b|"
        r"\bshow you how\b|\bf(?:ü|ue)hrender anbieter\b|\bleading (?:provider|manufacturer)\b|"
        r"\b(?:business|wealth|life|money|erfolgs)[- ]?coach\b|\bmentorship\b|\baccelerator\b|"
        r"\bmit unserer?m?\b.{0,40}\b(?:finden|gewinnen|sparen|erzielen)\b|"
        r"\bcut (?:your )?\w+ (?:time|costs?) by\b|\bsaves? .{0,40}\d+ ?%|\bdemo\b|"
        r"\bmastermind\b|\bprovision nur bei erfolg\b|\bwir vermitteln ihnen\b",
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
        r"\b\d+x (?:returns?|engagement)\b|\bannual roi\b|\breich (?:mit|werden)\b|"
        r"\b\d+x (?:your |their )?(?:revenue|income|sales|leads|umsatz|einkommen)\b",
    ),
    _rule(
        "guarantee",
        DECLINE,
        1.5,
        r"\bguarantee[ds]?\b|\bgarantier\w*|\b100 ?% done for you\b|\bon autopilot\b|"
        r"\bkein risiko\b|\bno risk\b|\brisk[- ]free\b|\bmoney back\b|"
        r"\bgeld[- ]zur(?:ü|ue)ck\b",
    ),
    _rule(
        "lead_generation",
        DECLINE,
        2.5,
        r"\bleads?\b|\bleadgenerierung\b|\blead generation\b|\bqualifizierte termine\b|"
        r"\btermine pro monat\b|\bakquise\w*|\bmandate pro\b|\bneukundengewinnung\b|"
        r"\bmore clients\b|\bghostwriting\b|\bbooked (?:meetings|calls|appointments)\b|"
        r"\b(?:meetings|calls|appointments) (?:a|per) (?:month|week)\b|\boutreach\b",
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
        r"\bbitcoin\b|\bcrypto\w*|\bkrypto\w*|\bforex\b|\bnft\b|\bpre-?sale\b|"
        r"\btrading[- ]bot\b|\binvestment opportunity\b|\bexclusive investment\b|"
        r"\bfondsprodukt\b|\bmindestanlage\b|\beinmalige gelegenheit\b|\bico\b|\bairdrop\b|"
        r"\bkryptow(?:ä|ae)hrung\b|\bcoin\b",
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

# Advance-fee scam signs: a fortune nobody claimed, a lawyer or banker, private details.
_SCAM_RULES = (
    _rule(
        "unknown_fortune",
        DECLINE,
        2.0,
        r"\bunclaimed\b|\binheritance\b|\bbeneficiary\b|\bnext of kin\b|\bdeceased\b|"
        r"\blate (?:client|customer|mr|mrs)\b|\bdormant account\b|\bfunds? (?:transfer|of)\b|"
        r"(?:\bus)?\$ ?\d+(?:[.,]\d+)? ?(?:million|m)\b|\bwidow\b|\bwitwe\b|\blate husband\b|"
        r"\bdonate (?:my|the|this)\b|\bspenden m(?:ö|oe)chte\b|"
        r"\b\d+(?:[.,]\d+)? (?:million|millionen) "
        r"(?:us-?)?(?:dollar|euro|usd|eur|pfund|pounds)\b|\berbschaft\b|\bnachlass\b|"
        r"\bverstorben\w*|\bbeg(?:ü|ue)nstigte\w*|\bgleichen nachnamen\b|"
        r"\bsame (?:sur|last ?)name\b|"
        r"\bconsignment\b|\bdiplomat\w*|\bnigeria\w*|\bkommission von \d+ ?%|"
        r"\b\d+ ?% (?:commission|share|of the (?:funds|sum))\b|\bschlie(?:ß|ss)fach\b",
    ),
    _rule(
        "lawyer_or_banker",
        DECLINE,
        1.0,
        r"\b(?:barrister|attorney|solicitor|bank manager|banker|lawyer|notar)\b|"
        r"\brechtsanwalt\b|\banwalt\b|\bbankdirektor\b|\bbankmanager\b|\bbankier\b|"
        r"\bfinanzdirektor\b",
    ),
    _rule(
        "private_details",
        DECLINE,
        2.0,
        r"\b(?:your )?(?:full name|home address|date of birth|passport|bank details|"
        r"account number|phone number|private (?:e-?mail|number))\b|\bid copy\b|"
        r"\byour (?:phone|mobile|telephone) and (?:home )?address\b|\byour address\b|"
        r"\b(?:ihre[n]? |deine[n]? )?(?:vollst(?:ä|ae)ndigen namen|privatadresse|"
        r"geburtsdatum|bankverbindung|kontodaten|kontonummer|ausweis\w*|reisepass\w*|"
        r"private (?:e-?mail|telefonnummer|handynummer))\b|\bwhatsapp-?nummer\b",
    ),
)

# Generic rules: the usual words of a request that has nothing concrete to say.
_GENERIC_RULES = (
    _rule("synergies", ASK, 0.5, r"\bsynerg\w*"),
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
    ),
    _rule(
        "same_field",
        ASK,
        0.5,
        r"\b(?:also|too) in (?:real estate|property|the (?:same )?(?:industry|field|sector))\b|"
        r"\bin (?:real estate|property|the industry) too\b|\bin the same (?:industry|field)\b|"
        r"\b(?:beide|auch) in der (?:\w+)?branche\b|\bin der gleichen branche\b|"
        r"\bopen to connect(?:ing)?\b|\bgleichen? (?:fachgebiet|bereich)\b",
    ),
    _rule(
        "mutual_connections",
        ASK,
        0.5,
        r"\bmutual connections?\b|\bgemeinsame(?:n)? kontakte\b|\bshared connections\b",
    ),
    _rule(
        "connect_only",
        ASK,
        0.3,
        r"\blet'?s connect\b|\b(?:love|like|happy|great) to connect\b|\bconnecten\b|"
        r"\bvernetz\w*|\bkontaktbest(?:ä|ae)tigung\b|\bbest(?:ä|ae)tigung\b|\bconnect with you\b",
    ),
)

ALL_RULES = _PITCH_RULES + _SCAM_RULES + _GENERIC_RULES

_DOMAIN = re.compile(rf"\b(?:{_BOOKING_DOMAINS}|{_SHORT_DOMAINS})\b", re.IGNORECASE)


def _detail(rule: _Rule, match: re.Match[str]) -> str | None:
    """Only a link's domain is worth showing; other signs speak through their code."""
    if rule.code in ("booking_link", "short_link"):
        domain = _DOMAIN.search(match.group(0))
        return domain.group(0).lower() if domain else match.group(0)
    return None


def find_signals(text: str) -> list[Signal]:
    """Every rule that fires on ``text``, at most once per reason code, strongest first."""
    lowered = text.lower()
    signals: dict[str, Signal] = {}
    for rule in ALL_RULES:
        match = rule.gate.search(lowered, lowered)
        if match is None:
            continue
        signal = Signal(rule.code, rule.verdict, rule.weight, _detail(rule, match))
        current = signals.get(rule.code)
        if current is None or current.weight < signal.weight:
            signals[rule.code] = signal
    return sorted(signals.values(), key=lambda signal: -signal.weight)


# What a pitch offers, for the reason "offers lead generation": code -> wording.
_OFFERS = (
    ("leads", r"\bleads?\b|\bleadgenerierung\b|\blead generation\b|\bneukundengewinnung\b|"
              r"\bqualifizierte termine\b|\bakquise\w*|\bmore clients\b|\btermine pro monat\b"),
    ("software", r"\bsoftware\b|\bsaas\b|\bplattform\b|\bplatform\b|\bcrm\b|\btool\b|\bapp\b|"
                 r"\bki-l(?:ö|oe)sung\b|\bai (?:tool|solution|assistant)\b"),
    ("coaching", r"\bcoach\w*|\bmentor\w*|\bonline-kurs\b|\bonline course\b|\bmasterclass\b|"
                 r"\bwebinar\b|\bseminar\b|\btraining\b|\bworkshop\b"),
    ("investment", r"\brendite\b|\breturns?\b|\binvest\w*|\bbitcoin\b|\bcrypto\w*|\bkrypto\w*|"
                   r"\bforex\b|\bfonds\w*|\bkapitalanlage\b"),
    ("marketing", r"\bmarketing\b|\bseo\b|\bsocial media\b|\bwebsite\b|\bwebdesign\b|"
                  r"\bghostwriting\b|\bbranding\b|\bcontent\b|\bagentur\b|\bagency\b"),
    ("staffing", r"\boffshore\b|\boutsourc\w*|\bnearshore\w*|\bdevelopers? (?:team|from)\b|"
                 r"\bzeitarbeit\b|\bpersonalvermittlung\b|\bfreelancer\b"),
    ("financing", r"\bfinanzierung\w*|\bkredit\w*|\bfinancing\b|\bloan\b|\bversicherung\w*|"
                  r"\binsurance\b|\bbaufinanzierung\b"),
    ("income", r"\beinkommen\b|\bincome\b|\bbusiness opportunity\b|\bgesch(?:ä|ae)ftsmodell\b"),
)
OFFER_KINDS = tuple(code for code, _ in _OFFERS)
_OFFER_PATTERNS = tuple((code, re.compile(pattern, re.IGNORECASE)) for code, pattern in _OFFERS)


def find_offer(text: str) -> str | None:
    """What a pitch sells, as an offer code ("leads", "software", …), or None."""
    for code, pattern in _OFFER_PATTERNS:
        if pattern.search(text):
            return code
    return None
