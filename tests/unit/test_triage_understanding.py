"""What triage understands about a request, one feature at a time, in German and English."""

from __future__ import annotations

import pytest

from coach.triage import KnownContact, understand
from coach.triage.understanding import Understanding

USER = "Daniel Berger"


def read(text: str, sender: str | None = None, contacts: tuple[str, ...] = ()) -> Understanding:
    known = [KnownContact(number, name) for number, name in enumerate(contacts, 1)]
    return understand(text, sender_name=sender, contacts=known, user_name=USER)


# -- who writes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Guten Tag, wir haben uns auf der Expo Real gesprochen.\n\nBeste Grüße, Klaus Weber",
         "Klaus", "Weber"),
        ("Hi Daniel, great chat at the Harbour Lights Mixer.\nBest, Tom", "Tom", None),
        ("Sehr geehrter Herr Berger, …\n\nMit freundlichen Grüßen\nProf. Dr. Anna Schulz\n"
         "Leiterin Forschung", "Anna", "Schulz"),
        ("Hi, my name is Pieter de Vries and I work in Rotterdam.", "Pieter", "de Vries"),
        ("Moin Daniel, lass uns mal treffen. VG Tom", "Tom", None),
    ],
)
def test_the_sender_is_read_from_a_signature_or_introduction(
    text: str, first: str, last: str | None
) -> None:
    sender = read(text).sender
    assert sender is not None
    assert (sender.first, sender.last) == (first, last)


def test_the_users_own_name_and_closing_words_are_not_a_sender() -> None:
    assert read("Hallo Herr Berger, ich freue mich. Viele Grüße an Daniel Berger").sender is None
    assert read("Thanks, best regards").sender is None
    assert read("Dear Friend, I am Barrister John Okafor, attorney at law.").sender is None


def test_titles_and_gender_come_from_the_name() -> None:
    weber = read("Guten Tag.", "Herr Dr. Klaus Weber").sender
    schulz = read("Guten Tag.", "Prof. Dr. Anna Schulz").sender
    kim = read("Guten Tag.", "Kim Berger").sender
    assert weber is not None
    assert schulz is not None
    assert kim is not None
    assert (weber.titles, weber.gender, weber.last) == ("Dr.", "male", "Weber")
    assert (schulz.titles, schulz.gender) == ("Prof. Dr.", "female")
    assert kim.gender is None


def test_a_signature_adds_titles_the_platform_name_lacks() -> None:
    sender = read("Sehr geehrter Herr Berger, …\n\nMit freundlichen Grüßen\nDr. Klaus Weber",
                  "Klaus Weber").sender
    assert sender is not None
    assert sender.titles == "Dr."


# -- how they address the user ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "contacts", "informal"),
    [
        ("Hallo Daniel, hast du nächste Woche Zeit?", (), True),
        ("Guten Tag Herr Berger, haben Sie nächste Woche Zeit?", (), False),
        ("Moin Daniel, Treffen am Freitag? VG Tom", ("Tom Krause",), True),
        ("Servus Daniel, Mittagessen am Dienstag? LG", ("Tom Krause",), True),
        ("Moin Daniel, Treffen am Freitag? VG Tom", (), False),
        ("Guten Tag Herr Berger, Treffen am Freitag? Beste Grüße", ("Tom Krause",), False),
    ],
)
def test_du_follows_pronouns_and_casual_greetings_from_known_contacts(
    text: str, contacts: tuple[str, ...], informal: bool
) -> None:
    assert read(text, "Tom Krause", contacts).informal is informal


def test_a_formal_register_is_noticed_in_both_languages() -> None:
    assert read("Sehr geehrter Herr Berger, gern vernetze ich mich.").formal_register
    assert read("Dear Mr Berger, I would be glad to connect.").formal_register
    assert not read("Hi Daniel, let's connect.").formal_register


