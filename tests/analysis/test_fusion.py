from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.analysis.fusion import (
    cluster_events,
    fuse_events,
    fused_id,
    haversine_km,
    headline_figure,
    refresh_fusion,
)
from sitrep.analysis.fusion_eval import (
    evaluate_fusion,
    gold_event,
    measure_fusion,
    measure_fusion_gold,
    read_reports,
)
from sitrep.errors import EvalError
from sitrep.models import Article, ArticleResult, Event, Evidence, Location, Party

TRIPOLI = Location(text="Tripoli", name="Tripoli", country="LBY", lat=32.8925, lon=13.18)
TAJURA = Location(text="Tajura", name="Tajura", country="LBY", lat=32.8817, lon=13.3506)  # ~16 km east
BENGHAZI = Location(text="Benghazi", name="Benghazi", country="LBY", lat=32.1167, lon=20.0667)
LIBYA = Location(text="Libya", name="Libya", country="LBY", lat=26.0, lon=17.0, precision="country")
TUNIS = Location(text="Tunis", name="Tunis", country="TUN", lat=36.8, lon=10.18)


def ev(
    article: str,
    etype: str = "ASSAULT",
    *,
    actors: list[str] | None = None,
    recipients: list[str] | None = None,
    day: str | None = "2014-05-18",
    where: Location | None = TRIPOLI,
    dead: int | None = None,
    injured: int | None = None,
    confidence: float = 0.5,
    tags: list[str] | None = None,
    sentence: str | None = None,
) -> Event:
    text = sentence or f"{article}: {etype} {actors} {recipients}"
    return Event(
        article_id=article,
        event_type=etype,
        evidence=Evidence(sentence=text, start=0, end=len(text)),
        actors=[Party(text=a) for a in (["Khalifa Haftar"] if actors is None else actors)],
        recipients=[
            Party(text=r) for r in (["General National Congress"] if recipients is None else recipients)
        ],
        date=day,
        location=where,
        dead=dead,
        injured=injured,
        confidence=confidence,
        tags=tags or [],
    )


META = {
    "a1": {"source": "Wire One", "url": "https://one.example/1", "published": "2014-05-18"},
    "a2": {"source": "Wire Two", "url": "https://two.example/2", "published": "2014-05-19"},
    "a3": {"source": "Wire Three", "url": "https://three.example/3", "published": "2014-05-20"},
}


def three_reports() -> list[Event]:
    return [
        ev("a1", actors=["General Khalifa Haftar"], dead=4, injured=90, confidence=0.9),
        ev("a2", actors=["Haftar"], day="2014-05-19", where=TAJURA, dead=2, injured=66, confidence=0.7),
        ev("a3", actors=["Gen. Haftar", "Libyan National Army"], dead=4, injured=None, confidence=0.8),
    ]


def test_three_reports_fuse_into_one_with_all_figures() -> None:
    fused = fuse_events(three_reports(), article_meta=META)
    assert len(fused) == 1
    fe = fused[0]
    assert fe.source_count == 3
    # Headline fields come from the most confident member (a1).
    assert fe.event.actors[0].text == "General Khalifa Haftar"
    assert fe.event.date == "2014-05-18"
    # dead: 4 is reported by two outlets -> corroborated. injured: nothing corroborated -> latest report
    # with a figure (a2, published 2014-05-19; a3 gives none).
    assert (fe.event.dead, fe.event.injured) == (4, 66)
    assert [(s.article_id, s.dead, s.injured) for s in fe.sources] == [
        ("a1", 4, 90),
        ("a2", 2, 66),
        ("a3", 4, None),
    ]
    assert [s.source for s in fe.sources] == ["Wire One", "Wire Two", "Wire Three"]
    assert fe.sources[1].url == "https://two.example/2" and fe.sources[1].published == "2014-05-19"
    assert fe.event.id == fused_id(e.id for e in three_reports())
    record = fe.to_dict()
    assert record["source_count"] == 3 and len(record["sources"]) == 3
    json.dumps(record)


