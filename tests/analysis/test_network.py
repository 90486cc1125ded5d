from __future__ import annotations

import io
import json
import random
from pathlib import Path

import networkx as nx
import pytest

from sitrep.analysis.network import (
    DEFAULT_INTENSITY,
    balance_partition,
    build_network,
    detect_realignments,
)
from sitrep.models import Event, Evidence, Party


def ev(
    article: str,
    etype: str,
    actors: list[str],
    recipients: list[str] | None = None,
    *,
    day: str | None = "2014-05-18",
    tags: list[str] | None = None,
    intensity: float | None = None,
) -> Event:
    return Event(
        article_id=article,
        event_type=etype,
        evidence=Evidence(sentence=f"{article} {etype} {actors} {recipients}", start=0, end=10),
        actors=[Party(text=a, country="LBY") for a in actors],
        recipients=[Party(text=r, country="LBY") for r in recipients or []],
        date=day,
        tags=tags or [],
        intensity=intensity,
    )


def libya() -> list[Event]:
    """Haftar's side (LNA, special forces, an air base) against an Islamist group."""
    return [
        ev("a1", "ASSAULT", ["General Khalifa Haftar", "Libyan National Army"], ["National Congress"]),
        ev("a2", "SUPPORT", ["Special Forces"], ["Haftar"], day="2014-05-19"),
        ev("a3", "SUPPORT", ["Tobruk Air Base"], ["Khalifa Haftar"], day="2014-05-19"),
        ev("a4", "THREATEN", ["Lions of Monotheism"], ["Gen. Khalifa Haftar"], day="2014-05-20"),
        ev("a5", "CONSULT", ["United States"], ["Egypt"], day="2014-05-20"),
        ev("a6", "ASSAULT", ["Haftar"], ["Lions of Monotheism"], day="2014-05-20", tags=["hypothetical"]),
    ]


def bloc_of(net_dict: dict, name: str) -> int:
    return next(n["bloc"] for n in net_dict["nodes"] if n["name"] == name)


def test_libya_blocs_and_edges() -> None:
    net = build_network(libya())
    data = net.to_dict()
    assert set(data) == {"nodes", "edges", "blocs"}
    haftar_bloc = bloc_of(data, "Khalifa Haftar")
    for ally in ("Libyan National Army", "Special Forces", "Tobruk Air Base"):
        assert bloc_of(data, ally) == haftar_bloc
    assert bloc_of(data, "Lions of Monotheism") != haftar_bloc
    assert bloc_of(data, "National Congress") != haftar_bloc
    assert ["Lions of Monotheism"] in data["blocs"]

    by_pair = {(e["relation"], frozenset((e["source"], e["target"]))): e for e in data["edges"]}
    ids = {n["name"]: n["id"] for n in data["nodes"]}
    threat = by_pair[("hostile", frozenset((ids["Lions of Monotheism"], ids["Khalifa Haftar"])))]
    assert threat["first"] == threat["last"] == "2014-05-20"
    assert len(threat["event_ids"]) == 1  # the hypothetical assault adds nothing
    co_actors = by_pair[("ally", frozenset((ids["Khalifa Haftar"], ids["Libyan National Army"])))]
    assert co_actors["weight"] > 0
    haftar = next(n for n in data["nodes"] if n["name"] == "Khalifa Haftar")
    assert haftar["events"] == 4 and haftar["country"] == "LBY"
    json.dumps(data)  # the contract record is plain JSON


def test_weights_use_intensity_and_decay() -> None:
    events = [
        ev("a1", "ASSAULT", ["Alpha Brigade"], ["Beta Front"], day="2014-01-01"),
        ev("a2", "ASSAULT", ["Alpha Brigade"], ["Beta Front"], day="2014-01-31"),
    ]
    flat = build_network(events, half_life_days=None).edges[0]
    decayed = build_network(events, half_life_days=30.0).edges[0]
    assert flat.weight == pytest.approx(2 * abs(DEFAULT_INTENSITY["ASSAULT"]) / 10)
    assert decayed.weight == pytest.approx(abs(DEFAULT_INTENSITY["ASSAULT"]) / 10 * 1.5)
    own = build_network([ev("a1", "ASSAULT", ["Alpha Brigade"], ["Beta Front"], intensity=-2.0)])
    assert own.edges[0].weight == pytest.approx(0.2)


def test_window_restricts_events() -> None:
    net = build_network(libya(), since="2014-05-20", until="2014-05-20")
    names = {n.name for n in net.nodes}
    assert "Special Forces" not in names
    assert {"Lions of Monotheism", "Khalifa Haftar"} <= names
    assert all(e.first >= "2014-05-20" for e in net.edges)  # type: ignore[operator]


def test_node_ids_stable_across_windows() -> None:
    full = build_network(libya())
    late = build_network(libya(), since="2014-05-20")
    ids_full = {n.name: n.id for n in full.nodes}
    assert all(ids_full[n.name] == n.id for n in late.nodes)


