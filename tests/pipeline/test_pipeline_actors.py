"""actors.strip_titles: titles and descriptors go, names stay."""

from __future__ import annotations

import pytest

from sitrep.pipeline.actors import strip_titles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("General Khalifa Haftar", "Khalifa Haftar"),
        ("Prime Minister Aliyu Bello", "Aliyu Bello"),
        ("Lt. Col. Omar Barzani", "Omar Barzani"),
        ("Col. Tarek Haddad", "Tarek Haddad"),
        ("former President Maria Santos", "Maria Santos"),
        ("rogue General Omar Barzani", "Omar Barzani"),
        ("Islamist Ansar Brigade", "Ansar Brigade"),
        ("Omar Barzani's", "Omar Barzani"),
    ],
)
def test_titles_and_descriptors_before_a_name_are_stripped(text: str, expected: str) -> None:
    assert strip_titles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("General", "General"),  # a bare title is all there is
        ("former rebels", "former rebels"),  # a descriptor goes only before a name
        ("Haftar", "Haftar"),
    ],
)
def test_nothing_is_stripped_when_no_name_would_remain(text: str, expected: str) -> None:
    assert strip_titles(text) == expected