# -- what they ask for ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        ("Hätten Sie am Donnerstag Zeit für ein kurzes Telefonat?", "call", "am Donnerstag"),
        ("Could we have a quick call next week?", "call", "next week"),
        ("Lust auf ein Mittagessen am Dienstag?", "lunch", "am Dienstag"),
        ("Fancy lunch on Friday?", "lunch", "on Friday"),
        ("Wollen wir auf einen Kaffee gehen?", "coffee", None),
        ("Could I send you three short questions by email?", "questions", None),
        ("Dürfte ich Ihnen ein paar Fragen per E-Mail schicken?", "questions", None),
        ("Would you be open to a short interview for our next issue?", "interview", None),
        ("Hätten Sie Zeit für ein Hintergrundgespräch?", "background_call", None),
        ("Would you have 20 minutes for a background call?", "background_call", None),
        ("Could you introduce me to your planning consultant?", "introduction", None),
        ("I'm recruiting for a Head of Development role in Leeds.", "job", None),
        ("Ich habe eine Vakanz als Geschäftsführer in Köln.", "job", None),
        ("We have an exciting VP Sales role in Berlin, open to a quick chat?", "job", None),
        ("I'm a recruiter at TalentHub and would love to hear from you.", "job", None),
        ("Als Personalberaterin suche ich für einen Mandanten Verstärkung.", "job", None),
        ("Hätten Sie Interesse an einem vertraulichen Gespräch?", "confidential", None),
        ("Shall we meet up next Tuesday?", "meeting", "next Tuesday"),
    ],
)
def test_what_they_ask_for_and_the_day_as_written(text: str, kind: str, day: str | None) -> None:
    ask = read(text).first_ask
    assert ask is not None
    assert (ask.kind, ask.day) == (kind, day)


def test_a_request_without_an_ask_has_none() -> None:
    assert read("Ihr Profil ist sehr interessant.").asks == ()


@pytest.mark.parametrize("text", [
    "Our platform played a key role in their growth.",
    "I'd love to hear your position on AI regulation.",
    "We hold a leading position in the market.",
    "Join us for the opening of our new office in Munich.",
])
def test_a_role_or_position_in_another_sense_is_no_job(text: str) -> None:
    assert "job" not in [ask.kind for ask in read(text).asks]


# -- shared context -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "at"),
    [
        ("Nice to have met you at the Harbour Lights Mixer last night.", "Harbour Lights Mixer",
         "at the Harbour Lights Mixer"),
        ("Schön, dass wir uns beim Sommerfest des Vereins kennengelernt haben.",
         "Sommerfest des Vereins", "beim Sommerfest des Vereins"),
        ("Wir kennen uns vom Neujahrsempfang der Handwerkskammer.",
         "Neujahrsempfang der Handwerkskammer", "beim Neujahrsempfang der Handwerkskammer"),
        ("Great talking to you at the trade association's breakfast on Tuesday.",
         "trade association's breakfast", "at the trade association's breakfast"),
        ("Wir hatten auf der Expo Real kurz gesprochen.", "Expo Real", "auf der Expo Real"),
    ],
)
def test_events_of_any_name_are_found_with_a_usable_phrase(text: str, name: str, at: str) -> None:
    event = read(text).context("event")
    assert event is not None
    assert (event.value, event.at) == (name, at)


def test_generic_friendliness_is_not_a_meeting() -> None:
    assert read("Ihr Profil ist sehr interessant, vielleicht ergeben sich Synergien.").context(
        "met") is None
    assert read("Hi Daniel, I came across your profile and would love to connect.").context(
        "met") is None


def test_a_verb_after_auf_is_no_event() -> None:
    assert read("Wollen wir uns auf einen Kaffee treffen?").context("event") is None


@pytest.mark.parametrize(
    "text",
    [
        "Nice to have met you at the Harbour Lights Mixer.",
        "Wir haben uns gestern beim Branchentreff unterhalten.",
        "Schön, Sie beim Stammtisch getroffen zu haben.",
        "Vielen Dank für das nette Gespräch beim Immobilienfrühstück.",
        "Es hat mich gefreut, Sie auf der Expo Real getroffen zu haben.",
        "We chatted briefly at the panel.",
        "Es war schön, Sie beim Branchentag zu treffen.",
        "Wir sind uns auf der Messe über den Weg gelaufen.",
        "Wir hatten am Freitag telefoniert.",
        "Wie am Telefon vereinbart sende ich Ihnen meine Kontaktdaten.",
        "Freut mich, dass wir uns beim Stammtisch unterhalten haben.",
        "It was a pleasure to chat yesterday.",
        "Thanks for taking the time to talk at the fair.",
        "Following our call last week, connecting here.",
        "Great catching up at the dinner last night.",
    ],
)
def test_we_met_and_we_spoke_in_many_wordings(text: str) -> None:
    assert read(text).context("met") is not None


def test_the_referrer_is_the_person_not_the_organisation() -> None:
    german = read("Frau Dr. Anna Lenz von der Nordbank hat mir empfohlen, mich zu melden.")
    english = read("Hi Daniel, James Whitfield at Savills told me you're the person to ask.")
    assert german.context("referral") == german.context("referral").__class__(
        "referral", "Frau Dr. Anna Lenz")
    referral = english.context("referral")
    assert referral is not None
    assert referral.value == "James Whitfield"


