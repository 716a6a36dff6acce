"""Finding the contact a user means: case, accents, typos, partial names, ambiguity."""

from __future__ import annotations

import pytest

from coach.names import MatchKind, match_name, normalise
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
