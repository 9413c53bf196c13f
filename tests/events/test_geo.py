"""Offline geocoding: the curated list, transliterations, the gazetteer, and unknown names."""

from __future__ import annotations

import pytest

from newstrace.events.geo import gazetteer


@pytest.mark.parametrize(
    ("name", "canonical", "country", "precision"),
    [
        ("Parachinar", "Parachinar", "Pakistan", "town"),
        ("Kurram Agency", "Kurram Agency", "Pakistan", "region"),
        ("Abu Kamal", "Al-Bukamal", "Syria", "town"),
        ("Albu Kamal", "Al-Bukamal", "Syria", "town"),
        ("Ain al-Assad", "Ain al-Asad", "Iraq", "town"),
        ("Salahuddin province", "Saladin", "Iraq", "region"),
        ("al-Hol camp", "al-Hawl", "Syria", "town"),
        ("al-Jada’a", "al-Jada'a", "Iraq", "town"),
        ("Anbar Province", "Anbar", "Iraq", "region"),
        ("Karachi", "Karachi", "Pakistan", "town"),
        ("Iraq", "Iraq", "Iraq", "country"),
    ],
)
def test_known_places(name: str, canonical: str, country: str, precision: str) -> None:
    place = gazetteer().lookup(name)
    assert place is not None
    assert (place.name, place.country, place.precision) == (canonical, country, precision)
    if precision != "country":
        assert place.lat is not None and place.lon is not None


def test_fuzzy_only_for_close_long_names() -> None:
    assert gazetteer().lookup("Parachinnar").name == "Parachinar"  # type: ignore[union-attr]
    assert gazetteer().lookup("Paris-Chinar-Ville") is None


@pytest.mark.parametrize("name", ["Qwertyville", "Zzyzx Springs", "", "Washington", "x" * 500])
def test_unknown_or_misleading_names(name: str) -> None:
    assert gazetteer().lookup(name) is None


def test_gazetteer_towns_get_their_province() -> None:
    assert gazetteer().lookup("Karachi").admin1 == "Sindh"  # type: ignore[union-attr]
    assert gazetteer().lookup("Mosul").admin1 == "Nineveh"  # type: ignore[union-attr]
