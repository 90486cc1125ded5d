"""models: to_dict gives what dataclasses.asdict gives, without sharing containers with the record."""

from __future__ import annotations

import dataclasses

from sitrep.models import Article, Evidence, Location, Party, Span


def test_to_dict_matches_asdict_for_nested_records() -> None:
    party = Party(text="the rebels", name="Rebels", country="LBY", sector="REB", attributes=["Islamist"])
    location = Location(text="Benghazi", name="Benghazi", country="LBY", lat=32.1, lon=20.1, geonames_id=1)
    evidence = Evidence(sentence="Rebels shelled Benghazi.", start=0, end=24, trigger=Span("shelled", 7, 14))
    article = Article(text="Rebels shelled Benghazi.", published="2014-05-18", source="Desk")
    for record in (party, location, evidence, article):
        assert record.to_dict() == dataclasses.asdict(record)


def test_to_dict_copies_lists() -> None:
    party = Party(text="the rebels", attributes=["rogue"])
    data = party.to_dict()
    data["attributes"].append("Islamist")
    assert party.attributes == ["rogue"]