def test_a_referrer_from_the_network_is_the_contact() -> None:
    u = read("Guten Tag, Claudia Hoffmann hat mir empfohlen, mich zu melden.",
             "Jan Scholz", ("Claudia Hoffmann",))
    assert u.referrer is not None
    assert u.referrer.name == "Claudia Hoffmann"


@pytest.mark.parametrize(
    "text",
    [
        "Hi Daniel, we ran the Canal Wharf bid together back in 2018.",
        "Hello Daniel, we worked together at Arcadis a few years ago.",
        "Hallo Daniel, wir haben damals gemeinsam das Angebot für den Neubau geschrieben.",
        "Guten Tag Herr Berger, wir waren 2015 zusammen im Projektteam.",
        "Hallo Daniel, ehemalige Kollegin aus Köln hier!",
        "Hallo Lena, wir haben 2019 zusammen bei Drees & Sommer am Westhafen gearbeitet.",
    ],
)
def test_past_work_together_is_understood(text: str) -> None:
    assert read(text).context("past_work") is not None


@pytest.mark.parametrize("text", [
    "Hello Lena, I noticed we both studied at TU Munich and would value your advice.",
    "Hallo Lena, wir haben beide an der TU München studiert.",
    "Hi Lena, fellow WHU alumni here!",
])
def test_the_same_university_is_shared_but_no_shared_past(text: str) -> None:
    u = read(text)
    assert u.context("past_work") is None
    assert u.context("organisation") is not None


def test_a_greeting_is_never_taken_for_the_referrer() -> None:
    referral = read("Hey Lena, Claudia mentioned you're looking for an asset manager.",
                    "Lisa Becker").context("referral")
    assert referral is not None
    assert referral.value == "Claudia"


def test_a_firm_working_together_with_its_clients_is_no_shared_past() -> None:
    assert read("Guten Tag, wir haben gemeinsam mit unseren Kunden über 500 Projekte "
                "realisiert.").context("past_work") is None


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Hallo Frau Vogel, ich schreibe meine Masterarbeit. Hätten Sie 20 Minuten für ein "
         "kurzes Experteninterview?", "interview"),
        ("Hi Lena, I would love your take on adaptive reuse.", "questions"),
        ("Hi Lena! Great meeting you at MIPIM - loved your take on adaptive reuse.", None),
        ("Hey Lena, Claudia mentioned you're looking for a new asset manager for your team - "
         "I'd love to hear more about the role!", "application"),
        ("Guten Tag Frau Vogel, ich bewerbe mich auf Ihre ausgeschriebene Stelle als "
         "Projektleiterin.", "application"),
        ("Guten Tag Frau Vogel, Sie suchen eine neue Herausforderung? Für einen Mandanten "
         "suche ich eine Leitung Projektentwicklung.", "job"),
        ("Hi Lena, we have an exciting Head of Development role for you in Berlin.", "job"),
    ],
)
def test_what_the_sender_asks_for(text: str, first: str | None) -> None:
    ask = read(text).first_ask
    assert (ask.kind if ask else None) == first


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I read your article on ground leases in the Estates Gazette.", "article"),
        ("Ich habe Ihren Artikel über Indexmieten gelesen.", "article"),
        ("Your post about embodied carbon stuck with me.", "post"),
        ("Ihren Vortrag zu Kapitalanlegern fand ich aufschlussreich.", "talk"),
    ],
)
def test_a_publication_they_read_is_not_a_shared_project(text: str, kind: str) -> None:
    u = read(text)
    publication = u.context("publication")
    assert publication is not None
    assert publication.value == kind
    assert u.context("project") is None


# -- offers, scams, spam ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "offer"),
    [
        ("We help agencies get 50 leads a week, guaranteed. Free trial: bit.ly/x", "leads"),
        ("Mit unserer Software sparen Hausverwaltungen 40 % Zeit. Testen Sie jetzt kostenlos!",
         "software"),
        ("Als Business-Coach verdopple ich Ihr Einkommen in 90 Tagen. calendly.com/x", "coaching"),
    ],
)
def test_what_a_pitch_sells_is_named(text: str, offer: str) -> None:
    u = read(text)
    assert u.pitch
    assert u.offer == offer


def test_property_terms_are_not_crypto() -> None:
    u = read("Wir haben auf der Expo Real über Kapitalanleger und Off-Plan-Käufe gesprochen.")
    assert "crypto" not in u.codes