def test_order_independence() -> None:
    events = [
        *three_reports(),
        ev("b1", "PROTEST", actors=["Protesters"], recipients=[], where=BENGHAZI),
        ev("b2", "PROTEST", actors=["protesters"], recipients=[], where=BENGHAZI, day="2014-05-19"),
        ev("c1", "SUPPORT", actors=["Wanis Bukhmada"], recipients=["Haftar"], day="2014-05-17", where=None),
        ev("c2", "AGREE", actors=["Col. Wanis Bukhmada"], recipients=["Khalifa Haftar"], day="2014-05-17"),
        ev("d1", day=None, where=TRIPOLI),
        ev("d2", day=None, where=TRIPOLI, actors=["Haftar"]),
        ev("e1", actors=[], recipients=[], where=TRIPOLI),
    ]
    expected = [f.to_dict() for f in fuse_events(events, article_meta=META)]
    rng = random.Random(11)
    for _ in range(10):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert [f.to_dict() for f in fuse_events(shuffled, article_meta=META)] == expected
    assert len(expected) < len(events)  # something did fuse


def clusters_of(events: list[Event], **kwargs: object) -> list[list[str]]:
    return sorted(sorted(e.article_id for e in c) for c in cluster_events(events, **kwargs))  # type: ignore[arg-type]


def test_hard_negative_same_day_same_city_different_type() -> None:
    events = [
        ev("a1", "ASSAULT", actors=["Haftar"], recipients=["Protesters"]),
        ev("a2", "PROTEST", actors=["Protesters"], recipients=["Haftar"]),
    ]
    assert clusters_of(events) == [["a1"], ["a2"]]


def test_same_article_never_fuses() -> None:
    events = [ev("a1", sentence="first mention"), ev("a1", sentence="second mention")]
    assert clusters_of(events) == [["a1"], ["a1"]]


def test_same_article_blocks_transitive_merge() -> None:
    # a1's two events both match a2's, but cannot end up in one cluster.
    events = [ev("a1", sentence="one"), ev("a1", sentence="two"), ev("a2")]
    clusters = clusters_of(events)
    assert sorted(len(c) for c in clusters) == [1, 2]


@pytest.mark.parametrize(
    ("second", "fused"),
    [
        ({"where": TAJURA}, True),  # 16 km apart
        ({"where": BENGHAZI}, False),  # 650 km apart
        ({"where": LIBYA}, True),  # country-level report of the same event
        ({"where": TUNIS}, False),  # another country
        ({"where": None}, True),  # missing location is compatible
        ({"day": "2014-05-19"}, True),
        ({"day": "2014-05-21"}, False),
        ({"day": None}, False),  # undated never matches dated
        ({"actors": ["Ansar al-Sharia"], "recipients": ["Libyan Army"]}, False),
        ({"actors": ["Khalifa Qassim Haftar"]}, True),  # alias
        ({"tags": ["negated"]}, False),
        ({"etype": "COERCE"}, False),
    ],
)
def test_pair_rules(second: dict, fused: bool) -> None:
    kwargs = dict(second)
    etype = kwargs.pop("etype", "ASSAULT")
    events = [ev("a1"), ev("a2", etype, **kwargs)]
    assert (len(clusters_of(events)) == 1) is fused


def test_max_km_and_max_days_are_options() -> None:
    events = [ev("a1"), ev("a2", where=TAJURA, day="2014-05-20")]
    assert len(clusters_of(events)) == 2
    assert len(clusters_of(events, max_days=2)) == 1
    assert len(clusters_of(events, max_days=2, max_km=5.0)) == 2


def test_empty_actors_are_a_wildcard_only_on_a_strong_match() -> None:
    strong = [ev("a1"), ev("a2", actors=[], recipients=[])]
    assert len(clusters_of(strong)) == 1
    other_day = [ev("a1"), ev("a2", actors=[], recipients=[], day="2014-05-19")]
    assert len(clusters_of(other_day)) == 2
    no_place = [ev("a1"), ev("a2", actors=[], recipients=[], where=None)]
    assert len(clusters_of(no_place)) == 2


def test_undated_events_need_actor_and_place() -> None:
    assert len(clusters_of([ev("a1", day=None), ev("a2", day=None)])) == 1
    assert len(clusters_of([ev("a1", day=None), ev("a2", day=None, where=None)])) == 2


def test_cooperative_type_group_needs_a_shared_actor() -> None:
    pair = [
        ev("a1", "SUPPORT", actors=["Wanis Bukhmada"], recipients=["Haftar"]),
        ev("a2", "AGREE", actors=["Bukhmada"], recipients=["Khalifa Haftar"]),
    ]
    assert len(clusters_of(pair)) == 1
    assert len(clusters_of(pair, type_groups=())) == 2
    wildcard = [ev("a1", "SUPPORT", actors=[], recipients=[]), ev("a2", "AGREE", actors=[], recipients=[])]
    assert len(clusters_of(wildcard)) == 2


