from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_factories import FakeExtractor, event, place

from sitrep.errors import EvalError
from sitrep.evaluation.seed import (
    GoldEvent,
    event_matches,
    load_seed_gold,
    location_matches,
    must_not_violations,
    score_seed,
)
from sitrep.models import Party

ARTICLE = (
    "Harbour clashes\n\nMilitia fighters raided the port of Vesna on Tuesday. Readers are commenting below.\n"
)

GOLD: dict[str, Any] = {
    "article": "story.txt",
    "published": "2021-03-03",
    "match_rules": "as in the real file",
    "events": [
        {
            "id": "R1",
            "required": True,
            "types": ["ASSAULT"],
            "actor_any": ["militia"],
            "recipient_any": ["port"],
            "dates": ["2021-03-02"],
            "dead": 2,
            "location_country": "XXA",
            "location_any": ["Vesna"],
        },
        {
            "id": "R2",
            "required": True,
            "types": ["AGREE", "SUPPORT"],
            "actor_any": ["Guild"],
            "recipient_any": ["Mayor"],
        },
        {"id": "O1", "required": False, "types": ["PROTEST"]},
    ],
    "must_not": [
        {
            "what": "old ruler",
            "recipient_any": ["Ostrov"],
            "allowed_if_tag": "historical",
            "allowed_if_date_before": "2014-01-01",
        },
        {"what": "footer", "evidence_contains": "commenting"},
    ],
}


def write_gold(tmp_path: Path, **changes: Any) -> Path:
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({**GOLD, **changes}), encoding="utf-8")
    return path


def gold_event(**fields: Any) -> GoldEvent:
    return GoldEvent.from_dict({"id": "G", "required": True, **fields})


def test_load_reads_the_article_beside_the_gold(tmp_path: Path) -> None:
    gold = load_seed_gold(write_gold(tmp_path))
    assert gold.article.text == ARTICLE
    assert gold.article.title == "Harbour clashes"
    assert gold.article.published == "2021-03-03"
    assert [g.id for g in gold.events] == ["R1", "R2", "O1"]


def test_missing_files_are_eval_errors(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="gold file not found"):
        load_seed_gold(tmp_path / "gold.json")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    with pytest.raises(EvalError, match="article not found"):
        load_seed_gold(path)


def test_every_given_condition_must_hold() -> None:
    g = gold_event(types=["ASSAULT"], actor_any=["militia"], dates=["2021-03-02"], dead=2, injured=5)
    ok: dict[str, Any] = dict(actors=["Militia fighters"], date="2021-03-02T00:00", dead=2, injured=5)
    assert event_matches(event("ASSAULT", **ok), g)
    assert not event_matches(event("COERCE", **ok), g)
    assert not event_matches(event("ASSAULT", **{**ok, "actors": ["the navy"]}), g)
    assert not event_matches(event("ASSAULT", **{**ok, "date": "2021-03-01"}), g)
    assert not event_matches(event("ASSAULT", **{**ok, "date": None}), g)
    assert not event_matches(event("ASSAULT", **{**ok, "dead": 3}), g)
    assert not event_matches(event("ASSAULT", **{**ok, "injured": None}), g)


def test_parties_match_on_text_or_name_case_insensitively() -> None:
    g = gold_event(types=["ASSAULT"], actor_any=["Militia"])
    assert event_matches(event("ASSAULT", actors=[Party(text="they", name="the MILITIA council")]), g)
    assert event_matches(event("ASSAULT"), gold_event(types=["ASSAULT"]))  # no party condition given


def test_mutual_types_may_swap_actor_and_recipient() -> None:
    g = gold_event(types=["AGREE", "SUPPORT"], actor_any=["Guild"], recipient_any=["Mayor"])
    swapped: dict[str, Any] = {"actors": ["the mayor"], "recipients": ["the weavers' guild"]}
    assert event_matches(event("AGREE", **swapped), g)
    assert not event_matches(event("SUPPORT", **swapped), g)  # SUPPORT has a direction


def test_location_needs_country_and_a_named_place() -> None:
    g = gold_event(types=["ASSAULT"], location_country="XXA", location_any=["Vesna"])
    assert location_matches(event("ASSAULT", location=place("port of vesna", country="XXA")), g)
    assert not location_matches(event("ASSAULT", location=place("Vesna", country="XXB")), g)
    assert not location_matches(event("ASSAULT", location=place("Dorn", country="XXA")), g)
    assert not location_matches(event("ASSAULT"), g)


def test_must_not_null_date_is_a_violation() -> None:
    rules = GOLD["must_not"]
    undated = event("COERCE", recipients=["Ostrov"], date=None)
    early = event("COERCE", recipients=["Ostrov"], date="2011-10-20")
    late = event("COERCE", recipients=["Ostrov"], date="2021-03-02")
    historical = event("COERCE", recipients=["Ostrov"], date=None, tags=["historical"])
    as_actor = event("COERCE", actors=["Ostrov"], date=None)
    footer = event("ASSAULT", sentence="People are Commenting on this story.")
    found = must_not_violations([undated, early, late, historical, as_actor, footer], rules)
    assert [(v.rule, v.event.date) for v in found] == [
        ("old ruler", None),
        ("old ruler", "2021-03-02"),
        ("footer", None),
    ]


def test_score_recall_extras_tags_and_one_event_matching_two_golds(tmp_path: Path) -> None:
    raid = event(
        "ASSAULT",
        actors=["militia fighters"],
        recipients=["the port"],
        date="2021-03-02",
        dead=2,
        location=place("Vesna", country="XXA"),
    )
    extra = event("RETREAT", actors=["fishermen"])
    tagged = event("THREATEN", actors=["militia"], tags=["future"])
    footer = event("PROTEST", sentence="Readers are commenting below.")  # matches O1 and violates
    fake = FakeExtractor({ARTICLE: [raid, extra, tagged, footer]})
    report = score_seed(load_seed_gold(write_gold(tmp_path)), fake)
    assert fake.seen[0].published == "2021-03-03"
    assert (report.required, report.required_found, report.missing_required) == (2, 1, ["R2"])
    assert report.recall == pytest.approx(0.5)
    assert (report.optional, report.optional_found) == (1, 1)
    assert (report.location_scored, report.location_correct) == (1, 1)
    assert [e.event_type for e in report.extra] == ["RETREAT"]
    assert [e.event_type for e in report.tagged] == ["THREATEN"]
    assert [v.rule for v in report.violations] == ["footer"]
    assert report.to_dict()["extra_count"] == 1


def test_one_event_may_match_several_gold_events(tmp_path: Path) -> None:
    both = [
        {"id": "A", "required": True, "types": ["ASSAULT"], "dates": ["2021-03-02"]},
        {"id": "B", "required": True, "types": ["ASSAULT"], "dead": 2},
    ]
    fake = FakeExtractor({ARTICLE: [event("ASSAULT", date="2021-03-02", dead=2)]})
    report = score_seed(load_seed_gold(write_gold(tmp_path, events=both, must_not=[])), fake)
    assert report.required_found == 2 and report.extra == []