@pytest.mark.parametrize(
    "text",
    [
        "Dear Friend, I am Barrister John Okafor, attorney to the late Mr. Berger, who left an "
        "unclaimed fund of US$ 8.5 million. Please send your full name and home address.",
        "Sehr geehrter Herr Berger, ich bin Rechtsanwalt. Ein verstorbener Mandant hinterließ "
        "7,5 Millionen Euro. Bitte senden Sie mir Ihr Geburtsdatum und Ihre Kontodaten.",
    ],
)
def test_an_advance_fee_scam_is_recognised(text: str) -> None:
    assert read(text).scam


def test_a_lawyer_alone_is_no_scam() -> None:
    assert not read("Guten Tag, ich bin Rechtsanwalt für Baurecht in Köln und habe eine Frage "
                    "zu Ihrem Projekt.").scam


def test_known_contact_news_and_how_are_you_are_understood() -> None:
    news = read("Hi Daniel, I've just started a new role at Savills!", "Grace Mitchell",
                ("Grace Mitchell",))
    how = read("Hallo Daniel, lange nichts gehört – wie geht es dir?", "Tom Krause",
               ("Tom Krause",))
    assert news.job_news
    assert news.known_sender is not None
    assert how.how_are_you


def test_an_invitation_to_speak_is_an_ask_of_its_own() -> None:
    english = read("Hi Daniel, I'm organising a panel at the RICS Summit and would love to have "
                   "you as a speaker.")
    german = read("Guten Tag Herr Berger, wir würden Sie gern als Referent beim Forum Wohnen "
                  "begrüßen.")
    assert english.first_ask is not None
    assert english.first_ask.kind == "speaking"
    assert german.first_ask is not None
    assert german.first_ask.kind == "speaking"


def test_an_event_they_merely_name_is_not_claimed_as_a_meeting() -> None:
    u = read("Hi Daniel, I'm organising a panel on adaptive reuse at the RICS Summit in May.")
    assert u.context("event") is not None
    assert u.context("met") is None


def test_a_widow_donating_a_fortune_for_your_address_is_a_scam() -> None:
    assert read("Hello, I am a widow suffering from cancer. I want to donate my late husband's "
                "fortune of $6.2M to you. Reply with your phone and address.").scam


def test_lieber_from_a_known_contact_is_du() -> None:
    u = read("Lieber Daniel, herzlichen Dank für die Glückwünsche! Wollen wir telefonieren?",
             "Ilse Fischer", ("Ilse Fischer",))
    assert u.informal


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Sehr geehrter Herr Berger, auf Empfehlung von Karl Winter melde ich mich.",
         "Karl Winter"),
        ("Hi Daniel, I was introduced to your work by Anna Weiss from JLL.", "Anna Weiss"),
        ("Hello Daniel, on the recommendation of Dr. Peter Hall I am reaching out.",
         "Dr. Peter Hall"),
        ("Dear Daniel, my colleague Dr. Ruth Mayer suggested we talk.", "Dr. Ruth Mayer"),
        ("Liebe Lena, Claudia Berger meinte, ich soll mich bei dir melden – ich baue ein "
         "Netzwerk auf.", "Claudia Berger"),
        ("Guten Tag Frau Vogel, Herr Jan Peters hat mir geraten, mich bei Ihnen zu melden.",
         "Herr Jan Peters"),
        ("Hallo Herr Berger, auf Anregung von Sabine Krause schreibe ich Ihnen.",
         "Sabine Krause"),
        ("Hallo Lena, Markus Wolf sagte, ich sollte dich unbedingt kennenlernen.",
         "Markus Wolf"),
        ("Hi Dana, Peter Hoffmann said I should reach out about the Leipzig project.",
         "Peter Hoffmann"),
        ("Hello Daniel, Julia Koch told me to get in touch with you.", "Julia Koch"),
        ("Hi, Emma Stone pointed me in your direction for logistics sites.", "Emma Stone"),
    ],
)
def test_referrers_named_before_or_after_the_cue(text: str, person: str) -> None:
    referral = read(text).context("referral")
    assert referral is not None
    assert referral.value == person


def test_a_pitch_with_a_quick_question_is_still_a_pitch() -> None:
    u = read("Hey Daniel! Quick question: would you like to 3x your revenue this year? Our "
             "mastermind group has helped 200+ CEOs. Book your free spot today!")
    assert u.pitch
    assert {"income_promise", "sales_offer"} <= u.codes