def test_complete_linkage_avoids_chaining() -> None:
    # a1~a2 and a2~a3 are one day apart, but a1 and a3 are two days apart.
    events = [ev("a1", day="2014-05-17"), ev("a2", day="2014-05-18"), ev("a3", day="2014-05-19")]
    clusters = clusters_of(events)
    assert sorted(len(c) for c in clusters) == [1, 2]


def test_headline_is_most_confident_member() -> None:
    events = [
        ev("a1", actors=["Haftar"], confidence=0.4),
        ev("a2", actors=["Khalifa Haftar"], confidence=0.95, where=TAJURA),
    ]
    (fe,) = fuse_events(events)
    assert fe.event.actors[0].text == "Khalifa Haftar" and fe.event.location == TAJURA
    assert fe.event.id.startswith("fused-") and fe.event.id not in {e.id for e in events}


def test_duplicate_raw_event_counts_once() -> None:
    e = ev("a1")
    (fe,) = fuse_events([e, e])
    assert fe.source_count == 1 and len(fe.sources) == 1


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ([], None),
        ([(None, ("2014-05-18", ""))], None),
        ([(4, ("2014-05-18", "")), (4, ("2014-05-19", "")), (6, ("2014-05-20", ""))], 4),  # corroborated
        ([(4, ("2014-05-18", "")), (6, ("2014-05-20", ""))], 6),  # latest
        ([(4, ("2014-05-20", "")), (6, ("2014-05-20", ""))], 4),  # tie on recency: conservative
        ([(5, ("", "")), (9, ("2014-05-19", ""))], 9),  # unknown publication sorts oldest
        ([(2, ("a", "")), (2, ("b", "")), (7, ("c", "")), (7, ("d", ""))], 7),  # largest corroborated
    ],
)
def test_headline_figure(reports: list, expected: int | None) -> None:
    assert headline_figure(reports) == expected


def test_haversine() -> None:
    assert haversine_km(32.8925, 13.18, 32.1167, 20.0667) == pytest.approx(650, abs=10)
    assert haversine_km(0, 0, 0, 0) == 0


# --- evaluation --------------------------------------------------------------------------------------------


def test_evaluate_fusion_pairwise_and_bcubed() -> None:
    gold = {"r1": "A", "r2": "A", "r3": "A", "r4": "B"}
    perfect = evaluate_fusion([["r1", "r2", "r3"], ["r4"]], gold)
    assert perfect["pairwise"]["f1"] == perfect["bcubed"]["f1"] == 1.0
    # Predicted {r1,r2} {r3,r4}: pairs tp=1 (r1r2), fp=1 (r3r4), fn=2 (r1r3, r2r3).
    scores = evaluate_fusion({"r1": 0, "r2": 0, "r3": 1, "r4": 1}, gold)
    assert scores["pairwise"] == {"precision": 0.5, "recall": 0.3333, "f1": 0.4, "tp": 1, "fp": 1, "fn": 2}
    # B-cubed precision: (1 + 1 + 1/2 + 1/2) / 4; recall: (2/3 + 2/3 + 1/3 + 1) / 4.
    assert scores["bcubed"]["precision"] == 0.75
    assert scores["bcubed"]["recall"] == pytest.approx(0.6667, abs=1e-4)
    # Items the prediction leaves out are singletons.
    assert evaluate_fusion([], gold)["pairwise"]["recall"] == 0.0


