# ruff: noqa: E501  (the transcripts keep each answer on the line the user sees)
"""Every command in one scripted session, German and English, word for word.

Each transcript is what a user sees: ``>>> `` lines are what they send (``[Draft Name]``
is a tap on the Draft button of that contact), the lines after it the coach's answer. A
change of wording shows up here as a diff a reader can judge. Requests are left to the
triage tests, which own those texts.
"""

from __future__ import annotations

import pytest

from coach.actions import Opener
from coach.model import Identity
from tests.unit.conftest import Chat

PROMPT = ">>> "


def transcript(chat: Chat, script: str, user: str, language: str) -> str:
    """Replay the commands of ``script`` and write down what the coach answers."""
    lines = []
    for line in script.splitlines():
        if not line.startswith(PROMPT):
            continue
        command = line[len(PROMPT):]
        lines.append(line)
        if command.startswith("[Draft ") and command.endswith("]"):
            contact_id = chat.contact(command[len("[Draft "):-1], user).id
            assert contact_id is not None
            lines.append(chat.tap(Opener(contact_id), user, language).text)
        else:
            lines.append(chat.say(command, user=user, language=language))
    return "\n".join(lines)


GERMAN = """\
>>> /hilfe
Jeden Tag:
• /fällig – wer dran ist, das Dringendste zuerst
• /eintragen Anna Anruf 20 Min. – ein Gespräch eintragen (auch: gestern, 26.08., eine Notiz, nächstes: Anlass fürs nächste Mal)
• /plan – der Plan für diese Woche im Rahmen deines Budgets
• /woche – deine Zeit in dieser Woche nach Kanälen und wie viele Wochen in Folge du im Budget bist
• /rückgängig – den letzten Eintrag zurücknehmen; /abbrechen – eine offene Frage verwerfen
Kontakte:
• /neu Anna Schmidt eng – einen Kontakt hinzufügen (Kreis, alle 6 Wochen, Firma, Geburtstag 15.04., kennengelernt bei …)
• /kontakte Schmidt – auflisten und suchen; /kontakt Anna – ein Steckbrief
• /ändern Anna alle 2 Monate – einen Kontakt ändern (Kreis, Geburtstag, Firma, Sie oder du, Name …)
• /zurückstellen Anna 2 Wochen (oder bis Montag), /pausieren Anna, /fortsetzen Anna, /archivieren Anna – jemanden aus dem Rhythmus nehmen
• /geburtstage – die nächsten 30 Tage; /netzwerk – deine Kreise auf einen Blick
Anfragen:
• /anfrage <Text> – eine Kontaktanfrage einschätzen und eine freundliche Antwort entwerfen (oder leite mir die Anfrage einfach weiter)
• /anfragen – letzte Anfragen und deine Entscheidungen
Du:
• /einstellungen – Sprache, Zeitzone, Budget, Erinnerung, Zeitfenster, Positionierung, Rhythmen; /erinnerung – die heutige Erinnerung, jetzt gleich
Deine Daten:
• Schick eine Datei (LinkedIn Connections.csv oder Invitations.csv, CSV aus Google oder Outlook, .vcf, .ics oder meinen JSON-Export), um sie nach einer Vorschau zu importieren
• /sortieren – importierte Kontakte nach und nach in Kreise einordnen
• /kalender – ein privates Kalender-Abo: Geburtstage, dein Termin, der Plan
• /exportieren – alle deine Daten als JSON (oder /exportieren csv, vcf, ics); /vergessen – alles löschen
>>> /start
Willkommen bei deinem Networking-Coach. Ich helfe dir, mit den Menschen in Kontakt zu bleiben, die dir wichtig sind: wen du diese Woche anrufst, ein Plan, der in deine Zeit passt, und freundliche Antworten auf Kontaktanfragen.

Willst du dich erst umsehen? /start demo öffnet ein Beispielnetzwerk, getrennt von deinem.

Schritt 1 von 6 (schick „überspringen“, um es so zu lassen): Welche Sprache soll ich verwenden? Antworte mit de oder en.
>>> /abbrechen
Abgebrochen: die Einrichtung.
>>> /neu Anna Schmidt eng firma Meier Bau geburtstag 15.12.1976 kennengelernt bei der Expo Real
Anna Schmidt hinzugefügt (Kreis eng, alle 30 Tage). Zum ersten Mal fällig am 26.12.2026.
>>> /neu Jörg Meier alle 6 Wochen
Jörg Meier hinzugefügt (Kreis aktiv, alle 6 Wochen). Zum ersten Mal fällig am 07.01.2027.
>>> /neu Peter Braun
Peter Braun hinzugefügt (Kreis aktiv, alle 90 Tage). Zum ersten Mal fällig am 24.02.2027.
>>> /eintragen Anna Anruf 20 Min. gestern nächstes: nach der Genehmigung in Giesing fragen
Eingetragen: Anruf mit Anna Schmidt (20 Min.) am 25.11.2026. Wieder fällig am 25.12.2026.
Notiert fürs nächste Mal: nach der Genehmigung in Giesing fragen
Diese Woche: 20 Min. von 2 Std. geschafft.
>>> /eintragen Jörg Meier Treffen 1 Std. 01.08.
Eingetragen: Treffen mit Jörg Meier (1 Std.) am 01.08.2026. Fällig seit 12.09.2026.
Diese Woche: 20 Min. von 2 Std. geschafft.
>>> /eintragen Veranstaltung 3 Std. Expo Real
3 Std. Networking am 26.11.2026 eingetragen (Veranstaltung).
Diese Woche: 3 Std. 20 Min. und damit 1 Std. 20 Min. über dem Budget (2 Std.).
>>> /kontakte
3 Kontakte:
• Anna Schmidt (Meier Bau) · eng
• Jörg Meier · aktiv
• Peter Braun · aktiv
>>> /kontakt Anna
Anna Schmidt · Meier Bau
Kreis: eng, alle 30 Tage
Letzter Kontakt: gestern
Fällig am: 25.12.2026
Nächstes Mal: nach der Genehmigung in Giesing fragen
Geburtstag: 15.12.1976
Kennengelernt: bei der Expo Real
Entwürfe: per du
Letzte Kontakte:
• 25.11.2026: Anruf, 20 Min.
>>> /kontakt Unbekannt
„Unbekannt“ kenne ich noch nicht. Füge den Kontakt mit /neu Unbekannt hinzu.
>>> /ändern Anna Sie
Anna Schmidt geändert: Kreis eng, alle 30 Tage, wieder fällig am 25.12.2026. Entwürfe an Anna Schmidt: per Sie.
>>> /ändern Peter Kreis erweitert
Peter Braun geändert: Kreis erweitert, alle 180 Tage, wieder fällig am 25.05.2027.
>>> /zurückstellen Peter 2 Wochen
Peter Braun ist bis 10.12.2026 zurückgestellt.
>>> /pausieren Jörg
Jörg Meier pausiert: keine Vorschläge mehr, bis du /fortsetzen Jörg Meier schickst.
>>> /fortsetzen Jörg
Jörg Meier ist zurück und taucht wieder in deinen Vorschlägen auf.
>>> /fällig
1 Kontakt ist fällig:
1. Jörg Meier treffen: letzter Kontakt vor 117 Tagen (alle 6 Wochen)
>>> [Draft Jörg Meier]
Guten Tag Herr Meier,
unser letztes Gespräch ist schon eine Weile her, und ich wollte mich erkundigen, wie es Ihnen geht.
Hätten Sie in den nächsten Wochen 20 Minuten Zeit für ein Telefonat?
Beste Grüße
Greta
>>> [Draft Anna Schmidt]
Guten Tag Frau Schmidt,
schon seit einiger Zeit habe ich mir vorgenommen, mich bei Ihnen zu melden. Unter anderem wollte ich Sie nach der Genehmigung in Giesing fragen.
Hätten Sie in den nächsten Wochen 20 Minuten Zeit für ein Telefonat?
Beste Grüße
Greta
>>> /plan
Dein Budget von 2 Std. für diese Woche ist aufgebraucht. Gut gemacht! Alles Weitere ist Bonus.
>>> /woche
Woche ab 23.11.2026: 3 Std. 20 Min. und damit 1 Std. 20 Min. über deinem Budget von 2 Std.
▰▰▰▰▰▰▰▰▰▰ 167 %
• Veranstaltung: 3 Std.
• Anruf: 20 Min.
Budget erreicht. Die Woche hat noch 4 Tage.
Serie: 1 Woche im Budget.
>>> /geburtstage
Geburtstage in den nächsten 30 Tagen:
• 15.12.2026: Anna Schmidt (wird 50)
>>> /netzwerk
Dein Netzwerk nach Kreisen:
• Eng: 1 (1 kürzlich, 0 im Rhythmus, 0 fällig, 0 überfällig)
• Aktiv: 1 (0 kürzlich, 0 im Rhythmus, 0 fällig, 1 überfällig)
• Erweitert: 1 (0 kürzlich, 1 im Rhythmus, 0 fällig, 0 überfällig)
>>> /einstellungen
Deine Einstellungen
Sprache: Deutsch
Zeitzone: Europe/Berlin
Wochenbudget: 2 Std.
Tägliche Erinnerung: 08:30, werktags
Festes Zeitfenster: nicht festgelegt
Name unter Entwürfen: Greta
Positionierung: –
Rhythmen: eng alle 30 Tage, aktiv alle 90 Tage, erweitert alle 180 Tage, ruhend alle 365 Tage
Ändern zum Beispiel mit: /einstellungen budget 90, /einstellungen zeitzone Berlin, /einstellungen erinnerung 08:30 werktags, /einstellungen zeitfenster Freitag 14:00, /einstellungen rhythmus eng 3 Wochen, /einstellungen sprache en
>>> /einstellungen zeitfenster Freitag 14:00
Dein festes Zeitfenster fürs Netzwerk: Freitag, 14:00 Uhr. Trag es in deinen Kalender ein und halte es frei.
>>> /einstellungen farbe blau
Die Einstellung „farbe“ kenne ich nicht. Es gibt: sprache, zeitzone, budget, erinnerung, zeitfenster, positionierung, rhythmus, name.
>>> /einstellungen budget 1,5 Std.
Wochenbudget auf 1 Std. 30 Min. gesetzt.
>>> /anfrage
Füge die Anfrage jetzt ein oder leite sie weiter, dann schätze ich sie ein.
>>> /abbrechen
Abgebrochen: die Anfrage, die ich einschätzen soll.
>>> /anfragen
Noch keine Anfragen. Leite mir eine weiter oder füge sie nach /anfrage ein, dann bekommst du eine Empfehlung und einen Entwurf.
>>> /rückgängig
Zurückgenommen: Veranstaltung am 26.11.2026 (3 Std.).
>>> /erinnerung
1 Kontakt ist fällig:
1. Jörg Meier treffen: letzter Kontakt vor 117 Tagen (alle 6 Wochen)
Diese Woche: 20 Min. von 1 Std. 30 Min., noch 4 Tage Zeit.
>>> /archivieren Peter
Peter Braun archiviert. Der Kontakt bleibt im Export; /fortsetzen Peter Braun holt ihn zurück.
>>> /exportieren
Hier sind alle deine Daten: 3 Kontakte, 2 Einträge, 0 Anfragen.
>>> /vergessen
Damit löschst du alle deine Daten endgültig: 3 Kontakte, 2 Einträge, deine Einstellungen und Anfragen. Sichere sie vorher am besten mit /exportieren. Antworte mit „ja, löschen“, um es zu bestätigen; bei jeder anderen Antwort bleibt alles erhalten.
>>> nein
Es wurde nichts gelöscht.
>>> /quatsch
Den Befehl /quatsch kenne ich nicht. Schick /hilfe für die Liste.
"""

