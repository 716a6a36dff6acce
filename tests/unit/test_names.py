"""Finding the contact a user means: case, accents, typos, partial names, ambiguity."""

from __future__ import annotations

import pytest

from coach.names import MatchKind, clean_text, match_name, normalise
from coach.ports import ContactName

NAMES = [
    ContactName(1, "Anna Schmidt", "active"),
    ContactName(2, "Jörg Meier", "active"),
    ContactName(3, "Peter Lang", "active"),
    ContactName(4, "Hans-Peter Müller-Lüdenscheidt", "active"),
]


def found(ref, names=NAMES):
    match = match_name(ref, names)
    assert match.kind is MatchKind.FOUND, match
    assert match.contact is not None
    return match.contact.name


def test_normalise_folds_case_accents_and_hyphens():
    assert normalise("  Jörg   Meier-Lang ") == "jorg meier lang"


@pytest.mark.parametrize(("ref", "name"), [
    ("Anna Schmidt", "Anna Schmidt"),
    ("anna schmidt", "Anna Schmidt"),
    ("ANNA", "Anna Schmidt"),
    ("Schmidt", "Anna Schmidt"),
    ("anna s", "Anna Schmidt"),
    ("Jorg", "Jörg Meier"),
    ("jorg meier", "Jörg Meier"),
    ("Joerg Meier", "Jörg Meier"),
    ("Ana Schmitd", "Anna Schmidt"),
    ("Schmit", "Anna Schmidt"),
    ("Petr Lang", "Peter Lang"),
    ("Müller-Lüdenscheidt", "Hans-Peter Müller-Lüdenscheidt"),
    ("hans peter", "Hans-Peter Müller-Lüdenscheidt"),
])
def test_names_are_found_forgivingly(ref, name):
    assert found(ref) == name


def test_two_contacts_with_the_same_first_name_are_ambiguous():
    names = [*NAMES, ContactName(5, "Anna Berger", "active")]

    match = match_name("Anna", names)

    assert match.kind is MatchKind.AMBIGUOUS
    assert [c.name for c in match.candidates] == ["Anna Berger", "Anna Schmidt"]


def test_a_full_name_settles_the_ambiguity():
    names = [*NAMES, ContactName(5, "Anna Berger", "active")]

    assert found("Anna Berger", names) == "Anna Berger"


def test_an_unknown_name_is_unknown_with_close_suggestions_only():
    assert match_name("Xaver", NAMES).kind is MatchKind.UNKNOWN
    assert match_name("Xaver", NAMES).candidates == ()


def test_an_empty_reference_matches_nobody():
    assert match_name("  ", NAMES).kind is MatchKind.UNKNOWN
    assert match_name("🙂", NAMES).kind is MatchKind.UNKNOWN


def test_a_stored_name_without_letters_does_not_break_matching():
    names = [*NAMES, ContactName(6, "🙂", "active")]

    assert match_name("Nobody", names).kind is MatchKind.UNKNOWN
    assert found("Anna", names) == "Anna Schmidt"


def test_no_names_at_all_is_unknown():
    assert match_name("Anna", []).kind is MatchKind.UNKNOWN


@pytest.mark.parametrize(("raw", "clean"), [
    ("An\x07na Sch\u202emidt", "Anna Schmidt"),
    ("\u202aJörg\u202c \u2066Meier\u2069", "Jörg Meier"),
    ("\x1b[31mRed\x1b[0m", "[31mRed[0m"),
    ("Jo\u0308rg", "Jörg"),
    ("line\r\nbreak\u2028here", "line\nbreak\nhere"),
    ("\ufeffAnna", "Anna"),
    ("lone \ud800 half", "lone \ufffd half"),
])
def test_clean_text_drops_controls_and_bidi_overrides(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize("kept", [
    "👩\u200d💻 Dev Team",        # ZWJ joins an emoji sequence
    "می\u200cخواهم",             # ZWNJ is part of the Persian spelling
    "עברית \u200fRTL mark",      # plain bidi marks stay
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f flag",
    "tab\tand\nnewline",
])
def test_clean_text_keeps_what_belongs_to_writing(kept):
    assert clean_text(kept) == kept