def write_reports(path: Path) -> Path:
    rows = [
        {"id": "r1", "cluster": "E1", "text": "Rebels shelled Goma.", "published": "2020-01-02",
         "event_type": "ASSAULT", "country": "COD", "city": "Goma", "date": "2020-01-02", "dead": 3},
        {"id": "r2", "cluster": "E1", "text": "Goma was shelled.", "published": "2020-01-03",
         "event_type": "ASSAULT", "country": "COD", "city": "Goma", "date": "2020-01-02", "dead": 4},
        {"id": "r3", "cluster": "E2", "text": "People marched in Goma.", "published": "2020-01-03",
         "event_type": "PROTEST", "country": "COD", "city": "Goma", "date": "2020-01-02", "dead": None},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_gold_event_and_measure_gold(tmp_path: Path) -> None:
    path = write_reports(tmp_path / "reports.jsonl")
    first = gold_event(read_reports(path)[0])
    assert first is not None and first.location is not None
    assert (first.event_type, first.location.name, first.date, first.dead) == (
        "ASSAULT",
        "Goma",
        "2020-01-02",
        3,
    )
    scores = measure_fusion_gold(path)
    assert scores["pairwise"]["f1"] == 1.0 and scores["predicted_clusters"] == 2


def test_measure_fusion_with_an_extractor(tmp_path: Path) -> None:
    path = write_reports(tmp_path / "reports.jsonl")

    def extract(article: Article) -> list[Event]:
        etype = "PROTEST" if "marched" in article.text else "ASSAULT"
        goma = Location(text="Goma", name="Goma", country="COD", lat=-1.68, lon=29.22)
        if article.id == "r2":
            return []  # an extraction miss
        return [
            Event(
                article_id=article.id,
                event_type=etype,
                evidence=Evidence(sentence=article.text, start=0, end=len(article.text)),
                date="2020-01-02",
                location=goma,
                confidence=0.8,
            )
        ]

    scores = measure_fusion(path, extract)
    assert scores["reports_without_events"] == 1
    assert scores["pairwise"]["recall"] == 0.0 and scores["pairwise"]["precision"] == 1.0


def test_read_reports_rejects_missing_cluster(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "no cluster"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="cluster"):
        read_reports(path)


REPORTS = Path(__file__).resolve().parents[1] / "data" / "fusion" / "reports.jsonl"


@pytest.mark.skipif(not REPORTS.exists(), reason="tests/data/fusion/reports.jsonl not present")
def test_gold_event_fusion_on_report_set() -> None:
    """Gold fields carry no actors or districts, so same-day same-city same-type hard negatives merge:
    recall must be perfect and precision is bounded by those pairs (measured 0.77 pairwise)."""
    scores = measure_fusion_gold(REPORTS)
    assert scores["pairwise"]["recall"] == 1.0
    assert scores["pairwise"]["precision"] >= 0.75
    assert scores["bcubed"]["f1"] >= 0.9


# --- store -------------------------------------------------------------------------------------------------


@pytest.fixture
def mem_store() -> Iterator[object]:
    store_mod = pytest.importorskip("sitrep.store")
    store = store_mod.open_store(":memory:")
    try:
        yield store
    finally:
        store.close()


def save_events(store: object, events: list[Event]) -> None:
    by_article: dict[str, list[Event]] = {}
    for e in events:
        by_article.setdefault(e.article_id, []).append(e)
    results = [
        ArticleResult(
            article=Article(text=f"text of {aid}", id=aid, **{k: v for k, v in META.get(aid, {}).items()}),
            events=evs,
        )
        for aid, evs in by_article.items()
    ]
    store.save(results)  # type: ignore[attr-defined]


def test_refresh_fusion_full_and_windowed(mem_store: object) -> None:
    from sitrep.analysis.fusion import events_from_store
    from sitrep.store.base import EventQuery

    store = mem_store
    late = [ev("b1", "PROTEST", day="2014-06-10"), ev("b2", "PROTEST", day="2014-06-10")]
    save_events(store, three_reports() + late)
    raw = events_from_store(store)  # nothing fused yet: raw events
    assert len(raw) == 5

    assert refresh_fusion(store) == 2  # fused events written
    page = store.query_fused(EventQuery(limit=None))  # type: ignore[attr-defined]
    assert sorted(f.source_count for f in page.events) == [2, 3]
    top = next(f for f in page.events if f.source_count == 3)
    assert top.event.dead == 4 and {s.source for s in top.sources} == {"Wire One", "Wire Two", "Wire Three"}
    assert len(events_from_store(store)) == 2

    # A windowed refresh re-fuses June only and keeps May's cluster untouched.
    save_events(store, [ev("b3", "PROTEST", day="2014-06-11")])
    assert refresh_fusion(store, since="2014-06-01", until="2014-06-30") == 1
    after = store.query_fused(EventQuery(limit=None)).events  # type: ignore[attr-defined]
    assert sorted(f.source_count for f in after) == [3, 3]
    assert top.event.id in {f.event.id for f in after}