ENGLISH = """\
>>> /help
Every day:
• /due – who is due, most urgent first
• /log Anna call 20m – log a conversation (also: yesterday, 26.08., a note, next: reason for next time)
• /plan – this week's plan within your budget
• /week – this week's minutes, by channel, and your streak
• /undo – take back the last log; /cancel – drop an open question
Contacts:
• /add Anna Schmidt close – add a contact (circle, every 6 weeks, company, birthday 15.04., met at …)
• /contacts Schmidt – list and search; /contact Anna – one card
• /edit Anna every 2 months – change a contact (circle, birthday, company, formal or informal, name …)
• /snooze Anna 2 weeks (or until Monday), /pause Anna, /resume Anna, /archive Anna – take someone out of the rhythm
• /birthdays – the next 30 days; /network – your circles at a glance
Requests:
• /reply <text> – judge a connection request and draft a kind answer (or forward the request to me)
• /requests – recent requests and what you decided
You:
• /settings – language, time zone, budget, nudge time, slot, positioning, cadences; /nudge – today's nudge, now
Your data:
• Send a file (LinkedIn Connections.csv or Invitations.csv, Google or Outlook CSV, .vcf, .ics, or my JSON export) to import it after a preview
• /sort – put imported contacts into circles, a few at a time
• /calendar – a private calendar subscription: birthdays, your slot, the plan
• /export – all your data as JSON (or /export csv, vcf, ics); /forget – delete everything
>>> /start
Welcome to your networking coach. I help you keep in touch with the people who matter: whom to call this week, a plan that fits your time, and kind answers to connection requests.

Want to look around first? /start demo opens an example network, separate from yours.

Step 1 of 6 (send “skip” to leave it as it is): Which language should I use? Answer de or en.
>>> /cancel
Cancelled: the set-up.
>>> /add Anna Schmidt close company Meier Bau birthday 15.12.1976 met at Expo Real
Added Anna Schmidt (close, every 30 days). First due on Dec 26, 2026.
>>> /add Jörg Meier every 6 weeks
Added Jörg Meier (active, every 6 weeks). First due on Jan 7, 2027.
>>> /add Peter Braun
Added Peter Braun (active, every 90 days). First due on Feb 24, 2027.
>>> /log Anna call 20m yesterday next: ask about the Giesing permit
Logged: call with Anna Schmidt, 20 min, on Nov 25, 2026. Next due on Dec 25, 2026.
Noted for next time: ask about the Giesing permit
This week: 20 min of 2 h.
>>> /log Jörg Meier meeting 1h 01.08.
Logged: meeting with Jörg Meier, 1 h, on Aug 1, 2026. Due since Sep 12, 2026.
This week: 20 min of 2 h.
>>> /log event 3h Expo Real
Logged 3 h of networking (event) on Nov 26, 2026.
This week: 3 h 20 min, that is 1 h 20 min over your budget of 2 h.
>>> /contacts
3 contacts:
• Anna Schmidt (Meier Bau) · close
• Jörg Meier · active
• Peter Braun · active
>>> /contact Anna
Anna Schmidt · Meier Bau
Circle: close, every 30 days
Last contact: yesterday
Next due: Dec 25, 2026
Next time: ask about the Giesing permit
Birthday: Dec 15, 1976
How you met: at Expo Real
Drafts: informal (Hi)
Recent touchpoints:
• Nov 25, 2026: call, 20 min
>>> /contact Unknown
I don't know “Unknown” yet. Add them with /add Unknown.
>>> /edit Anna formal
Updated Anna Schmidt: close, every 30 days, next due on Dec 25, 2026. Drafts for Anna Schmidt: formal (Dear).
>>> /edit Peter circle wider
Updated Peter Braun: wider, every 180 days, next due on May 25, 2027.
>>> /snooze Peter 2 weeks
Snoozed Peter Braun until Dec 10, 2026.
>>> /pause Jörg
Paused Jörg Meier: no suggestions until you /resume Jörg Meier.
>>> /resume Jörg
Jörg Meier is back in your suggestions.
>>> /due
1 contact is due:
1. Meet Jörg Meier: last contact 117 days ago (every 6 weeks)
>>> [Draft Jörg Meier]
Dear Jörg,
It has been a while since we last spoke, and I wanted to hear how you are doing.
Would you have 20 minutes for a call in the coming weeks?
Best regards,
Daniel
>>> [Draft Anna Schmidt]
Dear Anna,
I have been meaning to get in touch with you for some time. I would also like to ask you about the Giesing permit.
Would you have 20 minutes for a call in the coming weeks?
Best regards,
Daniel
>>> /plan
This week's budget of 2 h is used up. Well done! Anything more is a bonus.
>>> /week
Week of Nov 23, 2026: 3 h 20 min, that is 1 h 20 min over your budget of 2 h
▰▰▰▰▰▰▰▰▰▰ 167 %
• Event: 3 h
• Call: 20 min
Budget reached. 4 days left in the week.
Streak: 1 week on budget.
>>> /birthdays
Birthdays in the next 30 days:
• Dec 15, 2026: Anna Schmidt (turns 50)
>>> /network
Your network by circle:
• Close: 1 (1 fresh, 0 fine, 0 due, 0 overdue)
• Active: 1 (0 fresh, 0 fine, 0 due, 1 overdue)
• Wider: 1 (0 fresh, 1 fine, 0 due, 0 overdue)
>>> /settings
Your settings
Language: English
Time zone: Europe/Berlin
Weekly budget: 2 h
Daily nudge: 08:30, weekdays
Networking slot: not set
Name for drafts: Daniel
Positioning: –
Cadences: close every 30 days, active every 90 days, wider every 180 days, dormant every 365 days
Change with, for example: /settings budget 90, /settings timezone Berlin, /settings nudge 08:30 weekdays, /settings slot Friday 14:00, /settings cadence close 3 weeks, /settings language de
>>> /settings slot Friday 14:00
Your weekly networking slot: Friday 14:00. Put it in your calendar and keep it.
>>> /settings colour blue
I don't know the setting “colour”. Settings: language, timezone, budget, nudge, slot, positioning, cadence, name.
>>> /settings budget 1h30m
Weekly budget set to 1 h 30 min.
>>> /reply
Paste or forward the request now, and I will judge it.
>>> /cancel
Cancelled: the request to judge.
>>> /requests
No requests yet. Forward one to me or paste it after /reply to get advice and a draft.
>>> /undo
Taken back: event on Nov 26, 2026 (3 h).
>>> /nudge
1 contact is due:
1. Meet Jörg Meier: last contact 117 days ago (every 6 weeks)
This week: 20 min of 1 h 30 min, 4 days left.
>>> /archive Peter
Archived Peter Braun. They stay in /export; /resume Peter Braun brings them back.
>>> /export
Here is all your data: 3 contacts, 2 touchpoints, 0 requests.
>>> /forget
This deletes all your data for good: 3 contacts, 2 touchpoints, your settings and requests. Consider /export first. Answer “yes, delete” to confirm; anything else keeps everything.
>>> no
Nothing was deleted.
>>> /frobnicate
I don't know the command /frobnicate. Send /help for the list.
"""


