from __future__ import annotations

import random

import pytest

from sitrep.analysis.actors import (
    affiliation_target,
    build_actor_registry,
    build_registry,
    display_form,
    filter_actors,
    names_compatible,
    normalize_name,
)
from sitrep.models import Event, Evidence, FusedEvent, Party


def ev(
    article: str,
    etype: str,
    actors: list[Party],
    recipients: list[Party] | None = None,
    *,
    day: str | None = "2014-05-18",
) -> Event:
    return Event(
        article_id=article,
        event_type=etype,
        evidence=Evidence(sentence=f"{article} {etype}", start=0, end=10),
        actors=actors,
        recipients=recipients or [],
        date=day,
    )


def P(text: str, name: str | None = None, country: str | None = "LBY", sector: str | None = None) -> Party:
    return Party(text=text, name=name, country=country, sector=sector)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Gen. Khalifa Haftar", "khalifa haftar"),
        ("General Khalifa Haftar", "khalifa haftar"),
        ("the renegade General Khalifa Haftar", "khalifa haftar"),
        ("Prime Minister Ali Zeidan", "ali zeidan"),
        ("Libya's Parliament", "libya parliament"),
        ("General National Congress", "general national congress"),  # an organisation keeps its "General"
        ("Mr. Obama", "obama"),
    ],
)
def test_normalize_name(text: str, key: str) -> None:
    assert normalize_name(text) == key


def test_display_form_keeps_case() -> None:
    assert display_form("Col. Wanis Bukhmada") == "Wanis Bukhmada"


def test_names_compatible_rules() -> None:
    assert names_compatible("haftar", "khalifa qassim haftar")
    assert names_compatible("khalifa haftar", "khalifa qassim haftar")
    assert not names_compatible("khalifa haftar", "khalifa ghwell")  # shared first name only
    assert not names_compatible("army", "libyan national army")  # generic single word


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("forces loyal to Gen. Khalifa Haftar", "Khalifa Haftar"),
        ("Haftar's forces", "Haftar"),
        ("troops under the command of Haftar", "Haftar"),
        ("Saudi-led coalition", "Saudi"),
        ("Libyan National Army", None),
    ],
)
def test_affiliation_target(text: str, target: str | None) -> None:
    assert affiliation_target(text) == target


def haftar_events() -> list[Event]:
    return [
        ev("a1", "ASSAULT", [P("Haftar")], [P("General National Congress", sector="LEG")], day="2014-05-18"),
        ev("a2", "ASSAULT", [P("Gen. Khalifa Haftar", "Khalifa Haftar", sector="MIL")], day="2014-05-19"),
        ev("a3", "SUPPORT", [P("Wanis Bukhmada")], [P("General Khalifa Haftar")], day="2014-05-17"),
        ev("a4", "THREATEN", [P("Lions of Monotheism")], [P("Khalifa Qassim Haftar")], day="2014-05-20"),
        ev("a5", "ASSAULT", [P("forces loyal to Haftar")], [P("Ansar al-Sharia")], day="2014-05-16"),
    ]


def test_alias_merging_into_one_actor() -> None:
    records = build_actor_registry(haftar_events())
    haftar = [r for r in records if "Haftar" in r.name and not r.affiliations]
    assert len(haftar) == 1
    rec = haftar[0]
    assert rec.name == "Khalifa Haftar"  # the canonical name a party carried
    assert {"Haftar", "Gen. Khalifa Haftar", "General Khalifa Haftar", "Khalifa Qassim Haftar"} <= set(
        rec.aliases
    )
    assert rec.events == 4
    assert (rec.as_actor, rec.as_recipient) == (2, 2)
    assert (rec.first_seen, rec.last_seen) == ("2014-05-17", "2014-05-20")
    assert rec.country == "LBY" and rec.sector == "MIL"
    assert rec.id.startswith("actor-")


def test_affiliated_party_stays_separate_and_points_to_leader() -> None:
    reg = build_registry(haftar_events())
    loyal = reg.resolve(P("forces loyal to Haftar"))
    haftar = reg.resolve("Gen. Haftar")
    assert loyal is not None and haftar is not None and loyal.id != haftar.id
    assert loyal.affiliations == ["Khalifa Haftar"]


def test_different_countries_do_not_merge() -> None:
    events = [
        ev("a1", "ASSAULT", [P("Ahmed Hassan", country="EGY")]),
        ev("a2", "ASSAULT", [P("Hassan", country="SOM")]),
        ev("a3", "ASSAULT", [P("Mohamed Ahmed Hassan", country="EGY")]),
    ]
    reg = build_registry(events)
    assert reg.resolve(P("Ahmed Hassan", country="EGY")).id == reg.resolve(P("Mohamed Ahmed Hassan")).id  # type: ignore[union-attr]
    assert reg.resolve(P("Hassan", country="SOM")).id != reg.resolve(P("Ahmed Hassan")).id  # type: ignore[union-attr]


def test_ambiguous_short_name_stays_separate() -> None:
    events = [
        ev("a1", "CONSULT", [P("Ali Zeidan")]),
        ev("a2", "CONSULT", [P("Omar Zeidan")]),
        ev("a3", "CONSULT", [P("Zeidan")]),
    ]
    names = sorted(r.name for r in build_actor_registry(events))
    assert names == ["Ali Zeidan", "Omar Zeidan", "Zeidan"]


def test_registry_is_order_independent_and_accepts_fused() -> None:
    events = haftar_events()
    expected = [r.to_dict() for r in build_actor_registry(events)]
    rng = random.Random(7)
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert [r.to_dict() for r in build_actor_registry(shuffled)] == expected
    fused = [FusedEvent(event=e) for e in events]
    assert [r.to_dict() for r in build_actor_registry(fused)] == expected


def test_filter_actors() -> None:
    records = build_actor_registry(
        [*haftar_events(), ev("b1", "PROTEST", [P("Protesters", country="EGY", sector="CVL")])]
    )
    assert [r.name for r in filter_actors(records, country="egy")] == ["Protesters"]
    assert [r.name for r in filter_actors(records, sector="LEG")] == ["General National Congress"]
    assert [r.name for r in filter_actors(records, name="qassim")] == ["Khalifa Haftar"]
    assert [r.name for r in filter_actors(records, min_events=2)] == ["Khalifa Haftar"]