def test_balance_partition_splits_frustrated_triangle() -> None:
    # a-b and b-c allied, but a and c at war: the cheapest cut drops the weaker ally tie.
    net = {("a", "b"): 1.0, ("b", "c"): 3.0, ("a", "c"): -5.0}
    blocs = balance_partition(["a", "b", "c"], net)
    assert blocs["b"] == blocs["c"] != blocs["a"]


def test_network_is_order_independent() -> None:
    events = libya()
    expected = build_network(events).to_dict()
    rng = random.Random(3)
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert build_network(shuffled).to_dict() == expected


def test_graphml_and_dot(tmp_path: Path) -> None:
    net = build_network(libya())
    path = tmp_path / "net.graphml"
    net.to_graphml(path)
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == len(net.nodes)
    assert graph.number_of_edges() == len(net.edges)
    buffer = io.BytesIO()
    net.to_graphml(buffer)
    assert b"Lions of Monotheism" in buffer.getvalue()

    dot = net.to_dot()
    assert dot.startswith("graph sitrep {") and dot.rstrip().endswith("}")
    assert dot.count(" -- ") == len(net.edges)
    assert 'label="Lions of Monotheism"' in dot


def test_dot_escapes_quotes() -> None:
    net = build_network([ev("a1", "ASSAULT", ['The "Martyrs" Brigade'], ["Beta Front"])])
    assert r'label="\"Martyrs\" Brigade"' in net.to_dot()


def realignment_events() -> list[Event]:
    """Misrata Brigade sides with the Dawn coalition in May, with the Dignity side in July."""
    may = "2014-05-10"
    july = "2014-07-10"
    return [
        ev("m1", "ASSAULT", ["Dignity Operation"], ["Dawn Coalition"], day=may),
        ev("m2", "COOPERATE", ["Misrata Brigade"], ["Dawn Coalition"], day=may),
        ev("m3", "ASSAULT", ["Misrata Brigade"], ["Dignity Operation"], day=may),
        ev("j1", "ASSAULT", ["Dignity Operation"], ["Dawn Coalition"], day=july),
        ev("j2", "SUPPORT", ["Misrata Brigade"], ["Dignity Operation"], day=july),
        ev("j3", "ASSAULT", ["Misrata Brigade"], ["Dawn Coalition"], day=july),
    ]


def test_detect_realignment_with_windows() -> None:
    found = detect_realignments(
        realignment_events(), windows=[("2014-05-01", "2014-05-31"), ("2014-07-01", "2014-07-31")]
    )
    assert [r.actor for r in found] == ["Misrata Brigade"]
    r = found[0]
    assert r.from_bloc_members == ["Dawn Coalition"]
    assert r.to_bloc_members == ["Dignity Operation"]
    assert r.turned_hostile
    assert set(r.evidence) >= {e.id for e in realignment_events() if e.article_id in ("m2", "j2", "j3")}
    assert r.to_dict()["first_window"] == ["2014-05-01", "2014-05-31"]


def test_detect_realignment_with_split_and_default() -> None:
    assert [r.actor for r in detect_realignments(realignment_events(), split="2014-06-15")] == [
        "Misrata Brigade"
    ]
    assert [r.actor for r in detect_realignments(realignment_events())] == ["Misrata Brigade"]


def test_stable_alliances_give_no_realignment() -> None:
    events = [e for e in realignment_events() if e.article_id not in ("j2", "j3")]
    events.append(ev("j4", "COOPERATE", ["Misrata Brigade"], ["Dawn Coalition"], day="2014-07-10"))
    assert detect_realignments(events, split="2014-06-15") == []


def test_default_intensities_match_ontology() -> None:
    path = Path(__file__).resolve().parents[2] / "src/sitrep/ontology/data/event_types.json"
    if not path.exists():
        pytest.skip("ontology data not present")
    types = json.loads(path.read_text(encoding="utf-8"))["event_types"]
    assert {k: v["intensity"] for k, v in types.items()} == DEFAULT_INTENSITY


def test_network_from_store_uses_fused_events() -> None:
    store_mod = pytest.importorskip("sitrep.store")
    from sitrep.analysis.fusion import refresh_fusion
    from sitrep.analysis.network import network_from_store
    from sitrep.models import Article, ArticleResult

    # Two outlets report the same threat: after fusion it is one event, not two.
    events = [
        ev("s1", "THREATEN", ["Lions of Monotheism"], ["Haftar"]),
        ev("s2", "THREATEN", ["Lions of Monotheism"], ["Khalifa Haftar"]),
    ]
    store = store_mod.open_store(":memory:")
    try:
        store.save(
            [ArticleResult(article=Article(text=e.article_id, id=e.article_id), events=[e]) for e in events]
        )
        assert len(network_from_store(store, half_life_days=None).edges[0].event_ids) == 2
        refresh_fusion(store)
        (edge,) = network_from_store(store, half_life_days=None).edges
        assert len(edge.event_ids) == 1 and edge.relation == "hostile"
    finally:
        store.close()
