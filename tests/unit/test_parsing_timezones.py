"""Time zones from IANA names and city names."""

import pytest

from coach.parsing import resolve_timezone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
    ],
)
def test_iana_names_are_accepted_in_any_case(text: str, zone: str) -> None:
    assert resolve_timezone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [("Berlin", "Europe/Berlin"), ("new york", "America/New_York"), ("London", "Europe/London")],
)
def test_the_city_part_of_an_iana_name_is_enough(text: str, zone: str) -> None:
    assert resolve_timezone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("München", "Europe/Berlin"),
        ("Munich", "Europe/Berlin"),
        ("muenchen", "Europe/Berlin"),
        ("MÜNCHEN", "Europe/Berlin"),
        ("Zürich", "Europe/Zurich"),
        ("zurich", "Europe/Zurich"),
        ("Wien", "Europe/Vienna"),
        ("Köln", "Europe/Berlin"),
        ("Cologne", "Europe/Berlin"),
        ("Hamburg", "Europe/Berlin"),
        ("Salzburg", "Europe/Vienna"),
        ("san francisco", "America/Los_Angeles"),
        ("  Düsseldorf ", "Europe/Berlin"),
    ],
)
def test_cities_resolve_by_name_or_alternate_name_ignoring_accents(text: str, zone: str) -> None:
    assert resolve_timezone(text) == zone


@pytest.mark.parametrize("text", ["Atlantis Town", "", "   ", "Europe/Nowhere"])
def test_unknown_places_give_none(text: str) -> None:
    assert resolve_timezone(text) is None