@pytest.mark.parametrize(("script", "user", "language"), [
    (GERMAN, "greta", "de"),
    (ENGLISH, "daniel", "en"),
], ids=["de", "en"])
def test_every_command_reads_as_written_here(chat: Chat, script: str, user: str,
                                             language: str) -> None:
    assert transcript(chat, script, user, language) == script.rstrip("\n")


def test_the_german_session_shows_no_english_and_the_english_no_german(chat: Chat) -> None:
    german = transcript(chat, GERMAN, "greta", "de")
    english = transcript(chat, ENGLISH, "daniel", "en")

    for word in ("Logged", "due", "Nothing was", "/help", "Draft"):
        assert word not in german.replace(">>> [Draft", ""), word
    for word in ("Eingetragen", "fällig", "Kontakt", "/hilfe"):
        assert word not in english, word
    assert "Nothing was changed" not in english


@pytest.mark.parametrize(("script", "language"), [(GERMAN, "de"), (ENGLISH, "en")],
                         ids=["de", "en"])
def test_the_terminal_never_mentions_buttons(chat: Chat, script: str, language: str) -> None:
    console = Identity("console", "terminal-user", language_hint=language,
                       timezone_hint="Europe/Berlin")
    commands = [line[len(PROMPT):] for line in script.splitlines()
                if line.startswith(PROMPT) and not line.startswith(PROMPT + "[")]
    commands += ["/contact Anna", "/add Anna Schmidt", "/contact Schmidt"]

    answers = [chat.coach.handle(console, command) for command in commands]

    text = "\n".join(answer.text for answer in answers).casefold()
    for word in ("tap", "tipp", "button", "schaltfläche"):
        assert word not in text, word
