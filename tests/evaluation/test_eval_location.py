from __future__ import annotations

from typing import Any

import pytest
from eval_factories import FakeExtractor, event, place

from sitrep.evaluation.location import choose_event, score_location

S1 = "Gunmen killed two guards near Harbour Road and then fled to the hills."
S2 = "The council voted on the budget after police dispersed a march."


def record(rid: str, text: str, verb: str, locs: list[str]) -> dict[str, Any]:
    start = text.index(verb)
    spans = [{"text": loc, "start": text.index(loc), "end": text.index(loc) + len(loc)} for loc in locs]
    return {
        "id": rid,
        "text": text,
        "event_verb": [{"text": verb, "start": start, "end": start + len(verb)}],
        "event_locations": spans,
    }


def test_the_event_on_the_gold_verb_is_chosen_over_a_more_confident_one() -> None:
    killed = S1.index("killed")
    fled = S1.index("fled")
    on_verb = event("ASSAULT", confidence=0.3, trigger=(killed, killed + 6), location=place("Harbour Road"))
    other = event("RETREAT", confidence=0.9, trigger=(fled, fled + 4), location=place("the hills"))
    report = score_location(
        [record("a", S1, "killed", ["Harbour Road"])], FakeExtractor({S1: [other, on_verb]})
    )
    assert report.found == 1 and report.by_trigger == 1


def test_partial_overlap_counts_and_falls_back_to_most_confident() -> None:
    verb = [{"text": "killed", "start": 7, "end": 13}]
    touching = event("ASSAULT", trigger=(12, 20))
    apart = event("PROTEST", confidence=0.8, trigger=(13, 20))  # starts where the verb ends: no overlap
    assert choose_event([apart, touching], verb) == (touching, True)
    assert choose_event([apart], verb) == (apart, False)
    assert choose_event([], verb) == (None, False)


def test_location_text_must_equal_a_gold_span_ignoring_case_and_space() -> None:
    records = [record("a", S1, "killed", ["Harbour Road"])]
    good = event("ASSAULT", location=place(" harbour road "))
    assert score_location(records, FakeExtractor({S1: [good]})).found == 1
    wider = event("ASSAULT", location=place("Harbour Road district"))
    assert score_location(records, FakeExtractor({S1: [wider]})).found == 0
    assert score_location(records, FakeExtractor({S1: [event("ASSAULT")]})).found == 0
    empty = score_location(records, FakeExtractor({}))
    assert (empty.found, empty.no_event, empty.found_rate) == (0, 1, 0.0)


@pytest.mark.parametrize(
    ("precision", "false"),
    [("city", 1), ("place", 1), ("admin1", 0), ("country", 0)],
)
def test_false_location_only_counts_city_or_place(precision: str, false: int) -> None:
    records = [record("b", S2, "dispersed", [])]
    ev = event("COERCE", location=place("Somewhere", precision=precision))
    report = score_location(records, FakeExtractor({S2: [ev]}))
    assert report.without_location == 1 and report.with_location == 0
    assert report.false_locations == false
    assert report.found_rate is None


def test_records_run_without_a_publication_date() -> None:
    fake = FakeExtractor({})
    score_location([record("b", S2, "voted", [])], fake)
    assert fake.seen[0].published is None and fake.seen[0].id == "b"
